//! What instances sharing one database coordinate through: named leases and rate-limit windows.

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::codec::millis;
use crate::store::error::StoreError;

pub async fn try_acquire_lease(
    pool: &AnyPool,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    ttl: chrono::Duration,
) -> Result<bool, StoreError> {
    // One statement: insert the lease, or take it over if it lapsed or is already ours. Two instances racing
    // both reach the row through the primary key; the database lets only one update win.
    let taken = sqlx::query(
        "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.expires_at <= $4 OR leases.holder = excluded.holder",
    )
    .bind(name)
    .bind(holder)
    .bind(millis(now + ttl))
    .bind(millis(now))
    .execute(pool)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Counts one request in `bucket`'s window starting at `window_start`; returns the window's count so far. One
/// statement, so concurrent requests on any instance each see a distinct count.
pub async fn count_hit(
    pool: &AnyPool,
    bucket: &str,
    window_start: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(millis(window_start))
    .fetch_one(pool)
    .await?;
    Ok(hits)
}

pub async fn delete_windows_before(
    pool: &AnyPool,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let deleted = sqlx::query("DELETE FROM rate_limit_windows WHERE window_start < $1")
        .bind(millis(before))
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected())
}
