//! The webhook half of [`super::SqlStore`]: keys, the outbox and delivery attempts, in the SQL both backends
//! share.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Executor, Row};

use super::clients::failures_from_json;
use super::codec::{from_json, from_millis, millis};
use super::items::{UPDATE_ACCOUNT, bind_account};
use crate::domain::{Account, AccountId, ItemId, OUT_OF_ORDER_WINDOW_MS, Owner};
use crate::store::error::StoreError;
use crate::webhooks::{Attempt, NewWebhook, WebhookKey, WebhookSummary};

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

/// Writes `webhook` to the outbox, late or twice if the Item's client asked for that (`/sandbox/failures/set`).
pub async fn enqueue(
    connection: &mut sqlx::AnyConnection,
    webhook: &NewWebhook,
) -> Result<(), StoreError> {
    let failures: Option<String> = sqlx::query_scalar(
        "SELECT c.sandbox_failures FROM items i JOIN clients c ON c.client_id = i.client_id
         WHERE i.item_id = $1",
    )
    .bind(webhook.item_id.as_str())
    .fetch_optional(&mut *connection)
    .await?
    .flatten();
    let rules = failures
        .map(|text| failures_from_json(&text, 0))
        .transpose()?;
    let mut delay = chrono::Duration::seconds(i64::from(
        rules.as_ref().map_or(0, |rules| rules.webhook_delay_secs),
    ));
    if rules
        .as_ref()
        .is_some_and(|rules| rules.webhook_out_of_order)
    {
        // Claims go by due time: a random hold-back reorders webhooks fired within the window.
        delay += chrono::Duration::milliseconds(rand::random_range(0..OUT_OF_ORDER_WINDOW_MS));
    }
    insert(&mut *connection, webhook, &webhook.webhook_id, delay).await?;
    if rules.as_ref().is_some_and(|rules| rules.webhook_duplicate) {
        let copy = uuid::Uuid::now_v7().to_string();
        insert(&mut *connection, webhook, &copy, delay).await?;
    }
    Ok(())
}

async fn insert<'e>(
    executor: impl Executor<'e, Database = Any>,
    webhook: &NewWebhook,
    webhook_id: &str,
    delay: chrono::Duration,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO webhook_outbox (webhook_id, item_id, url, destination, webhook_type, webhook_code, body, status,
                                     attempts, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9)",
    )
    .bind(webhook_id)
    .bind(webhook.item_id.as_str())
    .bind(&webhook.url)
    .bind(&webhook.destination)
    .bind(webhook.webhook_type)
    .bind(webhook.webhook_code)
    .bind(&webhook.body)
    .bind(millis(webhook.created_at))
    .bind(millis(webhook.created_at + delay))
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
        enqueue(&mut tx, webhook).await?;
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
    bind_account(sqlx::query(UPDATE_ACCOUNT), &account)?
        .bind(account_id.as_str())
        .execute(&mut *tx)
        .await?;
    if let Some(webhook) = webhook_for(&previous) {
        enqueue(&mut tx, &webhook).await?;
    }
    tx.commit().await?;
    Ok(Some(previous))
}

/// The columns [`summary_from_row`] reads.
pub const SUMMARY_COLUMNS: &str = "webhook_id, item_id, url, webhook_type, webhook_code, status, attempts, created_at, \
     next_attempt_at, last_error";

pub fn summary_from_row(row: &AnyRow) -> Result<WebhookSummary, StoreError> {
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
}

pub async fn list(pool: &AnyPool, limit: i64) -> Result<Vec<WebhookSummary>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM webhook_outbox ORDER BY created_at DESC, webhook_id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(summary_from_row)
    .collect()
}

pub async fn attempts(pool: &AnyPool, webhook_id: &str) -> Result<Vec<Attempt>, StoreError> {
    let rows = sqlx::query(
        "SELECT attempt, attempted_at, status_code, error, duration_ms, signature FROM webhook_attempts
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
                signature: row.try_get("signature")?,
            })
        })
        .collect()
}
