//! Address normalisation into comparable parts, following USPS Publication 28: house number, street name,
//! standard suffix, directionals, secondary unit, PO Box, city, state code, ZIP (ZIP+4 split), country.

use super::usps;
use crate::MatchAddress;
use crate::country;
use crate::text::{fold, joined, present};

/// An address reduced to comparable parts; `None` parts were missing or blank.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Address {
    pub street: Option<Street>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal: Option<Postal>,
    pub country: Option<String>,
}

impl Address {
    pub(crate) fn is_empty(&self) -> bool {
        self.street.is_none()
            && self.city.is_none()
            && self.region.is_none()
            && self.postal.is_none()
            && self.country.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Street {
    /// "PO Box 123", "P.O. Box 123", "Post Office Box 123": the box number.
    PoBox(String),
    Civic(Civic),
}

/// A street line: "2493 N Leisure Ln Apt 4" → number 2493, name [leisure], suffix ln, directionals [n], unit [4].
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Civic {
    pub number: Option<String>,
    /// Every word between house number and unit, standardised, in order (directionals and suffix included).
    pub body: Vec<String>,
    pub name: Vec<String>,
    /// The name words as written (folded): a typo can hide a suffix word ("Hbrbor" is not "HBR").
    pub written_name: Vec<String>,
    pub suffix: Option<&'static str>,
    /// Pre- and post-directionals, sorted.
    pub directionals: Vec<&'static str>,
    /// The unit's identifiers without designators ("Apt 4" and "# 4" are both [4]); designators that take no
    /// number ("Rear") stand for themselves.
    pub unit: Vec<String>,
}

/// A postal code: US ZIP+4 splits into the ZIP and the +4; other countries' codes stay whole.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Postal {
    pub main: String,
    pub plus4: Option<String>,
}

pub(crate) fn parse(address: &MatchAddress) -> Address {
    Address {
        street: present(address.street.as_deref()).and_then(street),
        city: present(address.city.as_deref())
            .map(city)
            .filter(|c| !c.is_empty()),
        region: present(address.region.as_deref())
            .map(region)
            .filter(|r| !r.is_empty()),
        postal: present(address.postal_code.as_deref()).and_then(postal),
        country: present(address.country.as_deref())
            .map(country::normalise)
            .filter(|c| !c.is_empty()),
    }
}

/// The folded words of a line, written one after another into one buffer: a street line is read without a
/// `String` per word.
struct Words {
    text: String,
    ends: Vec<usize>,
}

impl Words {
    fn list(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let word = &self.text[start..end];
                start = end;
                word
            })
            .collect()
    }

    /// The word being written.
    fn current(&self) -> &str {
        &self.text[self.ends.last().copied().unwrap_or(0)..]
    }

    /// Ends the word being written, without its trailing "-" or "/"; an empty word is dropped.
    fn end_word(&mut self) {
        let start = self.ends.last().copied().unwrap_or(0);
        let kept = self.text[start..].trim_end_matches(['-', '/']).len();
        self.text.truncate(start + kept);
        if kept > 0 {
            self.ends.push(self.text.len());
        }
    }
}

/// Folded words; "#" is a word of its own, and "-" or "/" stay inside numbers ("112-10", "1/2").
fn words(raw: &str) -> Words {
    let folded = fold(raw);
    let mut words = Words {
        text: String::with_capacity(folded.len()),
        ends: Vec::new(),
    };
    for c in folded.chars() {
        match c {
            c if c.is_alphanumeric() => words.text.push(c),
            '-' | '/' if words.current().ends_with(|d: char| d.is_ascii_digit()) => {
                words.text.push(c);
            }
            '\'' => {}
            '#' => {
                words.end_word();
                words.text.push('#');
                words.end_word();
            }
            _ => words.end_word(),
        }
    }
    words.end_word();
    words
}

