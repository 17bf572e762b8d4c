//! Webhook endpoints: `/item/webhook/update`, `/webhook_verification_key/get`, `/sandbox/item/fire_webhook`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};

use super::access::authorize_item;
use super::guards::{require_sandbox, webhook_url};
use crate::domain::{Account, ItemRecord, Product};
use crate::http::{ApiError, PlaidRequest};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::wire::RequestId;

use crate::webhooks::{IdentityCategory, NewWebhook, Payload, Webhook};
use crate::wire::{
    ItemWebhookUpdateRequest, ItemWebhookUpdateResponse, SandboxItemFireWebhookRequest,
    SandboxItemFireWebhookResponse, WebhookVerificationKeyGetRequest,
    WebhookVerificationKeyGetResponse,
};

/// <https://plaid.com/docs/api/items/#itemwebhookupdate>: fires ITEM `WEBHOOK_UPDATE_ACKNOWLEDGED` to the new URL.
pub async fn item_webhook_update(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<ItemWebhookUpdateRequest>,
) -> Result<Json<ItemWebhookUpdateResponse>, ApiError> {
    let mut item =
        super::access::authorize_item_any_state(&state, &client, &body.access_token).await?;
    let url = body
        .webhook
        .as_deref()
        .map(|url| webhook_url(&state, url))
        .transpose()?;
    let acknowledgement = match &url {
        Some(url) => Some(outbox_entry(
            &state,
            &item,
            url,
            Webhook::WebhookUpdateAcknowledged {
                new_webhook_url: url.clone(),
                error: None,
            },
        )?),
        None => None,
    };
    state
        .store
        .set_item_webhook(&item.item_id, url.as_deref(), acknowledgement.as_ref())
        .await?;
    state.webhook_wake.notify_one();
    item.webhook = url;
    Ok(Json(ItemWebhookUpdateResponse {
        item: (&item).into(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/webhooks/webhook-verification/#webhook_verification_keyget>
pub async fn verification_key_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { body, .. }: PlaidRequest<WebhookVerificationKeyGetRequest>,
) -> Result<Json<WebhookVerificationKeyGetResponse>, ApiError> {
    let key = state
        .store
        .find_webhook_key(&body.key_id)
        .await?
        .ok_or(ApiError::InvalidWebhookVerificationKeyId)?;
    Ok(Json(WebhookVerificationKeyGetResponse {
        key: key.jwk(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/sandbox/#sandboxitemfire_webhook>, for the products Tartan serves.
pub async fn sandbox_fire(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<SandboxItemFireWebhookRequest>,
) -> Result<Json<SandboxItemFireWebhookResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/item/fire_webhook")?;
    let item = authorize_item(&state, &client, &body.access_token).await?;
    let url = item
        .webhook
        .clone()
        .ok_or(ApiError::SandboxWebhookInvalid)?;
    let accounts = state.store.list_accounts(&item.item_id).await?;
    let webhook = sandbox_webhook(
        &item,
        Clock::of(&client).now(),
        &accounts,
        body.webhook_type.as_deref(),
        &body.webhook_code,
    )?;
    let entry = outbox_entry(&state, &item, &url, webhook)?;
    state.store.enqueue_webhook(&entry).await?;
    state.webhook_wake.notify_one();
    Ok(Json(SandboxItemFireWebhookResponse {
        webhook_fired: true,
        request_id,
    }))
}

/// The webhook `/sandbox/item/fire_webhook` asks for, about the Item's first (or first payment) account. The
/// codes come from the catalogue ([`Webhook::kind`]); an absent `webhook_type` means ITEM, as in Plaid.
fn sandbox_webhook(
    item: &ItemRecord,
    now: DateTime<Utc>,
    accounts: &[Account],
    webhook_type: Option<&str>,
    code: &str,
) -> Result<Webhook, ApiError> {
    let fireable = fireable_webhooks(accounts, now);
    let wanted = (webhook_type.unwrap_or("ITEM"), code);
    let Some(webhook) = fireable
        .into_iter()
        .find(|webhook| webhook.kind() == wanted)
    else {
        return Err(unsupported(webhook_type, code, accounts));
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
fn fireable_webhooks(accounts: &[Account], now: DateTime<Utc>) -> Vec<Webhook> {
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

fn unsupported(webhook_type: Option<&str>, code: &str, accounts: &[Account]) -> ApiError {
    let kinds: Vec<(&str, &str)> = fireable_webhooks(accounts, Utc::now())
        .iter()
        .map(Webhook::kind)
        .collect();
    if webhook_type.is_none()
        && kinds
            .iter()
            .any(|(kind, known)| *known == code && *kind != "ITEM")
    {
        return ApiError::InvalidField(format!(
            "webhook_type is required with {code}: one of {} (Plaid's historical default, TRANSACTIONS, is \
             not served by Tartan)",
            kinds
                .iter()
                .filter(|(_, known)| *known == code)
                .map(|(kind, _)| *kind)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let listed: Vec<String> = kinds
        .iter()
        .map(|(kind, known)| format!("{kind} {known}"))
        .collect();
    ApiError::InvalidField(format!(
        "Tartan's sandbox fires {}; not {} {code}",
        listed.join(", "),
        webhook_type.unwrap_or("(no webhook_type)")
    ))
}

fn require_product(
    item: &ItemRecord,
    product: Product,
    name: &'static str,
) -> Result<(), ApiError> {
    if item.products.contains(&product) {
        Ok(())
    } else {
        Err(ApiError::SandboxProductNotEnabled(name))
    }
}

/// The outbox entry that delivers `webhook` about `item` to `url`.
pub fn outbox_entry(
    state: &AppState,
    item: &ItemRecord,
    url: &str,
    webhook: Webhook,
) -> Result<NewWebhook, ApiError> {
    let payload = Payload::new(item.item_id.to_string(), state.config.environment, webhook);
    NewWebhook::new(url, &payload, Utc::now()).map_err(|error| ApiError::Internal(error.into()))
}
