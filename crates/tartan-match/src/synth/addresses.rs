//! Labelled address pairs: one dwelling written two ways (positives, including a missing unit, which Plaid
//! scores as a partial match) or two dwellings (negatives: neighbours, the same number on another street, another
//! unit in the building, the same street in another town).

use super::pools::{DIRECTIONALS, PLACES, STREETS, SUFFIXES, UNITS};
use super::{ExpectedFlags, Field, Labelled, Rng, typo, variation};
use crate::{MatchAddress, MatchOwner, MatchUser};

const POSITIVES: &[&str] = &[
    "exact",
    "abbreviations",
    "case_punctuation",
    "zip_plus4",
    "state_name",
    "unit_missing",
    "unit_designator",
    "suffix_missing",
    "street_typo",
    "city_missing",
    "secondary_address",
];
const NEGATIVES: &[&str] = &[
    "neighbour_house_number",
    "same_number_other_street",
    "same_street_other_city",
    "other_unit_same_building",
    "different_address",
    "directional_conflict",
];

/// A generated dwelling.
#[derive(Debug, Clone, PartialEq)]
struct Home {
    number: u32,
    directional: Option<usize>,
    street: String,
    suffix: Option<usize>,
    unit: Option<String>,
    place: usize,
}

/// How a dwelling is written.
#[derive(Debug, Clone, Copy, Default)]
struct Style {
    short: bool,
    dots: bool,
    upper: bool,
    designator: usize,
    plus4: Option<u16>,
    state_name: bool,
    no_city: bool,
}

fn home(rng: &mut Rng) -> Home {
    Home {
        number: 1 + rng.below(9_899) as u32,
        directional: rng.chance(0.2).then(|| rng.below(DIRECTIONALS.len())),
        street: rng.pick(STREETS).to_owned(),
        suffix: Some(rng.below(SUFFIXES.len())),
        unit: rng.chance(0.3).then(|| unit_id(rng)),
        place: rng.below(PLACES.len()),
    }
}

fn unit_id(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("{}", 1 + rng.below(40)),
        1 => format!(
            "{}{}",
            1 + rng.below(9),
            char::from(b'A' + rng.below(6) as u8)
        ),
        _ => format!("{}", 100 + rng.below(900)),
    }
}

fn style(rng: &mut Rng) -> Style {
    Style {
        short: rng.chance(0.5),
        designator: rng.below(UNITS.len()),
        ..Style::default()
    }
}

/// Abbreviations people use inside street and city names.
fn shorten(words: &str) -> String {
    let table = [
        ("Saint ", "St "),
        ("Mount ", "Mt "),
        ("Fort ", "Ft "),
        ("North ", "N "),
        ("Fifth", "5th"),
        ("Third", "3rd"),
        ("Second", "2nd"),
        ("Tenth", "10th"),
    ];
    table.iter().fold(words.to_owned(), |acc, (long, short)| {
        acc.replace(long, short)
    })
}

fn written(h: &Home, s: Style) -> MatchAddress {
    let dot = if s.dots { "." } else { "" };
    let mut street = format!("{}", h.number);
    if let Some(d) = h.directional {
        let (long, short) = DIRECTIONALS[d];
        street += &if s.short {
            format!(" {short}{dot}")
        } else {
            format!(" {long}")
        };
    }
    street += " ";
    street += &if s.short {
        shorten(&h.street)
    } else {
        h.street.clone()
    };
    if let Some(x) = h.suffix {
        let (long, short) = SUFFIXES[x];
        street += &if s.short {
            format!(" {short}{dot}")
        } else {
            format!(" {long}")
        };
    }
    if let Some(unit) = &h.unit {
        let designator = UNITS[s.designator % UNITS.len()];
        let comma = if s.dots { "," } else { "" };
        street += &if designator == "#" {
            format!("{comma} #{unit}")
        } else {
            format!("{comma} {designator} {unit}")
        };
    }
    let (city, code, state_name, zip) = PLACES[h.place];
    let city = if s.short {
        shorten(city)
    } else {
        city.to_owned()
    };
    let region = if s.state_name { state_name } else { code };
    let postal = match s.plus4 {
        Some(p) => format!("{zip}-{p:04}"),
        None => zip.to_owned(),
    };
    let case = |t: String| if s.upper { t.to_uppercase() } else { t };
    MatchAddress {
        street: Some(case(street)),
        city: (!s.no_city).then(|| case(city)),
        region: Some(case(region.to_owned())),
        postal_code: Some(postal),
        country: Some("US".to_owned()),
    }
}

