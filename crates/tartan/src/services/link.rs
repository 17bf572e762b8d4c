//! Link sessions over the store: starting and resuming them, applying the user's steps (the pure flow in
//! `sandbox::link`), and finishing them by creating the Item, or repairing it in update mode.

use chrono::{DateTime, Duration, Utc};

use super::state::AppState;
use crate::domain::tokens::{LinkToken, PublicToken};
use crate::domain::{
    Account, ExitMetadata, ItemId, ItemRecord, LinkAccount, LinkError, LinkExit, LinkInstitution,
    LinkOutcome, LinkSuccess, SuccessMetadata,
};
use crate::sandbox::institutions;
use crate::sandbox::link::{self, Action, Next, Stage};
use crate::store::{Grant, LinkSessionRecord, LinkTokenRecord, NewItem, StoreError};
use crate::webhooks::{NewWebhook, Payload, Webhook};

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
}

/// The record of a presented link token that is well formed, known and unexpired.
pub async fn authorize(
    state: &AppState,
    link_token: &str,
    now: DateTime<Utc>,
) -> Result<Authorized, LinkFlowError> {
    let token = LinkToken::parse(link_token, state.config.environment)
        .ok_or(LinkFlowError::InvalidLinkToken)?;
    let record = state
        .store
        .find_link_token(&token.hash())
        .await?
        .filter(|record| record.expires_at > now)
        .ok_or(LinkFlowError::InvalidLinkToken)?;
    Ok(Authorized { token, record })
}

/// A new session of the token, or (with `resume`) one of its sessions where it is.
pub async fn start(
    state: &AppState,
    link_token: &str,
    resume: Option<&str>,
) -> Result<(Authorized, LinkSessionRecord), LinkFlowError> {
    let now = Utc::now();
    let authorized = authorize(state, link_token, now).await?;
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
        link_session_id: uuid::Uuid::new_v4().to_string(),
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

/// Applies the user's action; finishing creates (or repairs) the Item.
pub async fn step(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
    action: Action,
) -> Result<LinkSessionRecord, LinkFlowError> {
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
            finish(state, authorized, &mut session, &institution_id, accounts).await?;
        }
    }
    Ok(session)
}

/// The account a statement upload is for (the first the session offers), if the session is at that pane.
pub fn upload_account(session: &LinkSessionRecord) -> Option<&Account> {
    match &session.stage {
        Stage::UploadDocument { accounts, .. } => accounts.first(),
        _ => None,
    }
}

/// A statement was accepted at the upload pane: the session finishes; answers the Item it is for.
pub async fn document_uploaded(
    state: &AppState,
    authorized: &Authorized,
    mut session: LinkSessionRecord,
) -> Result<(LinkSessionRecord, ItemId), LinkFlowError> {
    match link::document_uploaded(session.stage.clone())
        .map_err(|e| LinkFlowError::Refused(e.to_string()))?
    {
        Next::Finish {
            institution_id,
            accounts,
        } => {
            let item_id =
                finish(state, authorized, &mut session, &institution_id, accounts).await?;
            Ok((session, item_id))
        }
        Next::Stage(_) => Err(LinkFlowError::Refused(
            "no statement is expected now".into(),
        )),
    }
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
            institution: institution(session.stage.institution_id()),
            status,
            link_session_id: session.link_session_id.clone(),
            request_id: Some(request_id.to_owned()),
        },
    };
    session.stage = Stage::Exited;
    session.finished_at = Some(Utc::now());
    session.outcome = Some(LinkOutcome::Exit(exit.clone()));
    save(state, &mut session).await?;
    announce_hosted(state, authorized, &session, None).await?;
    Ok((session, exit))
}

