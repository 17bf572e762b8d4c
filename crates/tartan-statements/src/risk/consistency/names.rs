//! `NAME_FORMAT_ANOMALY` and `ADDRESS_FORMAT_ANOMALY`: the holder block, and the holder's name wherever
//! else it is printed, written one way but in one spot.
//!
//! Inside the mailing block every line comes out of one template in one case (`JANE Q DOE` / `1234 GRAND
//! AVE` / `OAKLAND CA 94103`, or all capitalised). A line in another case is the retyped one: a name line
//! is a name anomaly, a street or city line an address anomaly. A city line in capitals under capitalised
//! lines is the postal convention (Royal Mail, Australia Post and USPS ask for the post town in capitals),
//! not an edit, so a city line in capitals is never the odd one out. It still counts for capitals, which
//! leaves one case undecidable: a capitalised name over a street and post town in capitals reads as a
//! retyped name, though the street may be the retyped line (either way the block is reported). Outside the block, the holder's name may
//! repeat in page headers ("Statement for Jane Q. Doe"); those repeats are compared with each other (not
//! with the block, which banks often set in capitals while headers are not) by case and by how initials
//! are written.

use super::{super::signal, lone_outlier};
use crate::{RiskSignal, extract::holder::Block, text::layout::Segment};

/// Name repeats outside the block that must agree before a lone exception counts.
const REPEAT_MAJORITY: usize = 3;
/// Words that keep their case inside capitalised names (particles) and never decide a line's case.
const PARTICLES: [&str; 12] = [
    "de", "la", "van", "von", "der", "den", "da", "di", "du", "le", "del", "bin",
];

/// How a name is written: its case, and whether its initials carry a dot.
type NameForm = (Option<Case>, Option<bool>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Capitals,
    Capitalised,
    Lower,
    Mixed,
}

pub(super) fn signals(lines: &[Segment], block: &Block) -> Vec<RiskSignal> {
    let mut out = Vec::new();
    let cased: Vec<(usize, Case)> = block
        .name_lines
        .iter()
        .chain(&block.street_lines)
        .chain(&block.city_lines)
        .filter_map(|&i| case_of(&lines[i].text).map(|c| (i, c)))
        .collect();
    let postal_capitals =
        |odd: &usize| block.city_lines.contains(odd) && cased.contains(&(*odd, Case::Capitals));
    if let Some(odd) = lone_outlier(&cased, 2).filter(|odd| !postal_capitals(odd)) {
        let (kind, what) = if block.name_lines.contains(&odd) {
            ("NAME_FORMAT_ANOMALY", "name")
        } else {
            ("ADDRESS_FORMAT_ANOMALY", "address")
        };
        let desc = format!(
            "The account holder's {what} is written in a different case from the rest of the mailing block"
        );
        out.push(signal(kind, true, desc, lines[odd].page));
    }
    out.extend(repeated_name(lines, block));
    out
}

/// The holder's first name repeated outside the block, in a form that differs from every other repeat.
fn repeated_name(lines: &[Segment], block: &Block) -> Option<RiskSignal> {
    let name = block.holder.names.first()?;
    let tokens = name_tokens(name);
    if tokens.len() < 2 {
        return None;
    }
    let mut forms: Vec<(usize, NameForm)> = Vec::new();
    for (i, seg) in lines.iter().enumerate() {
        if block.name_lines.contains(&i) {
            continue;
        }
        let Some(spot) = find_tokens(&seg.text, &tokens) else {
            continue;
        };
        forms.push((i, (case_of(&spot), initial_dots(&spot))));
    }
    let odd = lone_outlier(&forms, REPEAT_MAJORITY)?;
    Some(signal(
        "NAME_FORMAT_ANOMALY",
        true,
        "The account holder's name is written differently here from everywhere else in the document",
        lines[odd].page,
    ))
}

/// The words of a name, lower case, without punctuation.
fn name_tokens(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The stretch of `text` that spells the name (its words in order, nothing between), as printed.
fn find_tokens(text: &str, tokens: &[String]) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let norm: Vec<String> = words
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let start = norm.windows(tokens.len()).position(|w| w == tokens)?;
    Some(words[start..start + tokens.len()].join(" "))
}

/// Whether single-letter initials carry a dot (`Q.`), `None` without initials.
fn initial_dots(name: &str) -> Option<bool> {
    name.split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .find(|w| w.trim_end_matches('.').chars().count() == 1)
        .map(|w| w.ends_with('.'))
}

