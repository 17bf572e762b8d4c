//! Checking a provider's end user at Link's login panes: the password (Argon2 or bcrypt), then the TOTP code,
//! with failures counted in the database so every instance sees them: the fifth in 15 minutes answers
//! `ITEM_LOCKED`, and so does every attempt until the window passes. Every attempt is audited with its source.

use chrono::{Duration, Utc};

use super::audit::{self, Actor};
use super::passwords::{decoy_hash, verify_password, verify_totp};
use crate::domain::{EndUser, ErrorCode, InstitutionLogin};
use crate::sandbox::link::{Stage, failed};
use crate::services::link::access::LinkFlowError;
use crate::services::state::AppState;

/// Failed logins of one user within [`LOCKOUT_WINDOW`] that lock it.
pub const MAX_LOGIN_FAILURES: i64 = 5;
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);
/// The import's longest id (see `records`).
const MAX_USER_ID_BYTES: usize = 256;

/// A login check's result: the user passed, or the stage to show (the next factor, or an error).
pub enum Checked {
    Passed(EndUser),
    Stage(Stage),
}

pub struct Login<'a> {
    pub state: &'a AppState,
    pub institution_id: &'a str,
    pub user_id: &'a str,
    pub source: &'a str,
}

impl Login<'_> {
    pub async fn password(&self, password: &str) -> Result<Checked, LinkFlowError> {
        // No stored user id is this long: answered at once, and not stored as a failure.
        if self.user_id.is_empty() || self.user_id.len() > MAX_USER_ID_BYTES {
            self.audit("login", ErrorCode::InvalidCredentials.as_str())
                .await;
            let retry = Stage::Credentials {
                institution_id: self.institution_id.to_owned(),
                failures: 0,
            };
            return Ok(Checked::Stage(failed(
                ErrorCode::InvalidCredentials,
                Some(retry),
            )));
        }
        if let Some(locked) = self.locked().await? {
            return Ok(locked);
        }
        let store = &self.state.store;
        let institution = store.find_provider_institution(self.institution_id).await?;
        let user = store
            .find_end_user(self.institution_id, self.user_id)
            .await?;
        // An unknown user costs the same hash check as a known one, so timing does not tell them apart.
        let hash = user
            .as_ref()
            .and_then(|u| u.password_hash.as_ref())
            .map_or_else(|| decoy_hash().to_owned(), |h| h.expose().to_owned());
        let presented = password.to_owned();
        let matched = tokio::task::spawn_blocking(move || verify_password(&hash, &presented))
            .await
            .unwrap_or(false);
        let user = match user {
            Some(user) if matched && user.password_hash.is_some() => user,
            _ => return self.failure(ErrorCode::InvalidCredentials).await,
        };
        let wants_totp = matches!(
            institution.map(|i| i.login),
            Some(InstitutionLogin::Password { totp: true })
        );
        if wants_totp && user.totp_secret.is_some() {
            self.audit("password", "success").await;
            return Ok(Checked::Stage(Stage::ProviderTotp {
                institution_id: self.institution_id.to_owned(),
                user_id: self.user_id.to_owned(),
            }));
        }
        self.success().await?;
        Ok(Checked::Passed(user))
    }

    pub async fn totp(&self, code: &str) -> Result<Checked, LinkFlowError> {
        if let Some(locked) = self.locked().await? {
            return Ok(locked);
        }
        let user = self
            .state
            .store
            .find_end_user(self.institution_id, self.user_id)
            .await?;
        let passed = user.as_ref().is_some_and(|u| {
            u.totp_secret
                .as_ref()
                .is_some_and(|secret| verify_totp(secret.expose(), code))
        });
        match user {
            Some(user) if passed => {
                self.success().await?;
                Ok(Checked::Passed(user))
            }
            _ => self.failure(ErrorCode::InvalidMfa).await,
        }
    }

    /// `ITEM_LOCKED` while the user has had too many failures in the window.
    async fn locked(&self) -> Result<Option<Checked>, LinkFlowError> {
        let since = Utc::now() - LOCKOUT_WINDOW;
        let failures = self
            .state
            .store
            .count_login_failures(self.institution_id, self.user_id, since)
            .await?;
        if failures < MAX_LOGIN_FAILURES {
            return Ok(None);
        }
        self.audit("login", ErrorCode::ItemLocked.as_str()).await;
        Ok(Some(Checked::Stage(failed(ErrorCode::ItemLocked, None))))
    }

    async fn failure(&self, code: ErrorCode) -> Result<Checked, LinkFlowError> {
        let store = &self.state.store;
        let now = Utc::now();
        store
            .record_login_failure(self.institution_id, self.user_id, now)
            .await?;
        let failures = store
            .count_login_failures(self.institution_id, self.user_id, now - LOCKOUT_WINDOW)
            .await?;
        let code = if failures >= MAX_LOGIN_FAILURES {
            ErrorCode::ItemLocked
        } else {
            code
        };
        self.audit("login", code.as_str()).await;
        let retry = match code {
            ErrorCode::InvalidCredentials => Some(Stage::Credentials {
                institution_id: self.institution_id.to_owned(),
                failures: 0,
            }),
            ErrorCode::InvalidMfa => Some(Stage::ProviderTotp {
                institution_id: self.institution_id.to_owned(),
                user_id: self.user_id.to_owned(),
            }),
            _ => None,
        };
        Ok(Checked::Stage(failed(code, retry)))
    }

    async fn success(&self) -> Result<(), LinkFlowError> {
        self.state
            .store
            .clear_login_failures(self.institution_id, self.user_id)
            .await?;
        self.audit("login", "success").await;
        Ok(())
    }

    async fn audit(&self, action: &str, outcome: &str) {
        // What was typed as user name, bounded (a request may send anything).
        let user: String = self.user_id.chars().take(MAX_USER_ID_BYTES).collect();
        let actor = Actor {
            who: format!("user:{}/{user}", self.institution_id),
            source: self.source.to_owned(),
        };
        let subject = format!("user/{}/{user}", self.institution_id);
        audit::record(self.state.store.as_ref(), &actor, action, &subject, outcome).await;
    }
}
