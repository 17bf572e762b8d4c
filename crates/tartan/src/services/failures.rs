//! Failures on demand: a client's requests suffer the latency and the share of outage errors it asked for.
//! The rules arrive with the client record (same query), so checking them costs no round trip, and a change
//! is seen by every instance on the client's next request.

use std::time::Duration;

use crate::domain::{ClientId, ClientRecord, ErrorCode, FailureRules};
use crate::services::state::AppState;
use crate::store::StoreError;

/// Routes that never fail on demand, so a client can always read and clear its failures and its clock.
fn exempt(route: &str) -> bool {
    route.contains("/sandbox/failures/") || route.contains("/sandbox/clock")
}

/// Waits the client's extra latency, takes one request of a rate-limit burst (a store write only while a burst
/// is loaded), then draws whether this request fails; `Some(code)` when it does.
pub async fn apply(
    state: &AppState,
    client: &ClientRecord,
    route: &str,
) -> Result<Option<ErrorCode>, StoreError> {
    let Some(rules) = client.failures.as_ref().filter(|_| !exempt(route)) else {
        return Ok(None);
    };
    if rules.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(u64::from(rules.latency_ms))).await;
    }
    if rules.rate_limit_burst > 0 && state.store.take_rate_limit_burst(&client.client_id).await? {
        return Ok(Some(ErrorCode::RateLimit));
    }
    let roll = rand::random_range(0..100u8);
    Ok(rules.fails(roll).then_some(rules.error_code))
}

/// Replaces the client's failures (`None`: none).
pub async fn set(
    state: &AppState,
    client_id: &ClientId,
    rules: Option<&FailureRules>,
) -> Result<(), StoreError> {
    state.store.set_client_failures(client_id, rules).await
}

/// The client's failures as stored now.
pub async fn get(
    state: &AppState,
    client_id: &ClientId,
) -> Result<Option<FailureRules>, StoreError> {
    Ok(state
        .store
        .find_client(client_id)
        .await?
        .and_then(|client| client.failures))
}
