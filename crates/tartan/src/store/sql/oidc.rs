//! Logins waiting at an OpenID Connect authorization server, in SQL (both backends).

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Row};

use super::codec::{from_millis, millis};
use crate::domain::tokens::SecretHash;
use crate::store::error::StoreError;
use crate::store::records::{OidcAuthorization, OidcClaim};

pub async fn insert(pool: &AnyPool, login: &OidcAuthorization) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO oidc_authorizations (state_hash, token_hash, link_session_id, institution_id, nonce_hash,
             pkce_verifier, redirect_uri, return_to, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(login.state_hash.as_str())
    .bind(login.token_hash.as_str())
    .bind(&login.link_session_id)
    .bind(&login.institution_id)
    .bind(login.nonce_hash.as_str())
    .bind(&login.pkce_verifier)
    .bind(&login.redirect_uri)
    .bind(login.return_to.as_deref())
    .bind(millis(login.created_at))
    .bind(millis(login.expires_at))
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether the login is claimed, without claiming it (`None`: no such login).
pub async fn consumed(pool: &AnyPool, state_hash: &SecretHash) -> Result<Option<bool>, StoreError> {
    let row = sqlx::query("SELECT consumed_at FROM oidc_authorizations WHERE state_hash = $1")
        .bind(state_hash.as_str())
        .fetch_optional(pool)
        .await?;
    row.map(|row| Ok(row.try_get::<Option<i64>, _>("consumed_at")?.is_some()))
        .transpose()
}

/// One `UPDATE … WHERE consumed_at IS NULL` decides which callback wins, on any backend and instance; the
/// winner reads the row back in the same transaction.
pub async fn claim(
    pool: &AnyPool,
    state_hash: &SecretHash,
    now: DateTime<Utc>,
) -> Result<OidcClaim, StoreError> {
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query(
        "UPDATE oidc_authorizations SET consumed_at = $1 WHERE state_hash = $2 AND consumed_at IS NULL",
    )
    .bind(millis(now))
    .bind(state_hash.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let row = sqlx::query(
        "SELECT token_hash, link_session_id, institution_id, nonce_hash, pkce_verifier, redirect_uri,
                return_to, created_at, expires_at
         FROM oidc_authorizations WHERE state_hash = $1",
    )
    .bind(state_hash.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let Some(row) = row else {
        return Ok(OidcClaim::Unknown);
    };
    if !claimed {
        return Ok(OidcClaim::AlreadyUsed);
    }
    Ok(OidcClaim::Claimed(Box::new(OidcAuthorization {
        state_hash: state_hash.clone(),
        token_hash: SecretHash::from_stored(row.try_get("token_hash")?),
        link_session_id: row.try_get("link_session_id")?,
        institution_id: row.try_get("institution_id")?,
        nonce_hash: SecretHash::from_stored(row.try_get("nonce_hash")?),
        pkce_verifier: row.try_get("pkce_verifier")?,
        redirect_uri: row.try_get("redirect_uri")?,
        return_to: row.try_get("return_to")?,
        created_at: from_millis(row.try_get("created_at")?)?,
        expires_at: from_millis(row.try_get("expires_at")?)?,
    })))
}
