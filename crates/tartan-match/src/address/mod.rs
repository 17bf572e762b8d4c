//! Address matching: normalises the user's address once (USPS Publication 28 rules, see `usps`), scores it
//! against every address of every owner, and reports the best pair.

mod parse;
mod score;
mod usps;

use crate::{AddressMatch, MatchAddress, MatchOwner};

/// The best [`AddressMatch`] of `user_address` over every owner address.
pub(crate) fn best(user_address: Option<&MatchAddress>, owners: &[MatchOwner]) -> AddressMatch {
    let Some(user) = user_address.map(parse::parse).filter(|a| !a.is_empty()) else {
        return AddressMatch::default();
    };
    let best = owners
        .iter()
        .flat_map(|o| &o.addresses)
        .filter_map(|a| score::score(&user, &parse::parse(a)))
        // Ties go to the pair whose postal codes agree, so the flag does not depend on the owners' order.
        .max_by_key(|o| (o.score, o.postal_match));
    AddressMatch {
        score: best.map(|o| o.score),
        is_postal_code_match: best.map(|o| o.postal_match),
    }
}

#[cfg(test)]
mod tests;
