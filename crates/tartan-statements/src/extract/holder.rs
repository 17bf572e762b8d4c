//! The account holder block: up to four name lines over a street line over a "City ST 12345" line, all
//! left-aligned (the window-envelope block every US and Canadian statement prints). Several blocks can
//! exist (the bank's own return address is the usual decoy), so each candidate is scored: person-like
//! name lines and a "Prepared for"/"Account holder" label count for it, bank words and a letterhead (a name
//! printed larger than its address) count against it.

use crate::{Holder, PostalAddress, text::layout::Segment};

mod postal;
mod words;

use postal::{CityLine, parse_city};
use words::{BANK_WORDS, FIELD_WORDS, HEADING_WORDS, HOLDER_LABELS, UNIT_WORDS, WEAK_BANK_WORDS};

/// Most name lines read above a street line.
const MAX_NAME_LINES: usize = 4;

struct Candidate {
    score: i32,
    block: Block,
}

/// The holder and where it is printed: the segments of its name, street and city lines (empty for a
/// labelled name without an address block; a one-line address is a street line).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub holder: Holder,
    pub name_lines: Vec<usize>,
    pub street_lines: Vec<usize>,
    pub city_lines: Vec<usize>,
}

/// The best holder block in the document.
pub(crate) fn find(segs: &[Segment]) -> Option<Block> {
    let mut best: Option<Candidate> = None;
    for (i, seg) in segs.iter().enumerate() {
        let Some(c) = candidate_at(segs, i, seg) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| c.score > b.score) {
            best = Some(c);
        }
    }
    best.map(|c| c.block).or_else(|| labelled_name(segs))
}

/// A block whose city line is `segs[i]`.
fn candidate_at(segs: &[Segment], i: usize, seg: &Segment) -> Option<Candidate> {
    let (street, city_line, top, street_lines, city_lines) =
        if let Some(split) = one_line_address(&seg.text) {
            (split.0, split.1, i, vec![i], Vec::new())
        } else {
            let (city_line, town) = city_lines(segs, i)?;
            let j = above(segs, town)?;
            let (street, top) = street_lines(segs, j)?;
            let streets: Vec<usize> = if j == top { vec![j] } else { vec![top, j] };
            let cities: Vec<usize> = if town == i { vec![i] } else { vec![town, i] };
            (street, city_line, top, streets, cities)
        };
    let CityLine {
        city,
        region,
        postal_code,
        country,
    } = city_line;
    let mut names = Vec::new();
    let mut name_lines = Vec::new();
    let mut name_sizes = Vec::new();
    let mut k = above(segs, top);
    let mut labelled = false;
    while let Some(idx) = k {
        let text = strip_label(&segs[idx].text);
        if is_holder_label(&segs[idx].text) && text.is_empty() {
            labelled = true;
            break;
        }
        if names.len() >= MAX_NAME_LINES || !is_name_like(&text) {
            break;
        }
        labelled |= text.len() < segs[idx].text.len();
        names.push(text);
        name_lines.push(idx);
        name_sizes.push(segs[idx].size);
        k = above(segs, idx);
    }
    names.reverse();
    name_lines.reverse();
    let names: Vec<String> = names.iter().flat_map(|n| split_joint(n)).collect();
    let bank = names.iter().any(|n| has_word(n, BANK_WORDS));
    let weak_bank = !bank && names.iter().any(|n| has_word(n, WEAK_BANK_WORDS));
    // A letterhead: the bank's name set larger than the return address under it. A mailing block is one size.
    let letterhead = name_sizes.iter().any(|&s| s > 1.25 * segs[top].size);
    let score = i32::from(!names.is_empty()) * 10 + i32::from(labelled) * 5
        - i32::from(bank) * 20
        - i32::from(weak_bank) * 5
        - i32::from(letterhead) * 5
        + i32::from(seg.page == 1) * 2;
    let address = PostalAddress {
        street,
        city: Some(city),
        region,
        postal_code: Some(postal_code),
        country: Some(country.into()),
    };
    Some(Candidate {
        score,
        block: Block {
            holder: Holder {
                names,
                address: Some(address),
            },
            name_lines,
            street_lines,
            city_lines,
        },
    })
}

/// The street line(s) ending at `segs[j]`: a street, or a street with a unit line under it.
fn street_lines(segs: &[Segment], j: usize) -> Option<(String, usize)> {
    let text = &segs[j].text;
    if is_street(text) {
        return Some((text.clone(), j));
    }
    if has_word(text, UNIT_WORDS) || text.starts_with('#') {
        let up = above(segs, j)?;
        if is_street(&segs[up].text) {
            return Some((format!("{}, {}", segs[up].text, text), up));
        }
    }
    None
}

/// The city line ending at `segs[i]` and the index of its first line: `OAKLAND CA 94103` on one line, or a
/// British post town with its postcode on the line under it (`YORK` / `YO1 7HH`).
fn city_lines(segs: &[Segment], i: usize) -> Option<(CityLine, usize)> {
    if let Some(city) = parse_city(&segs[i].text) {
        return Some((city, i));
    }
    if !postal::is_uk_postcode(segs[i].text.trim()) {
        return None;
    }
    let town = above(segs, i)?;
    let joined = format!("{} {}", segs[town].text.trim(), segs[i].text.trim());
    Some((parse_city(&joined)?, town))
}

