//! The delivery half of the outbox: leasing due webhooks in batches, recording attempts, handing leases back,
//! and the outbox's depth and latency.
//!
//! A claim is one transaction: it picks candidates (on PostgreSQL under `FOR UPDATE SKIP LOCKED`, so concurrent
//! claimers pick different rows instead of queueing on one; SQLite runs writers one at a time), chooses among
//! them per Item and per destination, then leases the chosen rows with an UPDATE that repeats the lease test:
//! should two claimers ever choose the same row, only the first update matches it.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Executor, Row};

use super::codec::{from_millis, millis};
use crate::store::backend::Backend;
use crate::store::error::StoreError;
use crate::webhooks::{AfterAttempt, ClaimLimits, ClaimedWebhook, Finished, OutboxStats};

struct Candidate {
    webhook_id: String,
    item_id: String,
    destination: String,
}

pub async fn claim_due(
    pool: &AnyPool,
    backend: Backend,
    holder: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limits: &ClaimLimits,
) -> Result<Vec<ClaimedWebhook>, StoreError> {
    if limits.items == 0 || limits.per_item == 0 {
        return Ok(Vec::new());
    }
    // SQLite: take the write lock up front, so claimers queue (busy_timeout) instead of failing to upgrade.
    let mut tx = match backend {
        Backend::Postgres => pool.begin().await?,
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
    };
    let candidates = select_candidates(&mut *tx, backend, now, limits).await?;
    let chosen = choose(&candidates, limits);
    let claimed = lease(&mut *tx, &chosen, holder, now, lease_until).await?;
    tx.commit().await?;
    Ok(claimed)
}

/// Due, unleased webhooks of Items with nothing in flight, outside the excluded destinations, oldest first.
/// The Items in flight are one uncorrelated subquery (read once per claim from the small leased index), not a
/// probe per candidate.
async fn select_candidates<'e>(
    executor: impl Executor<'e, Database = Any>,
    backend: Backend,
    now: DateTime<Utc>,
    limits: &ClaimLimits,
) -> Result<Vec<Candidate>, StoreError> {
    let skipped = limits.excluded();
    let excluded = placeholders(3, skipped.len());
    let excluded = if excluded.is_empty() {
        String::new()
    } else {
        format!("AND o.destination NOT IN ({excluded})")
    };
    let skip_locked = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let query = format!(
        "SELECT o.webhook_id, o.item_id, o.destination FROM webhook_outbox o
         WHERE o.status = 'pending' AND o.next_attempt_at <= $1
           AND (o.lease_expires_at IS NULL OR o.lease_expires_at <= $1)
           AND (o.item_id = '' OR o.item_id NOT IN (SELECT b.item_id FROM webhook_outbox b
                           WHERE b.lease_expires_at > $1 AND b.status = 'pending'))
           {excluded}
         ORDER BY o.next_attempt_at, o.webhook_id LIMIT $2 {skip_locked}"
    );
    // Each candidate is locked on PostgreSQL (a write per row): look at a few per Item, not every due row.
    let window = limits.items.saturating_mul(4).clamp(16, 256);
    let mut select = sqlx::query(&query)
        .bind(millis(now))
        .bind(i64::try_from(window).unwrap_or(256));
    for destination in skipped {
        select = select.bind(destination);
    }
    let rows = select.fetch_all(executor).await?;
    rows.iter()
        .map(|row| {
            Ok(Candidate {
                webhook_id: row.try_get("webhook_id")?,
                item_id: row.try_get("item_id")?,
                destination: row.try_get("destination")?,
            })
        })
        .collect()
}

/// Up to `per_item` webhooks of each of up to `items` Items, at most a destination's free slots of Items per
/// destination, in the order given.
fn choose(candidates: &[Candidate], limits: &ClaimLimits) -> Vec<String> {
    let mut per_item: HashMap<&str, usize> = HashMap::new();
    let mut per_destination: HashMap<&str, usize> = HashMap::new();
    let mut chosen = Vec::new();
    for candidate in candidates {
        // Webhooks without an Item (LINK) need no order: each is its own group.
        let group = if candidate.item_id.is_empty() {
            candidate.webhook_id.as_str()
        } else {
            candidate.item_id.as_str()
        };
        if let Some(count) = per_item.get_mut(group) {
            if *count < limits.per_item {
                *count += 1;
                chosen.push(candidate.webhook_id.clone());
            }
            continue;
        }
        let items_here = per_destination
            .entry(candidate.destination.as_str())
            .or_default();
        if per_item.len() < limits.items && *items_here < limits.free_at(&candidate.destination) {
            *items_here += 1;
            per_item.insert(group, 1);
            chosen.push(candidate.webhook_id.clone());
        }
    }
    chosen
}

