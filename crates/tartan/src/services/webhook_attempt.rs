//! One delivery attempt: sign the body, POST it, and decide what comes next: done, retry later, or give up.
//!
//! Retries follow Plaid: the first after 30 s, each later one 4 times longer, for up to 24 hours; a receiver
//! that does not answer 2xx within 10 s has failed that attempt. All three are configurable (tests shorten them).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::WebhookConfig;
use crate::webhooks::signer::InvalidKey;
use crate::webhooks::{AfterAttempt, Attempt, ClaimedWebhook, Finished, WebhookKey};

pub struct Deliverer {
    http: reqwest::Client,
    config: WebhookConfig,
}

impl Deliverer {
    pub fn new(config: WebhookConfig) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            // A receiver must answer itself: following redirects would let a webhook URL point anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(config.timeout_secs))
            .user_agent(concat!("Tartan-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { http, config })
    }

    /// POSTs `webhook` signed with `key` and says what comes next.
    pub async fn attempt(
        &self,
        key: &WebhookKey,
        webhook: &ClaimedWebhook,
    ) -> Result<Finished, InvalidKey> {
        let now = Utc::now();
        let signature = key.sign(webhook.body.as_bytes(), now)?;
        let started = Instant::now();
        let response = self
            .http
            .post(&webhook.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Plaid-Verification", signature.as_str())
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
            error,
            duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
            signature: Some(signature),
        };
        let next = if attempt.error.is_none() {
            AfterAttempt::Delivered
        } else {
            self.after_failure(webhook, Utc::now())
        };
        log(webhook, &attempt, next);
        Ok(Finished {
            webhook_id: webhook.webhook_id.clone(),
            attempt,
            next,
        })
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
}

fn log(webhook: &ClaimedWebhook, attempt: &Attempt, next: AfterAttempt) {
    let error = attempt.error.as_deref();
    metrics::counter!("tartan_webhook_deliveries_total", "outcome" => outcome_label(next))
        .increment(1);
    match next {
        AfterAttempt::Delivered => {
            tracing::debug!(webhook_id = %webhook.webhook_id, attempt = attempt.number, "webhook delivered");
        }
        AfterAttempt::RetryAt(at) => {
            tracing::warn!(webhook_id = %webhook.webhook_id, attempt = attempt.number, error, retry_at = %at, "webhook delivery failed; will retry");
        }
        AfterAttempt::GaveUp => {
            tracing::error!(webhook_id = %webhook.webhook_id, attempt = attempt.number, error, "webhook delivery failed; giving up");
        }
    }
}

/// The `outcome` label of a delivery attempt in `/metrics`.
fn outcome_label(next: AfterAttempt) -> &'static str {
    match next {
        AfterAttempt::Delivered => "delivered",
        AfterAttempt::RetryAt(_) => "failed_will_retry",
        AfterAttempt::GaveUp => "failed_gave_up",
    }
}

/// The delay before attempt `failed_attempts + 1`: base, then ×4 each time.
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
        let config = WebhookConfig::default();
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
