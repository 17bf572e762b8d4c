//! Legal-name matching: parses the user's name once, scores it against every name of every owner (joint accounts
//! list several), and reports the best pair with its flags.

mod business;
mod parse;
mod person;
mod spelling;

use crate::text::present;
use crate::{MatchOwner, NameMatch};

/// The user's name read once per request: every reading of it (none when it is missing or unusable).
pub(crate) struct UserName(Vec<parse::ParsedName>);

pub(crate) fn prepare(user_name: Option<&str>) -> UserName {
    UserName(
        present(user_name)
            .map(|name| parse::readings(name).collect())
            .unwrap_or_default(),
    )
}

/// The best [`NameMatch`] of the user's name over every owner name; all `None` when either side has no usable
/// name.
pub(crate) fn best_of(users: &UserName, owners: &[MatchOwner]) -> NameMatch {
    let users = &users.0;
    if users.is_empty() {
        return NameMatch::default();
    }
    let mut best: Option<NameMatch> = None;
    for owner_name in owners.iter().flat_map(|o| &o.names) {
        // Only a higher score replaces the best pair, and nothing is higher than 100.
        if best.as_ref().is_some_and(|b| b.score == Some(100)) {
            break;
        }
        // A name in Cyrillic or Greek has a second, letter-by-letter reading; the best reading counts.
        for owner in parse::readings(owner_name) {
            for user in users {
                let candidate = pair(user, &owner);
                if best.as_ref().is_none_or(|b| candidate.score > b.score) {
                    best = Some(candidate);
                }
            }
        }
    }
    best.unwrap_or_default()
}

/// Scores one pair of parsed names.
fn pair(a: &parse::ParsedName, b: &parse::ParsedName) -> NameMatch {
    if a.business || b.business {
        return NameMatch {
            score: Some(business::score(a, b)),
            is_first_name_or_last_name_match: Some(false),
            is_nickname_match: Some(false),
            is_business_name_detected: Some(true),
        };
    }
    let outcome = person::score(a, b);
    NameMatch {
        score: Some(outcome.score),
        is_first_name_or_last_name_match: Some(outcome.first_or_last),
        is_nickname_match: Some(outcome.nickname),
        is_business_name_detected: Some(false),
    }
}

/// [`best_of`] on a raw user name (tests).
#[cfg(test)]
pub(crate) fn best(user_name: Option<&str>, owners: &[MatchOwner]) -> NameMatch {
    best_of(&prepare(user_name), owners)
}

/// Scores two raw names directly (tests and the quality report's diagnostics).
#[cfg(test)]
pub(crate) fn score_pair(a: &str, b: &str) -> NameMatch {
    match (parse::parse(a), parse::parse(b)) {
        (Some(pa), Some(pb)) => pair(&pa, &pb),
        _ => NameMatch::default(),
    }
}

#[cfg(test)]
mod tests;
