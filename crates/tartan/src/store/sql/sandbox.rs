//! The sandbox controls a client sets for itself: its clock and its failures.

use chrono::Duration;
use sqlx::AnyPool;

use super::clients::failures_to_json;
use crate::domain::{ClientId, ClockOffset, FailureRules};
use crate::store::error::StoreError;

/// Moves the client's clock ahead by `by` and, in the same transaction, brings its Items' pending webhooks as
/// much closer: the dispatcher schedules in real time, so a retry due in an hour of the client's time must
/// fall due when the client's clock passes that hour. The retry window (counted from `created_at`) moves with
/// it, so a webhook still failing when the client's clock is 24 hours on is given up, as Plaid does.
pub async fn advance_clock(
    pool: &AnyPool,
    client_id: &ClientId,
    by: Duration,
) -> Result<Option<ClockOffset>, StoreError> {
    let by_ms = by.num_milliseconds();
    let mut tx = pool.begin().await?;
    let offset: Option<i64> = sqlx::query_scalar(
        "UPDATE clients SET clock_offset_ms = clock_offset_ms + $1
         WHERE client_id = $2 AND clock_offset_ms + $1 <= $3
         RETURNING clock_offset_ms",
    )
    .bind(by_ms)
    .bind(client_id.as_str())
    .bind(ClockOffset::MAX.num_milliseconds())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(offset) = offset else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE webhook_outbox SET next_attempt_at = next_attempt_at - $1, created_at = created_at - $1
         WHERE status = 'pending' AND item_id IN (SELECT item_id FROM items WHERE client_id = $2)",
    )
    .bind(by_ms)
    .bind(client_id.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    ClockOffset::from_millis(offset)
        .map(Some)
        .ok_or_else(|| StoreError::Corrupt("clock_offset_ms out of range".into()))
}

/// Replaces (or with `None` clears) the client's failures; every instance reads them with the client on its
/// next request.
pub async fn set_failures(
    pool: &AnyPool,
    client_id: &ClientId,
    rules: Option<&FailureRules>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE clients SET sandbox_failures = $1, rate_limit_burst = $2 WHERE client_id = $3",
    )
    .bind(rules.map(failures_to_json))
    .bind(i64::from(rules.map_or(0, |rules| rules.rate_limit_burst)))
    .bind(client_id.as_str())
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes one request of the client's rate-limit burst; `true` if there was one left. Of concurrent requests on
/// any instances, exactly `burst` get `true`.
pub async fn take_burst(pool: &AnyPool, client_id: &ClientId) -> Result<bool, StoreError> {
    let left: Option<i64> = sqlx::query_scalar(
        "UPDATE clients SET rate_limit_burst = rate_limit_burst - 1
         WHERE client_id = $1 AND rate_limit_burst > 0 RETURNING rate_limit_burst",
    )
    .bind(client_id.as_str())
    .fetch_optional(pool)
    .await?;
    Ok(left.is_some())
}
