//! Request ids: every request gets one, every response body carries it, every log line of the request names it.

use crate::domain::entropy::{self, Stream};

/// Plaid's request ids are 15 case-sensitive alphanumerics.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct RequestId(String);

impl RequestId {
    pub fn generate() -> Self {
        Self(entropy::base62(Stream::Requests, 15))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
