//! `override_accounts[].identity`: the account's owner, with unspecified parts taken from the default
//! Sandbox identity (spec `OwnerOverride`: "Any fields not specified will be filled in with default
//! Sandbox information").

use super::json::{Node, boolean, field, invalid, items, string};
use crate::domain::{Address, AddressData, Email, EmailType, Owner, PhoneNumber, PhoneType};
use crate::sandbox::default_user;
use crate::sandbox::error::SandboxError;

/// The parsed `identity` of one account. Entries that are `null`, or whose `data` is `null` (or an
/// address whose fields are all `null`), are placeholders and skipped. A part is `None` — unspecified,
/// so the default Sandbox identity's is used — when it is absent, `null`, or a non-empty array of
/// placeholders only (as in Plaid's blank template). An explicitly empty array means "none" (`"emails":
/// []` gives no emails), except for `names`: an Owner always has a name, so no names means unspecified.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityOverride {
    pub names: Option<Vec<String>>,
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    pub emails: Option<Vec<Email>>,
    pub addresses: Option<Vec<Address>>,
}

impl IdentityOverride {
    /// The Owner of the account: given parts, else the default user's (`names` come from the caller,
    /// because the spec says "the same name data will be used for all accounts associated with an Item").
    pub fn owner(&self, names: &[String]) -> Owner {
        Owner {
            names: names.to_vec(),
            phone_numbers: self
                .phone_numbers
                .clone()
                .unwrap_or_else(default_user::default_phone_numbers),
            emails: self
                .emails
                .clone()
                .unwrap_or_else(default_user::default_emails),
            addresses: self
                .addresses
                .clone()
                .unwrap_or_else(default_user::default_addresses),
        }
    }
}

/// Parses `identity` (an object whose members are all optional and nullable).
///
/// Entry defaults: a missing or `null` `primary` is `false`; a phone number without `type` is `other`;
/// an email without `type` is `primary` when it is the primary email, else `other`. Phone numbers and
/// emails are kept exactly as written. An address needs a `street` unless all its fields are `null`.
pub(super) fn parse(node: &Node<'_>) -> Result<IdentityOverride, SandboxError> {
    node.object()?;
    Ok(IdentityOverride {
        names: items(node, "names", name)?
            .and_then(given)
            .filter(|names| !names.is_empty()),
        phone_numbers: items(node, "phone_numbers", phone_number)?.and_then(given),
        emails: items(node, "emails", email)?.and_then(given),
        addresses: items(node, "addresses", address)?.and_then(given),
    })
}

/// The real entries of a list, or `None` when it held only placeholders.
fn given<T>(entries: Vec<Option<T>>) -> Option<Vec<T>> {
    let placeholders_only = !entries.is_empty() && entries.iter().all(Option::is_none);
    (!placeholders_only).then(|| entries.into_iter().flatten().collect())
}

fn name(node: &Node<'_>) -> Result<Option<String>, SandboxError> {
    if node.is_null() {
        Ok(None)
    } else {
        node.str().map(|name| Some(name.to_owned()))
    }
}

/// A phone number or email entry as `(data, primary, type)`; `None` when it or its `data` is `null`.
fn contact(entry: &Node<'_>) -> Result<Option<(String, bool, Option<String>)>, SandboxError> {
    if entry.is_null() {
        return Ok(None);
    }
    entry.object()?;
    let Some(data) = string(entry, "data")? else {
        return Ok(None);
    };
    let primary = boolean(entry, "primary")?.unwrap_or(false);
    Ok(Some((data, primary, string(entry, "type")?)))
}

fn unknown_type(entry: &Node<'_>, kind: &str, what: &str) -> SandboxError {
    invalid(
        &entry.key_path("type"),
        format_args!("`{kind}` is not a Plaid {what} type"),
    )
}

fn phone_number(entry: &Node<'_>) -> Result<Option<PhoneNumber>, SandboxError> {
    let Some((data, primary, kind)) = contact(entry)? else {
        return Ok(None);
    };
    let kind = match kind {
        None => PhoneType::Other,
        Some(kind) => {
            phone_type(&kind).ok_or_else(|| unknown_type(entry, &kind, "phone number"))?
        }
    };
    Ok(Some(PhoneNumber {
        data,
        primary,
        kind,
    }))
}

fn email(entry: &Node<'_>) -> Result<Option<Email>, SandboxError> {
    let Some((data, primary, kind)) = contact(entry)? else {
        return Ok(None);
    };
    let kind = match kind {
        None if primary => EmailType::Primary,
        None => EmailType::Other,
        Some(kind) => email_type(&kind).ok_or_else(|| unknown_type(entry, &kind, "email"))?,
    };
    Ok(Some(Email {
        data,
        primary,
        kind,
    }))
}

fn address(entry: &Node<'_>) -> Result<Option<Address>, SandboxError> {
    if entry.is_null() {
        return Ok(None);
    }
    entry.object()?;
    let primary = boolean(entry, "primary")?.unwrap_or(false);
    let data = field(entry, "data", |data| {
        data.object()?;
        let street = string(data, "street")?;
        let city = string(data, "city")?;
        let region = string(data, "region")?;
        let postal_code = string(data, "postal_code")?;
        let country = string(data, "country")?;
        match street {
            Some(street) => Ok(Some(AddressData {
                street,
                city,
                region,
                postal_code,
                country,
            })),
            None if [&city, &region, &postal_code, &country]
                .iter()
                .all(|part| part.is_none()) =>
            {
                Ok(None)
            }
            None => Err(invalid(
                &data.key_path("street"),
                "an address needs a street",
            )),
        }
    })?;
    Ok(data.flatten().map(|data| Address { data, primary }))
}

