//! Retrying a webhook now (the console's "retry now"): an undelivered webhook becomes due at once, a given-up
//! one pending again, and the dispatcher is woken. The attempt itself is the dispatcher's, as for any other.

use chrono::Utc;

use super::state::AppState;
use crate::store::StoreError;

/// Makes the webhook due now; `false` when it is delivered, being attempted right now, or unknown.
pub async fn retry_now(state: &AppState, webhook_id: &str) -> Result<bool, StoreError> {
    let due = state
        .store
        .retry_webhook_now(webhook_id, Utc::now())
        .await?;
    if due {
        state.webhook_wake.notify_one();
    }
    Ok(due)
}
