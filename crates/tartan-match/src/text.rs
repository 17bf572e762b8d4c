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
        // Most input is ASCII; NFKD costs tens of nanoseconds a character and changes nothing there. One pass
        // and one allocation: lowercase, and the backtick as an apostrophe.
        let folded: Vec<u8> = s
            .bytes()
            .map(|b| {
                if b == b'`' {
                    b'\''
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect();
        // ASCII in, ASCII out.
        return String::from_utf8(folded).unwrap_or_default();
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

/// The alphanumeric words of `folded`, each put through `standard`, joined by single spaces: one allocation
/// instead of a `String` per word and a join.
pub(crate) fn joined(folded: &str, standard: fn(&str) -> &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(standard(word));
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
    osa_within(a, b, allowed)
}

/// Whether `a` and `b` are at most `limit` OSA edits apart (`strsim::osa_distance(a, b) <= limit`), without
/// the whole table: only the band that can still matter ([`osa_within`]).
pub(crate) fn within_edits(a: &str, b: &str, limit: usize) -> bool {
    osa_within(a, b, limit).is_some()
}

/// `osa_distance(a, b)` when it is at most `limit`, else `None`, found without the whole table. Every cell
/// is computed capped at `limit + 1` (capping commutes with the recurrence's `min` and `+`, so a cell at most
/// `limit` is exact), and only the band `|i - j| <= limit`: a cell outside it is at least `|i - j|`, so its
/// capped value is the cap. Once two consecutive rows both exceed `limit` (a cell is at least the smaller
/// minimum of the two rows before it), so does the distance. Most word pairs are unrelated and stop after a few
/// rows.
fn osa_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if !(a.is_ascii() && b.is_ascii() && a.len() <= SHORT_CHARS && b.len() <= SHORT_CHARS) {
        let edits = osa_distance(a, b);
        return (edits <= limit).then_some(edits);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Distances 0 and 1 in one pass: most typo tests end here.
    if a == b {
        return Some(0);
    }
    if limit == 0 {
        return None;
    }
    if one_edit_apart(a, b) {
        return Some(1);
    }
    if limit == 1 {
        return None;
    }
    let b_len = b.len();
    // Past SHORT_CHARS every cell is capped anyway.
    let cap = u8::try_from(limit.min(SHORT_CHARS) + 1).unwrap_or(u8::MAX);
    let mut rows = [[cap; SHORT_CHARS + 1]; 3];
    for (j, cell) in (0u8..).zip(rows[0].iter_mut().take(b_len + 1)) {
        *cell = j.min(cap);
    }
    rows[1] = rows[0];
    let (mut two, mut prev, mut curr) = (0, 1, 2);
    // The minimum of the row before; row 0 is 0..=b_len.
    let mut prev_min = 0u8;
    for (i, &a_char) in (1u8..).zip(a) {
        let row = usize::from(i);
        // Cells D[i][j + 1] for j in `first..last` are in the band; the others keep the cap.
        let first = row.saturating_sub(limit + 1);
        let last = b_len.min(row + limit);
        rows[curr].fill(cap);
        rows[curr][0] = i.min(cap);
        let mut row_min = rows[curr][0];
        for j in first..last {
            let b_char = b[j];
            let cost = u8::from(a_char != b_char);
            let mut d = (rows[curr][j] + 1).min((rows[prev][j + 1] + 1).min(rows[prev][j] + cost));
            if i > 1 && j > 0 && a_char != b_char && a_char == b[j - 1] && b_char == a[row - 2] {
                d = d.min(rows[two][j - 1] + 1);
            }
            let d = d.min(cap);
            rows[curr][j + 1] = d;
            row_min = row_min.min(d);
        }
        if usize::from(prev_min.min(row_min)) > limit {
            return None;
        }
        prev_min = row_min;
        (two, prev, curr) = (prev, curr, two);
    }
    let edits = usize::from(rows[prev][b_len]);
    (edits <= limit).then_some(edits)
}

/// Whether two different byte strings are one OSA edit apart: one substitution, insertion, deletion or swap of
/// adjacent bytes at their first difference, the rest equal.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (rest_a, rest_b) = (&a[at..], &b[at..]);
    match rest_a.len().cmp(&rest_b.len()) {
        std::cmp::Ordering::Equal => match (rest_a, rest_b) {
            ([_, tail_a @ ..], [_, tail_b @ ..]) if tail_a == tail_b => true,
            ([x, y, tail_a @ ..], [z, w, tail_b @ ..]) => x == w && y == z && tail_a == tail_b,
            _ => false,
        },
        std::cmp::Ordering::Greater => rest_a.len() == rest_b.len() + 1 && rest_a[1..] == *rest_b,
        std::cmp::Ordering::Less => rest_b.len() == rest_a.len() + 1 && rest_b[1..] == *rest_a,
    }
}

/// Longest text the allocation-free distances below take; longer text goes to `strsim` (words are far shorter).
const SHORT_CHARS: usize = 32;

/// `strsim::osa_distance` (the same recurrence, hence the same result) without its three heap-allocated rows:
/// it runs for every pair of words a name comparison looks at. ASCII is compared byte by byte, other text
/// character by character.
pub(crate) fn osa_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() && a.len() <= SHORT_CHARS && b.len() <= SHORT_CHARS {
        return osa_short(a.as_bytes(), b.as_bytes());
    }
    let (mut buffer_a, mut buffer_b) = (['\0'; SHORT_CHARS], ['\0'; SHORT_CHARS]);
    match (chars_of(a, &mut buffer_a), chars_of(b, &mut buffer_b)) {
        (Some(x), Some(y)) => osa_short(x, y),
        _ => strsim::osa_distance(a, b),
    }
}

/// The characters of `s` in `buffer`, when there are at most [`SHORT_CHARS`] of them.
fn chars_of<'b>(s: &str, buffer: &'b mut [char; SHORT_CHARS]) -> Option<&'b [char]> {
    let mut len = 0;
    for c in s.chars() {
        *buffer.get_mut(len)? = c;
        len += 1;
    }
    Some(&buffer[..len])
}

