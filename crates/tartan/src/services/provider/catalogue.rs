//! Changing the provider's catalogue: records applied through the store, with the webhooks Plaid sends when
//! data an Item shows changes: IDENTITY `DEFAULT_UPDATE` for owners, AUTH `DEFAULT_UPDATE` for account and
//! routing numbers. Balances and names change silently, as at Plaid (apps read balances when they need them).

use std::collections::BTreeMap;

use chrono::Utc;

use crate::domain::{Account, Environment, Numbers, ProviderRecord};
use crate::store::{MirroredItem, RecordOutcome, Store, StoreError};
use crate::webhooks::{NewWebhook, Payload, Webhook, identity_changes};

/// Applies records in one transaction, Items that show a changed account updated with their webhooks.
pub async fn apply(
    store: &dyn Store,
    environment: Environment,
    records: &[ProviderRecord],
) -> Result<Vec<RecordOutcome>, StoreError> {
    let webhooks_for = |item: &MirroredItem, before: &Account, after: &Account| {
        change_webhooks(environment, item, before, after)
    };
    store.apply_provider_records(records, &webhooks_for).await
}

/// Whether any outcome queued a webhook (the dispatcher is woken then).
pub fn queued_webhooks(outcomes: &[RecordOutcome]) -> bool {
    outcomes
        .iter()
        .any(|outcome| matches!(outcome, RecordOutcome::Saved { webhooks, .. } if *webhooks > 0))
}

fn change_webhooks(
    environment: Environment,
    item: &MirroredItem,
    before: &Account,
    after: &Account,
) -> Vec<NewWebhook> {
    let Some(url) = item.webhook.as_deref() else {
        return Vec::new();
    };
    let account_id = after.account_id.to_string();
    let mut webhooks = Vec::new();
    let identity = identity_changes(&before.owners, &after.owners);
    if !identity.is_empty() {
        webhooks.push(Webhook::IdentityDefaultUpdate {
            account_ids_with_updated_identity: BTreeMap::from([(account_id.clone(), identity)]),
            error: None,
        });
    }
    if before.numbers != after.numbers {
        let updated = auth_changes(&before.numbers, &after.numbers);
        let is_new = !before.numbers.has_any() && after.numbers.has_any();
        if is_new || !updated.is_empty() {
            webhooks.push(Webhook::AuthDefaultUpdate {
                account_ids_with_new_auth: if is_new {
                    vec![account_id.clone()]
                } else {
                    vec![]
                },
                account_ids_with_updated_auth: if is_new || updated.is_empty() {
                    BTreeMap::new()
                } else {
                    BTreeMap::from([(account_id.clone(), updated)])
                },
                error: None,
            });
        }
    }
    let now = Utc::now();
    webhooks
        .into_iter()
        .filter_map(|webhook| {
            let payload = Payload::new(item.item_id.to_string(), environment, webhook);
            NewWebhook::new(url, &payload, now)
                .map_err(|error| tracing::error!(%error, "could not serialize a webhook"))
                .ok()
        })
        .collect()
}

/// Plaid's `AuthUpdateTypes` that differ: `ACCOUNT_NUMBER` and `ROUTING_NUMBER`, over every rail.
fn auth_changes(before: &Numbers, after: &Numbers) -> Vec<&'static str> {
    let accounts = |n: &Numbers| {
        (
            n.ach.as_ref().map(|a| a.account.clone()),
            n.eft.as_ref().map(|e| e.account.clone()),
            n.international.as_ref().map(|i| i.iban.clone()),
            n.bacs.as_ref().map(|b| b.account.clone()),
        )
    };
    let routings = |n: &Numbers| {
        (
            n.ach
                .as_ref()
                .map(|a| (a.routing.clone(), a.wire_routing.clone())),
            n.eft
                .as_ref()
                .map(|e| (e.institution.clone(), e.branch.clone())),
            n.international.as_ref().map(|i| i.bic.clone()),
            n.bacs.as_ref().map(|b| b.sort_code.clone()),
        )
    };
    let mut changed = Vec::new();
    if accounts(before) != accounts(after) {
        changed.push("ACCOUNT_NUMBER");
    }
    if routings(before) != routings(after) {
        changed.push("ROUTING_NUMBER");
    }
    changed
}
