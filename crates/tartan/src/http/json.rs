//! The JSON body of the data endpoints' answers, written into one `Vec`.
//!
//! axum's `Json` serializes through a `BytesMut` writer that starts at 128 bytes: each of the hundreds of
//! small writes of a response goes through `put_slice` and its capacity check, and the buffer grows by
//! copying (12 % of `/identity/get`'s instructions, callgrind). Here serde_json writes into a `Vec` that
//! starts large enough for most responses. The bytes and the headers are the same as axum's `Json`.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::{ApiError, JSON_UTF8};

/// Where a response body starts: most data responses fit, a larger one grows (amortized).
const INITIAL_CAPACITY: usize = 4096;

/// A JSON response body already written (`wire::served`), sent as [`Json`] sends its own.
pub struct JsonBytes(Vec<u8>);

impl JsonBytes {
    /// The body a writer produced, or the internal error it failed with.
    pub fn written(body: Result<Vec<u8>, serde_json::Error>) -> Result<Self, ApiError> {
        body.map(Self)
            .map_err(|error| ApiError::Internal(anyhow::anyhow!("serializing a response: {error}")))
    }
}

impl IntoResponse for JsonBytes {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8))],
            self.0,
        )
            .into_response()
    }
}

/// A response body serialized as JSON, sent as `application/json; charset=utf-8` (the media type every JSON
/// response leaves with: the edge then finds it in place instead of replacing it).
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(INITIAL_CAPACITY);
        match serde_json::to_writer(&mut body, &self.0) {
            Ok(()) => (
                [(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8))],
                body,
            )
                .into_response(),
            Err(error) => ApiError::Internal(anyhow::anyhow!("serializing a response: {error}"))
                .into_response(),
        }
    }
}
