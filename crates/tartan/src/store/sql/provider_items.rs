//! What ties a provider's catalogue to clients and Items: the institutions a client may link, Items created
//! by a provider login, revoking them, failed logins, and the audit log.

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Row};

use super::codec::{from_millis, millis};
use super::items::{self, item_from_row};
use super::webhooks::enqueue;
use crate::domain::{AuditEntry, ClientId, ItemId, ItemRecord, ProviderLink};
use crate::store::error::StoreError;
use crate::store::records::NewItem;
use crate::webhooks::NewWebhook;

pub async fn set_client_institutions(
    pool: &AnyPool,
    client_id: &ClientId,
    institution_ids: &[String],
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM client_institutions WHERE client_id = $1")
        .bind(client_id.as_str())
        .execute(&mut *tx)
        .await?;
    for institution_id in institution_ids {
        sqlx::query(
            "INSERT INTO client_institutions (client_id, institution_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(client_id.as_str())
        .bind(institution_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn client_institutions(
    pool: &AnyPool,
    client_id: &ClientId,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT institution_id FROM client_institutions WHERE client_id = $1 ORDER BY institution_id",
    )
    .bind(client_id.as_str())
    .fetch_all(pool)
    .await?)
}

/// The Item with its accounts and first token, and which end user and provider accounts it shows, at once.
pub async fn create(pool: &AnyPool, new: &NewItem, link: &ProviderLink) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    items::insert(&mut tx, new).await?;
    sqlx::query(
        "INSERT INTO provider_items (item_id, institution_id, user_id) VALUES ($1, $2, $3)",
    )
    .bind(new.item.item_id.as_str())
    .bind(&link.institution_id)
    .bind(&link.user_id)
    .execute(&mut *tx)
    .await?;
    for (account_id, provider_account_id) in &link.accounts {
        sqlx::query(
            "INSERT INTO provider_item_accounts (item_id, account_id, institution_id, provider_account_id)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(new.item.item_id.as_str())
        .bind(account_id.as_str())
        .bind(&link.institution_id)
        .bind(provider_account_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The Items an end user's logins created, oldest first.
pub async fn items_of_user(
    pool: &AnyPool,
    institution_id: &str,
    user_id: &str,
) -> Result<Vec<ItemRecord>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT p.item_id FROM provider_items p JOIN items i ON i.item_id = p.item_id
         WHERE p.institution_id = $1 AND p.user_id = $2 ORDER BY i.created_at, p.item_id",
    )
    .bind(institution_id)
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row = sqlx::query(items::ITEM_BY_ID)
            .bind(&id)
            .fetch_optional(pool)
            .await?;
        if let Some(item) = item_from_row(row.as_ref())? {
            found.push(item);
        }
    }
    Ok(found)
}

/// Deletes the Item (its tokens with it) and queues `notice` in the same transaction; `false` if there was no
/// such Item.
pub async fn revoke(
    pool: &AnyPool,
    item_id: &ItemId,
    notice: Option<&NewWebhook>,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query("DELETE FROM items WHERE item_id = $1")
        .bind(item_id.as_str())
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() == 0 {
        return Ok(false);
    }
    if let Some(webhook) = notice {
        enqueue(&mut tx, webhook).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn record_login_failure(
    pool: &AnyPool,
    institution_id: &str,
    user_id: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO login_failures (institution_id, user_id, failed_at) VALUES ($1, $2, $3)",
    )
    .bind(institution_id)
    .bind(user_id)
    .bind(millis(at))
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn count_login_failures(
    pool: &AnyPool,
    institution_id: &str,
    user_id: &str,
    since: DateTime<Utc>,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE institution_id = $1 AND user_id = $2 AND failed_at > $3",
    )
    .bind(institution_id)
    .bind(user_id)
    .bind(millis(since))
    .fetch_one(pool)
    .await?)
}

pub async fn clear_login_failures(
    pool: &AnyPool,
    institution_id: &str,
    user_id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM login_failures WHERE institution_id = $1 AND user_id = $2")
        .bind(institution_id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn record_audit(pool: &AnyPool, entry: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (audit_id, at, actor, action, subject, source, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(millis(entry.at))
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(&entry.source)
    .bind(&entry.outcome)
    .execute(pool)
    .await?;
    Ok(())
}

/// The newest entries first.
pub async fn audit(pool: &AnyPool, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, actor, action, subject, source, outcome FROM audit_log ORDER BY at DESC, audit_id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(AuditEntry {
                at: from_millis(row.try_get("at")?)?,
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                subject: row.try_get("subject")?,
                source: row.try_get("source")?,
                outcome: row.try_get("outcome")?,
            })
        })
        .collect()
}
