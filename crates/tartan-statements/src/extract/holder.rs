//! The account holder block: up to four name lines over a street line over a "City ST 12345" line, all
//! left-aligned (the window-envelope block every US and Canadian statement prints). Several blocks can
//! exist (the bank's own return address is the usual decoy), so each candidate is scored: person-like
//! name lines and a "Prepared for"/"Account holder" label count for it, bank words and a letterhead (a name
//! printed larger than its address) count against it.

use crate::{Holder, PostalAddress, text::layout::Segment};

mod words;

use words::{
    BANK_WORDS, FIELD_WORDS, HEADING_WORDS, HOLDER_LABELS, PROVINCES, STATES, UNIT_WORDS,
    WEAK_BANK_WORDS,
};

/// Most name lines read above a street line.
const MAX_NAME_LINES: usize = 4;

struct Candidate {
    score: i32,
    holder: Holder,
}

/// The best holder block in the document.
pub(crate) fn find(segs: &[Segment]) -> Option<Holder> {
    let mut best: Option<Candidate> = None;
    for (i, seg) in segs.iter().enumerate() {
        let Some(c) = candidate_at(segs, i, seg) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| c.score > b.score) {
            best = Some(c);
        }
    }
    best.map(|c| c.holder).or_else(|| labelled_name(segs))
}

/// A block whose city line is `segs[i]`.
fn candidate_at(segs: &[Segment], i: usize, seg: &Segment) -> Option<Candidate> {
    let (street, city_text, top) = if let Some(split) = one_line_address(&seg.text) {
        (split.0, split.1, i)
    } else {
        parse_city(&seg.text)?;
        let j = above(segs, i)?;
        let (street, top) = street_lines(segs, j)?;
        (street, seg.text.clone(), top)
    };
    let (city, region, postal_code, country) = parse_city(&city_text)?;
    let mut names = Vec::new();
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
        name_sizes.push(segs[idx].size);
        k = above(segs, idx);
    }
    names.reverse();
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
        region: Some(region),
        postal_code: Some(postal_code),
        country: Some(country),
    };
    Some(Candidate {
        score,
        holder: Holder {
            names,
            address: Some(address),
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

/// "1234 GRAND AVE, OAKLAND, CA 94103" → street and city line.
fn one_line_address(text: &str) -> Option<(String, String)> {
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
    (is_street(street) && parse_city(rest.trim()).is_some())
        .then(|| (street.trim().to_string(), rest.trim().to_string()))
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

/// City, region, postal code and country from "OAKLAND, CA 94103-1234" or "Toronto ON M5V 2T6".
fn parse_city(text: &str) -> Option<(String, String, String, String)> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while let Some(last) = words.last() {
        let l = last
            .trim_matches(|c: char| c == ',' || c == '.')
            .to_ascii_uppercase();
        if matches!(l.as_str(), "USA" | "US" | "CANADA") || l == "STATES" && words.len() > 1 {
            words.pop();
            if l == "STATES" {
                words.pop();
            }
        } else {
            break;
        }
    }
    let clean = |w: &str| w.trim_matches(',').to_string();
    let n = words.len();
    let (postal, region_at, country) = if n >= 3 && is_zip(&clean(words[n - 1])) {
        (clean(words[n - 1]), n - 2, "US")
    } else if n >= 4 && is_fsa(words[n - 2]) && is_ldu(&clean(words[n - 1])) {
        (
            format!("{} {}", words[n - 2], clean(words[n - 1])),
            n - 3,
            "CA",
        )
    } else {
        return None;
    };
    let region = clean(words[region_at]).to_ascii_uppercase();
    let known = if country == "US" {
        STATES.contains(&region.as_str())
    } else {
        PROVINCES.contains(&region.as_str())
    };
    let city = words[..region_at]
        .join(" ")
        .trim_end_matches(',')
        .to_string();
    let city_ok = !city.is_empty()
        && city
            .chars()
            .all(|c| c.is_alphabetic() || " .'-".contains(c));
    (known && city_ok).then(|| (city, region, postal, country.to_string()))
}

fn is_zip(w: &str) -> bool {
    let (five, plus4) = w.split_once('-').unwrap_or((w, ""));
    five.len() == 5
        && five.bytes().all(|b| b.is_ascii_digit())
        && (plus4.is_empty() || plus4.len() == 4 && plus4.bytes().all(|b| b.is_ascii_digit()))
}

fn is_fsa(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_uppercase()
}

fn is_ldu(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_uppercase() && b[2].is_ascii_digit()
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
fn labelled_name(segs: &[Segment]) -> Option<Holder> {
    segs.iter().find_map(|s| {
        let name = strip_label(&s.text);
        (is_holder_label(&s.text) && is_name_like(&name)).then(|| Holder {
            names: split_joint(&name),
            address: None,
        })
    })
}

#[cfg(test)]
mod tests;
