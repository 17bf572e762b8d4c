//! Minting, parsing and hashing of every secret Tartan hands out: access and public tokens, client secrets.
//!
//! A token is `<kind>-<environment>-<128 random bits in UUID layout>`, like Plaid's. Only its SHA-256 is stored;
//! the value itself exists in the response that hands it out and nowhere else, and never reaches a log.

use std::fmt;
use std::marker::PhantomData;

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::environment::Environment;

/// A kind of bearer token: its prefix, as in Plaid's `<kind>-<environment>-<uuid>`.
pub trait TokenKind {
    const PREFIX: &'static str;
}

macro_rules! token_kinds {
    ($($(#[$doc:meta])* $kind:ident => $prefix:literal, $alias:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $kind {}

        impl TokenKind for $kind {
            const PREFIX: &'static str = $prefix;
        }

        $(#[$doc])*
        pub type $alias = Token<$kind>;
    )+};
}

token_kinds! {
    /// An access token: a client's lasting key to one Item.
    Access => "access", AccessToken;
    /// A public token: short-lived, single use, exchanged for an access token.
    Public => "public", PublicToken;
    /// A processor token: one account of one Item, for one processor partner.
    Processor => "processor", ProcessorToken;
    /// A link token: one configuration of Link, for one session.
    Link => "link", LinkToken;
}

/// A Stripe bank account token (`btok_…`), minted locally: Tartan does not call Stripe.
pub struct StripeBankAccountToken(String);

impl StripeBankAccountToken {
    /// `btok_` and 24 base62 characters (143 random bits).
    pub fn mint() -> Self {
        let random = super::entropy::base62(super::entropy::Stream::Tokens, 24);
        Self(format!("btok_{random}"))
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StripeBankAccountToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StripeBankAccountToken(<redacted>)")
    }
}

/// A token value of kind `K`. Neither `Debug` nor `Display` prints it; `expose` and `Serialize` (for the one
/// response that hands it out) do.
pub struct Token<K> {
    value: String,
    kind: PhantomData<K>,
}

impl<K: TokenKind> Token<K> {
    /// A fresh token for `env`, with 128 bits from the OS-seeded CSPRNG.
    pub fn mint(env: Environment) -> Self {
        let mut bytes = [0_u8; 16];
        super::entropy::fill(super::entropy::Stream::Tokens, &mut bytes);
        let hex = hex::encode(bytes);
        Self::new(format!(
            "{}-{}-{}-{}-{}-{}-{}",
            K::PREFIX,
            env.as_str(),
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    /// Accepts a presented token only if it has the shape Tartan mints for `K` in `env`; anything else is
    /// refused before the store is asked.
    pub fn parse(value: &str, env: Environment) -> Option<Self> {
        let rest = value.strip_prefix(K::PREFIX)?.strip_prefix('-')?;
        let random = rest.strip_prefix(env.as_str())?.strip_prefix('-')?;
        let well_formed = random.len() == 36
            && random.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        well_formed.then(|| Self::new(value.to_owned()))
    }

    fn new(value: String) -> Self {
        Self {
            value,
            kind: PhantomData,
        }
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.value)
    }

    /// The value, for the one response that hands it out.
    pub fn expose(&self) -> &str {
        &self.value
    }
}

impl<K> Clone for Token<K> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            kind: PhantomData,
        }
    }
}

impl<K> PartialEq for Token<K> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<K> Eq for Token<K> {}

impl<K: TokenKind> fmt::Debug for Token<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({}-<redacted>)", K::PREFIX)
    }
}

impl<K: TokenKind> fmt::Display for Token<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-<redacted>", K::PREFIX)
    }
}

impl<K> serde::Serialize for Token<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

