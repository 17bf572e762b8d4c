//! Address scoring: 100 when every part present on both sides agrees after Pub 28 normalisation; tolerated
//! differences cost points (a missing unit lands in the 70–89 "partial" band); a different house number, street,
//! unit, city or country caps the score below 70 whatever else agrees.

use super::parse::{Address, Civic, Street};
use super::usps;
use crate::text::typo_edits;

/// Penalties: a part written on one side only, and tolerated disagreements.
const UNIT_MISSING: u32 = 15;
const NUMBER_MISSING: u32 = 10;
const SUFFIX_MISSING: u32 = 4;
const SUFFIX_DIFFERS: u32 = 25;
const DIRECTIONAL_MISSING: u32 = 3;
const NAME_SPACING: u32 = 1;
const NAME_TYPO: u32 = 8;
const NAME_TWO_TYPOS: u32 = 14;
const NAME_EXTRA_WORD: u32 = 6;
const CITY_MISSING: u32 = 2;
const CITY_TYPO: u32 = 5;
/// Another city name for the same ZIP (USPS "acceptable" city names, e.g. a neighbourhood).
const CITY_ALIAS: u32 = 20;
const REGION_MISSING: u32 = 1;
const REGION_DIFFERS: u32 = 10;
const POSTAL_MISSING: u32 = 2;
const PLUS4_DIFFERS: u32 = 2;
/// A ZIP that disagrees while the city agrees: most often a mistyped ZIP.
const POSTAL_DIFFERS: u32 = 12;

/// Caps: the best score a pair can reach once the named part disagrees.
const CAP_OTHER_STREET: u8 = 35;
const CAP_PO_BOX: u8 = 40;
const CAP_OTHER_HOUSE: u8 = 50;
const CAP_OTHER_CITY: u8 = 55;
const CAP_OTHER_UNIT: u8 = 60;
const CAP_OTHER_DIRECTIONAL: u8 = 60;
const CAP_OTHER_COUNTRY: u8 = 30;
/// No house number on one side: at best partial.
const CAP_NUMBER_MISSING: u8 = 79;
/// A street on one side only: city, region and ZIP alone cannot make a strong match.
const CAP_NO_STREET: u8 = 80;

/// One address comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub score: u8,
    pub postal_match: bool,
}

/// Accumulates penalties and caps.
struct Tally {
    penalty: u32,
    cap: u8,
    compared: bool,
}

impl Tally {
    fn cost(&mut self, points: u32) {
        self.penalty += points;
    }

    fn cap(&mut self, cap: u8) {
        self.cap = self.cap.min(cap);
    }
}

/// Scores two parsed addresses; `None` when no part is present on both sides.
pub(crate) fn score(a: &Address, b: &Address) -> Option<Outcome> {
    let mut t = Tally {
        penalty: 0,
        cap: 100,
        compared: false,
    };
    let postal_match = matches!((&a.postal, &b.postal), (Some(x), Some(y)) if x.main == y.main);
    match (&a.street, &b.street) {
        (Some(x), Some(y)) => {
            t.compared = true;
            street(x, y, &mut t);
        }
        (None, None) => {}
        _ => t.cap(CAP_NO_STREET),
    }
    match (&a.city, &b.city) {
        (Some(x), Some(y)) => {
            t.compared = true;
            if x != y {
                if typo_edits(x, y).is_some() {
                    t.cost(CITY_TYPO);
                } else if postal_match {
                    t.cost(CITY_ALIAS);
                } else {
                    t.cap(CAP_OTHER_CITY);
                }
            }
        }
        (None, None) => {}
        _ => t.cost(CITY_MISSING),
    }
    match (&a.region, &b.region) {
        (Some(x), Some(y)) => {
            t.compared = true;
            if x != y {
                t.cost(REGION_DIFFERS);
            }
        }
        (None, None) => {}
        _ => t.cost(REGION_MISSING),
    }
    match (&a.postal, &b.postal) {
        (Some(x), Some(y)) => {
            t.compared = true;
            if x.main != y.main {
                t.cost(POSTAL_DIFFERS);
            } else if matches!((&x.plus4, &y.plus4), (Some(p), Some(q)) if p != q) {
                t.cost(PLUS4_DIFFERS);
            }
        }
        (None, None) => {}
        _ => t.cost(POSTAL_MISSING),
    }
    if let (Some(x), Some(y)) = (&a.country, &b.country)
        && x != y
    {
        t.cap(CAP_OTHER_COUNTRY);
    }
    if !t.compared {
        return None;
    }
    let score = u8::try_from(100u32.saturating_sub(t.penalty))
        .unwrap_or(0)
        .min(t.cap);
    Some(Outcome {
        score,
        postal_match,
    })
}

