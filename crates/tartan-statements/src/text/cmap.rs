//! A bounded `/ToUnicode` CMap reader.
//!
//! lopdf has one, but it expands every `bfrange` into a reverse map entry per code, so a single hostile
//! `<00000000> <FFFFFFFF>` range costs four billion steps. This reader keeps ranges as ranges, caps the
//! number of entries, and only implements what ToUnicode needs: `bfchar` and `bfrange` (base or array form).

/// Entries read from one CMap at most.
const MAX_ENTRIES: usize = 100_000;

/// Code → Unicode text.
#[derive(Debug, Default)]
pub(crate) struct ToUnicode {
    singles: std::collections::HashMap<(usize, u32), String>,
    ranges: Vec<Range>,
}

#[derive(Debug)]
struct Range {
    len: usize,
    lo: u32,
    hi: u32,
    target: Target,
}

#[derive(Debug)]
enum Target {
    /// Text for `lo`; later codes increment its last UTF-16 unit.
    Base(Vec<u16>),
    /// One text per code, in order.
    List(Vec<String>),
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    Word(String),
}

impl ToUnicode {
    /// Parse CMap source. Anything unreadable is skipped; an empty map is a valid result.
    pub(crate) fn parse(src: &[u8]) -> Self {
        let tokens = tokenize(src);
        let mut map = Self::default();
        let mut i = 0;
        let mut entries = 0;
        while i < tokens.len() && entries < MAX_ENTRIES {
            match &tokens[i] {
                Token::Word(w) if w == "beginbfchar" => {
                    i += 1;
                    while let (Some(Token::Hex(src)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if let (Some(code), Token::Hex(d)) = (code_of(src), dst) {
                            map.singles.insert((src.len(), code), utf16_text(d));
                        }
                        entries += 1;
                        i += 2;
                    }
                }
                Token::Word(w) if w == "beginbfrange" => {
                    i += 1;
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        let target = match tokens.get(i) {
                            Some(Token::Hex(d)) => {
                                i += 1;
                                Target::Base(units(d))
                            }
                            Some(Token::ArrayStart) => {
                                i += 1;
                                let mut list = Vec::new();
                                while let Some(Token::Hex(d)) = tokens.get(i) {
                                    list.push(utf16_text(d));
                                    i += 1;
                                }
                                i += usize::from(tokens.get(i) == Some(&Token::ArrayEnd));
                                Target::List(list)
                            }
                            _ => break,
                        };
                        if let (Some(lo_v), Some(hi_v)) = (code_of(lo), code_of(hi))
                            && lo_v <= hi_v
                        {
                            map.ranges.push(Range {
                                len: lo.len(),
                                lo: lo_v,
                                hi: hi_v,
                                target,
                            });
                        }
                        entries += 1;
                    }
                }
                _ => i += 1,
            }
        }
        map
    }

    /// The text for a `len`-byte `code`.
    pub(crate) fn get(&self, code: u32, len: usize) -> Option<String> {
        if let Some(s) = self.singles.get(&(len, code)) {
            return Some(s.clone());
        }
        let r = self
            .ranges
            .iter()
            .rev()
            .find(|r| r.len == len && (r.lo..=r.hi).contains(&code))?;
        let offset = code - r.lo;
        match &r.target {
            Target::Base(base) => {
                let mut u = base.clone();
                let last = u.last_mut()?;
                *last = last.wrapping_add(u16::try_from(offset).ok()?);
                Some(String::from_utf16_lossy(&u))
            }
            Target::List(list) => list.get(usize::try_from(offset).ok()?).cloned(),
        }
    }
}

fn code_of(bytes: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)))
}

fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from(c[0])
            }
        })
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&units(bytes))
}

fn tokenize(src: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        match c {
            b'%' => {
                while i < src.len() && src[i] != b'\n' && src[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if src.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if src.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = src[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(src.len(), |p| i + p);
                let digits: Vec<u8> = src[i + 1..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let bytes = digits
                    .chunks(2)
                    .map(|p| {
                        let hi = hex_val(p[0]);
                        let lo = p.get(1).map_or(0, |&d| hex_val(d));
                        hi << 4 | lo
                    })
                    .collect();
                out.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::ArrayStart);
                i += 1;
            }
            b']' => {
                out.push(Token::ArrayEnd);
                i += 1;
            }
            b'(' => {
                // Literal strings (CMap names, registry) carry nothing we need.
                let end = src[i..]
                    .iter()
                    .position(|&b| b == b')')
                    .map_or(src.len(), |p| i + p);
                i = end + 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < src.len()
                    && !src[i].is_ascii_whitespace()
                    && !b"<>[]()%/".contains(&src[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push(Token::Word(
                    String::from_utf8_lossy(&src[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

fn hex_val(d: u8) -> u8 {
    match d {
        b'0'..=b'9' => d - b'0',
        b'a'..=b'f' => d - b'a' + 10,
        b'A'..=b'F' => d - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_and_both_bfrange_forms() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0024> <0041> <0003> <0020> endbfchar\n2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<00660069> <00DF>] endbfrange\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let m = ToUnicode::parse(src);
        assert_eq!(m.get(0x24, 2).as_deref(), Some("A"));
        assert_eq!(m.get(0x03, 2).as_deref(), Some(" "));
        assert_eq!(m.get(0x12, 2).as_deref(), Some("2"));
        assert_eq!(m.get(0x20, 2).as_deref(), Some("fi"));
        assert_eq!(m.get(0x21, 2).as_deref(), Some("\u{df}"));
        assert_eq!(m.get(0x24, 1), None);
    }

    #[test]
    fn a_huge_range_costs_nothing() {
        let m = ToUnicode::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(m.get(0x0000_0001, 4).as_deref(), Some("B"));
        // Past the 16-bit increment the range gives no text rather than wrapping.
        assert_eq!(m.get(0xFFFF_FFFF, 4), None);
    }
}
