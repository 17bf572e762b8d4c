//! The provider revokes an Item: it is deleted with every access and processor token at once (the path
//! `/item/remove` takes) and ITEM `USER_PERMISSION_REVOKED` goes to its webhook, in one transaction.

use chrono::Utc;

use super::audit::{self, Actor};
use crate::domain::{Environment, ItemId};
use crate::store::{Store, StoreError};
use crate::webhooks::{NewWebhook, Payload, Webhook};

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("no item {0}")]
    NotFound(ItemId),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("webhook body: {0}")]
    Webhook(#[from] serde_json::Error),
}

/// Revokes the Item; answers whether a webhook was queued.
pub async fn revoke(
    store: &dyn Store,
    environment: Environment,
    item_id: &ItemId,
    actor: &Actor,
) -> Result<bool, RevokeError> {
    let subject = format!("item/{item_id}");
    let Some(item) = store.find_item(item_id).await? else {
        audit::record(store, actor, "revoke", &subject, "ITEM_NOT_FOUND").await;
        return Err(RevokeError::NotFound(item_id.clone()));
    };
    let notice = match &item.webhook {
        Some(url) => {
            let payload = Payload::new(
                item_id.to_string(),
                environment,
                Webhook::permission_revoked(),
            );
            Some(NewWebhook::new(url, &payload, Utc::now())?)
        }
        None => None,
    };
    if !store.revoke_item(item_id, notice.as_ref()).await? {
        return Err(RevokeError::NotFound(item_id.clone()));
    }
    audit::record(store, actor, "revoke", &subject, "success").await;
    Ok(notice.is_some())
}
