//! Link's side of an OpenID Connect login: sending the user from the OAuth pane to the institution's
//! authorization server ([`begin`]), checking the callback ([`callback`]), and taking the answer into the
//! Link session when that session's frame presents it ([`complete`]).
//!
//! The login waits in the store (any instance can take the callback), is claimed once, and expires. Whatever
//! goes wrong at the server or with its answer ends the session's pane in a Plaid error; a callback that names
//! no waiting login touches no session.

use chrono::{Duration, Utc};

use super::error::OidcError;
use super::issuer::IssuerPolicy;
use super::relying_party::{self, Registration};
use crate::domain::tokens::LoginSecret;
use crate::domain::{EndUser, ErrorCode, InstitutionLogin, ProviderInstitution};
use crate::sandbox::link::Stage;
use crate::services::link::{Authorized, LinkFlowError};
use crate::services::provider::audit::{self, Actor};
use crate::services::provider::link::continue_with_settings;
use crate::services::state::AppState;
use crate::store::{LinkSessionRecord, OidcAuthorization, OidcClaim};

/// How long a user has at the authorization server before the login expires.
pub const LOGIN_LIFETIME: Duration = Duration::minutes(10);

/// What the OAuth pane's Continue leads to.
pub enum Begun {
    /// Send the browser here (a pop-up window, or the whole page when the link token has a `redirect_uri`).
    Authorize(url::Url),
    /// The login could not start (the server is unreachable, the settings are wrong): the session shows it.
    Failed(Box<LinkSessionRecord>),
}

/// The provider institution behind an OAuth pane, if it logs users in with OpenID Connect.
pub async fn oidc_institution(
    state: &AppState,
    session: &LinkSessionRecord,
) -> Result<Option<ProviderInstitution>, LinkFlowError> {
    let Stage::Oauth { institution_id } = &session.stage else {
        return Ok(None);
    };
    Ok(state
        .store
        .find_provider_institution(institution_id)
        .await?
        .filter(|institution| matches!(institution.login, InstitutionLogin::Oidc { .. })))
}

fn registration(institution: &ProviderInstitution) -> Option<Registration<'_>> {
    match &institution.login {
        InstitutionLogin::Oidc {
            issuer,
            client_id,
            client_secret,
            scopes,
        } => Some(Registration {
            issuer,
            client_id,
            client_secret: Some(client_secret.expose()),
            scopes,
        }),
        InstitutionLogin::Password { .. } => None,
    }
}

fn policy(state: &AppState) -> IssuerPolicy {
    IssuerPolicy {
        allow_loopback_http: state.config.allow_loopback_oidc_issuers,
    }
}

/// Starts a login at the authorization server of the session's institution; `callback` is Tartan's
/// callback URL as registered there.
pub async fn begin(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
    callback: &str,
) -> Result<Begun, LinkFlowError> {
    let institution = oidc_institution(state, &session).await?.ok_or_else(|| {
        LinkFlowError::Refused("this Link session is not at an OpenID Connect login".into())
    })?;
    let Some(registration) = registration(&institution) else {
        return Err(LinkFlowError::Refused(
            "not an OpenID Connect institution".into(),
        ));
    };
    let started = match relying_party::start(&registration, callback, policy(state)).await {
        Ok(started) => started,
        Err(error) => {
            tracing::warn!(institution_id = %institution.institution_id, %error, "OpenID Connect login could not start");
            session.stage = failure(&error, &institution.institution_id);
            crate::services::link::save(state, &mut session).await?;
            return Ok(Begun::Failed(Box::new(session)));
        }
    };
    let now = Utc::now();
    state
        .store
        .create_oidc_authorization(&OidcAuthorization {
            state_hash: started.state.hash(),
            token_hash: authorized.token.hash(),
            link_session_id: session.link_session_id.clone(),
            institution_id: institution.institution_id.clone(),
            nonce_hash: started.nonce_hash,
            pkce_verifier: started.pkce_verifier,
            redirect_uri: callback.to_owned(),
            // Link opens the login in a pop-up window and sees the session move on; nothing to return to.
            return_to: None,
            created_at: now,
            expires_at: now + LOGIN_LIFETIME,
        })
        .await?;
    Ok(Begun::Authorize(started.authorization_url))
}

/// The query of Tartan's callback, as the authorization server sends it.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CallbackQuery {
    pub state: Option<String>,
    pub code: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// RFC 9207: the issuer that answered, when the server says.
    pub iss: Option<String>,
}