/// Saves a step over the version it was read at; a concurrent step of the same session wins, this one fails.
async fn save(state: &AppState, session: &mut LinkSessionRecord) -> Result<(), LinkFlowError> {
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

/// Ends the session with a public token: for a new Item with `accounts`, or in update mode for the Item the
/// token was made for (its login repaired).
async fn finish(
    state: &AppState,
    authorized: &Authorized,
    session: &mut LinkSessionRecord,
    institution_id: &str,
    accounts: Vec<Account>,
) -> Result<ItemId, LinkFlowError> {
    let now = Utc::now();
    let settings = &authorized.record.settings;
    let public_token = PublicToken::mint(state.config.environment);
    let existing = match &settings.update {
        Some(update) => Some(
            state
                .store
                .find_item(&update.item_id)
                .await?
                .ok_or(LinkFlowError::InvalidLinkToken)?,
        ),
        None => None,
    };
    let shown = match &existing {
        Some(item) => {
            chosen_item_accounts(state.store.list_accounts(&item.item_id).await?, &accounts)
        }
        None => accounts.clone(),
    };
    let success = LinkSuccess {
        public_token: public_token.expose().to_owned(),
        metadata: SuccessMetadata {
            institution: institution(Some(institution_id)),
            accounts: shown.iter().map(LinkAccount::from).collect(),
            link_session_id: session.link_session_id.clone(),
            public_token: public_token.expose().to_owned(),
            transfer_status: None,
        },
    };
    session.stage = Stage::Connected;
    session.finished_at = Some(now);
    session.outcome = Some(LinkOutcome::Success(success));
    // The session's claim comes first: of two concurrent finishing steps only one creates an Item.
    save(state, session).await?;
    let expires_at = now + PUBLIC_TOKEN_LIFETIME;
    let item_id = match existing {
        Some(item) => {
            state
                .store
                .create_public_token(
                    &item.item_id,
                    &item.client_id,
                    &public_token.hash(),
                    now,
                    expires_at,
                )
                .await?;
            repair_login(state, &item).await?;
            item.item_id
        }
        None => {
            let item = ItemRecord {
                item_id: ItemId::generate(),
                client_id: authorized.record.client_id.clone(),
                institution_id: Some(institution_id.to_owned()),
                institution_name: institution(Some(institution_id)).map(|i| i.name),
                webhook: settings.webhook.clone(),
                products: settings.products.clone(),
                created_at: now,
            };
            let grant = Grant::PublicToken {
                hash: public_token.hash(),
                expires_at,
            };
            let item_id = item.item_id.clone();
            state
                .store
                .create_item(&NewItem {
                    item,
                    accounts,
                    grant,
                })
                .await?;
            item_id
        }
    };
    announce_hosted(state, authorized, session, Some(public_token.expose())).await?;
    Ok(item_id)
}

/// Hosted Link tells the app's server how its sessions ended, since no page of the app saw it: LINK
/// `ITEM_ADD_RESULT` for an added Item, then LINK `SESSION_FINISHED`, to the token's webhook.
async fn announce_hosted(
    state: &AppState,
    authorized: &Authorized,
    session: &LinkSessionRecord,
    public_token: Option<&str>,
) -> Result<(), LinkFlowError> {
    let settings = &authorized.record.settings;
    let Some(url) = settings
        .webhook
        .as_deref()
        .filter(|_| settings.hosted_link.is_some())
    else {
        return Ok(());
    };
    let link_token = authorized.token.expose().to_owned();
    let link_session_id = session.link_session_id.clone();
    let mut webhooks = Vec::new();
    if let Some(public_token) = public_token {
        webhooks.push(Webhook::LinkItemAddResult {
            link_session_id: link_session_id.clone(),
            link_token: link_token.clone(),
            public_token: public_token.to_owned(),
        });
    }
    webhooks.push(Webhook::LinkSessionFinished {
        status: if public_token.is_some() {
            "SUCCESS"
        } else {
            "EXITED"
        },
        link_session_id,
        link_token,
        public_token: public_token.map(str::to_owned),
        public_tokens: public_token.into_iter().map(str::to_owned).collect(),
    });
    let now = Utc::now();
    for webhook in webhooks {
        let payload = Payload::for_link_session(state.config.environment, webhook);
        state
            .store
            .enqueue_webhook(&NewWebhook::new(url, &payload, now)?)
            .await?;
    }
    state.webhook_wake.notify_one();
    Ok(())
}

/// In update mode the user picks among the accounts the new login shows; the Item keeps its own accounts, so
/// the pick is reported as the Item's accounts with the same name and mask (all of them when none was asked).
fn chosen_item_accounts(item_accounts: Vec<Account>, picked: &[Account]) -> Vec<Account> {
    if picked.is_empty() {
        return item_accounts;
    }
    item_accounts
        .into_iter()
        .filter(|account| {
            picked
                .iter()
                .any(|p| p.name == account.name && p.mask == account.mask)
        })
        .collect()
}

/// `/sandbox/item/reset_login`: the Item's data endpoints answer `ITEM_LOGIN_REQUIRED` until update mode
/// repairs it; ITEM `ERROR` goes to its webhook.
pub async fn reset_login(state: &AppState, item: &ItemRecord) -> Result<(), LinkFlowError> {
    state
        .store
        .set_login_required(&item.item_id, Some(Utc::now()))
        .await?;
    notify(state, item, Webhook::login_required()).await
}

/// Update mode finished: the login works again; ITEM `LOGIN_REPAIRED` goes to its webhook if it was broken.
async fn repair_login(state: &AppState, item: &ItemRecord) -> Result<(), LinkFlowError> {
    if !state.store.login_required(&item.item_id).await? {
        return Ok(());
    }
    state.store.set_login_required(&item.item_id, None).await?;
    notify(state, item, Webhook::LoginRepaired {}).await
}

async fn notify(
    state: &AppState,
    item: &ItemRecord,
    webhook: Webhook,
) -> Result<(), LinkFlowError> {
    let Some(url) = &item.webhook else {
        return Ok(());
    };
    let payload = Payload::new(item.item_id.to_string(), state.config.environment, webhook);
    state
        .store
        .enqueue_webhook(&NewWebhook::new(url, &payload, Utc::now())?)
        .await?;
    state.webhook_wake.notify_one();
    Ok(())
}
