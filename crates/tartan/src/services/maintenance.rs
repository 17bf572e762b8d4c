//! Background upkeep that exactly one server instance performs at a time, whichever holds the lease.
//!
//! Written as a step function ([`sweep_once`]) that tests call directly, and a thin loop around it.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use rand::distr::Alphanumeric;

use crate::store::{Store, StoreError};

const SWEEP_LEASE: &str = "public-token-sweep";
/// Long enough to outlive a sweep; short enough that another instance takes over soon after a holder dies.
const LEASE_TTL: chrono::Duration = chrono::Duration::seconds(120);
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);
/// Expired link tokens stay a day, so `/link/token/get` still reports how their sessions ended.
const LINK_TOKEN_KEPT_AFTER_EXPIRY: chrono::Duration = chrono::Duration::days(1);

/// What one step did.
#[derive(Debug, PartialEq, Eq)]
pub enum SweepOutcome {
    /// Another instance holds the lease.
    NotLeader,
    /// This instance swept, deleting this many spent public tokens and long-expired link tokens.
    Swept {
        public_tokens: u64,
        link_tokens: u64,
    },
}

/// A name for this process in lease tables.
pub fn instance_id() -> String {
    let suffix: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(12)
        .map(char::from)
        .collect();
    format!("{}-{suffix}", std::process::id())
}

/// Deletes exchanged and expired public tokens and link tokens a day past their expiry, if this instance holds (or can take) the sweep lease.
pub async fn sweep_once(store: &dyn Store, instance: &str) -> Result<SweepOutcome, StoreError> {
    let now = Utc::now();
    if !store
        .try_acquire_lease(SWEEP_LEASE, instance, now, LEASE_TTL)
        .await?
    {
        return Ok(SweepOutcome::NotLeader);
    }
    // Rate-limit windows are one minute long; older ones count nothing.
    store
        .delete_rate_limit_windows_before(now - chrono::Duration::minutes(2))
        .await?;
    // Failed logins count only within the lockout window.
    store
        .delete_login_failures_before(now - crate::services::provider::link::LOCKOUT_WINDOW)
        .await?;
    Ok(SweepOutcome::Swept {
        public_tokens: store.delete_spent_public_tokens(now).await?,
        link_tokens: store
            .delete_expired_link_tokens(now - LINK_TOKEN_KEPT_AFTER_EXPIRY)
            .await?,
    })
}

/// Sweeps every minute until the task is aborted.
pub async fn run(store: Arc<dyn Store>, instance: String) {
    let mut ticks = tokio::time::interval(SWEEP_INTERVAL);
    loop {
        ticks.tick().await;
        match sweep_once(store.as_ref(), &instance).await {
            Ok(SweepOutcome::Swept {
                public_tokens,
                link_tokens,
            }) if public_tokens + link_tokens > 0 => {
                tracing::info!(public_tokens, link_tokens, "swept spent tokens");
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "public token sweep failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseConfig;

    #[tokio::test]
    async fn only_the_lease_holder_sweeps() {
        let store = crate::store::open(&DatabaseConfig::new("sqlite::memory:"))
            .await
            .unwrap();
        assert_eq!(
            sweep_once(store.as_ref(), "first").await.unwrap(),
            SweepOutcome::Swept {
                public_tokens: 0,
                link_tokens: 0
            }
        );
        assert_eq!(
            sweep_once(store.as_ref(), "second").await.unwrap(),
            SweepOutcome::NotLeader
        );
        assert_eq!(
            sweep_once(store.as_ref(), "first").await.unwrap(),
            SweepOutcome::Swept {
                public_tokens: 0,
                link_tokens: 0
            }
        );
    }

    #[test]
    fn instance_ids_differ() {
        assert_ne!(instance_id(), instance_id());
    }
}
