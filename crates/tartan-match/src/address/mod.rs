//! Address matching: normalises the user's address once (USPS Publication 28 rules, see `usps`), scores it
//! against every address of every owner, and reports the best pair.

mod parse;
mod score;
mod usps;

use crate::{AddressMatch, MatchAddress, MatchOwner};

/// The user's address parsed once per request; `None` when missing or empty.
pub(crate) struct UserAddress(Option<parse::Address>);

pub(crate) fn prepare(user_address: Option<&MatchAddress>) -> UserAddress {
    UserAddress(user_address.map(parse::parse).filter(|a| !a.is_empty()))
}

/// The best [`AddressMatch`] of the user's address over every owner address.
pub(crate) fn best_of(user: &UserAddress, owners: &[MatchOwner]) -> AddressMatch {
    let Some(user) = &user.0 else {
        return AddressMatch::default();
    };
    let mut best: Option<score::Outcome> = None;
    for owner in owners.iter().flat_map(|o| &o.addresses) {
        let Some(outcome) = score::score(user, &parse::parse(owner)) else {
            continue;
        };
        // Ties go to the pair whose postal codes agree, so the flag does not depend on the owners' order.
        let key = |o: &score::Outcome| (o.score, o.postal_match);
        if best.as_ref().is_none_or(|b| key(&outcome) >= key(b)) {
            best = Some(outcome);
        }
        // Nothing beats a perfect score with agreeing postal codes: the addresses left need not be parsed.
        if best.is_some_and(|b| b.score == 100 && b.postal_match) {
            break;
        }
    }
    AddressMatch {
        score: best.map(|o| o.score),
        is_postal_code_match: best.map(|o| o.postal_match),
    }
}

/// [`best_of`] on a raw user address (tests).
#[cfg(test)]
pub(crate) fn best(user_address: Option<&MatchAddress>, owners: &[MatchOwner]) -> AddressMatch {
    best_of(&prepare(user_address), owners)
}

#[cfg(test)]
mod tests;
