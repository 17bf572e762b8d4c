//! Legal-name matching: parses the user's name once, scores it against every name of every owner (joint accounts
//! list several), and reports the best pair with its flags.

mod business;
mod parse;
mod person;
mod spelling;

use crate::text::present;
use crate::{MatchOwner, NameMatch};

/// The best [`NameMatch`] of `user_name` over every owner name; all `None` when either side has no usable name.
pub(crate) fn best(user_name: Option<&str>, owners: &[MatchOwner]) -> NameMatch {
    let users: Vec<parse::ParsedName> = present(user_name)
        .map(|name| parse::readings(name).collect())
        .unwrap_or_default();
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
            for user in &users {
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
