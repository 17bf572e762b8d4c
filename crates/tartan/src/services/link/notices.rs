//! The webhooks of Link: an Item's login breaking and being repaired (ITEM `ERROR` / `LOGIN_REPAIRED`), and
//! hosted Link sessions ending (LINK `ITEM_ADD_RESULT` / `SESSION_FINISHED`).

use chrono::{DateTime, Utc};

use super::access::{Authorized, LinkFlowError};
use crate::domain::ItemRecord;
use crate::services::state::AppState;
use crate::store::LinkSessionRecord;
use crate::webhooks::{NewWebhook, Payload, Webhook};

/// `/sandbox/item/reset_login`: the Item's data endpoints answer `ITEM_LOGIN_REQUIRED` until update mode
/// repairs it; ITEM `ERROR` goes to its webhook.
pub async fn reset_login(
    state: &AppState,
    item: &ItemRecord,
    now: DateTime<Utc>,
) -> Result<(), LinkFlowError> {
    state
        .store
        .set_login_required(&item.item_id, Some(now))
        .await?;
    notify(state, item, Webhook::login_required()).await
}

/// Update mode finished: the login works again; ITEM `LOGIN_REPAIRED` goes to its webhook if it was broken.
pub async fn repair_login(state: &AppState, item: &ItemRecord) -> Result<(), LinkFlowError> {
    if !item.login_required {
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

/// Hosted Link tells the app's server how its sessions ended, since no page of the app saw it: LINK
/// `ITEM_ADD_RESULT` for an added Item, then LINK `SESSION_FINISHED`, to the token's webhook.
pub async fn announce_hosted(
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
