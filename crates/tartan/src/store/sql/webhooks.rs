//! The webhook half of [`super::SqlStore`]: keys, the outbox and delivery attempts, in the SQL both backends
//! share.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Executor, Row};

use super::codec::{from_json, from_millis, millis, to_json};
use crate::domain::{Account, AccountId, ItemId, Owner};
use crate::store::backend::Backend;
use crate::store::error::StoreError;
use crate::webhooks::{
    AfterAttempt, Attempt, ClaimedWebhook, NewWebhook, WebhookKey, WebhookSummary,
};

fn key_from_row(row: &AnyRow) -> Result<WebhookKey, StoreError> {
    let expired_at: Option<i64> = row.try_get("expired_at")?;
    Ok(WebhookKey {
        key_id: row.try_get("key_id")?,
        private_key: row.try_get("private_key")?,
        x: row.try_get("x")?,
        y: row.try_get("y")?,
        created_at: from_millis(row.try_get("created_at")?)?,
        expired_at: expired_at.map(from_millis).transpose()?,
    })
}

const KEY_COLUMNS: &str = "key_id, private_key, x, y, created_at, expired_at";

pub async fn current_key(pool: &AnyPool) -> Result<Option<WebhookKey>, StoreError> {
    let query = format!(
        "SELECT {KEY_COLUMNS} FROM webhook_keys WHERE expired_at IS NULL ORDER BY created_at DESC, key_id LIMIT 1"
    );
    sqlx::query(&query)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(key_from_row)
        .transpose()
}

