//! Delivers the outbox: claims one due webhook at a time with a lease (so exactly one instance sends it),
//! signs it, POSTs it, and records the attempt with its next step: done, retry later, or give up.
//!
//! Retries follow Plaid: the first after 30 s, each later one 4 times longer, for up to 24 hours; a receiver
//! that does not answer 2xx within 10 s has failed that attempt. All three are configurable (tests shorten them).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};

use crate::config::WebhookConfig;
use crate::store::{Store, StoreError};
use crate::webhooks::{AfterAttempt, Attempt, ClaimedWebhook};

/// What one step did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing was due.
    Idle,
    /// One webhook was attempted.
    Attempted(AfterAttempt),
}

#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no webhook signing key is stored")]
    NoSigningKey,
    #[error(transparent)]
    InvalidKey(#[from] crate::webhooks::signer::InvalidKey),
}

pub struct Dispatcher {
    store: Arc<dyn Store>,
    http: reqwest::Client,
    config: WebhookConfig,
    instance: String,
}

impl Dispatcher {
    pub fn new(
        store: Arc<dyn Store>,
        config: WebhookConfig,
        instance: String,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // A receiver must answer itself: following redirects would let a webhook URL point anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(config.timeout_secs))
            .user_agent(concat!("Tartan-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            store,
            http,
            config,
            instance,
        })
    }

    /// Claims and attempts one due webhook, if any.
    pub async fn dispatch_once(&self) -> Result<Outcome, DispatchError> {
        let now = Utc::now();
        // The lease outlives the attempt (the HTTP timeout bounds it), so no other instance sends the same webhook
        // meanwhile; if this instance dies mid-attempt, another takes the webhook over soon after.
        let lease_until = now
            + chrono::Duration::seconds(i64::try_from(self.config.timeout_secs).unwrap_or(10) + 5);
        let Some(webhook) = self
            .store
            .claim_due_webhook(&self.instance, now, lease_until)
            .await?
        else {
            return Ok(Outcome::Idle);
        };
        let key = self
            .store
            .current_webhook_key()
            .await?
            .ok_or(DispatchError::NoSigningKey)?;
        let signature = key.sign(webhook.body.as_bytes(), Utc::now())?;
        let started = Instant::now();
        let response = self
            .http
            .post(&webhook.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Plaid-Verification", signature)
            .body(webhook.body.clone())
            .send()
            .await;
        let (status_code, error) = match response {
            Ok(response) if response.status().is_success() => {
                (Some(response.status().as_u16()), None)
            }
            Ok(response) => (
                Some(response.status().as_u16()),
                Some(format!("receiver answered {}", response.status())),
            ),
            Err(error) => (None, Some(describe(&error))),
        };
        let attempt = Attempt {
            number: webhook.attempts + 1,
            attempted_at: now,
            status_code,
            error: error.clone(),
            duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        };
        let next = if error.is_none() {
            AfterAttempt::Delivered
        } else {
            self.after_failure(&webhook, Utc::now())
        };
        self.store
            .finish_webhook_attempt(&webhook.webhook_id, &self.instance, &attempt, next)
            .await?;
        metrics::counter!("tartan_webhook_deliveries_total", "outcome" => outcome_label(next))
            .increment(1);
        match next {
            AfterAttempt::Delivered => {
                tracing::info!(webhook_id = %webhook.webhook_id, attempt = attempt.number, "webhook delivered");
            }
            AfterAttempt::RetryAt(at) => {
                tracing::warn!(webhook_id = %webhook.webhook_id, attempt = attempt.number, error = error.as_deref(), retry_at = %at, "webhook delivery failed; will retry");
            }
            AfterAttempt::GaveUp => {
                tracing::error!(webhook_id = %webhook.webhook_id, attempt = attempt.number, error = error.as_deref(), "webhook delivery failed; giving up");
            }
        }
        Ok(Outcome::Attempted(next))
    }

    fn after_failure(&self, webhook: &ClaimedWebhook, now: DateTime<Utc>) -> AfterAttempt {
        let retry_at = now + retry_delay(&self.config, webhook.attempts + 1);
        let window = chrono::Duration::seconds(
            i64::try_from(self.config.retry_window_secs).unwrap_or(i64::MAX),
        );
        if retry_at > webhook.created_at + window {
            AfterAttempt::GaveUp
        } else {
            AfterAttempt::RetryAt(retry_at)
        }
    }

    /// Delivers until `stop` turns true, then returns after the attempt in flight (so no lease is left behind);
    /// woken early when this instance enqueues, and polling for other instances' webhooks.
    pub async fn run(self, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
        let poll = Duration::from_millis(self.config.poll_ms);
        while !*stop.borrow() {
            match self.dispatch_once().await {
                Ok(Outcome::Attempted(_)) => continue,
                Ok(Outcome::Idle) => {}
                Err(error) => tracing::error!(%error, "webhook dispatch failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                () = wake.notified() => {}
                _ = stop.changed() => {}
            }
        }
    }
}

/// The delay before attempt `failed_attempts + 1`: base, then ×4 each time.
/// The `outcome` label of a delivery attempt in `/metrics`.
fn outcome_label(next: AfterAttempt) -> &'static str {
    match next {
        AfterAttempt::Delivered => "delivered",
        AfterAttempt::RetryAt(_) => "failed_will_retry",
        AfterAttempt::GaveUp => "failed_gave_up",
    }
}

pub fn retry_delay(config: &WebhookConfig, failed_attempts: i64) -> chrono::Duration {
    let exponent = u32::try_from(failed_attempts.saturating_sub(1))
        .unwrap_or(u32::MAX)
        .min(20);
    let millis = config
        .retry_base_ms
        .saturating_mul(4_u64.saturating_pow(exponent));
    chrono::Duration::milliseconds(i64::try_from(millis).unwrap_or(i64::MAX))
}

/// A transport failure without the URL (which may carry credentials).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "receiver did not answer in time".to_owned()
    } else if error.is_connect() {
        "could not connect to the receiver".to_owned()
    } else {
        let cause = std::error::Error::source(error)
            .map_or_else(|| "unknown error".to_owned(), ToString::to_string);
        format!("request failed: {cause}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_follow_plaids_schedule() {
        let config = WebhookConfig {
            retry_base_ms: 30_000,
            retry_window_secs: 86_400,
            timeout_secs: 10,
            poll_ms: 1000,
        };
        let minutes: Vec<i64> = (1..=6)
            .map(|n| retry_delay(&config, n).num_seconds())
            .collect();
        assert_eq!(minutes, [30, 120, 480, 1920, 7680, 30720]);
        assert!(
            retry_delay(&config, 1_000).num_seconds() > 0,
            "never overflows"
        );
    }
}
