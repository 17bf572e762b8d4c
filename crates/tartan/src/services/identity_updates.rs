//! A data provider changes an account's identity data; Tartan stores it and tells the Item's app which parts
//! changed with IDENTITY `DEFAULT_UPDATE` (nothing changed: no webhook). Shared by the admin API and the CLI.

use std::collections::BTreeMap;

use chrono::Utc;

use crate::domain::{AccountId, Environment, ItemId, Owner};
use crate::store::{Store, StoreError};
use crate::webhooks::{IdentityCategory, NewWebhook, Payload, Webhook, identity_changes};

/// Bounds on one update, so an import line cannot make unbounded work.
pub const MAX_OWNERS: usize = 10;
pub const MAX_VALUES_PER_OWNER: usize = 50;
pub const MAX_VALUE_CHARS: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum IdentityUpdateError {
    #[error("no account {account_id} on item {item_id}")]
    NotFound {
        item_id: ItemId,
        account_id: AccountId,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityUpdate {
    pub changed: Vec<IdentityCategory>,
    pub webhook_queued: bool,
}

/// Replaces the owners of an account and queues the webhook for what changed, in one transaction.
pub async fn replace_identity(
    store: &dyn Store,
    environment: Environment,
    item_id: &ItemId,
    account_id: &AccountId,
    owners: &[Owner],
) -> Result<IdentityUpdate, IdentityUpdateError> {
    check_bounds(owners)?;
    let not_found = || IdentityUpdateError::NotFound {
        item_id: item_id.clone(),
        account_id: account_id.clone(),
    };
    let item = store.find_item(item_id).await?.ok_or_else(not_found)?;
    let webhook_for = |previous: &[Owner]| -> Option<NewWebhook> {
        let changed = identity_changes(previous, owners);
        let url = item.webhook.as_deref().filter(|_| !changed.is_empty())?;
        let payload = Payload::new(
            item_id.to_string(),
            environment,
            Webhook::IdentityDefaultUpdate {
                account_ids_with_updated_identity: BTreeMap::from([(
                    account_id.to_string(),
                    changed,
                )]),
                error: None,
            },
        );
        match NewWebhook::new(url, &payload, Utc::now()) {
            Ok(webhook) => Some(webhook),
            Err(error) => {
                tracing::error!(%error, "could not serialize an identity webhook");
                None
            }
        }
    };
    let previous = store
        .replace_owners(item_id, account_id, owners, &webhook_for)
        .await?
        .ok_or_else(not_found)?;
    let changed = identity_changes(&previous, owners);
    let webhook_queued = !changed.is_empty() && item.webhook.is_some();
    Ok(IdentityUpdate {
        changed,
        webhook_queued,
    })
}

pub fn check_bounds(owners: &[Owner]) -> Result<(), IdentityUpdateError> {
    if owners.len() > MAX_OWNERS {
        return Err(IdentityUpdateError::Invalid(format!(
            "at most {MAX_OWNERS} owners per account"
        )));
    }
    for owner in owners {
        let counts = [
            owner.names.len(),
            owner.phone_numbers.len(),
            owner.emails.len(),
            owner.addresses.len(),
        ];
        if counts.iter().any(|count| *count > MAX_VALUES_PER_OWNER) {
            return Err(IdentityUpdateError::Invalid(format!(
                "at most {MAX_VALUES_PER_OWNER} names, phone numbers, emails and addresses per owner"
            )));
        }
        let texts = owner
            .names
            .iter()
            .chain(owner.phone_numbers.iter().map(|phone| &phone.data))
            .chain(owner.emails.iter().map(|email| &email.data))
            .chain(owner.addresses.iter().map(|address| &address.data.street));
        if texts
            .into_iter()
            .any(|text| text.chars().count() > MAX_VALUE_CHARS)
        {
            return Err(IdentityUpdateError::Invalid(format!(
                "identity values are at most {MAX_VALUE_CHARS} characters"
            )));
        }
    }
    Ok(())
}
