//! Webhooks as data: the catalogue of what Tartan sends, ES256 signatures, and the durable outbox's records.
//! Every webhook is written to the outbox in the same transaction as the change that causes it; the dispatcher
//! that delivers them is a service (`services::webhook_dispatcher`).

pub mod catalogue;
pub mod delivery;
pub mod identity_changes;
pub mod signer;

use chrono::{DateTime, Utc};

pub use catalogue::{EmbeddedError, Payload, Webhook};
pub use delivery::{ClaimLimits, OutboxStats, destination_of};
pub use identity_changes::{IdentityCategory, identity_changes};
pub use signer::WebhookKey;

use crate::domain::ItemId;

/// A webhook ready to be written to the outbox.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub webhook_id: String,
    pub item_id: ItemId,
    pub url: String,
    /// The receiver the URL names (its origin): the unit of delivery concurrency and back-off.
    pub destination: String,
    pub webhook_type: &'static str,
    pub webhook_code: &'static str,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl NewWebhook {
    /// The outbox entry that delivers `payload` to `url`.
    pub fn new(
        url: &str,
        payload: &Payload,
        now: DateTime<Utc>,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self {
            // Time-ordered, so an Item's webhooks enqueued in one millisecond still sort in creation order.
            webhook_id: uuid::Uuid::now_v7().to_string(),
            // LINK webhooks name no Item: their outbox row has an empty item id.
            item_id: ItemId::from_stored(payload.item_id.clone().unwrap_or_default()),
            url: url.to_owned(),
            destination: destination_of(url),
            webhook_type: payload.webhook_type(),
            webhook_code: payload.webhook_code(),
            body: payload.to_body()?,
            created_at: now,
        })
    }
}

/// A due webhook leased by one instance for one delivery attempt.
#[derive(Debug, Clone)]
pub struct ClaimedWebhook {
    pub webhook_id: String,
    pub item_id: String,
    pub url: String,
    pub destination: String,
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
}

/// One delivery attempt, as recorded.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub number: i64,
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
    /// The `Plaid-Verification` header sent (`None` for attempts recorded before it was kept).
    pub signature: Option<String>,
}

/// Where a webhook stands after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    Delivered,
    RetryAt(DateTime<Utc>),
    GaveUp,
}

/// An attempt to record, under the lease of the instance that made it.
#[derive(Debug, Clone)]
pub struct Finished {
    pub webhook_id: String,
    pub attempt: Attempt,
    pub next: AfterAttempt,
}

/// A webhook as listed for operators.
#[derive(Debug, Clone)]
pub struct WebhookSummary {
    pub webhook_id: String,
    pub item_id: String,
    pub url: String,
    pub webhook_type: String,
    pub webhook_code: String,
    pub status: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// One webhook with the exact body it sends, for operators.
#[derive(Debug, Clone)]
pub struct WebhookDetail {
    pub summary: WebhookSummary,
    pub body: String,
    pub delivered_at: Option<DateTime<Utc>>,
    /// An instance is attempting it right now.
    pub leased: bool,
}