/// A callback or completion that names no waiting login of the presenting session: nothing happens to any
/// session.
#[derive(Debug, thiserror::Error)]
pub enum CallbackRefused {
    #[error("the callback has no state")]
    NoState,
    #[error("no login is waiting for this state")]
    UnknownState,
    #[error("this login already came back")]
    Replayed,
    #[error("this login was started by another Link session")]
    OtherSession,
    #[error("the Link session of this login has ended")]
    SessionGone,
    #[error(transparent)]
    Flow(#[from] LinkFlowError),
}

/// The audit log's name for a login at an OpenID Connect server.
const ACTION: &str = "login.oidc";

/// Records a refusal (not a failure of Tartan's own) in the audit log.
async fn audit_refusal(state: &AppState, refused: &CallbackRefused, source: &str, subject: &str) {
    if matches!(refused, CallbackRefused::Flow(_)) {
        return;
    }
    let actor = Actor {
        who: "unknown".into(),
        source: source.to_owned(),
    };
    let outcome = format!("refused: {refused}");
    audit::record(state.store.as_ref(), &actor, ACTION, subject, &outcome).await;
}

/// Checks the authorization server's answer names a waiting login, without using it up: the callback page
/// only hands the answer to the Link frame that opened it (the binding: docs/providers.md), which completes
/// the login with [`complete`].
pub async fn callback(
    state: &AppState,
    query: &CallbackQuery,
    source: &str,
) -> Result<(), CallbackRefused> {
    let result = check_callback(state, query).await;
    if let Err(refused) = &result {
        audit_refusal(state, refused, source, "oidc/callback").await;
    }
    result
}

async fn check_callback(state: &AppState, query: &CallbackQuery) -> Result<(), CallbackRefused> {
    let presented = query.state.clone().ok_or(CallbackRefused::NoState)?;
    match state
        .store
        .oidc_authorization_consumed(&LoginSecret::from_presented(presented).hash())
        .await
        .map_err(LinkFlowError::from)?
    {
        None => Err(CallbackRefused::UnknownState),
        Some(true) => Err(CallbackRefused::Replayed),
        Some(false) => Ok(()),
    }
}

/// Takes the authorization server's answer, as the Link frame presents it with its own session, into that
/// session: only the session that started the login can complete it. Claims the login (once, across
/// instances) before anything else, so a completion from another session uses the login up too.
pub async fn complete(
    state: &AppState,
    authorized: &Authorized,
    link_session_id: &str,
    query: CallbackQuery,
    source: &str,
) -> Result<LinkSessionRecord, CallbackRefused> {
    let result = take_completion(state, authorized, link_session_id, query, source).await;
    if let Err(refused) = &result {
        audit_refusal(state, refused, source, "oidc/complete").await;
    }
    result
}

async fn take_completion(
    state: &AppState,
    authorized: &Authorized,
    link_session_id: &str,
    query: CallbackQuery,
    source: &str,
) -> Result<LinkSessionRecord, CallbackRefused> {
    let presented = query.state.clone().ok_or(CallbackRefused::NoState)?;
    let now = Utc::now();
    let login = match state
        .store
        .claim_oidc_authorization(&LoginSecret::from_presented(presented).hash(), now)
        .await
        .map_err(LinkFlowError::from)?
    {
        OidcClaim::Unknown => return Err(CallbackRefused::UnknownState),
        OidcClaim::AlreadyUsed => return Err(CallbackRefused::Replayed),
        OidcClaim::Claimed(login) => *login,
    };
    // The binding: the answer counts only for the session (link token and id) that started the login.
    if login.token_hash != authorized.token.hash() || login.link_session_id != link_session_id {
        return Err(CallbackRefused::OtherSession);
    }
    let record = state
        .store
        .find_link_token(&login.token_hash)
        .await
        .map_err(LinkFlowError::from)?
        .filter(|record| record.expires_at > now)
        .ok_or(CallbackRefused::SessionGone)?;
    let mut session = state
        .store
        .find_link_session(&login.token_hash, &login.link_session_id)
        .await
        .map_err(LinkFlowError::from)?
        .filter(|session| waits_for(session, &login))
        .ok_or(CallbackRefused::SessionGone)?;
    let outcome = if login.expires_at <= now {
        LoggedIn::Failed(failed(
            ErrorCode::UserInputTimeout,
            "the login at the institution took too long",
            &login.institution_id,
        ))
    } else {
        logged_in(state, &login, query).await?
    };
    match outcome {
        LoggedIn::As(user) => {
            let actor = Actor {
                who: format!("user:{}/{}", user.institution_id, user.user_id),
                source: source.to_owned(),
            };
            let subject = format!("user/{}/{}", user.institution_id, user.user_id);
            audit::record(state.store.as_ref(), &actor, ACTION, &subject, "success").await;
            session = continue_with_settings(state, &record.settings, session, &user).await?;
        }
        LoggedIn::Failed(stage) => {
            if let Stage::Failed { error, .. } = &stage {
                let actor = Actor {
                    who: format!("oidc:{}", login.institution_id),
                    source: source.to_owned(),
                };
                let subject = format!("institution/{}", login.institution_id);
                let outcome = format!("{}: {}", error.error_code, error.error_message);
                audit::record(state.store.as_ref(), &actor, ACTION, &subject, &outcome).await;
            }
            session.stage = stage;
            crate::services::link::save(state, &mut session).await?;
        }
    }
    Ok(session)
}

/// The session is still at the OAuth pane of the login's institution (not moved on, exited or finished).
fn waits_for(session: &LinkSessionRecord, login: &OidcAuthorization) -> bool {
    session.finished_at.is_none()
        && matches!(&session.stage, Stage::Oauth { institution_id } if *institution_id == login.institution_id)
}

/// Who logged in, or the session's error pane.
enum LoggedIn {
    As(EndUser),
    Failed(Stage),
}

/// The code exchanged, the ID token verified, the end user found by `sub`.
async fn logged_in(
    state: &AppState,
    login: &OidcAuthorization,
    query: CallbackQuery,
) -> Result<LoggedIn, LinkFlowError> {
    let institution_id = &login.institution_id;
    let Some(institution) = state
        .store
        .find_provider_institution(institution_id)
        .await?
    else {
        return Ok(LoggedIn::Failed(failed(
            ErrorCode::InstitutionNotAvailable,
            "the institution is gone",
            institution_id,
        )));
    };
    let Some(registration) = registration(&institution) else {
        return Ok(LoggedIn::Failed(failed(
            ErrorCode::InstitutionNotAvailable,
            "the institution no longer logs in with OpenID Connect",
            institution_id,
        )));
    };
    if let Some(error) = &query.error {
        return Ok(LoggedIn::Failed(authorization_error(
            error,
            query.error_description.as_deref(),
            institution_id,
        )));
    }
    if query
        .iss
        .as_deref()
        .is_some_and(|iss| iss != registration.issuer)
    {
        let error =
            OidcError::Untrusted("the callback's iss is not the institution's issuer".into());
        return Ok(LoggedIn::Failed(failure(&error, institution_id)));
    }
    let Some(code) = query.code else {
        let error = OidcError::Untrusted("the callback has neither code nor error".into());
        return Ok(LoggedIn::Failed(failure(&error, institution_id)));
    };
    let subject = match relying_party::finish(
        &registration,
        &login.redirect_uri,
        policy(state),
        code,
        login.pkce_verifier.clone(),
        &login.nonce_hash,
    )
    .await
    {
        Ok(subject) => subject,
        Err(error) => {
            tracing::warn!(%institution_id, %error, "OpenID Connect login failed");
            return Ok(LoggedIn::Failed(failure(&error, institution_id)));
        }
    };
    let Some(user) = state
        .store
        .find_end_user_by_subject(institution_id, &subject)
        .await?
    else {
        return Ok(LoggedIn::Failed(failed(
            ErrorCode::NoAccounts,
            "the institution's login names no end user of this institution",
            institution_id,
        )));
    };
    Ok(LoggedIn::As(user))
}

/// The OAuth pane again, for "Try again".
fn retry(institution_id: &str) -> Option<Box<Stage>> {
    Some(Box::new(Stage::Oauth {
        institution_id: institution_id.to_owned(),
    }))
}

fn failed(code: ErrorCode, message: &str, institution_id: &str) -> Stage {
    let mut error = crate::sandbox::link::link_error(code);
    error.error_message = message.to_owned();
    Stage::Failed {
        error,
        institution_id: Some(institution_id.to_owned()),
        retry: retry(institution_id),
    }
}

/// An error response of the authorization endpoint (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6).
fn authorization_error(code: &str, description: Option<&str>, institution_id: &str) -> Stage {
    let plaid = match code {
        "access_denied"
        | "consent_required"
        | "login_required"
        | "interaction_required"
        | "account_selection_required" => ErrorCode::AccessNotGranted,
        "temporarily_unavailable" => ErrorCode::InstitutionDown,
        _ => ErrorCode::InstitutionNotResponding,
    };
    // The description is the server's text, shown as the error message only (never as display_message).
    let description: String = description.unwrap_or("").chars().take(200).collect();
    let message = if description.is_empty() {
        format!("the institution answered {code}")
    } else {
        format!("the institution answered {code}: {description}")
    };
    failed(plaid, &message, institution_id)
}

/// A failed exchange with the authorization server, as a Link error.
fn failure(error: &OidcError, institution_id: &str) -> Stage {
    let code = match error {
        OidcError::Misconfigured(_) | OidcError::Unreachable(_) | OidcError::Refused(_) => {
            ErrorCode::InstitutionNotResponding
        }
        OidcError::Untrusted(_) => ErrorCode::UnsupportedResponse,
    };
    failed(code, &error.to_string(), institution_id)
}