fn phone_type(kind: &str) -> Option<PhoneType> {
    Some(match kind {
        "home" => PhoneType::Home,
        "work" => PhoneType::Work,
        "office" => PhoneType::Office,
        "mobile" => PhoneType::Mobile,
        "mobile1" => PhoneType::Mobile1,
        "other" => PhoneType::Other,
        _ => return None,
    })
}

fn email_type(kind: &str) -> Option<EmailType> {
    Some(match kind {
        "primary" => EmailType::Primary,
        "secondary" => EmailType::Secondary,
        "other" => EmailType::Other,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn identity(json: &str) -> Result<IdentityOverride, String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        parse(&Node::at(&value, "identity")).map_err(|e| e.to_string())
    }

    #[test]
    fn unspecified_parts_fall_back_to_the_default_identity() {
        let parsed = identity(r#"{"names":["John Smith","Jane Doe"],"addresses":[{"primary":true,"data":{"street":"1 Main St","city":null,"region":null,"postal_code":null,"country":"US"}}]}"#).unwrap();
        let owner = parsed.owner(parsed.names.as_deref().unwrap());
        assert_eq!(owner.names, ["John Smith", "Jane Doe"]);
        assert_eq!(owner.phone_numbers, default_user::default_phone_numbers());
        assert_eq!(owner.emails, default_user::default_emails());
        assert_eq!(owner.addresses.len(), 1);
        assert_eq!(owner.addresses[0].data.street, "1 Main St");
        assert_eq!(owner.addresses[0].data.city, None);
        assert!(owner.addresses[0].primary);
        assert_eq!(identity("{}").unwrap(), IdentityOverride::default());
    }

    #[test]
    fn null_entries_are_skipped_and_missing_fields_get_defaults() {
        let parsed = identity(
            r#"{"names":[null,"Ann Lee",null],
                "phone_numbers":[null,{"data":null,"primary":true,"type":"home"},{"data":"+1 (555) 010-0000"}],
                "emails":[{"data":"a@example.com","primary":true},{"data":"b@example.com","primary":null,"type":null}],
                "addresses":[null,{"data":null,"primary":true},{"data":{"street":null,"city":null},"primary":null}]}"#,
        )
        .unwrap();
        assert_eq!(parsed.names.unwrap(), ["Ann Lee"]);
        let phones = parsed.phone_numbers.unwrap();
        assert_eq!(
            phones,
            [PhoneNumber {
                data: "+1 (555) 010-0000".into(),
                primary: false,
                kind: PhoneType::Other
            }]
        );
        let emails = parsed.emails.unwrap();
        assert_eq!(
            (emails[0].primary, emails[0].kind),
            (true, EmailType::Primary)
        );
        assert_eq!(
            (emails[1].primary, emails[1].kind),
            (false, EmailType::Other)
        );
        // Only placeholders: unspecified, like an absent list.
        assert_eq!(parsed.addresses, None);
    }

    #[test]
    fn names_that_are_all_null_are_unspecified() {
        assert_eq!(identity(r#"{"names":[null]}"#).unwrap().names, None);
        assert_eq!(identity(r#"{"names":[]}"#).unwrap().names, None);
        assert_eq!(identity(r#"{"emails":[]}"#).unwrap().emails, Some(vec![]));
        assert_eq!(identity(r#"{"emails":[null]}"#).unwrap().emails, None);
        let mixed = identity(r#"{"phone_numbers":[null,{"data":"5550100"}]}"#).unwrap();
        assert_eq!(mixed.phone_numbers.unwrap().len(), 1);
    }

    #[test]
    fn bad_identity_values_are_reported_with_their_path() {
        let cases = [
            (
                r#"{"names":"John"}"#,
                "identity.names: expected an array, found a string",
            ),
            (
                r#"{"names":[1]}"#,
                "identity.names[0]: expected a string, found a number",
            ),
            (
                r#"{"phone_numbers":[{"data":"1","type":"cell"}]}"#,
                "identity.phone_numbers[0].type: `cell` is not a Plaid phone number type",
            ),
            (
                r#"{"emails":[{"data":"a@b.c","type":"work"}]}"#,
                "identity.emails[0].type: `work` is not a Plaid email type",
            ),
            (
                r#"{"emails":[{"data":"a@b.c","primary":"yes"}]}"#,
                "identity.emails[0].primary: expected a boolean, found a string",
            ),
            (
                r#"{"addresses":[{"data":{"city":"Pawnee"}}]}"#,
                "identity.addresses[0].data.street: an address needs a street",
            ),
            (
                r#"{"addresses":["1 Main St"]}"#,
                "identity.addresses[0]: expected an object, found a string",
            ),
            ("true", "identity: expected an object, found a boolean"),
        ];
        for (json, expected) in cases {
            assert_eq!(identity(json).unwrap_err(), expected, "{json}");
        }
    }
}
