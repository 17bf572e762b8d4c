//! Country codes: normalising what users and institutions write in `country`, and choosing the default region used
//! to read phone numbers written without a country code.

use phonenumber::country::Id;

use crate::text::{fold, joined, present};
use crate::{MatchOwner, MatchUser};

/// Names seen in the wild for the countries whose users we expect most; anything else must be an ISO 3166-1
/// alpha-2 code (which is what Plaid's schema asks for).
const NAMES: &[(&str, &str)] = &[
    ("usa", "us"),
    ("u s", "us"),
    ("u s a", "us"),
    ("united states", "us"),
    ("united states of america", "us"),
    ("america", "us"),
    ("canada", "ca"),
    ("uk", "gb"),
    ("united kingdom", "gb"),
    ("great britain", "gb"),
    ("england", "gb"),
    ("mexico", "mx"),
    ("puerto rico", "pr"),
];

/// The lowercase alpha-2 code for a country as written, or the folded text when it is not recognised (so two
/// unrecognised spellings can still compare equal).
pub(crate) fn normalise(raw: &str) -> String {
    let joined = joined(&fold(raw), |word| word);
    NAMES
        .iter()
        .find(|(name, _)| *name == joined)
        .map_or(joined, |(_, code)| (*code).to_owned())
}

/// The phone-number region for `raw`, when it names a country libphonenumber knows.
fn region(raw: &str) -> Option<Id> {
    normalise(raw).to_ascii_uppercase().parse().ok()
}

/// The default region for reading phone numbers without a country code, one for the whole request: the user's
/// address country, else the first recognised country on any owner address, else the US (Plaid is US-first).
#[cfg(test)]
pub(crate) fn default_region(user: &MatchUser, owners: &[MatchOwner]) -> Id {
    default_region_given(user_region(user), owners)
}

/// The region the user's address country names, if it names one: read once per request.
pub(crate) fn user_region(user: &MatchUser) -> Option<Id> {
    user.address
        .as_ref()
        .and_then(|a| present(a.country.as_deref()))
        .and_then(region)
}

/// [`default_region`] with the user's part already read ([`user_region`]).
pub(crate) fn default_region_given(user_region: Option<Id>, owners: &[MatchOwner]) -> Id {
    user_region
        .or_else(|| {
            owners
                .iter()
                .flat_map(|o| &o.addresses)
                .filter_map(|a| present(a.country.as_deref()))
                .find_map(region)
        })
        .unwrap_or(Id::US)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MatchAddress;

    fn at(country: &str) -> Option<MatchAddress> {
        Some(MatchAddress {
            country: Some(country.to_owned()),
            ..MatchAddress::default()
        })
    }

    #[test]
    fn normalise_maps_names_and_codes() {
        for (raw, want) in [
            ("US", "us"),
            ("U.S.A.", "us"),
            ("United States", "us"),
            ("gb", "gb"),
            ("United Kingdom", "gb"),
            ("Narnia", "narnia"),
        ] {
            assert_eq!(normalise(raw), want, "{raw}");
        }
    }

    #[test]
    fn default_region_prefers_user_then_owner_then_us() {
        let gb_owner = MatchOwner {
            addresses: at("GB").into_iter().collect(),
            ..MatchOwner::default()
        };
        let user_ca = MatchUser {
            address: at("Canada"),
            ..MatchUser::default()
        };
        let user_unknown = MatchUser {
            address: at("Narnia"),
            ..MatchUser::default()
        };
        assert_eq!(
            default_region(&user_ca, std::slice::from_ref(&gb_owner)),
            Id::CA
        );
        assert_eq!(
            default_region(&user_unknown, std::slice::from_ref(&gb_owner)),
            Id::GB
        );
        assert_eq!(default_region(&MatchUser::default(), &[gb_owner]), Id::GB);
        assert_eq!(default_region(&MatchUser::default(), &[]), Id::US);
    }
}