/// A client secret: 128 random bits as 32 hex characters.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        Self(hex::encode(bytes))
    }

    /// A secret given by an operator (e.g. `TARTAN_SANDBOX_SECRET`) or presented by a client.
    pub fn from_presented(value: String) -> Self {
        Self(value)
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }

    /// The hash of a presented secret (a client's, or the admin token), without taking a copy of it first.
    pub fn hash_presented(value: &str) -> SecretHash {
        SecretHash::of(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// A console session id: 256 random bits as 64 hex characters, held only by the operator's cookie (the
/// store keeps its hash). Its CSRF token is derived from it, so a form token is valid for that session only.
#[derive(Clone)]
pub struct ConsoleSessionId(String);

impl ConsoleSessionId {
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(hex::encode(bytes))
    }

    /// The id a cookie presented.
    pub fn from_presented(value: String) -> Self {
        Self(value)
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }

    /// The CSRF token of this session's forms: SHA-256 of the id under a label of its own, so it differs
    /// from the stored hash and reveals nothing of the id.
    pub fn csrf_token(&self) -> SecretHash {
        SecretHash::of(&format!("tartan-console-csrf:{}", self.0))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ConsoleSessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConsoleSessionId(<redacted>)")
    }
}

/// A one-time secret of an OpenID Connect login (its `state` or `nonce`): 256 random bits, base64url. Only its
/// hash is stored; the value travels in the authorization request and comes back once.
#[derive(Clone)]
pub struct LoginSecret(String);

impl LoginSecret {
    pub fn mint() -> Self {
        use base64::Engine as _;
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A value that came back (the callback's `state`, the ID token's `nonce`).
    pub fn from_presented(value: String) -> Self {
        Self(value)
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for LoginSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LoginSecret(<redacted>)")
    }
}

/// `bytes` as lowercase hex, as `hex::encode` writes it, without its per-character `String` pushes (hashing
/// the secret and the token is on every data request's path).
fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// SHA-256 of a high-entropy secret, hex-encoded: what the store keeps instead of the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretHash(String);

impl SecretHash {
    fn of(value: &str) -> Self {
        Self(lower_hex(&Sha256::digest(value.as_bytes())))
    }

    pub fn from_stored(value: String) -> Self {
        Self(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison, so response timing reveals nothing about a stored hash.
    pub fn matches(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_hashes_are_the_hex_of_their_sha256() {
        for value in ["", "s3cret", "access-sandbox-0123", "\u{e9}t\u{e9}"] {
            let expected = hex::encode(Sha256::digest(value.as_bytes()));
            assert_eq!(SecretHash::of(value).as_str(), expected);
        }
        assert_eq!(lower_hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }

    #[test]
    fn minted_tokens_have_plaids_shape_and_parse_back() {
        let token = AccessToken::mint(Environment::Sandbox);
        assert!(token.expose().starts_with("access-sandbox-"));
        assert_eq!(token.expose().len(), "access-sandbox-".len() + 36);
        let parsed = AccessToken::parse(token.expose(), Environment::Sandbox);
        assert_eq!(parsed, Some(token));
    }

    #[test]
    fn tokens_of_another_kind_or_environment_are_refused() {
        let token = PublicToken::mint(Environment::Sandbox);
        assert!(AccessToken::parse(token.expose(), Environment::Sandbox).is_none());
        assert!(PublicToken::parse(token.expose(), Environment::Production).is_none());
        for garbage in [
            "",
            "access-sandbox-",
            "access-sandbox-zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            "🦆",
        ] {
            assert!(AccessToken::parse(garbage, Environment::Sandbox).is_none());
        }
    }

    #[test]
    fn hashes_compare_by_value_and_debug_never_shows_secrets() {
        let secret = ClientSecret::generate();
        assert_eq!(secret.expose().len(), 32);
        assert!(
            secret
                .hash()
                .matches(&ClientSecret::from_presented(secret.expose().to_owned()).hash())
        );
        assert!(!secret.hash().matches(&ClientSecret::generate().hash()));
        assert!(!format!("{secret:?}").contains(secret.expose()));
        let token = AccessToken::mint(Environment::Sandbox);
        assert!(!format!("{token:?}").contains(token.expose()));
        assert_eq!(token.to_string(), "access-<redacted>");
    }
}
