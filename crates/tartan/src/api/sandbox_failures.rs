//! Failures on demand for the calling client: `/sandbox/failures/set`, `/get`, `/clear`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;

use super::guards::require_sandbox;
use crate::domain::{ErrorCode, FailureRules};
use crate::http::{ApiError, PlaidRequest};
use crate::sandbox::institutions;
use crate::services::AppState;
use crate::services::failures;
use crate::wire::{
    RequestId, SandboxFailures, SandboxFailuresEmptyRequest, SandboxFailuresResponse,
    SandboxFailuresSetRequest,
};

/// `POST /sandbox/failures/set`: replaces the client's failures.
pub async fn set(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<SandboxFailuresSetRequest>,
) -> Result<Json<SandboxFailuresResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/failures/set")?;
    let code = match body.error_code.as_deref() {
        None => ErrorCode::InternalServerError,
        Some(text) => ErrorCode::parse(text).ok_or_else(|| {
            ApiError::InvalidField(format!(
                "error_code must be INTERNAL_SERVER_ERROR or PLANNED_MAINTENANCE, got {text}"
            ))
        })?,
    };
    let rules = FailureRules::with_burst(
        body.latency_ms.unwrap_or(0),
        body.error_percent.unwrap_or(0),
        code,
        body.rate_limit_burst.unwrap_or(0),
    )
    .and_then(|rules| {
        rules.with_webhooks(
            body.webhook_delay_seconds.unwrap_or(0),
            body.webhook_duplicate.unwrap_or(false),
            body.webhook_out_of_order.unwrap_or(false),
        )
    })
    .and_then(|rules| rules.with_institution_errors(institution_errors(body.institution_errors)?))
    .map_err(ApiError::InvalidField)?;
    failures::set(&state, &client.client_id, Some(&rules)).await?;
    Ok(Json(answer(Some(rules), request_id)))
}

/// `POST /sandbox/failures/get`.
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, .. }: PlaidRequest<SandboxFailuresEmptyRequest>,
) -> Result<Json<SandboxFailuresResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/failures/get")?;
    Ok(Json(answer(client.failures, request_id)))
}

/// `POST /sandbox/failures/clear`.
pub async fn clear(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, .. }: PlaidRequest<SandboxFailuresEmptyRequest>,
) -> Result<Json<SandboxFailuresResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/failures/clear")?;
    failures::set(&state, &client.client_id, None).await?;
    Ok(Json(answer(None, request_id)))
}

fn answer(rules: Option<FailureRules>, request_id: RequestId) -> SandboxFailuresResponse {
    SandboxFailuresResponse {
        failures: rules.map(|rules| SandboxFailures {
            latency_ms: rules.latency_ms,
            error_percent: rules.error_percent,
            error_code: rules.error_code.as_str(),
            rate_limit_burst: rules.rate_limit_burst,
            webhook_delay_seconds: rules.webhook_delay_secs,
            webhook_duplicate: rules.webhook_duplicate,
            webhook_out_of_order: rules.webhook_out_of_order,
            institution_errors: rules
                .institution_errors
                .iter()
                .map(|(id, code)| (id.clone(), code.as_str()))
                .collect(),
        }),
        request_id,
    }
}

/// `institution_errors` as typed: known institutions, codes by name.
fn institution_errors(
    given: Option<BTreeMap<String, String>>,
) -> Result<BTreeMap<String, ErrorCode>, String> {
    given
        .unwrap_or_default()
        .into_iter()
        .map(|(id, code)| {
            if institutions::find(&id).is_none() {
                return Err(format!("institution_errors: unknown institution_id {id}"));
            }
            let parsed = ErrorCode::parse(&code).ok_or_else(|| {
                format!("institution_errors.{id} must be INSTITUTION_DOWN or INSTITUTION_NOT_RESPONDING, got {code}")
            })?;
            Ok((id, parsed))
        })
        .collect()
}
