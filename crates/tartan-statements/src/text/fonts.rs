//! Fonts as the text extractor needs them: how to split a string into character codes, what Unicode each
//! code stands for, and how far each code advances the pen.
//!
//! Decoding prefers the font's `/ToUnicode` CMap (embedded TrueType and CID fonts), then its `/Encoding`
//! (WinAnsi, Standard, MacRoman, `/Differences`), as lopdf resolves them. Widths come from `/Widths` or a
//! CID font's `/W`, falling back to standard-14 metrics. Glyph outlines are never read.

use super::{cmap::ToUnicode, metrics::standard_width};
use crate::{
    AnalyzeError,
    limits::Budget,
    load::{get, get_dict, resolve},
};
use lopdf::{Dictionary, Document, Object};
use std::{collections::HashMap, rc::Rc};

/// At most this many `/W` entries are read from one CID font.
const MAX_CID_WIDTHS: usize = 70_000;

/// One font resource, ready to decode.
pub(crate) struct Font {
    /// `/BaseFont` without a subset tag (`ABCDEF+DejaVuSans` → `DejaVuSans`).
    pub name: Rc<str>,
    to_unicode: Option<ToUnicode>,
    /// Simple fonts: the text of each single-byte code.
    encoding: Option<Vec<String>>,
    /// Type0 fonts use two-byte codes (Identity-H and the other horizontal CMaps banks use).
    pub two_byte: bool,
    simple_widths: Option<(u32, Vec<f32>)>,
    cid_widths: HashMap<u32, f32>,
    cid_ranges: Vec<(u32, u32, f32)>,
    default_width: f32,
}

impl Font {
    /// Read the font dictionary `dict`.
    pub(crate) fn load(
        doc: &Document,
        dict: &Dictionary,
        budget: &mut Budget,
    ) -> Result<Self, AnalyzeError> {
        budget.charge(4)?;
        let raw_name = match get(doc, dict, b"BaseFont")? {
            Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
            _ => String::from("Unknown"),
        };
        let name: Rc<str> = Rc::from(strip_subset_tag(&raw_name));
        let two_byte = matches!(get(doc, dict, b"Subtype")?, Object::Name(n) if n == b"Type0");
        let to_unicode = to_unicode(doc, dict, budget)?;
        let encoding = if two_byte {
            None
        } else {
            simple_encoding(doc, dict, budget)?
        };
        let mut font = Font {
            name,
            to_unicode,
            encoding,
            two_byte,
            simple_widths: None,
            cid_widths: HashMap::new(),
            cid_ranges: Vec::new(),
            default_width: 0.0,
        };
        if two_byte {
            font.read_cid_widths(doc, dict, budget)?;
        } else {
            font.read_simple_widths(doc, dict)?;
        }
        Ok(font)
    }

    fn read_simple_widths(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
    ) -> Result<(), AnalyzeError> {
        if let Some(desc) = get_dict(doc, dict, b"FontDescriptor")? {
            self.default_width = number(get(doc, desc, b"MissingWidth")?).unwrap_or(0.0);
        }
        let first = number(get(doc, dict, b"FirstChar")?).unwrap_or(0.0);
        if let Object::Array(ws) = get(doc, dict, b"Widths")? {
            let widths = ws
                .iter()
                .take(256)
                .map(|w| resolve(doc, w).ok().and_then(number).unwrap_or(0.0))
                .collect();
            self.simple_widths = Some((first.clamp(0.0, 255.0) as u32, widths));
        }
        Ok(())
    }

