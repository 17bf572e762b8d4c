//! Name normalisation: folding, word splitting, titles, suffixes, "Last, First" order and business designators.
//! Produces the word list the scorers compare; it makes no scoring decision itself.

use std::borrow::Cow;

use crate::limits::MAX_NAME_WORDS;
use crate::text::{fold, fold_letterwise};

/// Courtesy and professional titles dropped from the front of a name (Plaid normalises "Ms. Jennifer Smith").
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "rev",
    "reverend",
    "fr",
    "sir",
    "dame",
    "hon",
];

/// Generational suffixes: kept aside, because "John Smith Jr" and "John Smith Sr" are different people.
const GENERATIONS: &[(&str, &str)] = &[
    ("jr", "jr"),
    ("junior", "jr"),
    ("sr", "sr"),
    ("senior", "sr"),
    ("ii", "ii"),
    ("2nd", "ii"),
    ("iii", "iii"),
    ("3rd", "iii"),
    ("iv", "iv"),
    ("4th", "iv"),
];

/// Post-nominal letters, dropped: they qualify a person without changing who it is.
const POST_NOMINALS: &[&str] = &[
    "esq", "md", "phd", "dds", "dmd", "dvm", "cpa", "jd", "mba", "rn", "cfa", "ret",
];

/// Legal-form designators, with the form they abbreviate to. Their presence is what Plaid's
/// `is_business_name_detected` reports; they are compared apart from the rest of the name.
const LEGAL_FORMS: &[(&str, &str)] = &[
    ("llc", "llc"),
    ("inc", "inc"),
    ("incorporated", "inc"),
    ("corp", "corp"),
    ("corporation", "corp"),
    ("company", "co"),
    ("ltd", "ltd"),
    ("limited", "ltd"),
    ("lp", "lp"),
    ("llp", "llp"),
    ("lllp", "lllp"),
    ("pllc", "pllc"),
    ("plc", "plc"),
    ("pc", "pc"),
    ("gmbh", "gmbh"),
    ("dba", "dba"),
];

/// Words that mark a business (or a trust) without being a legal form; they stay part of the compared name.
const BUSINESS_WORDS: &[&str] = &[
    "trust",
    "foundation",
    "holdings",
    "enterprises",
    "partners",
    "partnership",
    "associates",
    "industries",
    "ventures",
    "bank",
    "group",
];

/// What institutions and forms store when they hold no name: such a "name" is missing data (a `null` score), not
/// a name that fails to match.
const PLACEHOLDERS: &[&str] = &[
    "n a",
    "na",
    "none",
    "null",
    "nil",
    "unknown",
    "unknown unknown",
    "name unknown",
    "no name",
    "not available",
    "not provided",
    "not on file",
];

/// A name reduced to the words that identify its holder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedName {
    /// Words in given-name-first order when a comma made that order explicit, else as written.
    pub words: Vec<String>,
    /// `hyphen[i]`: `words[i]` was written hyphen-joined to `words[i + 1]` (a compound surname).
    pub hyphen: Vec<bool>,
    /// Canonical generational suffix ("jr", "iii"), if any.
    pub generation: Option<&'static str>,
    /// False when a comma fixed the order ("Smith, John"), so the scorer must not try the reversed reading.
    pub reorderable: bool,
    /// The name carries a legal form or a business word.
    pub business: bool,
    /// Canonical legal forms found, sorted (businesses only).
    pub legal_forms: Vec<&'static str>,
}

/// One word and whether it was hyphen-joined to the next.
type Word = (String, bool);

/// Parses a name; `None` when no word remains (blank or punctuation only) or the text says there is no name.
pub(crate) fn parse(raw: &str) -> Option<ParsedName> {
    parse_folded(&fold(raw))
}

/// The readings of a name to compare: as [`parse`] reads it, and for Cyrillic or Greek also letter by letter
/// (`Юлия` as `Yuliya` and `Iuliia`).
pub(crate) fn readings(raw: &str) -> impl Iterator<Item = ParsedName> {
    let second = fold_letterwise(raw).and_then(|folded| parse_folded(&folded));
    parse(raw).into_iter().chain(second)
}

fn parse_folded(folded: &str) -> Option<ParsedName> {
    if is_placeholder(folded) {
        return None;
    }
    let segments: Vec<Vec<Word>> = folded.split(',').map(words_of).collect();
    let all: Vec<&Word> = segments.iter().flatten().collect();
    let business = ends_with_co_dot(folded)
        || all.iter().enumerate().any(|(i, (w, _))| {
            legal_form(w).is_some() || BUSINESS_WORDS.contains(&w.as_str()) || is_and_co(&all, i)
        });
    if business {
        return Some(parse_business(all));
    }
    parse_person(segments)
}

