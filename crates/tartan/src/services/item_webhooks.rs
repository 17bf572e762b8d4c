//! Firing a webhook about an Item on request: `/sandbox/item/fire_webhook` and the console's "fire" buttons
//! share this, so both send exactly the webhooks of the catalogue ([`Webhook::kind`]) with the same fields.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::state::AppState;
use crate::domain::{Account, ItemRecord, Product};
use crate::store::StoreError;
use crate::webhooks::{IdentityCategory, NewWebhook, Payload, Webhook};

#[derive(Debug, thiserror::Error)]
pub enum FireError {
    /// The Item has no webhook URL to send to.
    #[error("the Item has no webhook URL")]
    NoWebhookUrl,
    /// Not a webhook the sandbox fires; the message lists those it does.
    #[error("{0}")]
    Unsupported(String),
    /// The webhook is about a product the Item does not have.
    #[error("the Item does not have the {0} product")]
    ProductNotEnabled(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("webhook body: {0}")]
    Body(#[from] serde_json::Error),
}

/// A webhook written to the outbox.
#[derive(Debug, Clone)]
pub struct Fired {
    pub webhook_id: String,
    pub url: String,
}

/// Queues the webhook `webhook_type` (`None`: ITEM, as in Plaid) `code` about `item` to its webhook URL and
/// wakes the dispatcher. `now` is the client's (sandbox clock).
pub async fn fire(
    state: &AppState,
    item: &ItemRecord,
    now: DateTime<Utc>,
    webhook_type: Option<&str>,
    code: &str,
) -> Result<Fired, FireError> {
    let url = item.webhook.clone().ok_or(FireError::NoWebhookUrl)?;
    let accounts = state.store.list_accounts(&item.item_id).await?;
    let webhook = choose(item, &accounts, now, webhook_type, code)?;
    let entry = outbox_entry(state, item, &url, webhook)?;
    state.store.enqueue_webhook(&entry).await?;
    state.webhook_wake.notify_one();
    Ok(Fired {
        webhook_id: entry.webhook_id,
        url,
    })
}

/// The outbox entry that delivers `webhook` about `item` to `url`.
pub fn outbox_entry(
    state: &AppState,
    item: &ItemRecord,
    url: &str,
    webhook: Webhook,
) -> Result<NewWebhook, serde_json::Error> {
    let payload = Payload::new(item.item_id.to_string(), state.config.environment, webhook);
    NewWebhook::new(url, &payload, Utc::now())
}

/// The webhook asked for, about the Item's first (or first payment) account.
fn choose(
    item: &ItemRecord,
    accounts: &[Account],
    now: DateTime<Utc>,
    webhook_type: Option<&str>,
    code: &str,
) -> Result<Webhook, FireError> {
    let wanted = (webhook_type.unwrap_or("ITEM"), code);
    let Some(webhook) = fireable_webhooks(accounts, now)
        .into_iter()
        .find(|webhook| webhook.kind() == wanted)
    else {
        return Err(FireError::Unsupported(unsupported(
            webhook_type,
            code,
            accounts,
        )));
    };
    match &webhook {
        Webhook::IdentityDefaultUpdate { .. } => {
            require_product(item, Product::Identity, "identity")?;
        }
        Webhook::AuthDefaultUpdate { .. } => require_product(item, Product::Auth, "auth")?,
        _ => {}
    }
    Ok(webhook)
}

/// Every webhook the sandbox fires on request, as it would be sent for these accounts.
pub fn fireable_webhooks(accounts: &[Account], now: DateTime<Utc>) -> Vec<Webhook> {
    let first_account = accounts
        .first()
        .map(|account| account.account_id.to_string())
        .unwrap_or_default();
    let updated_auth = accounts
        .iter()
        .find(|account| account.numbers.has_any())
        .map(|account| (account.account_id.to_string(), vec!["ACCOUNT_NUMBER"]));
    vec![
        Webhook::IdentityDefaultUpdate {
            account_ids_with_updated_identity: BTreeMap::from([(
                first_account.clone(),
                vec![IdentityCategory::Addresses],
            )]),
            error: None,
        },
        Webhook::AuthDefaultUpdate {
            account_ids_with_new_auth: vec![],
            account_ids_with_updated_auth: updated_auth.into_iter().collect(),
            error: None,
        },
        Webhook::NewAccountsAvailable { error: None },
        Webhook::LoginRepaired {},
        Webhook::UserAccountRevoked {
            account_id: first_account,
        },
        Webhook::pending_disconnect(now),
        Webhook::permission_revoked(),
        Webhook::login_required(),
    ]
}

fn unsupported(webhook_type: Option<&str>, code: &str, accounts: &[Account]) -> String {
    let kinds: Vec<(&str, &str)> = fireable_webhooks(accounts, Utc::now())
        .iter()
        .map(Webhook::kind)
        .collect();
    if webhook_type.is_none()
        && kinds
            .iter()
            .any(|(kind, known)| *known == code && *kind != "ITEM")
    {
        return format!(
            "webhook_type is required with {code}: one of {} (Plaid's historical default, TRANSACTIONS, is \
             not served by Tartan)",
            kinds
                .iter()
                .filter(|(_, known)| *known == code)
                .map(|(kind, _)| *kind)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let listed: Vec<String> = kinds
        .iter()
        .map(|(kind, known)| format!("{kind} {known}"))
        .collect();
    format!(
        "Tartan's sandbox fires {}; not {} {code}",
        listed.join(", "),
        webhook_type.unwrap_or("(no webhook_type)")
    )
}

fn require_product(
    item: &ItemRecord,
    product: Product,
    name: &'static str,
) -> Result<(), FireError> {
    if item.products.contains(&product) {
        Ok(())
    } else {
        Err(FireError::ProductNotEnabled(name))
    }
}