/// The OSA recurrence on two sequences of at most [`SHORT_CHARS`] elements, three rows on the stack.
fn osa_short<T: PartialEq + Copy>(a: &[T], b: &[T]) -> usize {
    let b_len = b.len();
    let mut rows = [[0u8; SHORT_CHARS + 1]; 3];
    for (j, cell) in (0u8..).zip(rows[0].iter_mut().take(b_len + 1)) {
        *cell = j;
    }
    rows[1] = rows[0];
    // rows[two], rows[prev], rows[curr] rotate as strsim's swaps do.
    let (mut two, mut prev, mut curr) = (0, 1, 2);
    for (i, &a_char) in (1u8..).zip(a) {
        rows[curr][0] = i;
        for (j, &b_char) in b.iter().enumerate() {
            let cost = u8::from(a_char != b_char);
            let mut d = (rows[curr][j] + 1).min((rows[prev][j + 1] + 1).min(rows[prev][j] + cost));
            if i > 1
                && j > 0
                && a_char != b_char
                && a_char == b[j - 1]
                && b_char == a[usize::from(i) - 2]
            {
                d = d.min(rows[two][j - 1] + 1);
            }
            rows[curr][j + 1] = d;
        }
        (two, prev, curr) = (prev, curr, two);
    }
    usize::from(rows[prev][b_len])
}

/// `strsim::jaro_winkler` on slices of at most [`SIMILARITY_PREFIX_CHARS`] elements, with its arithmetic in
/// the same order (so the same `f64`) and its match flags on the stack.
fn jaro_winkler_short<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let sim = jaro_short(a, b);
    if sim > 0.7 {
        let prefix_length = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix_length as f64 * (1.0 - sim)
    } else {
        sim
    }
}