/// Whether the whole (folded) text is one of [`PLACEHOLDERS`], punctuation aside ("N/A", "UNKNOWN.").
fn is_placeholder(folded: &str) -> bool {
    // Every placeholder is short; real names skip the word split.
    if folded.len() > 24 {
        return false;
    }
    // The words of a placeholder are its letters: text whose ASCII letters and digits, run together, spell none
    // of them is none (an `&` reads "and", other letters are no placeholder's: both take the full test).
    let mut squashed = [0u8; 24];
    let mut len = 0;
    for &b in folded.as_bytes() {
        if b.is_ascii_alphanumeric() {
            squashed[len] = b;
            len += 1;
        } else if b == b'&' || !b.is_ascii() {
            len = usize::MAX;
            break;
        }
    }
    if let Some(squashed) = squashed.get(..len)
        && !PLACEHOLDERS.iter().any(|p| {
            p.bytes()
                .filter(|b| *b != b' ')
                .eq(squashed.iter().copied())
        })
    {
        return false;
    }
    let words: Vec<Word> = words_of(&folded.replace(',', " "));
    let plain = words
        .iter()
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    PLACEHOLDERS.contains(&plain.as_str())
}

fn legal_form(word: &str) -> Option<&'static str> {
    LEGAL_FORMS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, form)| *form)
}

/// "Smith & Co" ends many firm names, but "Co" alone is also a surname, so it counts only after "and".
fn is_and_co(all: &[&Word], i: usize) -> bool {
    all[i].0 == "co" && i + 1 == all.len() && i > 0 && all[i - 1].0 == "and"
}

/// "Acme Co.": the abbreviation's dot tells the company designator from the surname Co.
fn ends_with_co_dot(folded: &str) -> bool {
    folded
        .trim_end()
        .strip_suffix("co.")
        .is_some_and(|rest| rest.ends_with([' ', ',', '&']))
}

fn parse_business(all: Vec<&Word>) -> ParsedName {
    let mut legal_forms = Vec::new();
    let mut kept: Vec<Word> = Vec::new();
    for (i, (word, hyphen)) in all.iter().enumerate() {
        if let Some(form) = legal_form(word) {
            legal_forms.push(form);
        } else if is_and_co(&all, i) || (word == "co" && i + 1 == all.len() && i > 0) {
            legal_forms.push("co");
        } else if !matches!(word.as_str(), "the" | "and" | "of") {
            kept.push((word.clone(), *hyphen));
        }
    }
    legal_forms.sort_unstable();
    legal_forms.dedup();
    let (words, hyphen) = kept.into_iter().unzip();
    ParsedName {
        words,
        hyphen,
        generation: None,
        reorderable: false,
        business: true,
        legal_forms,
    }
}

fn parse_person(segments: Vec<Vec<Word>>) -> Option<ParsedName> {
    let mut generation = None;
    let mut kept: Vec<Vec<Word>> = Vec::new();
    for mut segment in segments {
        while segment.len() > 1 && TITLES.contains(&segment[0].0.as_str()) {
            segment.remove(0);
        }
        // A trailing suffix is stripped only while a word remains, except in a segment of its own (", Jr.").
        while let Some((last, _)) = segment.last() {
            let generational = GENERATIONS.iter().find(|(w, _)| w == last).map(|(_, g)| *g);
            let post_nominal = POST_NOMINALS.contains(&last.as_str());
            if generational.is_none() && !post_nominal {
                break;
            }
            if segment.len() == 1 && !kept.is_empty() {
                generation = generation.or(generational);
                segment.clear();
                break;
            }
            if segment.len() == 1 {
                break;
            }
            generation = generation.or(generational);
            segment.pop();
        }
        if !segment.is_empty() {
            kept.push(segment);
        }
    }
    let reorderable = kept.len() <= 1;
    // "Smith, John Michael" (and "Smith, John, Michael") put the family name first.
    if kept.len() > 1 {
        let family = kept.remove(0);
        kept.push(family);
    }
    let mut words: Vec<Word> = kept.into_iter().flatten().collect();
    if let Some(last) = words.last_mut() {
        last.1 = false;
    }
    if words.is_empty() {
        return None;
    }
    if words.len() > MAX_NAME_WORDS {
        words.drain(MAX_NAME_WORDS - 1..words.len() - 1);
        words[MAX_NAME_WORDS - 2].1 = false;
    }
    let (words, hyphen) = words.into_iter().unzip();
    Some(ParsedName {
        words,
        hyphen,
        generation,
        reorderable,
        business: false,
        legal_forms: Vec::new(),
    })
}

