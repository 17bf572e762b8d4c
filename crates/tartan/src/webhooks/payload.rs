//! Webhook bodies in Plaid's shapes, and what an identity change is.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::{Environment, Owner};

/// The parts of an owner Plaid reports as changed in IDENTITY `DEFAULT_UPDATE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IdentityCategory {
    Names,
    Phones,
    Emails,
    Addresses,
}

/// What differs between two owner lists, category by category (order and duplicates do not count).
pub fn identity_changes(old: &[Owner], new: &[Owner]) -> Vec<IdentityCategory> {
    fn set<T: Ord + Clone>(owners: &[Owner], part: impl Fn(&Owner) -> Vec<T>) -> Vec<T> {
        let mut values: Vec<T> = owners.iter().flat_map(part).collect();
        values.sort();
        values.dedup();
        values
    }
    let names = |o: &Owner| o.names.clone();
    let phones = |o: &Owner| {
        o.phone_numbers
            .iter()
            .map(|p| (p.data.clone(), p.primary, format!("{:?}", p.kind)))
            .collect()
    };
    let emails = |o: &Owner| {
        o.emails
            .iter()
            .map(|e| (e.data.clone(), e.primary, format!("{:?}", e.kind)))
            .collect()
    };
    let addresses = |o: &Owner| {
        o.addresses
            .iter()
            .map(|a| {
                let d = &a.data;
                (
                    d.street.clone(),
                    d.city.clone(),
                    d.region.clone(),
                    d.postal_code.clone(),
                    d.country.clone(),
                    a.primary,
                )
            })
            .collect()
    };
    let mut changed = Vec::new();
    if set(old, names) != set(new, names) {
        changed.push(IdentityCategory::Names);
    }
    if set(old, phones) != set(new, phones) {
        changed.push(IdentityCategory::Phones);
    }
    if set(old, emails) != set(new, emails) {
        changed.push(IdentityCategory::Emails);
    }
    if set(old, addresses) != set(new, addresses) {
        changed.push(IdentityCategory::Addresses);
    }
    changed
}

/// A webhook body: its type and code, and the JSON Plaid sends.
#[derive(Debug, Clone, Serialize)]
pub struct Payload {
    pub webhook_type: &'static str,
    pub webhook_code: &'static str,
    pub item_id: String,
    #[serde(flatten)]
    pub detail: Detail,
    pub environment: Environment,
}

/// The code-specific fields.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// IDENTITY `DEFAULT_UPDATE`.
    IdentityUpdate {
        account_ids_with_updated_identity: BTreeMap<String, Vec<IdentityCategory>>,
        error: Option<()>,
    },
    /// AUTH `DEFAULT_UPDATE`.
    AuthUpdate {
        account_ids_with_new_auth: Vec<String>,
        account_ids_with_updated_auth: BTreeMap<String, Vec<&'static str>>,
        error: Option<()>,
    },
    /// ITEM `WEBHOOK_UPDATE_ACKNOWLEDGED`.
    WebhookUpdateAcknowledged {
        new_webhook_url: String,
        error: Option<()>,
    },
    /// ITEM `ERROR`: the Item's error, with the HTTP status it would have had.
    ItemError { error: EmbeddedError },
    /// ITEM `USER_ACCOUNT_REVOKED`.
    AccountRevoked { account_id: String },
    /// ITEM `PENDING_DISCONNECT`.
    PendingDisconnect {
        reason: &'static str,
        disconnect_time: String,
    },
    /// Codes that carry nothing more (`NEW_ACCOUNTS_AVAILABLE`, `LOGIN_REPAIRED`, …).
    Plain { error: Option<()> },
}

/// A `PlaidError` as embedded in a webhook: with `status`, without `request_id`.
#[derive(Debug, Clone, Serialize)]
pub struct EmbeddedError {
    pub error_type: &'static str,
    pub error_code: &'static str,
    pub error_code_reason: Option<&'static str>,
    pub error_message: &'static str,
    pub display_message: Option<&'static str>,
    pub status: u16,
}

impl Payload {
    /// The bytes POSTed: pretty-printed with two spaces, as Plaid sends them (the signature covers these bytes).
    pub fn to_body(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Address, AddressData, Email, EmailType};

    fn owner(name: &str, email: &str, street: &str) -> Owner {
        Owner {
            names: vec![name.to_owned()],
            phone_numbers: vec![],
            emails: vec![Email {
                data: email.to_owned(),
                primary: true,
                kind: EmailType::Primary,
            }],
            addresses: vec![Address {
                data: AddressData {
                    street: street.to_owned(),
                    city: Some("Malakoff".into()),
                    region: Some("NY".into()),
                    postal_code: Some("14236".into()),
                    country: Some("US".into()),
                },
                primary: true,
            }],
        }
    }

    #[test]
    fn changes_are_reported_per_category() {
        let old = [owner("Ann Lee", "ann@example.com", "1 Main St")];
        assert!(identity_changes(&old, &old).is_empty());
        let moved = [owner("Ann Lee", "ann@example.com", "2 Main St")];
        assert_eq!(
            identity_changes(&old, &moved),
            [IdentityCategory::Addresses]
        );
        let renamed = [owner("Ann Smith", "ann@smith.example", "1 Main St")];
        assert_eq!(
            identity_changes(&old, &renamed),
            [IdentityCategory::Names, IdentityCategory::Emails]
        );
    }

    #[test]
    fn reordering_is_not_a_change() {
        let a = owner("Ann Lee", "ann@example.com", "1 Main St");
        let b = owner("Bo Lee", "bo@example.com", "1 Main St");
        assert!(identity_changes(&[a.clone(), b.clone()], &[b, a]).is_empty());
    }

    #[test]
    fn bodies_are_plaids_pretty_json() {
        let payload = Payload {
            webhook_type: "IDENTITY",
            webhook_code: "DEFAULT_UPDATE",
            item_id: "item".into(),
            detail: Detail::IdentityUpdate {
                account_ids_with_updated_identity: BTreeMap::from([(
                    "acc".to_owned(),
                    vec![IdentityCategory::Phones],
                )]),
                error: None,
            },
            environment: Environment::Sandbox,
        };
        let body = payload.to_body().unwrap();
        assert!(
            body.starts_with(
                "{\n  \"webhook_type\": \"IDENTITY\",\n  \"webhook_code\": \"DEFAULT_UPDATE\""
            ),
            "{body}"
        );
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            value["account_ids_with_updated_identity"]["acc"],
            serde_json::json!(["PHONES"])
        );
        assert_eq!(value["error"], serde_json::Value::Null);
        assert_eq!(value["environment"], "sandbox");
    }
}
