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

/// Waits the client's extra latency, then draws whether this request fails; `Some(code)` when it does.
pub async fn apply(client: &ClientRecord, route: &str) -> Option<ErrorCode> {
    let rules = client.failures.as_ref().filter(|_| !exempt(route))?;
    if rules.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(u64::from(rules.latency_ms))).await;
    }
    let roll = rand::random_range(0..100u8);
    rules.fails(roll).then_some(rules.error_code)
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