fn jaro_short<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let (a_len, b_len) = (a.len(), b.len());
    if a_len == 0 && b_len == 0 {
        return 1.0;
    } else if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let search_range = (a_len.max(b_len) / 2).saturating_sub(1);
    let mut a_flags = [false; SIMILARITY_PREFIX_CHARS];
    let mut b_flags = [false; SIMILARITY_PREFIX_CHARS];
    let mut matches = 0_usize;
    for (i, a_elem) in a.iter().enumerate() {
        let min_bound = i.saturating_sub(search_range);
        let max_bound = b_len.min(i + search_range + 1);
        for j in min_bound..max_bound {
            if *a_elem == b[j] && !b_flags[j] {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0_usize;
    let mut b_matched = b
        .iter()
        .zip(&b_flags[..b_len])
        .filter(|(_, flag)| **flag)
        .map(|(c, _)| c);
    for (ch1, _) in a.iter().zip(&a_flags[..a_len]).filter(|(_, flag)| **flag) {
        if b_matched.next().is_some_and(|ch2| ch1 != ch2) {
            transpositions += 1;
        }
    }
    transpositions /= 2;
    ((matches as f64 / a_len as f64)
        + (matches as f64 / b_len as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// Whether `whole` is `first` followed by `second`, without building the joined string.
pub(crate) fn is_concat(whole: &str, first: &str, second: &str) -> bool {
    whole.len() == first.len() + second.len() && whole.starts_with(first) && whole.ends_with(second)
}

/// Longest string [`typo_edits`] compares.
const MAX_TYPO_CHARS: usize = 100;
/// Characters of each string [`similarity`] looks at: enough to order near misses, and it bounds the cost.
const SIMILARITY_PREFIX_CHARS: usize = 64;

/// Jaro-Winkler similarity in 0.0..=1.0: used only to grade scores *below* the match threshold, where it orders
/// near misses above unrelated strings without ever lifting a pair over 70.
pub(crate) fn similarity(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let cut = |s: &'_ [u8]| s.len().min(SIMILARITY_PREFIX_CHARS);
        return jaro_winkler_short(&a[..cut(a)], &b[..cut(b)]);
    }
    let prefix = |s: &str, buffer: &mut [char; SIMILARITY_PREFIX_CHARS]| {
        let mut len = 0;
        for (slot, c) in buffer.iter_mut().zip(s.chars()) {
            *slot = c;
            len += 1;
        }
        len
    };
    let mut buffer_a = ['\0'; SIMILARITY_PREFIX_CHARS];
    let mut buffer_b = ['\0'; SIMILARITY_PREFIX_CHARS];
    let (la, lb) = (prefix(a, &mut buffer_a), prefix(b, &mut buffer_b));
    jaro_winkler_short(&buffer_a[..la], &buffer_b[..lb])
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2_000, failure_persistence: None, ..Default::default() })]

        /// The stack-buffer distances give `strsim`'s results exactly, on ASCII, on other scripts, and past the
        /// lengths the fast paths take.
        #[test]
        fn distances_are_strsims(a in "[abcé ёa-d]{0,40}", b in "[abcdé ёxy]{0,40}") {
            proptest::prop_assert_eq!(osa_distance(&a, &b), strsim::osa_distance(&a, &b));
            let prefix = |s: &str| s.chars().take(SIMILARITY_PREFIX_CHARS).collect::<String>();
            proptest::prop_assert_eq!(
                similarity(&a, &b).to_bits(),
                strsim::jaro_winkler(&prefix(&a), &prefix(&b)).to_bits()
            );
        }

        #[test]
        fn bounded_distance_is_the_distance_when_within(a in "[a-d]{0,12}", b in "[a-d]{0,12}", limit in 0usize..4) {
            let edits = strsim::osa_distance(&a, &b);
            proptest::prop_assert_eq!(osa_within(&a, &b, limit), (edits <= limit).then_some(edits));
        }

        #[test]
        fn bounded_distance_on_near_words_is_the_distance_when_within(
            a in "[a-c]{0,34}",
            edits in proptest::collection::vec((0usize..40, 0u8..4, "[a-c]"), 0..4),
            limit in 0usize..5,
        ) {
            // Words a few edits apart, where the band matters (random pairs are mostly far apart).
            let mut b: Vec<char> = a.chars().collect();
            for (at, kind, letter) in edits {
                let at = at % (b.len() + 1);
                let letter = letter.chars().next().unwrap_or('a');
                match kind {
                    0 => b.insert(at, letter),
                    1 if at < b.len() => { b.remove(at); }
                    2 if at < b.len() => b[at] = letter,
                    _ if at + 1 < b.len() => b.swap(at, at + 1),
                    _ => {}
                }
            }
            let b: String = b.into_iter().collect();
            let edits = strsim::osa_distance(&a, &b);
            proptest::prop_assert_eq!(osa_within(&a, &b, limit), (edits <= limit).then_some(edits));
        }

        #[test]
        fn ascii_distances_are_strsims(a in "[a-e]{0,70}", b in "[a-e]{0,70}") {
            proptest::prop_assert_eq!(osa_distance(&a, &b), strsim::osa_distance(&a, &b));
            let prefix = |s: &str| s.chars().take(SIMILARITY_PREFIX_CHARS).collect::<String>();
            proptest::prop_assert_eq!(
                similarity(&a, &b).to_bits(),
                strsim::jaro_winkler(&prefix(&a), &prefix(&b)).to_bits()
            );
        }
    }

    #[test]
    fn is_concat_is_joined_equality() {
        assert!(is_concat("maryann", "mary", "ann"));
        assert!(!is_concat("maryanne", "mary", "ann"));
        assert!(!is_concat("maryann", "mar", "ann"));
        assert!(is_concat("", "", ""));
    }
}
