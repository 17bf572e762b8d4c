//! Console sign-in: the operator's admin token opens a session whose random id only the operator's cookie
//! holds; the store keeps its hash, so sessions work across instances and restarts and a database dump signs
//! nobody in. Every comparison is constant-time; neither the admin token nor a session id is ever logged.

use chrono::{DateTime, Duration, Utc};

use super::state::AppState;
use crate::domain::tokens::{ClientSecret, ConsoleSessionId, SecretHash};
use crate::store::{ConsoleSessionRecord, StoreError};

/// How long a console session lasts after sign-in.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// The longest admin token a sign-in form may present (more is refused unread).
pub const MAX_TOKEN_CHARS: usize = 1_024;

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The console is off: no admin token is configured.
    #[error("the console is not enabled")]
    Disabled,
    #[error("wrong admin token")]
    WrongToken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether the console is on (an admin token is configured).
pub fn enabled(state: &AppState) -> bool {
    state.config.admin_token.is_some()
}

/// Opens a session if `presented` is the admin token; returns its id (for the cookie) and expiry.
pub async fn sign_in(
    state: &AppState,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<(ConsoleSessionId, DateTime<Utc>), SignInError> {
    let expected = state
        .config
        .admin_token
        .as_deref()
        .ok_or(SignInError::Disabled)?;
    // Hashing both sides first makes the comparison constant-time whatever the lengths.
    let matches = !presented.is_empty()
        && presented.len() <= MAX_TOKEN_CHARS
        && ClientSecret::hash_presented(presented).matches(&ClientSecret::hash_presented(expected));
    if !matches {
        return Err(SignInError::WrongToken);
    }
    // Sign-in is rare: a good moment to drop lapsed sessions.
    state.store.delete_expired_console_sessions(now).await?;
    let id = ConsoleSessionId::generate();
    let expires_at = now + SESSION_LIFETIME;
    state
        .store
        .create_console_session(&ConsoleSessionRecord {
            hash: id.hash(),
            created_at: now,
            expires_at,
        })
        .await?;
    Ok((id, expires_at))
}

/// The live session a cookie names, if any.
pub async fn find(
    state: &AppState,
    presented: &str,
    now: DateTime<Utc>,
) -> Result<Option<ConsoleSessionId>, StoreError> {
    // A session id is 64 hex characters; anything else names no session and is not worth a query.
    if presented.len() != 64 || !presented.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let id = ConsoleSessionId::from_presented(presented.to_owned());
    Ok(state
        .store
        .find_console_session(&id.hash(), now)
        .await?
        .map(|_| id))
}

/// Whether `presented` is the CSRF token of `session`'s forms (constant-time).
pub fn csrf_matches(session: &ConsoleSessionId, presented: &str) -> bool {
    session
        .csrf_token()
        .matches(&SecretHash::from_stored(presented.to_owned()))
}

/// Ends the session.
pub async fn sign_out(state: &AppState, session: &ConsoleSessionId) -> Result<(), StoreError> {
    state.store.delete_console_session(&session.hash()).await
}
