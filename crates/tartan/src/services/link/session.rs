//! Starting and resuming Link sessions, applying the user's steps (the pure flow in `sandbox::link`), and
//! recording exits.

use super::access::{Authorized, LinkFlowError, authorize, find_session, institution_of, save};
use super::finish::finish;
use super::notices::announce_hosted;
use crate::domain::{Environment, ExitMetadata, LinkError, LinkExit, LinkOutcome};
use crate::sandbox::institutions;
use crate::sandbox::link::{self, Action, Next, Stage};
use crate::services::provider::link as provider_link;
use crate::services::state::AppState;
use crate::store::LinkSessionRecord;

/// A new session of the token, or (with `resume`) one of its sessions where it is.
pub async fn start(
    state: &AppState,
    link_token: &str,
    resume: Option<&str>,
) -> Result<(Authorized, LinkSessionRecord), LinkFlowError> {
    let authorized = authorize(state, link_token).await?;
    let now = authorized.clock.now();
    if let Some(id) = resume {
        let session = find_session(state, &authorized, id).await?;
        return Ok((authorized, session));
    }
    if authorized.record.used_at.is_some() {
        return Err(LinkFlowError::InvalidLinkToken);
    }
    let update = match &authorized.record.settings.update {
        Some(update) => {
            let item = state
                .store
                .find_item(&update.item_id)
                .await?
                .ok_or(LinkFlowError::InvalidLinkToken)?;
            let institution = item
                .institution_id
                .as_deref()
                .and_then(institutions::find)
                .ok_or(LinkFlowError::InvalidLinkToken)?;
            Some((institution, state.store.list_accounts(&item.item_id).await?))
        }
        None => None,
    };
    let session = LinkSessionRecord {
        link_session_id: seeded_uuid(),
        token_hash: authorized.token.hash(),
        started_at: now,
        finished_at: None,
        version: 0,
        stage: link::first_stage(&authorized.record.settings, update),
        outcome: None,
    };
    state.store.create_link_session(&session).await?;
    Ok((authorized, session))
}

/// Applies the user's action; finishing creates (or repairs) the Item. In production the provider's
/// institutions and end users take the sandbox's place; `source` is where the request came from (audit).
pub async fn step(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
    action: Action,
    source: &str,
) -> Result<LinkSessionRecord, LinkFlowError> {
    if state.config.environment == Environment::Production {
        return provider_link::step(state, authorized, session, action, source).await;
    }
    let settings = &authorized.record.settings;
    match link::step(session.stage.clone(), action, settings)
        .map_err(|e| LinkFlowError::Refused(e.to_string()))?
    {
        Next::Stage(stage) => {
            session.stage = stage;
            save(state, &mut session).await?;
        }
        Next::Finish {
            institution_id,
            accounts,
        } => {
            finish(
                state,
                authorized,
                &mut session,
                &institution_id,
                accounts,
                None,
            )
            .await?;
        }
    }
    Ok(session)
}

/// Records that the user left: `onExit`'s error and metadata, as `/link/token/get` reports them.
pub async fn exit(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
    status: Option<String>,
    error: Option<LinkError>,
    request_id: &str,
) -> Result<(LinkSessionRecord, LinkExit), LinkFlowError> {
    if let Some(LinkOutcome::Exit(exit)) = &session.outcome {
        let exit = exit.clone();
        return Ok((session, exit));
    }
    if session.finished_at.is_some() {
        return Err(LinkFlowError::Refused(
            "this Link session has already finished".into(),
        ));
    }
    let error = error.or_else(|| match &session.stage {
        Stage::Failed { error, .. } => Some(error.clone()),
        _ => None,
    });
    let exit = LinkExit {
        error,
        metadata: ExitMetadata {
            institution: institution_of(state, session.stage.institution_id()).await?,
            status,
            link_session_id: session.link_session_id.clone(),
            request_id: Some(request_id.to_owned()),
        },
    };
    session.stage = Stage::Exited;
    session.finished_at = Some(authorized.clock.now());
    session.outcome = Some(LinkOutcome::Exit(exit.clone()));
    save(state, &mut session).await?;
    announce_hosted(state, authorized, &session, None).await?;
    Ok((session, exit))
}

/// A v4 UUID whose random bits come from the entropy source (seeded in deterministic mode).
fn seeded_uuid() -> String {
    let mut bytes = [0_u8; 16];
    crate::domain::entropy::fill(crate::domain::entropy::Stream::Other, &mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
