//! Which link token and session a request names, and saving a session's steps.

use chrono::Duration;

use crate::domain::tokens::LinkToken;
use crate::domain::{Environment, LinkInstitution};
use crate::sandbox::institutions;
use crate::services::clock::{self, Clock};
use crate::services::state::AppState;
use crate::store::{LinkSessionRecord, LinkTokenRecord, StoreError};

/// Why a Link request cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum LinkFlowError {
    /// Unknown, malformed, expired or used link token (or its update-mode Item is gone).
    #[error("invalid link_token provided")]
    InvalidLinkToken,
    /// A session id of another token, an action that does not fit the stage, or a step that lost a race.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("webhook body: {0}")]
    Webhook(#[from] serde_json::Error),
}

/// Public tokens expire 30 minutes after creation, as Plaid's do.
pub const PUBLIC_TOKEN_LIFETIME: Duration = Duration::minutes(30);

/// A link token and the record it names.
pub struct Authorized {
    pub token: LinkToken,
    pub record: LinkTokenRecord,
    /// The clock of the client the token belongs to: its expiry and everything the session creates follow it.
    pub clock: Clock,
}

/// The record of a presented link token that is well formed, known and unexpired.
pub async fn authorize(state: &AppState, link_token: &str) -> Result<Authorized, LinkFlowError> {
    let token = LinkToken::parse(link_token, state.config.environment)
        .ok_or(LinkFlowError::InvalidLinkToken)?;
    let record = state
        .store
        .find_link_token(&token.hash())
        .await?
        .ok_or(LinkFlowError::InvalidLinkToken)?;
    // Link's own requests carry no client credentials: the token's client is read for its clock here, on
    // Link's paths only.
    let clock = clock::read(state, &record.client_id)
        .await?
        .ok_or(LinkFlowError::InvalidLinkToken)?;
    if record.expires_at <= clock.now() {
        return Err(LinkFlowError::InvalidLinkToken);
    }
    Ok(Authorized {
        token,
        record,
        clock,
    })
}

pub async fn find_session(
    state: &AppState,
    authorized: &Authorized,
    link_session_id: &str,
) -> Result<LinkSessionRecord, LinkFlowError> {
    state
        .store
        .find_link_session(&authorized.token.hash(), link_session_id)
        .await?
        .ok_or_else(|| {
            LinkFlowError::Refused(format!(
                "link_session_id {link_session_id} is not a session of this link token"
            ))
        })
}

/// Saves a step over the version it was read at; a concurrent step of the same session wins, this one fails.
pub async fn save(state: &AppState, session: &mut LinkSessionRecord) -> Result<(), LinkFlowError> {
    if !state.store.save_link_session(session).await? {
        return Err(LinkFlowError::Refused(
            "the Link session changed meanwhile (another tab?); reload Link".into(),
        ));
    }
    session.version += 1;
    Ok(())
}

pub fn institution(id: Option<&str>) -> Option<LinkInstitution> {
    let institution = institutions::find(id?)?;
    Some(LinkInstitution {
        name: institution.name.to_owned(),
        institution_id: institution.id.to_owned(),
    })
}

/// The institution as Link's metadata names it: the sandbox's in sandbox, the provider's in production.
pub async fn institution_of(
    state: &AppState,
    id: Option<&str>,
) -> Result<Option<LinkInstitution>, StoreError> {
    match state.config.environment {
        Environment::Sandbox => Ok(institution(id)),
        Environment::Production => {
            let Some(id) = id else { return Ok(None) };
            Ok(state
                .store
                .find_provider_institution(id)
                .await?
                .map(|found| LinkInstitution {
                    name: found.name,
                    institution_id: found.institution_id,
                }))
        }
    }
}
