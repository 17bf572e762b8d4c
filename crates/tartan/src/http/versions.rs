//! The wire boundary of every response: the API version a request is answered in, and one media type.
//!
//! The version is the `Plaid-Version` header's, else the authenticated client's default (the extractor
//! records it in the request's `RequestScope`), else 2020-09-14. Successful JSON bodies are rewritten into that
//! version's shape by `wire::versions::adapt`; every JSON response says `application/json; charset=utf-8`, as
//! Plaid's do, errors and successes alike.

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::error::{ApiError, JSON_UTF8};
use crate::domain::ApiVersion;
use crate::wire::versions;

static PLAID_VERSION: HeaderName = HeaderName::from_static("plaid-version");

/// The request's `Plaid-Version`, if it sent one; an unknown one is refused.
pub(super) fn requested_version(headers: &HeaderMap) -> Result<Option<ApiVersion>, ApiError> {
    let Some(value) = headers.get(&PLAID_VERSION) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default();
    ApiVersion::parse(text).map(Some).map_err(|reason| {
        ApiError::InvalidHeaders(format!("the Plaid-Version header is invalid: {reason}"))
    })
}

/// Every JSON response says `application/json; charset=utf-8`; `true` when the response is a successful JSON one
/// that must be rewritten into `version`'s shape (by [`rewritten`]).
pub(super) fn needs_rewrite(response: &mut Response, version: ApiVersion) -> bool {
    json_media_type(response.headers_mut())
        && response.status().is_success()
        && version != ApiVersion::default()
}

/// A successful JSON response rewritten into `version`'s shape. `path` is the path the request was routed by
/// (the matched route, else the request's path), base path included.
pub(super) async fn rewritten(
    response: Response,
    version: ApiVersion,
    path: &str,
    base_path: Option<&str>,
) -> Response {
    let (mut parts, body) = response.into_parts();
    // The operation as Plaid names it (`/auth/get`), also when served under the base path.
    let operation = base_path
        .and_then(|base| path.strip_prefix(base))
        .unwrap_or(path);
    match rewrite(operation, version, body).await {
        Ok(bytes) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(error) => error.into_response(),
    }
}

/// Sets the JSON media type on a JSON response (one lookup; the value is left alone when it is already the one
/// and only); `false` when the response is not JSON.
fn json_media_type(headers: &mut HeaderMap) -> bool {
    let header::Entry::Occupied(mut entry) = headers.entry(header::CONTENT_TYPE) else {
        return false;
    };
    if entry.get().as_bytes() == JSON_UTF8.as_bytes() && entry.iter().nth(1).is_none() {
        return true;
    }
    if !is_json(entry.get()) {
        return false;
    }
    entry.insert(HeaderValue::from_static(JSON_UTF8));
    true
}

fn is_json(value: &HeaderValue) -> bool {
    value
        .to_str()
        .ok()
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