    fn read_cid_widths(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        budget: &mut Budget,
    ) -> Result<(), AnalyzeError> {
        self.default_width = 1000.0;
        let Object::Array(descendants) = get(doc, dict, b"DescendantFonts")? else {
            return Ok(());
        };
        let Some(Object::Dictionary(cid)) =
            descendants.first().map(|d| resolve(doc, d)).transpose()?
        else {
            return Ok(());
        };
        self.default_width = number(get(doc, cid, b"DW")?).unwrap_or(1000.0);
        let Object::Array(w) = get(doc, cid, b"W")? else {
            return Ok(());
        };
        budget.charge(u64::try_from(w.len()).unwrap_or(u64::MAX))?;
        let mut i = 0;
        let mut entries = 0usize;
        while i + 1 < w.len() && entries < MAX_CID_WIDTHS {
            let Some(start) = number(resolve(doc, &w[i])?) else {
                break;
            };
            let start = start.max(0.0) as u32;
            match resolve(doc, &w[i + 1])? {
                Object::Array(list) => {
                    for (k, width) in list.iter().enumerate().take(MAX_CID_WIDTHS - entries) {
                        let width = resolve(doc, width)?;
                        self.cid_widths.insert(
                            start.saturating_add(k as u32),
                            number(width).unwrap_or(self.default_width),
                        );
                    }
                    entries += list.len();
                    i += 2;
                }
                end => {
                    let (Some(end), Some(width)) = (
                        number(end),
                        w.get(i + 2)
                            .and_then(|x| resolve(doc, x).ok())
                            .and_then(number),
                    ) else {
                        break;
                    };
                    self.cid_ranges.push((start, end.max(0.0) as u32, width));
                    entries += 1;
                    i += 3;
                }
            }
        }
        Ok(())
    }

    /// Split `bytes` into character codes.
    pub(crate) fn codes<'s>(&self, bytes: &'s [u8]) -> impl Iterator<Item = &'s [u8]> + 's {
        bytes.chunks(if self.two_byte { 2 } else { 1 })
    }

    /// The text one code stands for (U+FFFD when the font gives no way to know).
    pub(crate) fn decode(&self, code: &[u8]) -> String {
        let value = code.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
        if let Some(text) = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.get(value, code.len()))
        {
            return text;
        }
        let decoded = match (code, &self.encoding) {
            ([b], Some(table)) => table.get(usize::from(*b)).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        if !decoded.is_empty() {
            return decoded;
        }
        match code {
            [b] if (0x20..0x7f).contains(b) => char::from(*b).to_string(),
            _ => String::from('\u{fffd}'),
        }
    }

    /// Advance of `code` in 1/1000 em; `ch` is its decoded text, used for standard-14 fallbacks.
    pub(crate) fn width(&self, code: &[u8], ch: Option<char>) -> f32 {
        let value = code.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
        if self.two_byte {
            if let Some(w) = self.cid_widths.get(&value) {
                return *w;
            }
            return self
                .cid_ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&value))
                .map_or(self.default_width, |r| r.2);
        }
        if let Some((first, widths)) = &self.simple_widths {
            if let Some(w) = value
                .checked_sub(*first)
                .and_then(|i| widths.get(i as usize))
            {
                return *w;
            }
            if self.default_width > 0.0 {
                return self.default_width;
            }
        }
        ch.and_then(|c| standard_width(&self.name, c))
            .map_or(556.0, f32::from)
    }
}

/// The font's `/ToUnicode` CMap, read with the bounded reader.
fn to_unicode(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
) -> Result<Option<ToUnicode>, AnalyzeError> {
    let Object::Stream(stream) = get(doc, dict, b"ToUnicode")? else {
        return Ok(None);
    };
    let plain = match stream.decompressed_content_with_limit(budget.inflate_room()) {
        Ok(bytes) => bytes,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(AnalyzeError::DecompressionLimit);
        }
        Err(_) => return Ok(None),
    };
    budget.take_inflated(plain.len())?;
    Ok(Some(ToUnicode::parse(&plain)))
}

