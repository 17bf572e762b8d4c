//! Finishing a session: a new Item with the chosen accounts, or in update mode the same Item repaired; and the
//! statement upload pane that finishes a session too.

use chrono::{DateTime, Utc};

use super::access::{Authorized, LinkFlowError, PUBLIC_TOKEN_LIFETIME, institution_of, save};
use super::notices::{announce_hosted, repair_login};
use crate::domain::tokens::PublicToken;
use crate::domain::{
    Account, ItemId, ItemRecord, LinkAccount, LinkOutcome, LinkSuccess, ProviderLink,
    SuccessMetadata,
};
use crate::sandbox::link::{self, Next, Stage};
use crate::services::state::AppState;
use crate::store::{Grant, LinkSessionRecord, NewItem};

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
            let item_id = finish(
                state,
                authorized,
                &mut session,
                &institution_id,
                accounts,
                None,
            )
            .await?;
            Ok((session, item_id))
        }
        Next::Stage(_) => Err(LinkFlowError::Refused(
            "no statement is expected now".into(),
        )),
    }
}

/// Ends the session with a public token: for a new Item with `accounts`, or in update mode for the Item the
/// token was made for (its login repaired). `provider`: the new Item shows a provider's end user's accounts.
pub async fn finish(
    state: &AppState,
    authorized: &Authorized,
    session: &mut LinkSessionRecord,
    institution_id: &str,
    accounts: Vec<Account>,
    provider: Option<ProviderLink>,
) -> Result<ItemId, LinkFlowError> {
    let institution = institution_of(state, Some(institution_id)).await?;
    let now = authorized.clock.now();
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
            institution: institution.clone(),
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
            let item = new_item(authorized, institution_id, institution.map(|i| i.name), now);
            let grant = Grant::PublicToken {
                hash: public_token.hash(),
                expires_at,
            };
            create(state, item, accounts, grant, provider.as_ref()).await?
        }
    };
    announce_hosted(state, authorized, session, Some(public_token.expose())).await?;
    Ok(item_id)
}

/// Stores a new Item (with its provider link, when it shows a provider's end user's accounts).
async fn create(
    state: &AppState,
    item: ItemRecord,
    accounts: Vec<Account>,
    grant: Grant,
    provider: Option<&ProviderLink>,
) -> Result<ItemId, LinkFlowError> {
    let item_id = item.item_id.clone();
    let new = NewItem {
        item,
        accounts,
        grant,
    };
    match provider {
        Some(link) => state.store.create_provider_item(&new, link).await?,
        None => state.store.create_item(&new).await?,
    }
    Ok(item_id)
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

/// The Item a session of `authorized`'s token adds at `institution_id`.
fn new_item(
    authorized: &Authorized,
    institution_id: &str,
    name: Option<String>,
    now: DateTime<Utc>,
) -> ItemRecord {
    let settings = &authorized.record.settings;
    ItemRecord {
        webhook: settings.webhook.clone(),
        ..ItemRecord::new(
            ItemId::generate(),
            authorized.record.client_id.clone(),
            (Some(institution_id.to_owned()), name),
            settings.products.clone(),
            now,
        )
    }
}
