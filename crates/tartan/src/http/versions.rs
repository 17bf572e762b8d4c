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

/// Answers in `version`: every JSON response says `application/json; charset=utf-8`, and a successful one is
/// rewritten into that version's shape. `operation` is the path the request was routed by (the matched route,
/// else the request's path), base path included; it is only read when the body is rewritten.
pub(super) async fn answer_in(
    response: Response,
    version: ApiVersion,
    operation: impl FnOnce() -> String,
    base_path: Option<&str>,
) -> Response {
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
    let path = operation();
    // The operation as Plaid names it (`/auth/get`), also when served under the base path.
    let operation = base_path
        .and_then(|base| path.strip_prefix(base))
        .unwrap_or(&path);
    match rewrite(operation, version, body).await {
        Ok(bytes) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(error) => error.into_response(),
    }
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
