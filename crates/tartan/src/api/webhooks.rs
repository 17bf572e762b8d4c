//! Webhook endpoints: `/item/webhook/update`, `/webhook_verification_key/get`, `/sandbox/item/fire_webhook`.

use axum::Json;
use axum::extract::State;

use super::access::authorize_item;
use super::guards::{require_sandbox, webhook_url};
use crate::domain::ItemRecord;
use crate::http::{ApiError, PlaidRequest};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::services::item_webhooks::{self, FireError};
use crate::wire::RequestId;

use crate::webhooks::{NewWebhook, Webhook};
use crate::wire::{
    ItemWebhookUpdateRequest, ItemWebhookUpdateResponse, SandboxItemFireWebhookRequest,
    SandboxItemFireWebhookResponse, WebhookVerificationKeyGetRequest,
    WebhookVerificationKeyGetResponse,
};

/// <https://plaid.com/docs/api/items/#itemwebhookupdate>: fires ITEM `WEBHOOK_UPDATE_ACKNOWLEDGED` to the new URL.
pub async fn item_webhook_update(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ItemWebhookUpdateRequest>,
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
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<SandboxItemFireWebhookRequest>,
) -> Result<Json<SandboxItemFireWebhookResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/item/fire_webhook")?;
    let item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    item_webhooks::fire(
        &state,
        &item,
        Clock::of(&client).now(),
        body.webhook_type.as_deref(),
        &body.webhook_code,
    )
    .await
    .map_err(fire_error)?;
    Ok(Json(SandboxItemFireWebhookResponse {
        webhook_fired: true,
        request_id,
    }))
}

/// Plaid's answer to a webhook that cannot be fired.
pub fn fire_error(error: FireError) -> ApiError {
    match error {
        FireError::NoWebhookUrl => ApiError::SandboxWebhookInvalid,
        FireError::Unsupported(message) => ApiError::InvalidField(message),
        FireError::ProductNotEnabled(name) => ApiError::SandboxProductNotEnabled(name),
        FireError::Store(error) => error.into(),
        FireError::Body(error) => ApiError::Internal(error.into()),
    }
}

/// The outbox entry that delivers `webhook` about `item` to `url`.
fn outbox_entry(
    state: &AppState,
    item: &ItemRecord,
    url: &str,
    webhook: Webhook,
) -> Result<NewWebhook, ApiError> {
    item_webhooks::outbox_entry(state, item, url, webhook)
        .map_err(|error| ApiError::Internal(error.into()))
}