/// The case a line is set in, judged on words of three letters or more (initials, state codes and
/// directions never decide it); `None` when it has no such word.
fn case_of(text: &str) -> Option<Case> {
    let mut seen: Option<Case> = None;
    for word in text.split_whitespace() {
        let w = word.trim_matches(|c: char| matches!(c, ',' | '.' | '\'' | '-' | '(' | ')'));
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 3
            || w.chars()
                .any(|c| !c.is_alphabetic() && c != '\'' && c != '-')
        {
            continue;
        }
        if PARTICLES.contains(&w) {
            continue;
        }
        let case = if w.chars().all(|c| !c.is_lowercase()) {
            Case::Capitals
        } else if w.starts_with(char::is_uppercase) {
            Case::Capitalised
        } else if w.chars().all(|c| !c.is_uppercase()) {
            Case::Lower
        } else {
            Case::Mixed
        };
        seen = match seen {
            None => Some(case),
            Some(c) if c == case => Some(c),
            Some(_) => Some(Case::Mixed),
        };
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::super::tests::seg;
    use super::*;
    use crate::Holder;

    fn block_of(lines: &[&str], names: usize) -> (Vec<Segment>, Block) {
        let segs: Vec<Segment> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| seg(i, 1, t))
            .collect();
        let block = Block {
            holder: Holder {
                names: lines[..names].iter().map(|s| (*s).to_string()).collect(),
                address: None,
            },
            name_lines: (0..names).collect(),
            street_lines: vec![names],
            city_lines: (names + 1..lines.len()).collect(),
        };
        (segs, block)
    }

    fn kinds(lines: &[Segment], block: &Block) -> Vec<String> {
        signals(lines, block).into_iter().map(|s| s.kind).collect()
    }

    #[test]
    fn a_block_in_one_case_is_consistent() {
        let (s, b) = block_of(
            &[
                "JANE Q DOE",
                "4410 N DIVISION ST UNIT 12",
                "SPOKANE, WA 99207-1834",
            ],
            1,
        );
        assert!(kinds(&s, &b).is_empty());
        let (s, b) = block_of(
            &[
                "Jane Q. Doe",
                "4410 N Division St Unit 12",
                "Spokane, WA 99207",
            ],
            1,
        );
        assert!(kinds(&s, &b).is_empty());
        let (s, b) = block_of(
            &["Marie de la Cruz", "12 Rue Street", "Toronto ON M5V 2T6"],
            1,
        );
        assert!(kinds(&s, &b).is_empty());
    }

    #[test]
    fn one_line_in_another_case_is_a_name_or_address_anomaly() {
        let (s, b) = block_of(
            &["Jane Q. Doe", "4410 N DIVISION ST", "Spokane, WA 99207"],
            1,
        );
        assert_eq!(kinds(&s, &b), ["ADDRESS_FORMAT_ANOMALY"]);
        let (s, b) = block_of(
            &[
                "Jane Q. Doe",
                "JOHN DOE",
                "4410 N DIVISION ST",
                "SPOKANE, WA 99207",
            ],
            2,
        );
        assert_eq!(kinds(&s, &b), ["NAME_FORMAT_ANOMALY"]);
        // A capitals post town is the convention under capitalised lines, and never the odd one out.
        let (s, b) = block_of(
            &["Desmond Okonkwo", "3553 Quarry Hill Road", "LEEDS LS1 4AP"],
            1,
        );
        assert!(kinds(&s, &b).is_empty());
        let (s, b) = block_of(
            &[
                "JANE Q DOE",
                "ROBERT DOE",
                "4410 N Division St",
                "SPOKANE, WA 99207",
            ],
            2,
        );
        assert_eq!(kinds(&s, &b), ["ADDRESS_FORMAT_ANOMALY"]);
    }

    #[test]
    fn repeats_of_the_name_outside_the_block_agree_but_one() {
        let (mut s, b) = block_of(
            &["JANE Q DOE", "4410 N DIVISION ST", "SPOKANE, WA 99207"],
            1,
        );
        for (i, t) in [
            "Statement for Jane Q. Doe",
            "Statement for Jane Q. Doe",
            "Statement for Jane Q. Doe",
            "Statement for Jane Q Doe",
        ]
        .iter()
        .enumerate()
        {
            s.push(seg(3 + i, 2 + i as u32, t));
        }
        let found = signals(&s, &b);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].kind.as_str(), found[0].page_number),
            ("NAME_FORMAT_ANOMALY", 5)
        );
        s.pop();
        assert!(
            kinds(&s, &b).is_empty(),
            "capitals in the block against headers is a template"
        );
    }
}