fn street(raw: &str) -> Option<Street> {
    let words = words(raw);
    let words = words.list();
    let is = |at: usize, w: &[&str]| words.len() >= at + w.len() && words[at..at + w.len()] == *w;
    let box_at = [
        &["po", "box"][..],
        &["p", "o", "box"],
        &["post", "office", "box"],
        &["pob"],
        &["box"],
    ]
    .iter()
    .find(|prefix| is(0, prefix))
    .map(|prefix| prefix.len());
    if let Some(at) = box_at.filter(|at| *at < words.len()) {
        return Some(Street::PoBox(trim_zeros(&words[at..].concat())));
    }
    let mut civic = Civic::default();
    let mut start = 0;
    if words
        .first()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        let mut number = words[0].to_owned();
        if let Some(fraction) = words.get(1).filter(|w| w.contains('/')) {
            number.push(' ');
            number.push_str(fraction);
        }
        start = number.split(' ').count();
        civic.number = Some(number);
    }
    let (body, unit) = split_unit(&words[start.min(words.len())..]);
    civic.unit = unit;
    civic.body = body.iter().map(|w| name_word(w)).collect();
    let mut body: Vec<&str> = body.to_vec();
    if body.len() >= 2
        && let Some(d) = body.last().and_then(|w| usps::directional(w))
    {
        civic.directionals.push(d);
        body.pop();
    }
    if body.len() >= 2
        && let Some(s) = body.last().and_then(|w| usps::suffix(w))
    {
        civic.suffix = Some(s);
        body.pop();
    }
    if body.len() >= 2
        && let Some(d) = usps::directional(body[0])
    {
        civic.directionals.push(d);
        body.remove(0);
    }
    civic.directionals.sort_unstable();
    civic.written_name = body.iter().map(|w| (*w).to_owned()).collect();
    civic.name = body.into_iter().map(name_word).collect();
    (civic.number.is_some() || !civic.name.is_empty()).then_some(Street::Civic(civic))
}

/// Splits the words after the house number into street body and secondary unit. A designator needs a street
/// word before it, so "Key West Dr" and "Front St" stay street names.
fn split_unit<'w>(words: &'w [&'w str]) -> (&'w [&'w str], Vec<String>) {
    let looks_like_id = |w: &&str| w.chars().any(|c| c.is_ascii_digit()) || w.chars().count() <= 2;
    for at in 1..words.len() {
        let Some((designator, needs_id)) = usps::unit_designator(words[at]) else {
            continue;
        };
        let rest = &words[at + 1..];
        if needs_id
            && rest
                .first()
                .is_some_and(|w| designator == "#" || looks_like_id(w))
        {
            return (&words[..at], unit_ids(rest));
        }
        if !needs_id && rest.is_empty() && at >= 2 {
            return (&words[..at], vec![designator.to_owned()]);
        }
    }
    // "123 Main St 4B": a trailing number right after a suffix is a unit without designator.
    if let [body @ .., before, last] = words
        && !body.is_empty()
        && usps::suffix(before).is_some()
        && last.chars().any(|c| c.is_ascii_digit())
    {
        return (&words[..words.len() - 1], vec![trim_zeros(last)]);
    }
    (words, Vec::new())
}

/// Unit identifiers with designators dropped (so "Apt 4 Bldg 2" and "#4 2" agree) and leading zeros trimmed.
fn unit_ids(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .filter_map(|w| match usps::unit_designator(w) {
            Some((_, true)) => None,
            Some((abbreviation, false)) => Some(abbreviation.to_owned()),
            None => Some(trim_zeros(w)),
        })
        .collect()
}

fn trim_zeros(word: &str) -> String {
    let trimmed = word.trim_start_matches('0');
    if trimmed.is_empty() {
        word.to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A street-name word in its standard form: ordinals as digits, directionals and suffix words abbreviated
/// ("Mount Vernon" → "mt vernon"), "Saint" → "st".
fn name_word(word: &str) -> String {
    let standard = usps::ordinal(word)
        .or_else(|| usps::directional(word))
        .or_else(|| usps::suffix(word))
        .or_else(|| (word == "saint").then_some("st"));
    standard.unwrap_or(word).to_owned()
}

/// City words with the abbreviations USPS uses in place names ("Saint Louis" = "St Louis", "North Las Vegas" =
/// "N Las Vegas", "Fort Worth" = "Ft Worth").
fn city(raw: &str) -> String {
    joined(&fold(raw), city_word)
}

fn city_word(word: &str) -> &str {
    match word {
        "saint" => "st",
        "sainte" => "ste",
        "fort" => "ft",
        "mount" => "mt",
        other => usps::directional(other).unwrap_or(other),
    }
}

/// The state code when the region is a US state or possession in either spelling, else the folded words.
fn region(raw: &str) -> String {
    let words = joined(&fold(raw), |word| word);
    usps::state(&words).map_or(words, str::to_owned)
}

fn postal(raw: &str) -> Option<Postal> {
    let code: String = fold(raw).chars().filter(|c| c.is_alphanumeric()).collect();
    if code.is_empty() {
        return None;
    }
    let all_digits = code.chars().all(|c| c.is_ascii_digit());
    Some(if all_digits && code.len() == 9 {
        Postal {
            main: code[..5].to_owned(),
            plus4: Some(code[5..].to_owned()),
        }
    } else {
        Postal {
            main: code,
            plus4: None,
        }
    })
}

#[cfg(test)]
mod tests;
