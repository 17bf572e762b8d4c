//! The admin API for clients: their default API version and secret rotation (operator's bearer token).

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::tokens::ClientSecret;
use crate::domain::{ApiVersion, ClientId, ClientRecord};
use crate::http::{AdminRequest, ApiError};
use crate::services::AppState;
use crate::wire::RequestId;

#[derive(Debug, Deserialize)]
pub struct ApiVersionPut {
    pub api_version: String,
}

#[derive(Debug, Serialize)]
pub struct ApiVersionPutResponse {
    pub client_id: String,
    pub api_version: &'static str,
    pub request_id: RequestId,
}

/// `PUT /admin/clients/{client_id}/api_version` with `{"api_version": "2019-05-29"}`: the version answered
/// when a request of this client sends no `Plaid-Version` header.
pub async fn put_api_version(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    request_id: RequestId,
    AdminRequest(body): AdminRequest<ApiVersionPut>,
) -> Result<Json<ApiVersionPutResponse>, ApiError> {
    let api_version = ApiVersion::parse(&body.api_version)
        .map_err(|reason| ApiError::InvalidField(format!("api_version is invalid: {reason}")))?;
    let client = existing(&state, client_id).await?;
    state
        .store
        .save_client(&ClientRecord {
            api_version,
            ..client.clone()
        })
        .await?;
    Ok(Json(ApiVersionPutResponse {
        client_id: client.client_id.to_string(),
        api_version: api_version.as_str(),
        request_id,
    }))
}

#[derive(Debug, Deserialize)]
pub struct RotateSecret {
    /// How long the current secret keeps working; 0 retires it at once.
    pub grace_period_seconds: u32,
}

#[derive(Debug, Serialize)]
pub struct RotateSecretResponse {
    pub client_id: String,
    /// The new secret, shown only in this response (Tartan keeps its hash).
    pub secret: String,
    pub previous_secret_expires_at: DateTime<Utc>,
    pub request_id: RequestId,
}

/// `POST /admin/clients/{client_id}/rotate_secret` with `{"grace_period_seconds": 86400}`.
pub async fn rotate_secret(
    State(state): State<AppState>,
    Path(client_id): Path<String>,
    request_id: RequestId,
    AdminRequest(body): AdminRequest<RotateSecret>,
) -> Result<Json<RotateSecretResponse>, ApiError> {
    let client = existing(&state, client_id).await?;
    let secret = ClientSecret::generate();
    let now = Utc::now();
    let grace = chrono::Duration::seconds(i64::from(body.grace_period_seconds));
    state
        .store
        .save_client(&client.rotated(secret.hash(), now, grace))
        .await?;
    Ok(Json(RotateSecretResponse {
        client_id: client.client_id.to_string(),
        secret: secret.expose().to_owned(),
        previous_secret_expires_at: now + grace,
        request_id,
    }))
}

async fn existing(state: &AppState, client_id: String) -> Result<ClientRecord, ApiError> {
    state
        .store
        .find_client(&ClientId::from_stored(client_id))
        .await?
        .ok_or(ApiError::NotFound)
}
