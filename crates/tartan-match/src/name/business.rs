//! Business-name scoring, used when either name carries a legal form or business word. Legal forms are compared
//! apart from the rest ("Acme LLC" and "Acme, L.L.C." are identical, "Acme LLC" and "Acme Inc" strong); the
//! remaining words are aligned word by word, forgiving typos.

use super::parse::ParsedName;
use crate::text::typo_edits;

/// Same words, different or missing legal form.
const LEGAL_FORM_DIFFERS: u8 = 95;
/// Same words written without spaces ("HomeDepot").
const SPACING_DIFFERS: u8 = 97;
/// Ceiling for word-by-word agreement, and the cost of each forgiven typo under it.
const ALIGNED_CEILING: f64 = 92.0;
const TYPO_COST: f64 = 3.0;

pub(crate) fn score(a: &ParsedName, b: &ParsedName) -> u8 {
    if a.words.is_empty() || b.words.is_empty() {
        // Only legal forms ("LLC"): nothing identifies the holder, unless both sides wrote exactly that.
        return if a.words == b.words && a.legal_forms == b.legal_forms {
            100
        } else {
            0
        };
    }
    if a.words == b.words {
        return if a.legal_forms == b.legal_forms {
            100
        } else {
            LEGAL_FORM_DIFFERS
        };
    }
    if a.words.concat() == b.words.concat() {
        return SPACING_DIFFERS;
    }
    let mut unmatched: Vec<&str> = b.words.iter().map(String::as_str).collect();
    let (mut matched, mut typos) = (0usize, 0usize);
    for word in &a.words {
        if let Some(at) = unmatched.iter().position(|w| w == word) {
            unmatched.swap_remove(at);
            matched += 1;
        } else if let Some(at) = unmatched.iter().position(|w| typo_edits(w, word).is_some()) {
            unmatched.swap_remove(at);
            matched += 1;
            typos += 1;
        }
    }
    // Dice coefficient over words: exact in both directions, so the score is symmetric.
    let dice = 2.0 * matched as f64 / (a.words.len() + b.words.len()) as f64;
    let mut value = dice * ALIGNED_CEILING - TYPO_COST * typos as f64;
    if a.legal_forms != b.legal_forms {
        value -= 3.0;
    }
    value.round().clamp(0.0, 99.0) as u8
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    #[test]
    fn business_table() {
        let cases = [
            ("Acme Widgets LLC", "ACME WIDGETS, L.L.C.", 100),
            ("Acme Widgets LLC", "Acme Widgets Inc", 95),
            ("Acme Widgets LLC", "Acme Widgets", 95),
            ("HomeDepot Inc", "Home Depot Inc", 97),
            ("Acme Widgets LLC", "Acme Widget LLC", 89),
            ("Acme Widgets LLC", "Acme Gadgets LLC", 46),
            ("Acme Widgets LLC", "Zenith Logistics LLC", 0),
            ("LLC", "Acme LLC", 0),
            ("LLC", "L.L.C.", 100),
            ("LLC", "Inc", 0),
        ];
        for (a, b, want) in cases {
            let (pa, pb) = (parse(a).unwrap(), parse(b).unwrap());
            assert_eq!(score(&pa, &pb), want, "{a} / {b}");
            assert_eq!(score(&pb, &pa), want, "{b} / {a}");
        }
    }
}
