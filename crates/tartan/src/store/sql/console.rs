//! What the operator console reads and changes beyond the API's own queries: its sessions, Items of every
//! client, Item errors, accounts, recent Link sessions and single webhooks, in the SQL both backends share.

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Row};

use super::codec::{from_json, from_millis, millis};
use super::items::{UPDATE_ACCOUNT_OF_ITEM, bind_account, item};
use super::link::session_from_row;
use super::webhooks::{SUMMARY_COLUMNS, summary_from_row};
use crate::domain::tokens::SecretHash;
use crate::domain::{Account, ClientId, ErrorCode, ItemId};
use crate::store::error::StoreError;
use crate::store::records::{ConsoleSessionRecord, ItemPage, LinkSessionListing, LinkTokenRecord};
use crate::webhooks::{WebhookDetail, WebhookSummary};

pub async fn insert_session(
    pool: &AnyPool,
    session: &ConsoleSessionRecord,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO console_sessions (session_hash, created_at, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(session.hash.as_str())
    .bind(millis(session.created_at))
    .bind(millis(session.expires_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn find_session(
    pool: &AnyPool,
    hash: &SecretHash,
    now: DateTime<Utc>,
) -> Result<Option<ConsoleSessionRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT created_at, expires_at FROM console_sessions WHERE session_hash = $1 AND expires_at > $2",
    )
    .bind(hash.as_str())
    .bind(millis(now))
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(ConsoleSessionRecord {
            hash: hash.clone(),
            created_at: from_millis(row.try_get("created_at")?)?,
            expires_at: from_millis(row.try_get("expires_at")?)?,
        })
    })
    .transpose()
}

pub async fn delete_session(pool: &AnyPool, hash: &SecretHash) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM console_sessions WHERE session_hash = $1")
        .bind(hash.as_str())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_expired_sessions(
    pool: &AnyPool,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM console_sessions WHERE expires_at <= $1")
        .bind(millis(now))
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

pub async fn list_items(pool: &AnyPool, limit: i64, offset: i64) -> Result<ItemPage, StoreError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM items")
        .fetch_one(pool)
        .await?;
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT item_id FROM items ORDER BY created_at DESC, item_id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        // Removed between the two reads: simply not listed.
        if let Some(item) = item(pool, &id).await? {
            items.push(item);
        }
    }
    Ok(ItemPage { items, total })
}

pub async fn set_item_error(
    pool: &AnyPool,
    item_id: &ItemId,
    error: Option<(ErrorCode, DateTime<Utc>)>,
) -> Result<(), StoreError> {
    match error {
        Some((code, since)) => {
            sqlx::query(
                "INSERT INTO item_errors (item_id, error_code, since) VALUES ($1, $2, $3)
                 ON CONFLICT (item_id) DO UPDATE SET error_code = excluded.error_code, since = excluded.since",
            )
            .bind(item_id.as_str())
            .bind(code.as_str())
            .bind(millis(since))
            .execute(pool)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM item_errors WHERE item_id = $1")
                .bind(item_id.as_str())
                .execute(pool)
                .await?;
        }
    }
    Ok(())
}

pub async fn replace_account(
    pool: &AnyPool,
    item_id: &ItemId,
    account: &Account,
) -> Result<bool, StoreError> {
    let updated = bind_account(sqlx::query(UPDATE_ACCOUNT_OF_ITEM), account)?
        .bind(account.account_id.as_str())
        .bind(item_id.as_str())
        .execute(pool)
        .await?;
    Ok(updated.rows_affected() == 1)
}

pub async fn recent_link_sessions(
    pool: &AnyPool,
    limit: i64,
) -> Result<Vec<LinkSessionListing>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.link_session_id, s.token_hash, s.started_at, s.finished_at, s.version, s.stage, s.outcome,
                t.client_id, t.settings, t.created_at AS token_created_at, t.expires_at, t.used_at
         FROM link_sessions s JOIN link_tokens t ON t.token_hash = s.token_hash
         ORDER BY s.started_at DESC, s.link_session_id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let session = session_from_row(row)?;
            let used_at: Option<i64> = row.try_get("used_at")?;
            let token = LinkTokenRecord {
                hash: session.token_hash.clone(),
                client_id: ClientId::from_stored(row.try_get("client_id")?),
                settings: from_json(&row.try_get::<String, _>("settings")?)?,
                created_at: from_millis(row.try_get("token_created_at")?)?,
                expires_at: from_millis(row.try_get("expires_at")?)?,
                used_at: used_at.map(from_millis).transpose()?,
            };
            Ok(LinkSessionListing { session, token })
        })
        .collect()
}

pub async fn find_webhook(
    pool: &AnyPool,
    webhook_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<WebhookDetail>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, body, delivered_at, lease_expires_at FROM webhook_outbox WHERE webhook_id = $1"
    ))
    .bind(webhook_id)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        let delivered_at: Option<i64> = row.try_get("delivered_at")?;
        let lease: Option<i64> = row.try_get("lease_expires_at")?;
        Ok(WebhookDetail {
            summary: summary_from_row(&row)?,
            body: row.try_get("body")?,
            delivered_at: delivered_at.map(from_millis).transpose()?,
            leased: lease.is_some_and(|until| until > millis(now)),
        })
    })
    .transpose()
}

pub async fn item_webhooks(
    pool: &AnyPool,
    item_id: &ItemId,
    limit: i64,
) -> Result<Vec<WebhookSummary>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM webhook_outbox WHERE item_id = $1
         ORDER BY created_at DESC, webhook_id LIMIT $2"
    ))
    .bind(item_id.as_str())
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(summary_from_row)
    .collect()
}

pub async fn retry_now(
    pool: &AnyPool,
    webhook_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = sqlx::query(
        "UPDATE webhook_outbox SET status = 'pending', next_attempt_at = $1
         WHERE webhook_id = $2 AND status IN ('pending', 'failed')
           AND (lease_expires_at IS NULL OR lease_expires_at <= $1)",
    )
    .bind(millis(now))
    .bind(webhook_id)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}