/// A simple font's `/Encoding` (WinAnsi, Standard, MacRoman, `/Differences`) as lopdf resolves it, flattened
/// into a 256-entry table.
fn simple_encoding(
    doc: &Document,
    dict: &Dictionary,
    budget: &mut Budget,
) -> Result<Option<Vec<String>>, AnalyzeError> {
    budget.charge(256)?;
    // lopdf falls back to its unbounded CMap reader when /Encoding names a CMap, so it is only ever shown
    // the /Encoding entry, never /ToUnicode.
    let mut only_encoding = Dictionary::new();
    only_encoding.set("Type", Object::Name(b"Font".to_vec()));
    if let Ok(entry) = dict.get(b"Encoding") {
        only_encoding.set("Encoding", resolve(doc, entry)?.clone());
    }
    let Ok(encoding) = only_encoding.get_font_encoding(doc) else {
        return Ok(None);
    };
    Ok(Some(
        (0..=255u8)
            .map(|b| encoding.bytes_to_string(&[b]).unwrap_or_default())
            .collect(),
    ))
}

fn strip_subset_tag(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

pub(crate) fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

/// Append `decoded`, spelling out the Latin ligature characters (U+FB00–FB06) that shaping engines emit
/// for "ff", "fi", "fl", "ffi", "ffl", "st": "Flagsta\u{FB00}" is "Flagstaff".
pub(super) fn push_expanding_ligatures(text: &mut String, decoded: &str) {
    const LIGATURES: std::ops::RangeInclusive<char> = '\u{FB00}'..='\u{FB06}';
    if !decoded.chars().any(|c| LIGATURES.contains(&c)) {
        text.push_str(decoded);
        return;
    }
    for c in decoded.chars() {
        match c {
            '\u{FB00}' => text.push_str("ff"),
            '\u{FB01}' => text.push_str("fi"),
            '\u{FB02}' => text.push_str("fl"),
            '\u{FB03}' => text.push_str("ffi"),
            '\u{FB04}' => text.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => text.push_str("st"),
            other => text.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;
    use lopdf::dictionary;

    fn budget() -> Budget {
        Budget::new(&Limits::default())
    }

    #[test]
    fn strips_subset_tags_only() {
        assert_eq!(strip_subset_tag("ABCDEF+DejaVuSans"), "DejaVuSans");
        assert_eq!(strip_subset_tag("Helvetica"), "Helvetica");
        assert_eq!(strip_subset_tag("abc+Font"), "abc+Font");
    }

    #[test]
    fn reads_winansi_and_widths() {
        let doc = Document::with_version("1.7");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 65, "Widths" => vec![Object::Integer(700)],
        };
        let font = Font::load(&doc, &dict, &mut budget()).unwrap();
        assert_eq!(font.decode(b"A"), "A");
        assert_eq!(font.decode(&[0x80]), "\u{20ac}");
        assert_eq!(font.width(b"A", Some('A')), 700.0);
        // Outside /Widths the standard metrics apply.
        assert_eq!(font.width(b"0", Some('0')), 556.0);
    }

    #[test]
    fn reads_cid_fonts_through_tounicode_and_w() {
        let mut doc = Document::with_version("1.7");
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> \
            endcodespacerange 1 beginbfchar <0024> <0041> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";
        let to_unicode = doc.add_object(lopdf::Stream::new(Dictionary::new(), cmap.to_vec()));
        let cid = dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 500,
        "W" => vec![Object::Integer(36), Object::Array(vec![Object::Integer(684)]), Object::Integer(40), Object::Integer(50), Object::Integer(300)] };
        let dict = dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+DejaVuSans",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::Dictionary(cid)], "ToUnicode" => to_unicode };
        let font = Font::load(&doc, &dict, &mut budget()).unwrap();
        assert!(font.two_byte);
        assert_eq!(&*font.name, "DejaVuSans");
        assert_eq!(font.decode(&[0x00, 0x24]), "A");
        assert_eq!(font.width(&[0x00, 0x24], None), 684.0);
        assert_eq!(font.width(&[0x00, 0x2a], None), 300.0);
        assert_eq!(font.width(&[0x00, 0x01], None), 500.0);
    }
}
