//! Webhook signatures as Plaid makes them: an ES256 JWT in `Plaid-Verification` whose claims are `iat` and
//! the SHA-256 of the exact body, with the key id in the JWT header; the public key as a JWK.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::wire::JwkPublicKey;

/// A signing key as stored: the private scalar and the public point.
#[derive(Clone)]
pub struct WebhookKey {
    pub key_id: String,
    /// The P-256 private scalar, hex. Never logged (see `Debug`).
    pub private_key: String,
    pub x: String,
    pub y: String,
    pub created_at: DateTime<Utc>,
    pub expired_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for WebhookKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookKey")
            .field("key_id", &self.key_id)
            .field("created_at", &self.created_at)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("stored webhook key {0} is not a valid P-256 key")]
pub struct InvalidKey(String);

impl WebhookKey {
    /// A fresh key from the OS-seeded CSPRNG.
    pub fn generate(now: DateTime<Utc>) -> Self {
        let key = loop {
            let mut scalar = [0_u8; 32];
            rand::rng().fill_bytes(&mut scalar);
            // Almost every 32-byte string is a valid scalar; the loop skips the negligible rest.
            if let Ok(key) = SigningKey::from_slice(&scalar) {
                break key;
            }
        };
        let point = key.verifying_key().to_encoded_point(false);
        let coordinate = |bytes: Option<&p256::FieldBytes>| {
            bytes.map(|b| URL_SAFE_NO_PAD.encode(b)).unwrap_or_default()
        };
        Self {
            key_id: uuid::Uuid::new_v4().to_string(),
            private_key: hex::encode(key.to_bytes()),
            x: coordinate(point.x()),
            y: coordinate(point.y()),
            created_at: now,
            expired_at: None,
        }
    }

    fn signing_key(&self) -> Result<SigningKey, InvalidKey> {
        hex::decode(&self.private_key)
            .ok()
            .and_then(|bytes| SigningKey::from_slice(&bytes).ok())
            .ok_or_else(|| InvalidKey(self.key_id.clone()))
    }

    /// The `Plaid-Verification` header value for `body` sent at `now`.
    pub fn sign(&self, body: &[u8], now: DateTime<Utc>) -> Result<String, InvalidKey> {
        #[derive(Serialize)]
        struct Header<'a> {
            alg: &'static str,
            kid: &'a str,
            typ: &'static str,
        }
        #[derive(Serialize)]
        struct Claims {
            iat: i64,
            request_body_sha256: String,
        }
        let header = base64_json(&Header {
            alg: "ES256",
            kid: &self.key_id,
            typ: "JWT",
        });
        let claims = base64_json(&Claims {
            iat: now.timestamp(),
            request_body_sha256: hex::encode(Sha256::digest(body)),
        });
        let signing_input = format!("{header}.{claims}");
        let signature: Signature = self.signing_key()?.sign(signing_input.as_bytes());
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        ))
    }

    /// Plaid's `JWKPublicKey`.
    pub fn jwk(&self) -> JwkPublicKey {
        JwkPublicKey {
            alg: "ES256",
            crv: "P-256",
            kid: self.key_id.clone(),
            kty: "EC",
            key_use: "sig",
            x: self.x.clone(),
            y: self.y.clone(),
            created_at: self.created_at.timestamp(),
            expired_at: self.expired_at.map(|time| time.timestamp()),
        }
    }
}

/// A JWT segment. Serializing the plain structs of strings and integers used here cannot fail.
fn base64_json<T: Serialize>(value: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;

    use super::*;

    #[test]
    fn signatures_verify_with_the_published_key() {
        let key = WebhookKey::generate(Utc::now());
        let body = b"{\n  \"webhook_type\": \"ITEM\"\n}";
        let jwt = key.sign(body, Utc::now()).unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(
            (header["alg"].as_str(), header["kid"].as_str()),
            (Some("ES256"), Some(key.key_id.as_str()))
        );
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(
            claims["request_body_sha256"],
            hex::encode(Sha256::digest(body))
        );

        let jwk = key.jwk();
        let mut point = vec![4_u8];
        point.extend(URL_SAFE_NO_PAD.decode(&jwk.x).unwrap());
        point.extend(URL_SAFE_NO_PAD.decode(&jwk.y).unwrap());
        let verifying = VerifyingKey::from_sec1_bytes(&point).unwrap();
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap()).unwrap();
        verifying
            .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
            .unwrap();
    }

    #[test]
    fn keys_are_distinct_and_debug_hides_the_private_part() {
        let (a, b) = (
            WebhookKey::generate(Utc::now()),
            WebhookKey::generate(Utc::now()),
        );
        assert_ne!(a.private_key, b.private_key);
        assert_ne!(a.key_id, b.key_id);
        assert!(!format!("{a:?}").contains(&a.private_key));
    }
}