async fn lease<'e>(
    executor: impl Executor<'e, Database = Any>,
    chosen: &[String],
    holder: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Vec<ClaimedWebhook>, StoreError> {
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!(
        "UPDATE webhook_outbox SET lease_holder = $1, lease_expires_at = $2
         WHERE webhook_id IN ({}) AND status = 'pending'
           AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
         RETURNING webhook_id, item_id, url, destination, body, attempts, created_at",
        placeholders(4, chosen.len())
    );
    let mut update = sqlx::query(&query)
        .bind(holder)
        .bind(millis(lease_until))
        .bind(millis(now));
    for id in chosen {
        update = update.bind(id);
    }
    let rows = update.fetch_all(executor).await?;
    let mut claimed = rows
        .iter()
        .map(claimed_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    // RETURNING has no order; each Item's webhooks must go out in the order chosen.
    let position: HashMap<&str, usize> = chosen
        .iter()
        .enumerate()
        .map(|(index, id)| (id.as_str(), index))
        .collect();
    claimed.sort_by_key(|webhook| position.get(webhook.webhook_id.as_str()).copied());
    Ok(claimed)
}

fn claimed_from_row(row: &AnyRow) -> Result<ClaimedWebhook, StoreError> {
    Ok(ClaimedWebhook {
        webhook_id: row.try_get("webhook_id")?,
        item_id: row.try_get("item_id")?,
        url: row.try_get("url")?,
        destination: row.try_get("destination")?,
        body: row.try_get("body")?,
        attempts: row.try_get("attempts")?,
        created_at: from_millis(row.try_get("created_at")?)?,
    })
}

/// `$first, $first+1, …` for `count` values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows per multi-row statement (7 parameters each, far below either backend's limit).
const ROWS_PER_STATEMENT: usize = 200;

/// Records attempts made under `holder`'s leases and hands `released` back, in one transaction; an entry whose
/// lease `holder` lost is ignored. Deliveries, the common case, take two statements per 200 webhooks, so the
/// outbox keeps up with the delivery rate over a network round trip too.
pub async fn finish(
    pool: &AnyPool,
    holder: &str,
    finished: &[Finished],
    released: &[String],
) -> Result<(), StoreError> {
    let (delivered, failed): (Vec<&Finished>, Vec<&Finished>) = finished
        .iter()
        .partition(|entry| entry.next == AfterAttempt::Delivered);
    let mut tx = pool.begin().await?;
    for chunk in delivered.chunks(ROWS_PER_STATEMENT) {
        let recorded = mark_delivered(&mut tx, holder, chunk).await?;
        let kept: Vec<&Finished> = chunk
            .iter()
            .copied()
            .filter(|entry| recorded.contains(&entry.webhook_id))
            .collect();
        insert_attempts(&mut tx, &kept).await?;
    }
    for entry in failed {
        if mark_failed(&mut tx, holder, entry).await? {
            insert_attempts(&mut tx, &[entry]).await?;
        }
    }
    for chunk in released.chunks(ROWS_PER_STATEMENT) {
        let query = format!(
            "UPDATE webhook_outbox SET lease_holder = NULL, lease_expires_at = NULL
             WHERE lease_holder = $1 AND status = 'pending' AND webhook_id IN ({})",
            placeholders(2, chunk.len())
        );
        let mut update = sqlx::query(&query).bind(holder);
        for id in chunk {
            update = update.bind(id);
        }
        update.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks delivered webhooks still leased to `holder`; returns their ids.
async fn mark_delivered(
    tx: &mut sqlx::Transaction<'_, Any>,
    holder: &str,
    delivered: &[&Finished],
) -> Result<std::collections::HashSet<String>, StoreError> {
    let rows = (0..delivered.len())
        .map(|row| format!("(${}, ${}, ${})", 2 + 3 * row, 3 + 3 * row, 4 + 3 * row))
        .collect::<Vec<_>>()
        .join(", ");
    // VALUES columns are column1, column2, … on both backends.
    let query = format!(
        "UPDATE webhook_outbox
         SET status = 'delivered', attempts = v.column2, next_attempt_at = v.column3, delivered_at = v.column3,
             last_error = NULL, lease_holder = NULL, lease_expires_at = NULL
         FROM (VALUES {rows}) AS v
         WHERE webhook_outbox.webhook_id = v.column1 AND webhook_outbox.lease_holder = $1
         RETURNING webhook_outbox.webhook_id"
    );
    let mut update = sqlx::query_scalar::<_, String>(&query).bind(holder);
    for entry in delivered {
        update = update
            .bind(&entry.webhook_id)
            .bind(entry.attempt.number)
            .bind(millis(entry.attempt.attempted_at));
    }
    Ok(update.fetch_all(&mut **tx).await?.into_iter().collect())
}

/// Moves a failed webhook on (retry or give up) if `holder` still leases it; whether it did.
async fn mark_failed(
    tx: &mut sqlx::Transaction<'_, Any>,
    holder: &str,
    entry: &Finished,
) -> Result<bool, StoreError> {
    let attempt = &entry.attempt;
    let (status, next_attempt_at) = match entry.next {
        AfterAttempt::RetryAt(at) => ("pending", at),
        AfterAttempt::Delivered | AfterAttempt::GaveUp => ("failed", attempt.attempted_at),
    };
    let updated = sqlx::query(
        "UPDATE webhook_outbox
         SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4,
             lease_holder = NULL, lease_expires_at = NULL
         WHERE webhook_id = $5 AND lease_holder = $6",
    )
    .bind(status)
    .bind(attempt.number)
    .bind(millis(next_attempt_at))
    .bind(attempt.error.as_deref())
    .bind(&entry.webhook_id)
    .bind(holder)
    .execute(&mut **tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

async fn insert_attempts(
    tx: &mut sqlx::Transaction<'_, Any>,
    entries: &[&Finished],
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows = (0..entries.len())
        .map(|row| format!("({})", placeholders(1 + 7 * row, 7)))
        .collect::<Vec<_>>()
        .join(", ");
    let query = format!(
        "INSERT INTO webhook_attempts (webhook_id, attempt, attempted_at, status_code, error, duration_ms, signature)
         VALUES {rows}"
    );
    let mut insert = sqlx::query(&query);
    for entry in entries {
        let attempt = &entry.attempt;
        insert = insert
            .bind(&entry.webhook_id)
            .bind(attempt.number)
            .bind(millis(attempt.attempted_at))
            .bind(attempt.status_code.map(i64::from))
            .bind(attempt.error.as_deref())
            .bind(attempt.duration_ms)
            .bind(attempt.signature.as_deref());
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// Hands every lease `holder` still has back, so another instance can take those webhooks at once.
pub async fn release_all(pool: &AnyPool, holder: &str) -> Result<u64, StoreError> {
    let released = sqlx::query(
        "UPDATE webhook_outbox SET lease_holder = NULL, lease_expires_at = NULL
         WHERE lease_holder = $1 AND status = 'pending'",
    )
    .bind(holder)
    .execute(pool)
    .await?;
    Ok(released.rows_affected())
}

/// How many recent deliveries the latency figures cover.
const LATENCY_SAMPLE: i64 = 1000;

pub async fn stats(pool: &AnyPool, now: DateTime<Utc>) -> Result<OutboxStats, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(CASE WHEN status = 'pending' THEN 1 END) AS pending,
                COUNT(CASE WHEN status = 'pending' AND next_attempt_at <= $1 THEN 1 END) AS due,
                COUNT(CASE WHEN status = 'pending' AND lease_expires_at > $1 THEN 1 END) AS leased,
                COUNT(CASE WHEN status = 'failed' THEN 1 END) AS failed,
                MIN(CASE WHEN status = 'pending' AND next_attempt_at <= $1 THEN next_attempt_at END) AS oldest_due
         FROM webhook_outbox",
    )
    .bind(millis(now))
    .fetch_one(pool)
    .await?;
    let oldest_due: Option<i64> = row.try_get("oldest_due")?;
    let mut latencies: Vec<i64> = sqlx::query_scalar(
        "SELECT delivered_at - created_at FROM webhook_outbox WHERE delivered_at IS NOT NULL
         ORDER BY delivered_at DESC LIMIT $1",
    )
    .bind(LATENCY_SAMPLE)
    .fetch_all(pool)
    .await?;
    latencies.sort_unstable();
    let at = |quantile: f64| {
        // Nearest rank; the sample is small and sorted.
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let rank = ((latencies.len() as f64 * quantile).ceil() as usize).clamp(1, latencies.len());
        Duration::from_millis(u64::try_from(latencies[rank - 1]).unwrap_or(0))
    };
    Ok(OutboxStats {
        pending: row.try_get("pending")?,
        due: row.try_get("due")?,
        leased: row.try_get("leased")?,
        failed: row.try_get("failed")?,
        oldest_due_age: oldest_due
            .map(|due| Duration::from_millis(u64::try_from(millis(now) - due).unwrap_or(0))),
        latency: (!latencies.is_empty()).then(|| (at(0.5), at(0.99), latencies.len())),
    })
}