/// "1234 GRAND AVE, OAKLAND, CA 94103" → street and city line.
fn one_line_address(text: &str) -> Option<(String, CityLine)> {
    let text = strip_label(text);
    let lower = text.to_ascii_lowercase();
    let text = ["mailing address", "address"]
        .iter()
        .find_map(|l| {
            lower
                .starts_with(l)
                .then(|| text[l.len()..].trim_start_matches([':', ' ']).to_string())
        })
        .unwrap_or(text);
    let (street, rest) = text.split_once(',')?;
    let city = parse_city(rest.trim())?;
    is_street(street).then(|| (street.trim().to_string(), city))
}

/// The segment printed directly above `segs[i]` in the same column, if any.
fn above(segs: &[Segment], i: usize) -> Option<usize> {
    let seg = &segs[i];
    let tol = (0.6 * seg.size).max(2.0);
    (i.saturating_sub(40)..i).rev().find(|&j| {
        let s = &segs[j];
        let gap = s.baseline - seg.baseline;
        s.page == seg.page
            && s.line != seg.line
            && (s.x0 - seg.x0).abs() <= tol
            && gap >= 0.5 * seg.size
            && gap <= 2.6 * seg.size
    })
}

/// "1234 GRAND AVE", "12B Elm St Apt 4", "PO BOX 99".
fn is_street(text: &str) -> bool {
    let upper = text.trim().to_ascii_uppercase();
    let mut words = upper.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let numbered = first.starts_with(|c: char| c.is_ascii_digit())
        && first.chars().filter(char::is_ascii_digit).count() <= 6
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && second.chars().any(|c| c.is_ascii_alphabetic());
    let po_box = upper
        .replace('.', "")
        .replace("P O ", "PO ")
        .starts_with("PO BOX");
    (numbered || po_box) && text.len() <= 60 && parse_city(text).is_none() && !has_label(text)
}

/// Two to eight words of letters (and `.'-,&`), none of them a statement heading word or a field label
/// used as a label (see [`has_label`]).
fn is_name_like(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&words.len())
        && letters >= 4
        && text
            .chars()
            .all(|c| c.is_alphabetic() || " .'-,&".contains(c))
        && !has_label(text)
}

/// Whether `text` reads as a statement heading or label: it has a heading word ("ACCOUNT SUMMARY"), or a
/// field word where a label stands — first on the line ("Page 1 of 2", "Date"), or followed by `:` or a
/// number ("Statement Page: 2"). "JIMMY PAGE" and "1234 PAGE MILL RD" are not labels.
fn has_label(text: &str) -> bool {
    let upper = text.to_uppercase();
    let tokens: Vec<&str> = upper.split_whitespace().collect();
    tokens.iter().enumerate().any(|(i, tok)| {
        let words = || tok.split(|c: char| !c.is_alphanumeric() && c != '.');
        if words().any(|w| HEADING_WORDS.contains(&w)) {
            return true;
        }
        words().any(|w| FIELD_WORDS.contains(&w))
            && (i == 0
                || tok.contains(':')
                || tokens
                    .get(i + 1)
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit() || c == ':')))
    })
}

/// "JANE DOE AND JOHN DOE" → two holders; "JANE & JOHN DOE" stays one line as printed.
fn split_joint(line: &str) -> Vec<String> {
    for sep in [" AND ", " and ", " And ", " & "] {
        if let Some((a, b)) = line.split_once(sep)
            && a.split_whitespace().count() >= 2
            && b.split_whitespace().count() >= 2
        {
            return vec![a.trim().to_string(), b.trim().to_string()];
        }
    }
    vec![line.trim().to_string()]
}

/// The holder label `text` starts with, if any (a whole word: "Name:" is one, "Nameer" is not).
fn holder_label(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    HOLDER_LABELS
        .iter()
        .copied()
        .find(|l| lower.starts_with(l) && !lower[l.len()..].starts_with(char::is_alphabetic))
}

fn is_holder_label(text: &str) -> bool {
    holder_label(text).is_some()
}

/// "Prepared for: JANE DOE" → "JANE DOE"; text without a holder label is returned trimmed.
fn strip_label(text: &str) -> String {
    match holder_label(text) {
        Some(label) => {
            let rest = text[label.len()..].trim_start();
            let rest = rest.strip_prefix("(s)").unwrap_or(rest);
            rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace())
                .trim()
                .to_string()
        }
        None => text.trim().to_string(),
    }
}

fn has_word(text: &str, list: &[&str]) -> bool {
    let upper = text.to_uppercase();
    upper
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .any(|w| list.contains(&w))
}

/// "Account Holder: Jane Doe" with no address block near it.
fn labelled_name(segs: &[Segment]) -> Option<Block> {
    segs.iter().find_map(|s| {
        let name = strip_label(&s.text);
        (is_holder_label(&s.text) && is_name_like(&name)).then(|| Block {
            holder: Holder {
                names: split_joint(&name),
                address: None,
            },
            name_lines: Vec::new(),
            street_lines: Vec::new(),
            city_lines: Vec::new(),
        })
    })
}

#[cfg(test)]
mod tests;
