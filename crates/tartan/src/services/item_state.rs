//! Changing an Item's state on an operator's request: its error, an account's balances, removing it. The API
//! handlers that do the same (`/item/remove`, `/sandbox/item/reset_login`) go through the same functions.

use chrono::Utc;

use super::item_webhooks::outbox_entry;
use super::link::{LinkFlowError, repair_login, reset_login};
use super::state::AppState;
use crate::domain::{
    AccountId, Balances, ErrorCode, ErrorType, ItemRecord, item_error_message, settable_item_errors,
};
use crate::store::StoreError;
use crate::webhooks::{EmbeddedError, Webhook};

#[derive(Debug, thiserror::Error)]
pub enum ItemStateError {
    /// Not an error an Item can be left in (see [`settable_item_errors`]).
    #[error("{0} is not an Item or institution error the sandbox simulates")]
    NotSettable(ErrorCode),
    #[error("no account {0} on this Item")]
    NoSuchAccount(AccountId),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("webhook body: {0}")]
    Body(#[from] serde_json::Error),
    #[error(transparent)]
    Link(#[from] LinkFlowError),
}

/// Whether setting `code` sends ITEM `ERROR`: Plaid sends it for Item errors (the user must act), not for an
/// institution's transient ones.
pub fn sends_item_error_webhook(code: ErrorCode) -> bool {
    code.error_type() == ErrorType::ItemError
}

/// Leaves the Item in error `code`: its data endpoints answer it and `/item/get` shows it. `ITEM_LOGIN_REQUIRED`
/// is exactly `/sandbox/item/reset_login` (Link's update mode repairs it); other Item errors send ITEM `ERROR`
/// to the Item's webhook; institution errors send nothing.
pub async fn set_error(
    state: &AppState,
    item: &ItemRecord,
    code: ErrorCode,
) -> Result<(), ItemStateError> {
    if !settable_item_errors().contains(&code) {
        return Err(ItemStateError::NotSettable(code));
    }
    if code == ErrorCode::ItemLoginRequired {
        let now = super::clock::now_of(state, &item.client_id).await?;
        reset_login(state, item, now).await?;
        return Ok(());
    }
    state
        .store
        .set_item_error(&item.item_id, Some((code, Utc::now())))
        .await?;
    if let Some(url) = item
        .webhook
        .as_deref()
        .filter(|_| sends_item_error_webhook(code))
    {
        let webhook = Webhook::ItemError {
            error: EmbeddedError::new(code, item_error_message(code)),
        };
        state
            .store
            .enqueue_webhook(&outbox_entry(state, item, url, webhook)?)
            .await?;
        state.webhook_wake.notify_one();
    }
    Ok(())
}

/// Clears the Item's error: a broken login is repaired as update mode repairs it (ITEM `LOGIN_REPAIRED`).
pub async fn clear_error(state: &AppState, item: &ItemRecord) -> Result<(), ItemStateError> {
    state.store.set_item_error(&item.item_id, None).await?;
    repair_login(state, item).await?;
    Ok(())
}

/// Replaces an account's balances (what `/accounts/balance/get` and `/accounts/get` answer from now on).
pub async fn set_balances(
    state: &AppState,
    item: &ItemRecord,
    account_id: &AccountId,
    balances: Balances,
) -> Result<(), ItemStateError> {
    let mut account = state
        .store
        .list_accounts(&item.item_id)
        .await?
        .into_iter()
        .find(|account| &account.account_id == account_id)
        .ok_or_else(|| ItemStateError::NoSuchAccount(account_id.clone()))?;
    account.balances = balances;
    if !state.store.replace_account(&item.item_id, &account).await? {
        return Err(ItemStateError::NoSuchAccount(account_id.clone()));
    }
    Ok(())
}

/// Removes the Item with its accounts and tokens (`/item/remove`).
pub async fn remove(state: &AppState, item: &ItemRecord) -> Result<(), StoreError> {
    state.store.remove_item(&item.item_id).await?;
    tracing::info!(item_id = %item.item_id, "item removed");
    Ok(())
}