fn street(a: &Street, b: &Street, t: &mut Tally) {
    match (a, b) {
        (Street::PoBox(x), Street::PoBox(y)) if x == y => {}
        (Street::Civic(x), Street::Civic(y)) => civic(x, y, t),
        _ => t.cap(CAP_PO_BOX),
    }
}

fn civic(a: &Civic, b: &Civic, t: &mut Tally) {
    match (&a.number, &b.number) {
        (Some(x), Some(y)) if x != y => t.cap(CAP_OTHER_HOUSE),
        (Some(_), None) | (None, Some(_)) => {
            t.cost(NUMBER_MISSING);
            t.cap(CAP_NUMBER_MISSING);
        }
        _ => {}
    }
    if let Some(cost) = one_word_dropped(&a.body, &b.body) {
        // Decided on the whole line: where the name ends and the suffix begins is ambiguous when a word is
        // missing ("Northwest Center" against "Northwest Center Avenue").
        t.cost(cost);
    } else {
        street_parts(a, b, t);
    }
    if a.unit != b.unit {
        if a.unit.is_empty() || b.unit.is_empty() {
            t.cost(UNIT_MISSING);
        } else {
            t.cap(CAP_OTHER_UNIT);
        }
    }
}

/// The cost when the two street bodies are equal, or equal but for one suffix or directional word on one side.
fn one_word_dropped(a: &[String], b: &[String]) -> Option<u32> {
    if a == b {
        return Some(0);
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 || short.is_empty() {
        return None;
    }
    let at = long
        .iter()
        .zip(short)
        .position(|(x, y)| x != y)
        .unwrap_or(short.len());
    if long[..at] != short[..at] || long[at + 1..] != short[at..] {
        return None;
    }
    let word = long[at].as_str();
    if usps::directional(word).is_some() {
        Some(DIRECTIONAL_MISSING)
    } else if usps::suffix(word).is_some() {
        Some(SUFFIX_MISSING)
    } else {
        None
    }
}

fn street_parts(a: &Civic, b: &Civic, t: &mut Tally) {
    street_name(a, b, t);
    match (a.suffix, b.suffix) {
        (Some(x), Some(y)) if x != y => t.cost(SUFFIX_DIFFERS),
        (Some(_), None) | (None, Some(_)) => t.cost(SUFFIX_MISSING),
        _ => {}
    }
    if a.directionals != b.directionals {
        if a.directionals.is_empty() || b.directionals.is_empty() {
            t.cost(DIRECTIONAL_MISSING);
        } else {
            t.cap(CAP_OTHER_DIRECTIONAL);
        }
    }
}

fn street_name(a: &Civic, b: &Civic, t: &mut Tally) {
    if a.name == b.name {
        return;
    }
    let (x, y) = (a.name.join(" "), b.name.join(" "));
    // Typos hide standard forms: compare as written too, with ordinals spelled out ("3rd" against "Thrd").
    let spelled = |c: &Civic| {
        let words: Vec<&str> = c
            .written_name
            .iter()
            .map(|w| usps::spelled_ordinal(w).unwrap_or(w))
            .collect();
        words.join(" ")
    };
    let typo = typo_edits(&x, &y).or_else(|| typo_edits(&spelled(a), &spelled(b)));
    let (a, b) = (&a.name, &b.name);
    if x.replace(' ', "") == y.replace(' ', "") {
        t.cost(NAME_SPACING);
    } else if let Some(edits) = typo {
        t.cost(if edits == 1 {
            NAME_TYPO
        } else {
            NAME_TWO_TYPOS
        });
    } else if !a.is_empty()
        && !b.is_empty()
        && (a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)))
    {
        t.cost(NAME_EXTRA_WORD);
    } else {
        t.cap(CAP_OTHER_STREET);
    }
}
