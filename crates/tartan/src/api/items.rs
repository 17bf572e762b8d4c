//! The Item lifecycle: `/item/public_token/exchange`, `/item/get`, `/item/remove`.

use axum::Json;
use axum::extract::State;

use super::access::authorize_item_any_state;
use crate::domain::tokens::{AccessToken, PublicToken};
use crate::http::{ApiError, PlaidRequest};
use crate::services::clock::Clock;
use crate::services::{AppState, item_state};
use crate::wire::RequestId;
use crate::wire::{
    ItemError, ItemGetRequest, ItemGetResponse, ItemPublicTokenExchangeRequest,
    ItemPublicTokenExchangeResponse, ItemRemoveRequest, ItemWithConsentFields, RequestIdOnly,
};

/// Plaid's limit on `reason_note`.
const REASON_NOTE_MAX_CHARS: usize = 512;

/// <https://plaid.com/docs/api/items/#itempublic_tokenexchange>
pub async fn public_token_exchange(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ItemPublicTokenExchangeRequest>,
) -> Result<Json<ItemPublicTokenExchangeResponse>, ApiError> {
    let environment = state.config.environment;
    let public_token =
        PublicToken::parse(&body.public_token, environment).ok_or(ApiError::InvalidPublicToken)?;
    let access_token = AccessToken::mint(environment);
    let item_id = state
        .store
        .exchange_public_token(
            &client.client_id,
            &public_token.hash(),
            &access_token.hash(),
            Clock::of(&client).now(),
        )
        .await?
        .ok_or(ApiError::InvalidPublicToken)?;
    Ok(Json(ItemPublicTokenExchangeResponse {
        access_token,
        item_id: item_id.to_string(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/items/#itemget>
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ItemGetRequest>,
) -> Result<Json<ItemGetResponse>, ApiError> {
    let item = authorize_item_any_state(&state, &client, &body.access_token).await?;
    let mut shown: ItemWithConsentFields = (&item).into();
    shown.item.error = item.current_error().map(ItemError::of);
    Ok(Json(ItemGetResponse {
        item: shown,
        status: None,
        request_id,
    }))
}

/// <https://plaid.com/docs/api/items/#itemremove>
pub async fn remove(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ItemRemoveRequest>,
) -> Result<Json<RequestIdOnly>, ApiError> {
    if body
        .reason_note
        .as_ref()
        .is_some_and(|note| note.chars().count() > REASON_NOTE_MAX_CHARS)
    {
        return Err(ApiError::InvalidField(format!(
            "reason_note must be at most {REASON_NOTE_MAX_CHARS} characters"
        )));
    }
    let item = authorize_item_any_state(&state, &client, &body.access_token).await?;
    tracing::info!(item_id = %item.item_id, reason_code = ?body.reason_code, "removing item");
    item_state::remove(&state, &item).await?;
    Ok(Json(RequestIdOnly { request_id }))
}
