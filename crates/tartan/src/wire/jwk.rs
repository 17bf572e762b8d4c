//! The webhook verification key as `/webhook_verification_key/get` answers it.

use serde::Serialize;

/// Plaid's `JWKPublicKey`.
#[derive(Debug, Serialize)]
pub struct JwkPublicKey {
    pub alg: &'static str,
    pub crv: &'static str,
    pub kid: String,
    pub kty: &'static str,
    #[serde(rename = "use")]
    pub key_use: &'static str,
    pub x: String,
    pub y: String,
    pub created_at: i64,
    pub expired_at: Option<i64>,
}
