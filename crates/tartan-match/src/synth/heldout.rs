//! The held-out labelled set (`heldout/pairs.jsonl`, built by `heldout/build.py` from packages the engine is not
//! built from or tuned with): loaded into the same [`Labelled`] pairs the generator makes, so one report serves
//! both. The engine must never be tuned on it.

use std::collections::HashMap;

use serde::Deserialize;

use super::{ExpectedFlags, Field, Labelled};
use crate::{MatchAddress, MatchOwner, MatchUser};

/// The committed held-out set, one JSON pair a line.
pub const HELDOUT_JSONL: &str = include_str!("../../heldout/pairs.jsonl");
/// The seed `heldout/build.py` draws with.
pub const HELDOUT_SEED: u64 = 20_261_204;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    field: String,
    variation: String,
    same: bool,
    user: User,
    owners: Vec<Owner>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct User {
    legal_name: Option<String>,
    phone_number: Option<String>,
    email_address: Option<String>,
    address: Option<Address>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Owner {
    names: Vec<String>,
    phone_numbers: Vec<String>,
    emails: Vec<String>,
    addresses: Vec<Address>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Address {
    street: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

impl From<Address> for MatchAddress {
    fn from(a: Address) -> Self {
        MatchAddress {
            street: a.street,
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
        }
    }
}

/// Parses the JSON-lines set. Variation names are interned for the life of the process (a few dozen strings), as
/// the report keys them by `&'static str`.
///
/// # Errors
/// The line number and what is wrong with it.
pub fn load(jsonl: &str) -> Result<Vec<Labelled>, String> {
    let mut interned: HashMap<String, &'static str> = HashMap::new();
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(at, line)| {
            let line: Line =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", at + 1))?;
            let field = Field::ALL
                .into_iter()
                .find(|f| f.wire_name() == line.field)
                .ok_or_else(|| format!("line {}: unknown field {}", at + 1, line.field))?;
            let variation = *interned
                .entry(line.variation.clone())
                .or_insert_with(|| Box::leak(line.variation.into_boxed_str()));
            Ok(Labelled {
                field,
                variation,
                same: line.same,
                user: MatchUser {
                    legal_name: line.user.legal_name,
                    phone_number: line.user.phone_number,
                    email_address: line.user.email_address,
                    address: line.user.address.map(Into::into),
                },
                owners: line
                    .owners
                    .into_iter()
                    .map(|o| MatchOwner {
                        names: o.names,
                        phone_numbers: o.phone_numbers,
                        emails: o.emails,
                        addresses: o.addresses.into_iter().map(Into::into).collect(),
                    })
                    .collect(),
                expect: ExpectedFlags::default(),
            })
        })
        .collect()
}
