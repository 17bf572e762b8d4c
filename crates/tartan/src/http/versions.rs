//! The wire boundary of every response: the API version a request is answered in, and one media type.
//!
//! The version is the `Plaid-Version` header's, else the authenticated client's default (the extractor
//! records it in the [`VersionSlot`]), else 2020-09-14. Successful JSON bodies are rewritten into that
//! version's shape by `wire::versions::adapt`; every JSON response says `application/json; charset=utf-8`, as
//! Plaid's do, errors and successes alike.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, JSON_UTF8};
use crate::domain::ApiVersion;
use crate::services::AppState;
use crate::wire::versions;

/// Where the extractor leaves the authenticated client's default version.
#[derive(Clone, Default)]
pub struct VersionSlot(Arc<OnceLock<ApiVersion>>);

impl VersionSlot {
    pub fn record(&self, default: ApiVersion) {
        let _ = self.0.set(default);
    }
}

/// Middleware: refuses an unknown `Plaid-Version`, answers in the version asked for.
pub async fn negotiate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let requested = match requested_version(request.headers()) {
        Ok(requested) => requested,
        Err(error) => return error.into_response(),
    };
    let slot = VersionSlot::default();
    request.extensions_mut().insert(slot.clone());
    let operation = operation(&request, state.config.base_path.as_deref());
    let response = next.run(request).await;
    let version = requested
        .or_else(|| slot.0.get().copied())
        .unwrap_or_default();
    if !is_json(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    if !parts.status.is_success() || version == ApiVersion::default() {
        return Response::from_parts(parts, body);
    }
    match rewrite(&operation, version, body).await {
        Ok(bytes) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(error) => error.into_response(),
    }
}

fn requested_version(headers: &HeaderMap) -> Result<Option<ApiVersion>, ApiError> {
    let Some(value) = headers.get("plaid-version") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default();
    ApiVersion::parse(text).map(Some).map_err(|reason| {
        ApiError::InvalidHeaders(format!("the Plaid-Version header is invalid: {reason}"))
    })
}

/// The operation's path as Plaid names it (`/auth/get`), also when served under the base path.
fn operation(request: &Request, base_path: Option<&str>) -> String {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| request.uri().path(), MatchedPath::as_str);
    base_path
        .and_then(|base| path.strip_prefix(base))
        .unwrap_or(path)
        .to_owned()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

async fn rewrite(operation: &str, version: ApiVersion, body: Body) -> Result<Vec<u8>, ApiError> {
    let internal = |error: &dyn std::fmt::Display| {
        ApiError::Internal(anyhow::anyhow!("adapting a response to {version}: {error}"))
    };
    let bytes = to_bytes(body, usize::MAX)
        .await
        .map_err(|error| internal(&error))?;
    let mut value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|error| internal(&error))?;
    versions::adapt(operation, version, &mut value);
    serde_json::to_vec(&value).map_err(|error| internal(&error))
}
