//! Link tokens, Link sessions and Items waiting for update mode, in SQL (both backends).

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::codec::{from_json, from_millis, millis, to_json};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ItemId};
use crate::store::error::StoreError;
use crate::store::records::{LinkSessionRecord, LinkTokenRecord};

pub async fn insert_token(pool: &AnyPool, token: &LinkTokenRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO link_tokens (token_hash, client_id, settings, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.hash.as_str())
    .bind(token.client_id.as_str())
    .bind(to_json(&token.settings)?)
    .bind(millis(token.created_at))
    .bind(millis(token.expires_at))
    .bind(token.used_at.map(millis))
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn find_token(
    pool: &AnyPool,
    hash: &SecretHash,
) -> Result<Option<LinkTokenRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT client_id, settings, created_at, expires_at, used_at FROM link_tokens WHERE token_hash = $1",
    )
    .bind(hash.as_str())
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let used_at: Option<i64> = row.try_get("used_at")?;
    Ok(Some(LinkTokenRecord {
        hash: hash.clone(),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        settings: from_json(&row.try_get::<String, _>("settings")?)?,
        created_at: from_millis(row.try_get("created_at")?)?,
        expires_at: from_millis(row.try_get("expires_at")?)?,
        used_at: used_at.map(from_millis).transpose()?,
    }))
}

pub async fn insert_session(pool: &AnyPool, session: &LinkSessionRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO link_sessions (link_session_id, token_hash, started_at, finished_at, version, stage, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&session.link_session_id)
    .bind(session.token_hash.as_str())
    .bind(millis(session.started_at))
    .bind(session.finished_at.map(millis))
    .bind(session.version)
    .bind(to_json(&session.stage)?)
    .bind(session.outcome.as_ref().map(to_json).transpose()?)
    .execute(pool)
    .await?;
    Ok(())
}

const SESSION_COLUMNS: &str =
    "link_session_id, token_hash, started_at, finished_at, version, stage, outcome";

pub fn session_from_row(row: &AnyRow) -> Result<LinkSessionRecord, StoreError> {
    let finished_at: Option<i64> = row.try_get("finished_at")?;
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(LinkSessionRecord {
        link_session_id: row.try_get("link_session_id")?,
        token_hash: SecretHash::from_stored(row.try_get("token_hash")?),
        started_at: from_millis(row.try_get("started_at")?)?,
        finished_at: finished_at.map(from_millis).transpose()?,
        version: row.try_get("version")?,
        stage: from_json(&row.try_get::<String, _>("stage")?)?,
        outcome: outcome.as_deref().map(from_json).transpose()?,
    })
}

pub async fn find_session(
    pool: &AnyPool,
    token: &SecretHash,
    link_session_id: &str,
) -> Result<Option<LinkSessionRecord>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM link_sessions WHERE link_session_id = $1 AND token_hash = $2"
    ))
    .bind(link_session_id)
    .bind(token.as_str())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(session_from_row)
    .transpose()
}

pub async fn list_sessions(
    pool: &AnyPool,
    token: &SecretHash,
) -> Result<Vec<LinkSessionRecord>, StoreError> {
    sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM link_sessions WHERE token_hash = $1 ORDER BY started_at, link_session_id"
    ))
    .bind(token.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(session_from_row)
    .collect()
}

/// Writes the session's stage, end and outcome if it is still at `session.version`, bumping the version;
/// when the outcome is a success, the token becomes used in the same transaction.
pub async fn save_session(pool: &AnyPool, session: &LinkSessionRecord) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let saved = sqlx::query(
        "UPDATE link_sessions SET version = version + 1, stage = $1, finished_at = $2, outcome = $3
         WHERE link_session_id = $4 AND version = $5",
    )
    .bind(to_json(&session.stage)?)
    .bind(session.finished_at.map(millis))
    .bind(session.outcome.as_ref().map(to_json).transpose()?)
    .bind(&session.link_session_id)
    .bind(session.version)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if saved && session.outcome.as_ref().is_some_and(|o| o.is_success()) {
        sqlx::query(
            "UPDATE link_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(session.finished_at.map(millis))
        .bind(session.token_hash.as_str())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(saved)
}

/// Sessions go with their token (`ON DELETE CASCADE`).
pub async fn delete_expired_tokens(
    pool: &AnyPool,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let result = sqlx::query("DELETE FROM link_tokens WHERE expires_at <= $1")
        .bind(millis(before))
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

pub async fn set_login_required(
    pool: &AnyPool,
    item_id: &ItemId,
    since: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    match since {
        Some(since) => {
            sqlx::query(
                "INSERT INTO item_login_required (item_id, since) VALUES ($1, $2) ON CONFLICT (item_id) DO NOTHING",
            )
            .bind(item_id.as_str())
            .bind(millis(since))
            .execute(pool)
            .await?
        }
        None => {
            sqlx::query("DELETE FROM item_login_required WHERE item_id = $1")
                .bind(item_id.as_str())
                .execute(pool)
                .await?
        }
    };
    Ok(())
}

/// A public token for an existing Item (Link update mode).
pub async fn insert_public_token(
    pool: &AnyPool,
    item_id: &ItemId,
    client_id: &ClientId,
    hash: &SecretHash,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at, expires_at)
         VALUES ($1, 'public', $2, $3, $4, $5)",
    )
    .bind(hash.as_str())
    .bind(item_id.as_str())
    .bind(client_id.as_str())
    .bind(millis(created_at))
    .bind(millis(expires_at))
    .execute(pool)
    .await?;
    Ok(())
}
