//! Request ids: every request gets one, every response body carries it, every log line of the request names it.

use crate::domain::entropy::{self, Stream};

/// The length of Plaid's request ids.
const LEN: usize = 15;

/// Plaid's request ids are 15 case-sensitive alphanumerics. Held inline (`Copy`, no allocation): every request
/// makes one and hands it to the renderer, the handler and the log line.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestId {
    /// Alphanumerics; all of them, or none for the default (empty) id.
    bytes: [u8; LEN],
    len: u8,
}

impl RequestId {
    pub fn generate() -> Self {
        let mut bytes = [0; LEN];
        entropy::alphanumerics(Stream::Requests, &mut bytes);
        Self {
            bytes,
            len: LEN as u8,
        }
    }

    /// The id's bytes (ASCII), for a header value without a UTF-8 check.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    pub fn as_str(&self) -> &str {
        // Always ASCII alphanumerics (or nothing), so never the fallback.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl std::fmt::Debug for RequestId {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), formatter)
    }
}

impl serde::Serialize for RequestId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fifteen_alphanumerics_serialized_as_a_string() {
        let id = RequestId::generate();
        assert_eq!(id.as_str().len(), 15);
        assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            format!("\"{}\"", id.as_str())
        );
        assert_eq!(format!("{id:?}"), format!("{:?}", id.as_str()));
        assert_eq!(RequestId::default().as_str(), "");
    }
}
