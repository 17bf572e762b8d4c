//! The admin API for data providers, authenticated with the operator's bearer token (`TARTAN_ADMIN_TOKEN`),
//! never with Plaid client credentials.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};

use crate::domain::{AccountId, ItemId, Owner};
use crate::http::{AdminRequest, ApiError};
use crate::services::AppState;
use crate::services::identity_updates::{self, IdentityUpdateError};
use crate::webhooks::IdentityCategory;
use crate::wire::RequestId;

#[derive(Debug, Deserialize)]
pub struct IdentityPut {
    pub owners: Vec<Owner>,
}

#[derive(Debug, Serialize)]
pub struct IdentityPutResponse {
    pub item_id: String,
    pub account_id: String,
    /// What changed, as IDENTITY `DEFAULT_UPDATE` reports it; empty when nothing did.
    pub updated: Vec<IdentityCategory>,
    /// Whether a webhook was queued (something changed and the Item has a webhook URL).
    pub webhook_queued: bool,
    pub request_id: RequestId,
}

/// `PUT /admin/items/{item_id}/accounts/{account_id}/identity` with `{"owners": [Owner, …]}`.
pub async fn put_identity(
    State(state): State<AppState>,
    Path((item_id, account_id)): Path<(String, String)>,
    request_id: RequestId,
    AdminRequest(body): AdminRequest<IdentityPut>,
) -> Result<Json<IdentityPutResponse>, ApiError> {
    let (item_id, account_id) = (
        ItemId::from_stored(item_id),
        AccountId::from_stored(account_id),
    );
    let update = identity_updates::replace_identity(
        state.store.as_ref(),
        state.config.environment,
        &item_id,
        &account_id,
        &body.owners,
    )
    .await
    .map_err(|error| match error {
        IdentityUpdateError::NotFound { .. } => ApiError::InvalidAccountId,
        IdentityUpdateError::Invalid(message) => ApiError::InvalidField(message),
        IdentityUpdateError::Store(error) => error.into(),
    })?;
    if update.webhook_queued {
        state.webhook_wake.notify_one();
    }
    Ok(Json(IdentityPutResponse {
        item_id: item_id.to_string(),
        account_id: account_id.to_string(),
        updated: update.changed,
        webhook_queued: update.webhook_queued,
        request_id,
    }))
}