/// Splits one comma segment into words. Dotted abbreviations ("L.L.C.", "K.C.") close up into one word, other
/// dots and punctuation separate words, apostrophes vanish ("O'Brien" = "OBrien"), "&" reads "and", and a hyphen
/// marks the two words it joins.
fn words_of(segment: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    for chunk in segment.split_whitespace() {
        let chunk = if is_dotted_abbreviation(chunk) {
            Cow::Owned(chunk.replace('.', ""))
        } else {
            Cow::Borrowed(chunk)
        };
        let mut current = String::new();
        for c in chunk.chars() {
            match c {
                c if c.is_alphanumeric() => current.push(c),
                '\'' => {}
                '-' if !current.is_empty() => words.push((std::mem::take(&mut current), true)),
                '&' => {
                    flush(&mut words, &mut current);
                    words.push(("and".to_owned(), false));
                }
                _ => flush(&mut words, &mut current),
            }
        }
        flush(&mut words, &mut current);
    }
    if let Some(last) = words.last_mut() {
        last.1 = false;
    }
    words
}

fn flush(words: &mut Vec<Word>, current: &mut String) {
    if !current.is_empty() {
        words.push((std::mem::take(current), false));
    }
}

/// "l.l.c.", "p.c", "k.c.": single letters or digits each followed by a dot, at least two of them.
fn is_dotted_abbreviation(chunk: &str) -> bool {
    let mut parts = chunk.trim_end_matches('.').split('.');
    let mut count = 0;
    let one_character = parts.all(|p| {
        count += 1;
        let mut chars = p.chars();
        chars.next().is_some_and(char::is_alphanumeric) && chars.next().is_none()
    });
    one_character && count >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(raw: &str) -> Vec<String> {
        parse(raw).map(|p| p.words).unwrap_or_default()
    }

    #[test]
    fn normalises_case_punctuation_titles_and_order() {
        let cases: &[(&str, &[&str])] = &[
            ("Jennifer Smith", &["jennifer", "smith"]),
            ("  MS.   Jennifer   SMITH ", &["jennifer", "smith"]),
            ("Dr. J. Michael Smith", &["j", "michael", "smith"]),
            ("J.Michael Smith", &["j", "michael", "smith"]),
            ("Smith, Jennifer W.", &["jennifer", "w", "smith"]),
            ("Smith, Jr., John", &["john", "smith"]),
            ("John Smith, Jr.", &["john", "smith"]),
            ("John Smith III", &["john", "smith"]),
            ("José Núñez-García", &["jose", "nunez", "garcia"]),
            ("Seán O'Brien", &["sean", "obrien"]),
            ("Mr.", &["mr"]),
            ("", &[]),
            ("N/A", &[]),
            (" UNKNOWN ", &[]),
            ("Not provided", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(words(raw), *want, "{raw}");
        }
    }

    #[test]
    fn records_generation_hyphens_and_reorderability() {
        let p = parse("Anna Smith-Jones Jr").unwrap();
        assert_eq!(p.generation, Some("jr"));
        assert_eq!(p.hyphen, vec![false, true, false]);
        assert!(p.reorderable);
        assert!(!parse("Smith, Anna").unwrap().reorderable);
        assert_eq!(
            parse("John Smith Sr., Esq.").unwrap().generation,
            Some("sr")
        );
    }

    #[test]
    fn detects_business_names_and_their_legal_forms() {
        let cases: &[(&str, bool, &[&str], &[&str])] = &[
            ("Acme Widgets, L.L.C.", true, &["acme", "widgets"], &["llc"]),
            (
                "ACME WIDGETS INCORPORATED",
                true,
                &["acme", "widgets"],
                &["inc"],
            ),
            (
                "The Smith Family Trust",
                true,
                &["smith", "family", "trust"],
                &[],
            ),
            ("Smith & Co", true, &["smith"], &["co"]),
            ("Wei Co", false, &["wei", "co"], &[]),
            (
                "Beacon Auto Repair Co.",
                true,
                &["beacon", "auto", "repair"],
                &["co"],
            ),
            ("Co Nguyen", false, &["co", "nguyen"], &[]),
            ("Jennifer Smith", false, &["jennifer", "smith"], &[]),
        ];
        for (raw, business, want_words, forms) in cases {
            let p = parse(raw).unwrap();
            assert_eq!(p.business, *business, "{raw}");
            assert_eq!(p.words, *want_words, "{raw}");
            assert_eq!(p.legal_forms, *forms, "{raw}");
        }
    }

    #[test]
    fn long_names_keep_first_and_last_words() {
        let raw = (0..40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let p = parse(&raw).unwrap();
        assert_eq!(p.words.len(), MAX_NAME_WORDS);
        assert_eq!(p.words.first().map(String::as_str), Some("w0"));
        assert_eq!(p.words.last().map(String::as_str), Some("w39"));
        assert_eq!(p.hyphen.len(), MAX_NAME_WORDS);
    }
}
