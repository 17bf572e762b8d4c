//! An API client of Tartan: an app, or a processor partner.

use chrono::{DateTime, Utc};

use super::api_version::ApiVersion;
use super::clock::ClockOffset;
use super::failures::FailureRules;
use super::ids::ClientId;
use super::processor::Processor;
use super::tokens::SecretHash;

/// An API client as stored: the secret only as its hash.
#[derive(Debug, Clone)]
pub struct ClientRecord {
    pub client_id: ClientId,
    pub name: String,
    pub secret_hash: SecretHash,
    /// Set for processor partners: the processor whose tokens this client may use.
    pub processor: Option<Processor>,
    pub created_at: DateTime<Utc>,
    /// The API version answered when a request sends no `Plaid-Version` header.
    pub api_version: ApiVersion,
    /// The secret a rotation replaced, still accepted until its grace period ends.
    pub previous_secret: Option<RetiringSecret>,
    /// Sandbox only: how far this client's clock runs ahead (`/sandbox/clock/advance`). Changed only through
    /// its own store method, never by `save_client`.
    pub clock_offset: ClockOffset,
    /// Sandbox only: the failures this client's requests suffer (`/sandbox/failures/set`); also changed only
    /// through its own store method.
    pub failures: Option<FailureRules>,
}

/// A replaced secret's hash and the moment it stops working.
#[derive(Debug, Clone)]
pub struct RetiringSecret {
    pub hash: SecretHash,
    pub expires_at: DateTime<Utc>,
}

impl ClientRecord {
    /// Whether `presented` is this client's secret at `now`: the current one, or the previous one within its
    /// grace period. Both hashes are always compared (in constant time), so timing tells neither apart.
    pub fn accepts_secret(&self, presented: &SecretHash, now: DateTime<Utc>) -> bool {
        let current = self.secret_hash.matches(presented);
        let previous = self
            .previous_secret
            .as_ref()
            .is_some_and(|old| old.hash.matches(presented) & (now < old.expires_at));
        current | previous
    }

    /// The client after a rotation to `new_secret`: the current secret keeps working for `grace`.
    #[must_use]
    pub fn rotated(
        &self,
        new_secret: SecretHash,
        now: DateTime<Utc>,
        grace: chrono::Duration,
    ) -> Self {
        Self {
            secret_hash: new_secret,
            previous_secret: Some(RetiringSecret {
                hash: self.secret_hash.clone(),
                expires_at: now + grace,
            }),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tokens::ClientSecret;

    #[test]
    fn a_rotated_secret_works_for_its_grace_period_only() {
        let (old, new) = (ClientSecret::generate(), ClientSecret::generate());
        let now = Utc::now();
        let client = ClientRecord {
            client_id: ClientId::generate(),
            name: "app".into(),
            secret_hash: old.hash(),
            processor: None,
            created_at: now,
            api_version: ApiVersion::default(),
            previous_secret: None,
            clock_offset: ClockOffset::default(),
            failures: None,
        };
        assert!(client.accepts_secret(&old.hash(), now));
        let rotated = client.rotated(new.hash(), now, chrono::Duration::minutes(5));
        assert!(rotated.accepts_secret(&new.hash(), now));
        assert!(rotated.accepts_secret(&old.hash(), now + chrono::Duration::minutes(4)));
        assert!(!rotated.accepts_secret(&old.hash(), now + chrono::Duration::minutes(5)));
        assert!(!rotated.accepts_secret(&ClientSecret::generate().hash(), now));
        let zero = client.rotated(new.hash(), now, chrono::Duration::zero());
        assert!(!zero.accepts_secret(&old.hash(), now));
    }
}