pub(super) fn pair(rng: &mut Rng, i: usize) -> Labelled {
    let (name, same) = variation(i, POSITIVES, NEGATIVES);
    let mut base = home(rng);
    let s1 = style(rng);
    let mut other = base.clone();
    let mut s2 = s1;
    let mut decoy = None;
    match name {
        "exact" => {}
        "abbreviations" => s2.short = !s1.short,
        "case_punctuation" => {
            s2.upper = true;
            s2.dots = true;
        }
        "zip_plus4" => s2.plus4 = Some(rng.below(10_000) as u16),
        "state_name" => s2.state_name = true,
        "unit_missing" => {
            base.unit = Some(unit_id(rng));
            other.unit = None;
        }
        "unit_designator" => {
            base.unit = Some(unit_id(rng));
            other.unit = base.unit.clone();
            s2.designator = (s1.designator + 1 + rng.below(UNITS.len() - 1)) % UNITS.len();
        }
        "suffix_missing" => other.suffix = None,
        "street_typo" => {
            while base.street.len() < 5 || base.street.contains(' ') {
                base.street = rng.pick(STREETS).to_owned();
            }
            other.street = typo(rng, &base.street);
        }
        "city_missing" => s2.no_city = true,
        "secondary_address" => decoy = Some(home(rng)),
        "neighbour_house_number" => {
            let delta = 2 + rng.below(40) as u32;
            other.number = if base.number > delta && rng.chance(0.5) {
                base.number - delta
            } else {
                base.number + delta
            };
        }
        "same_number_other_street" => {
            while other.street == base.street {
                other.street = rng.pick(STREETS).to_owned();
            }
        }
        "same_street_other_city" => {
            while PLACES[other.place].0 == PLACES[base.place].0 {
                other.place = rng.below(PLACES.len());
            }
        }
        "other_unit_same_building" => {
            base.unit = Some(unit_id(rng));
            other.unit = base.unit.clone();
            while other.unit == base.unit {
                other.unit = Some(unit_id(rng));
            }
        }
        "different_address" => {
            other = home(rng);
            while other.number == base.number || other.street == base.street {
                other = home(rng);
            }
        }
        _ => {
            base.directional = Some(rng.below(4));
            let opposite = [1, 0, 3, 2];
            other.directional = base.directional.map(|d| opposite[d]);
        }
    }
    if name != "street_typo" && name != "same_number_other_street" && name != "different_address" {
        other.street = base.street.clone();
    }
    let (user, target) = (written(&base, s1), written(&other, s2));
    let postal = Some(PLACES[base.place].3 == PLACES[other.place].3);
    let mut addresses = vec![target];
    if let Some(d) = decoy {
        addresses.insert(0, written(&d, style(rng)));
    }
    let (user, addresses) = match addresses.as_slice() {
        [single] if rng.chance(0.5) => (single.clone(), vec![user]),
        _ => (user, addresses),
    };
    Labelled {
        field: Field::Address,
        variation: name,
        same,
        user: MatchUser {
            address: Some(user),
            ..MatchUser::default()
        },
        owners: vec![MatchOwner {
            addresses,
            ..MatchOwner::default()
        }],
        expect: ExpectedFlags {
            postal,
            ..ExpectedFlags::default()
        },
    }
}
