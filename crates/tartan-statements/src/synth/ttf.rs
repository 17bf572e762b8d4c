//! The vendored DejaVu Sans subset (printable ASCII, see `fonts/LICENSE`) and the three TrueType tables the
//! generator needs from it: `head` (units per em), `hmtx` (advance widths) and `cmap` format 4 (glyph ids).

use std::collections::BTreeMap;

/// DejaVu Sans cut down to U+0020..U+007E with `pyftsubset` (20 KB; licence in `fonts/LICENSE`).
pub const DEJAVU_SANS: &[u8] = include_bytes!("fonts/DejaVuSans-ascii.ttf");

/// What the generator needs to embed and lay out text in a TrueType font.
#[derive(Debug, Clone)]
pub struct Ttf {
    pub bytes: &'static [u8],
    /// Character → glyph id.
    pub glyphs: BTreeMap<char, u16>,
    /// Glyph id → advance width in 1/1000 em.
    pub advances: Vec<u16>,
}

impl Ttf {
    /// Parse `bytes`; `None` if a needed table is missing or short.
    pub fn parse(bytes: &'static [u8]) -> Option<Self> {
        let table = |tag: &[u8; 4]| -> Option<&[u8]> {
            let count = usize::from(u16_at(bytes, 4)?);
            (0..count).find_map(|i| {
                let rec = 12 + 16 * i;
                (bytes.get(rec..rec + 4)? == tag).then(|| {
                    let off = u32_at(bytes, rec + 8)? as usize;
                    let len = u32_at(bytes, rec + 12)? as usize;
                    bytes.get(off..off + len)
                })?
            })
        };
        let units_per_em = u32::from(u16_at(table(b"head")?, 18)?);
        let metrics = usize::from(u16_at(table(b"hhea")?, 34)?);
        let hmtx = table(b"hmtx")?;
        let advances = (0..metrics)
            .map(|g| u16_at(hmtx, 4 * g).map(|w| (u32::from(w) * 1000 / units_per_em) as u16))
            .collect::<Option<Vec<_>>>()?;
        let glyphs = cmap4(table(b"cmap")?)?;
        Some(Self {
            bytes,
            glyphs,
            advances,
        })
    }

    /// Advance of `c` in 1/1000 em (the last metric covers glyphs past `numberOfHMetrics`).
    pub fn advance(&self, c: char) -> u16 {
        let g = usize::from(self.glyph(c));
        self.advances
            .get(g)
            .or(self.advances.last())
            .copied()
            .unwrap_or(600)
    }

    /// Glyph id of `c` (0, `.notdef`, when absent).
    pub fn glyph(&self, c: char) -> u16 {
        self.glyphs.get(&c).copied().unwrap_or(0)
    }
}

/// The Windows Unicode BMP (3,1) format-4 subtable as a map.
fn cmap4(cmap: &[u8]) -> Option<BTreeMap<char, u16>> {
    let n = usize::from(u16_at(cmap, 2)?);
    let sub = (0..n).find_map(|i| {
        let rec = 4 + 8 * i;
        (u16_at(cmap, rec)? == 3 && u16_at(cmap, rec + 2)? == 1).then(|| u32_at(cmap, rec + 4))?
    })? as usize;
    let t = cmap.get(sub..)?;
    if u16_at(t, 0)? != 4 {
        return None;
    }
    let segs = usize::from(u16_at(t, 6)? / 2);
    let (ends, starts, deltas, offsets) = (14, 16 + 2 * segs, 16 + 4 * segs, 16 + 6 * segs);
    let mut out = BTreeMap::new();
    for s in 0..segs {
        let (end, start) = (u16_at(t, ends + 2 * s)?, u16_at(t, starts + 2 * s)?);
        let (delta, range_off) = (u16_at(t, deltas + 2 * s)?, u16_at(t, offsets + 2 * s)?);
        for code in start..=end.min(0x7e) {
            let glyph = if range_off == 0 {
                code.wrapping_add(delta)
            } else {
                let at = offsets + 2 * s + usize::from(range_off) + 2 * usize::from(code - start);
                match u16_at(t, at)? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            if let Some(c) = char::from_u32(u32::from(code)) {
                out.insert(c, glyph);
            }
        }
    }
    Some(out)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_vendored_font() {
        let f = Ttf::parse(DEJAVU_SANS).unwrap();
        assert_eq!(f.glyphs.len(), 95);
        assert_ne!(f.glyph('A'), 0);
        // DejaVu Sans: digits are 1303/2048 em.
        assert_eq!(f.advance('0'), 636);
    }
}
