//! Minting, parsing and hashing of every secret Tartan hands out: access and public tokens, client secrets.
//!
//! A token is `<kind>-<environment>-<128 random bits in UUID layout>`, like Plaid's. Only its SHA-256 is stored;
//! the value itself exists in the response that hands it out and nowhere else, and never reaches a log.

use std::fmt;

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::domain::Environment;

/// The kinds of bearer token a Plaid client presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Public,
    Processor,
}

impl TokenKind {
    const fn prefix(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Public => "public",
            Self::Processor => "processor",
        }
    }
}

/// A Stripe bank account token (`btok_…`), minted locally: Tartan does not call Stripe.
pub struct StripeBankAccountToken(String);

impl StripeBankAccountToken {
    /// `btok_` and 24 base62 characters (143 random bits).
    pub fn mint() -> Self {
        use rand::Rng;
        let random: String = rand::rng()
            .sample_iter(&rand::distr::Alphanumeric)
            .take(24)
            .map(char::from)
            .collect();
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

/// A token value. `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A fresh token of `kind` for `env`, with 128 bits from the OS-seeded CSPRNG.
    pub fn mint(kind: TokenKind, env: Environment) -> Self {
        let mut bytes = [0_u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let hex = hex::encode(bytes);
        Self(format!(
            "{}-{}-{}-{}-{}-{}-{}",
            kind.prefix(),
            env.as_str(),
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    /// Accepts a presented token only if it has the shape Tartan mints for `kind` in `env`; anything else is
    /// refused before the store is asked.
    pub fn parse(value: &str, kind: TokenKind, env: Environment) -> Option<Self> {
        let rest = value.strip_prefix(kind.prefix())?.strip_prefix('-')?;
        let random = rest.strip_prefix(env.as_str())?.strip_prefix('-')?;
        let well_formed = random.len() == 36
            && random.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        well_formed.then(|| Self(value.to_owned()))
    }

    pub fn hash(&self) -> SecretHash {
        SecretHash::of(&self.0)
    }

    /// The value, for the one response that hands it out.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
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

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// SHA-256 of a high-entropy secret, hex-encoded: what the store keeps instead of the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretHash(String);

impl SecretHash {
    fn of(value: &str) -> Self {
        Self(hex::encode(Sha256::digest(value.as_bytes())))
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
    fn minted_tokens_have_plaids_shape_and_parse_back() {
        let token = Token::mint(TokenKind::Access, Environment::Sandbox);
        assert!(token.expose().starts_with("access-sandbox-"));
        assert_eq!(token.expose().len(), "access-sandbox-".len() + 36);
        let parsed = Token::parse(token.expose(), TokenKind::Access, Environment::Sandbox);
        assert_eq!(parsed, Some(token));
    }

    #[test]
    fn tokens_of_another_kind_or_environment_are_refused() {
        let token = Token::mint(TokenKind::Public, Environment::Sandbox);
        assert!(Token::parse(token.expose(), TokenKind::Access, Environment::Sandbox).is_none());
        assert!(Token::parse(token.expose(), TokenKind::Public, Environment::Production).is_none());
        for garbage in [
            "",
            "access-sandbox-",
            "access-sandbox-zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            "🦆",
        ] {
            assert!(Token::parse(garbage, TokenKind::Access, Environment::Sandbox).is_none());
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
        let token = Token::mint(TokenKind::Access, Environment::Sandbox);
        assert!(!format!("{token:?}").contains(token.expose()));
    }
}
