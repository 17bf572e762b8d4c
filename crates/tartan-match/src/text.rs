//! Text helpers shared by the field matchers: Unicode folding to lowercase base letters, and the edit-distance
//! tests that decide what counts as a typo. Field-specific rules stay in the field modules.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::translit;

/// Lowercases, strips diacritics (NFKD, then drops combining marks) and spells out the Latin letters that do not
/// decompose, so "Zoë Ørsted-Łukasz" and "zoe orsted-lukasz" fold alike. Typographic apostrophes and dashes become
/// ASCII ones because the tokenisers treat those specially. Cyrillic and Greek are romanised (`crate::translit`).
pub(crate) fn fold(s: &str) -> String {
    fold_with(s, translit::latin)
}

/// [`fold`] with Cyrillic and Greek read letter by letter ([`translit::letterwise`]); `None` when that reading
/// is no different (every ASCII text, and text without those letters).
pub(crate) fn fold_letterwise(s: &str) -> Option<String> {
    // Greek and Cyrillic blocks (decomposed letters stay in them): anything else has one reading.
    if !s.chars().any(|c| ('\u{0370}'..='\u{04ff}').contains(&c)) {
        return None;
    }
    let second = fold_with(s, translit::letterwise);
    (second != fold(s)).then_some(second)
}

fn fold_with(s: &str, romanise: fn(char) -> Option<&'static str>) -> String {
    if s.is_ascii() {
        // Most input is ASCII; NFKD costs tens of nanoseconds a character and changes nothing there.
        return s.to_ascii_lowercase().replace('`', "'");
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        for lc in c.to_lowercase() {
            match lc {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'þ' => out.push_str("th"),
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'ı' => out.push('i'),
                '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' => out.push('\''),
                '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
                _ => match romanise(lc) {
                    Some(latin) => out.push_str(latin),
                    None => out.push(lc),
                },
            }
        }
    }
    out
}

/// The trimmed value, or `None` when it is absent or blank: Plaid treats both as "missing".
pub(crate) fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Edits (insertions, deletions, substitutions, adjacent transpositions) between `a` and `b`, when they are close
/// enough to be one word mistyped: one edit for words of four or more characters, two for eight or more. Shorter
/// words are too easily a different word ("Ann"/"Dan") to forgive any edit.
pub(crate) fn typo_edits(a: &str, b: &str) -> Option<usize> {
    let (len_a, len_b) = (a.chars().count(), b.chars().count());
    let shortest = len_a.min(len_b);
    // Past MAX_TYPO_CHARS a string is no single word, and the quadratic distance would cost real time on
    // adversarial input.
    if shortest < 4 || a == b || len_a.max(len_b) > MAX_TYPO_CHARS {
        return None;
    }
    let allowed = if shortest >= 8 { 2 } else { 1 };
    if len_a.abs_diff(len_b) > allowed {
        return None;
    }
    let edits = strsim::osa_distance(a, b);
    (edits <= allowed).then_some(edits)
}

/// Longest string [`typo_edits`] compares.
const MAX_TYPO_CHARS: usize = 100;
/// Characters of each string [`similarity`] looks at: enough to order near misses, and it bounds the cost.
const SIMILARITY_PREFIX_CHARS: usize = 64;

/// Jaro-Winkler similarity in 0.0..=1.0: used only to grade scores *below* the match threshold, where it orders
/// near misses above unrelated strings without ever lifting a pair over 70.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    let prefix = |s: &str| {
        s.char_indices()
            .nth(SIMILARITY_PREFIX_CHARS)
            .map_or(s.len(), |(at, _)| at)
    };
    strsim::jaro_winkler(&a[..prefix(a)], &b[..prefix(b)])
}

/// `base + span * similarity`, rounded; every caller keeps `base + span` below 70.
pub(crate) fn graded(base: u8, span: u8, similarity: f64) -> u8 {
    let value = f64::from(base) + f64::from(span) * similarity.clamp(0.0, 1.0);
    // In range by construction: base + span <= 100.
    value.round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_case_and_diacritics() {
        let cases = [
            ("José Ñúñez", "jose nunez"),
            ("ZOË ØRSTED", "zoe orsted"),
            ("Łukasz Weiß", "lukasz weiss"),
            ("O\u{2019}Brien\u{2013}Smith", "o'brien-smith"),
            ("Ærøskøbing", "aeroskobing"),
            ("Владислав Некрасов", "vladislav nekrasov"),
            ("Андрій Шевченко", "andrii shevchenko"),
            ("Σαράντης Πετρίδης", "sarantis petridis"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn typo_edits_forgive_one_edit_in_words_of_four_or_more() {
        let cases = [
            ("alberta", "alerta", Some(1)),
            ("smith", "simth", Some(1)),
            ("john", "jon", None),
            ("ann", "dan", None),
            ("christopher", "christohpre", Some(2)),
            ("leisure", "lesiure", Some(1)),
            ("michael", "michelle", None),
            ("same", "same", None),
        ];
        for (a, b, want) in cases {
            assert_eq!(typo_edits(a, b), want, "{a} / {b}");
            assert_eq!(typo_edits(b, a), want, "{b} / {a}");
        }
    }

    #[test]
    fn present_treats_blank_as_missing() {
        assert_eq!(present(Some("  x ")), Some("x"));
        assert_eq!(present(Some("   ")), None);
        assert_eq!(present(None), None);
    }
}
