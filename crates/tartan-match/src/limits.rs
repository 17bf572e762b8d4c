//! Input bounds, checked before any scoring so that one request cannot make the engine do unbounded work.
//! Messages name the offending field, never its value.

use crate::{MatchAddress, MatchError, MatchOwner, MatchUser};

/// Longest accepted string, in characters, for any user or owner field.
pub const MAX_STRING_CHARS: usize = 1_000;
/// Most owners accepted for one account.
pub const MAX_OWNERS: usize = 32;
/// Most values accepted in one owner list (names, phone numbers, emails, addresses).
pub const MAX_VALUES_PER_LIST: usize = 64;
/// Words of a name that are compared: beyond this, words are dropped from the middle of the name (the first and
/// last words always stay), which bounds the middle-name alignment.
pub const MAX_NAME_WORDS: usize = 16;

/// Refuses inputs over the bounds above.
pub(crate) fn check(user: &MatchUser, owners: &[MatchOwner]) -> Result<(), MatchError> {
    if owners.len() > MAX_OWNERS {
        return Err(MatchError::TooLarge(format!(
            "an account has {} owners; at most {MAX_OWNERS} are accepted",
            owners.len()
        )));
    }
    string(|| "user.legal_name".to_owned(), user.legal_name.as_deref())?;
    string(
        || "user.phone_number".to_owned(),
        user.phone_number.as_deref(),
    )?;
    string(
        || "user.email_address".to_owned(),
        user.email_address.as_deref(),
    )?;
    if let Some(address) = &user.address {
        address_fields(|| "user.address".to_owned(), address)?;
    }
    for (i, owner) in owners.iter().enumerate() {
        list(i, "names", owner.names.len())?;
        list(i, "phone_numbers", owner.phone_numbers.len())?;
        list(i, "emails", owner.emails.len())?;
        list(i, "addresses", owner.addresses.len())?;
        let strings = owner.names.iter().map(|s| ("names", s));
        let strings = strings.chain(owner.phone_numbers.iter().map(|s| ("phone_numbers", s)));
        for (field, value) in strings.chain(owner.emails.iter().map(|s| ("emails", s))) {
            string(|| format!("owners[{i}].{field}"), Some(value))?;
        }
        for address in &owner.addresses {
            address_fields(|| format!("owners[{i}].addresses"), address)?;
        }
    }
    Ok(())
}

/// `path` names the address in a refusal; it is only built then (formatting it for every field of every
/// address cost a few percent of a whole match).
fn address_fields(path: impl Fn() -> String, address: &MatchAddress) -> Result<(), MatchError> {
    let fields = [
        ("street", &address.street),
        ("city", &address.city),
        ("region", &address.region),
        ("postal_code", &address.postal_code),
        ("country", &address.country),
    ];
    for (field, value) in fields {
        string(|| format!("{}.{field}", path()), value.as_deref())?;
    }
    Ok(())
}

fn list(owner: usize, field: &str, len: usize) -> Result<(), MatchError> {
    if len > MAX_VALUES_PER_LIST {
        return Err(MatchError::TooLarge(format!(
            "owners[{owner}].{field} has {len} values; at most {MAX_VALUES_PER_LIST} are accepted"
        )));
    }
    Ok(())
}

fn string(path: impl FnOnce() -> String, value: Option<&str>) -> Result<(), MatchError> {
    let Some(value) = value else { return Ok(()) };
    // The byte length bounds the character count from above, so huge inputs are refused without a scan.
    if value.len() > MAX_STRING_CHARS && value.chars().count() > MAX_STRING_CHARS {
        return Err(MatchError::TooLarge(format!(
            "{} is longer than {MAX_STRING_CHARS} characters",
            path()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner_with_names(n: usize) -> MatchOwner {
        MatchOwner {
            names: vec!["A B".to_owned(); n],
            ..MatchOwner::default()
        }
    }

    #[test]
    fn bounds_are_inclusive_and_refusals_name_the_field() {
        let user = MatchUser::default();
        assert!(check(&user, &vec![MatchOwner::default(); MAX_OWNERS]).is_ok());
        assert!(matches!(
            check(&user, &vec![MatchOwner::default(); MAX_OWNERS + 1]),
            Err(MatchError::TooLarge(m)) if m.contains("owners")
        ));
        assert!(check(&user, &[owner_with_names(MAX_VALUES_PER_LIST)]).is_ok());
        assert!(matches!(
            check(&user, &[owner_with_names(MAX_VALUES_PER_LIST + 1)]),
            Err(MatchError::TooLarge(m)) if m.contains("owners[0].names")
        ));
    }

    #[test]
    fn string_length_counts_characters_not_bytes() {
        let at_limit = "é".repeat(MAX_STRING_CHARS);
        let user = MatchUser {
            legal_name: Some(at_limit),
            ..MatchUser::default()
        };
        assert!(check(&user, &[]).is_ok());
        let over = MatchUser {
            legal_name: Some("a".repeat(MAX_STRING_CHARS + 1)),
            ..MatchUser::default()
        };
        assert!(
            matches!(check(&over, &[]), Err(MatchError::TooLarge(m)) if m == "user.legal_name is longer than 1000 characters")
        );
        let street = MatchAddress {
            street: Some("x".repeat(MAX_STRING_CHARS + 1)),
            ..MatchAddress::default()
        };
        let owner = MatchOwner {
            addresses: vec![street],
            ..MatchOwner::default()
        };
        assert!(
            matches!(check(&MatchUser::default(), &[owner]), Err(MatchError::TooLarge(m)) if m.contains("owners[0].addresses.street"))
        );
    }
}