pub async fn find_key(pool: &AnyPool, key_id: &str) -> Result<Option<WebhookKey>, StoreError> {
    let query = format!("SELECT {KEY_COLUMNS} FROM webhook_keys WHERE key_id = $1");
    sqlx::query(&query)
        .bind(key_id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(key_from_row)
        .transpose()
}

pub async fn rotate_key(pool: &AnyPool, key: &WebhookKey) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE webhook_keys SET expired_at = $1 WHERE expired_at IS NULL")
        .bind(millis(key.created_at))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO webhook_keys (key_id, private_key, x, y, created_at, expired_at) VALUES ($1, $2, $3, $4, $5, NULL)",
    )
    .bind(&key.key_id)
    .bind(&key.private_key)
    .bind(&key.x)
    .bind(&key.y)
    .bind(millis(key.created_at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn enqueue<'e>(
    executor: impl Executor<'e, Database = Any>,
    webhook: &NewWebhook,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO webhook_outbox (webhook_id, item_id, url, webhook_type, webhook_code, body, status, attempts,
                                     created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
    )
    .bind(&webhook.webhook_id)
    .bind(webhook.item_id.as_str())
    .bind(&webhook.url)
    .bind(webhook.webhook_type)
    .bind(webhook.webhook_code)
    .bind(&webhook.body)
    .bind(millis(webhook.created_at))
    .execute(executor)
    .await?;
    Ok(())
}

pub async fn set_item_webhook(
    pool: &AnyPool,
    item_id: &ItemId,
    url: Option<&str>,
    acknowledgement: Option<&NewWebhook>,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE items SET webhook = $1 WHERE item_id = $2")
        .bind(url)
        .bind(item_id.as_str())
        .execute(&mut *tx)
        .await?;
    if let Some(webhook) = acknowledgement {
        enqueue(&mut *tx, webhook).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn replace_owners(
    pool: &AnyPool,
    item_id: &ItemId,
    account_id: &AccountId,
    owners: &[Owner],
    webhook_for: &(dyn for<'a> Fn(&'a [Owner]) -> Option<NewWebhook> + Send + Sync),
) -> Result<Option<Vec<Owner>>, StoreError> {
    let mut tx = pool.begin().await?;
    // Writing first takes the row's write lock (both backends), so the read below cannot go stale.
    let locked = sqlx::query(
        "UPDATE accounts SET position = position WHERE account_id = $1 AND item_id = $2",
    )
    .bind(account_id.as_str())
    .bind(item_id.as_str())
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Ok(None);
    }
    let data: String = sqlx::query_scalar("SELECT data FROM accounts WHERE account_id = $1")
        .bind(account_id.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let mut account: Account = from_json(&data)?;
    let previous = std::mem::replace(&mut account.owners, owners.to_vec());
    let data = to_json(&account)?;
    sqlx::query("UPDATE accounts SET data = $1 WHERE account_id = $2")
        .bind(data)
        .bind(account_id.as_str())
        .execute(&mut *tx)
        .await?;
    if let Some(webhook) = webhook_for(&previous) {
        enqueue(&mut *tx, &webhook).await?;
    }
    tx.commit().await?;
    Ok(Some(previous))
}

pub async fn claim_due(
    pool: &AnyPool,
    backend: Backend,
    holder: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<ClaimedWebhook>, StoreError> {
    // The outer WHERE repeats the lease test: of two instances that picked the same row, the database lets only
    // the first update match it. On PostgreSQL, SKIP LOCKED also makes concurrent claimers pick different rows
    // instead of queueing on one; SQLite runs writers one at a time, so each sees the previous claims.
    let skip_locked = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let query = format!(
        "UPDATE webhook_outbox SET lease_holder = $1, lease_expires_at = $2
         WHERE webhook_id = (
             SELECT webhook_id FROM webhook_outbox
             WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
             ORDER BY next_attempt_at, webhook_id LIMIT 1 {skip_locked})
           AND status = 'pending' AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
         RETURNING webhook_id, url, body, attempts, created_at"
    );
    let row = sqlx::query(&query)
        .bind(holder)
        .bind(millis(lease_until))
        .bind(millis(now))
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(ClaimedWebhook {
        webhook_id: row.try_get("webhook_id")?,
        url: row.try_get("url")?,
        body: row.try_get("body")?,
        attempts: row.try_get("attempts")?,
        created_at: from_millis(row.try_get("created_at")?)?,
    }))
}

pub async fn finish_attempt(
    pool: &AnyPool,
    webhook_id: &str,
    holder: &str,
    attempt: &Attempt,
    next: AfterAttempt,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let (status, next_attempt_at, delivered_at) = match next {
        AfterAttempt::Delivered => (
            "delivered",
            attempt.attempted_at,
            Some(millis(attempt.attempted_at)),
        ),
        AfterAttempt::RetryAt(at) => ("pending", at, None),
        AfterAttempt::GaveUp => ("failed", attempt.attempted_at, None),
    };
    let updated = sqlx::query(
        "UPDATE webhook_outbox
         SET status = $1, attempts = $2, next_attempt_at = $3, delivered_at = $4, last_error = $5,
             lease_holder = NULL, lease_expires_at = NULL
         WHERE webhook_id = $6 AND lease_holder = $7",
    )
    .bind(status)
    .bind(attempt.number)
    .bind(millis(next_attempt_at))
    .bind(delivered_at)
    .bind(attempt.error.as_deref())
    .bind(webhook_id)
    .bind(holder)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 1 {
        sqlx::query(
            "INSERT INTO webhook_attempts (webhook_id, attempt, attempted_at, status_code, error, duration_ms)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(webhook_id)
        .bind(attempt.number)
        .bind(millis(attempt.attempted_at))
        .bind(attempt.status_code.map(i64::from))
        .bind(attempt.error.as_deref())
        .bind(attempt.duration_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn list(pool: &AnyPool, limit: i64) -> Result<Vec<WebhookSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT webhook_id, item_id, url, webhook_type, webhook_code, status, attempts, created_at, next_attempt_at,
                last_error
         FROM webhook_outbox ORDER BY created_at DESC, webhook_id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(WebhookSummary {
                webhook_id: row.try_get("webhook_id")?,
                item_id: row.try_get("item_id")?,
                url: row.try_get("url")?,
                webhook_type: row.try_get("webhook_type")?,
                webhook_code: row.try_get("webhook_code")?,
                status: row.try_get("status")?,
                attempts: row.try_get("attempts")?,
                created_at: from_millis(row.try_get("created_at")?)?,
                next_attempt_at: from_millis(row.try_get("next_attempt_at")?)?,
                last_error: row.try_get("last_error")?,
            })
        })
        .collect()
}

pub async fn attempts(pool: &AnyPool, webhook_id: &str) -> Result<Vec<Attempt>, StoreError> {
    let rows = sqlx::query(
        "SELECT attempt, attempted_at, status_code, error, duration_ms FROM webhook_attempts
         WHERE webhook_id = $1 ORDER BY attempt",
    )
    .bind(webhook_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let status_code: Option<i64> = row.try_get("status_code")?;
            Ok(Attempt {
                number: row.try_get("attempt")?,
                attempted_at: from_millis(row.try_get("attempted_at")?)?,
                status_code: status_code.and_then(|code| u16::try_from(code).ok()),
                error: row.try_get("error")?,
                duration_ms: row.try_get("duration_ms")?,
            })
        })
        .collect()
}
