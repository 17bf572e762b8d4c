//! Advance widths of the standard 14 fonts for printable ASCII, in 1/1000 em (from the Adobe AFM files).
//!
//! Statements set in Helvetica, Times or Courier often omit `/Widths`, yet text positions are needed to
//! rebuild lines and to test whether a rectangle covers a word. Arial and Liberation Sans share Helvetica's
//! metrics; bold and oblique faces are close enough to their regular face for layout purposes.

/// Helvetica, U+0020..=U+007E.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // space … /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    278, 278, 584, 584, 584, 556, 1015, // : ; < = > ? @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
    278, 278, 278, 469, 556, 333, // [ \ ] ^ _ `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a-m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
    334, 260, 334, 584, // { | } ~
];

/// Times-Roman, U+0020..=U+007E.
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250,
    278, // space … /
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, // 0-9
    278, 278, 564, 564, 564, 444, 921, // : ; < = > ? @
    722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, // A-M
    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, // N-Z
    333, 278, 333, 469, 500, 333, // [ \ ] ^ _ `
    444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, // a-m
    500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, // n-z
    480, 200, 480, 541, // { | } ~
];

/// The standard-14 face whose metrics best fit `base_font`, by name.
pub(crate) fn standard_width(base_font: &str, ch: char) -> Option<u16> {
    let lower = base_font.to_ascii_lowercase();
    if lower.contains("courier") || lower.contains("mono") {
        return Some(600);
    }
    let table = if lower.contains("times") || lower.contains("serif") && !lower.contains("sans") {
        &TIMES
    } else {
        &HELVETICA
    };
    let idx = u32::from(ch).checked_sub(0x20)?;
    table.get(usize::try_from(idx).ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_face_by_name() {
        assert_eq!(standard_width("Helvetica", '0'), Some(556));
        assert_eq!(standard_width("ArialMT", 'W'), Some(944));
        assert_eq!(standard_width("Times-Roman", '0'), Some(500));
        assert_eq!(standard_width("Courier-Bold", 'i'), Some(600));
        assert_eq!(standard_width("Helvetica", '\u{e9}'), None);
    }
}
