//! Why a login at an authorization server failed.

/// Why a login at the authorization server failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcError {
    /// The institution's login settings cannot be used (an `http` issuer, a malformed URL).
    #[error("the institution's OpenID Connect settings are invalid: {0}")]
    Misconfigured(String),
    /// The authorization server could not be reached, timed out, or failed.
    #[error("the authorization server did not answer: {0}")]
    Unreachable(String),
    /// The authorization server refused (an OAuth error code: `invalid_grant`, `invalid_client`, …).
    #[error("the authorization server refused: {0}")]
    Refused(String),
    /// Its answer cannot be trusted: no ID token, a bad signature, another issuer or audience, an expired
    /// token, a nonce that is not this login's.
    #[error("the ID token was rejected: {0}")]
    Untrusted(String),
}
