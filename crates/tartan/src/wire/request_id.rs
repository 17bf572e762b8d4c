//! Request ids: every request gets one, every response body carries it, every log line of the request names it.

use rand::Rng;
use rand::distr::Alphanumeric;

/// Plaid's request ids are 15 case-sensitive alphanumerics.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct RequestId(String);

impl RequestId {
    pub fn generate() -> Self {
        Self(
            rand::rng()
                .sample_iter(&Alphanumeric)
                .take(15)
                .map(char::from)
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
