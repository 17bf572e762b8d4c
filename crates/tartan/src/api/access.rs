//! Who may reach what: the Item behind an access token, its accounts, and the products a call adds.

use crate::domain::tokens::AccessToken;
use crate::domain::{Account, ClientRecord, ErrorCode, ItemRecord, Product};
use crate::http::{ApiError, PrefetchedItem};
use crate::sandbox::SandboxError;
use crate::services::AppState;
use crate::store::ItemForms;

/// Calling a product's endpoint adds the product to the Item, as Plaid does.
pub async fn add_product(
    state: &AppState,
    item: &mut ItemRecord,
    product: Product,
) -> Result<(), ApiError> {
    if !item.products.contains(&product) {
        state.store.add_products(&item.item_id, &[product]).await?;
        item.products.push(product);
    }
    Ok(())
}

/// The Item an access token reaches for this client, for its data endpoints: an Item whose login must be
/// repaired answers `ITEM_LOGIN_REQUIRED`. `prefetched`: what was read with the client, if anything.
pub async fn authorize_item(
    state: &AppState,
    client: &ClientRecord,
    access_token: &str,
    prefetched: PrefetchedItem,
) -> Result<ItemRecord, ApiError> {
    let item = match prefetched.take(access_token) {
        Some(found) => found.ok_or(ApiError::InvalidAccessToken)?,
        None => authorize_item_any_state(state, client, access_token).await?,
    };
    check_usable_for(client, &item)?;
    Ok(item)
}

/// What a data endpoint's access token reached (read with the client, [`crate::http::ItemWith`]): the Item,
/// which must be usable for this client, and its accounts in served form, narrowed to `account_ids` when given.
pub fn usable_item_forms(
    client: &ClientRecord,
    found: Option<ItemForms>,
    account_ids: Option<&[String]>,
) -> Result<ItemForms, ApiError> {
    let (item, forms) = found.ok_or(ApiError::InvalidAccessToken)?;
    check_usable_for(client, &item)?;
    let forms = narrow(forms, account_ids, |form| form.account_id.as_str())?;
    Ok((item, forms))
}

/// The Item's error state, then an institution the client set down (`/sandbox/failures/set`, read with the
/// client: no extra query).
fn check_usable_for(client: &ClientRecord, item: &ItemRecord) -> Result<(), ApiError> {
    require_usable(item)?;
    if let Some(code) = client
        .failures
        .as_ref()
        .and_then(|rules| rules.institution_error(item.institution_id.as_deref()))
    {
        return Err(ApiError::Forced(code));
    }
    Ok(())
}

/// An Item in an error state (a broken login, or an error the console set) answers it on data endpoints.
pub fn require_usable(item: &ItemRecord) -> Result<(), ApiError> {
    match item.current_error() {
        None => Ok(()),
        Some(ErrorCode::ItemLoginRequired) => Err(ApiError::ItemLoginRequired),
        Some(code) => Err(SandboxError::ItemError { code }.into()),
    }
}

/// The Item an access token reaches for this client, whatever its state (`/item/*`, Link update mode).
/// Malformed, unknown, removed and other clients' tokens are all the same error: a token never reveals
/// whether it exists.
pub async fn authorize_item_any_state(
    state: &AppState,
    client: &ClientRecord,
    access_token: &str,
) -> Result<ItemRecord, ApiError> {
    let token = AccessToken::parse(access_token, state.config.environment)
        .ok_or(ApiError::InvalidAccessToken)?;
    state
        .store
        .find_item_by_access_token(&client.client_id, &token.hash())
        .await?
        .ok_or(ApiError::InvalidAccessToken)
}

/// The Item's accounts, narrowed to `account_ids` when given (keeping the Item's order). Every requested id
/// must belong to the Item.
pub async fn item_accounts(
    state: &AppState,
    item: &ItemRecord,
    account_ids: Option<&[String]>,
) -> Result<Vec<Account>, ApiError> {
    narrow(
        state.store.list_accounts(&item.item_id).await?,
        account_ids,
        |account| account.account_id.as_str(),
    )
}

fn narrow<A>(
    accounts: Vec<A>,
    account_ids: Option<&[String]>,
    id_of: impl Fn(&A) -> &str,
) -> Result<Vec<A>, ApiError> {
    let Some(wanted) = account_ids.filter(|ids| !ids.is_empty()) else {
        return Ok(accounts);
    };
    if wanted
        .iter()
        .any(|id| !accounts.iter().any(|account| id_of(account) == id))
    {
        return Err(ApiError::InvalidAccountId);
    }
    Ok(accounts
        .into_iter()
        .filter(|account| wanted.iter().any(|id| id == id_of(account)))
        .collect())
}

/// The account `account_id` of the Item, or `INVALID_ACCOUNT_ID`.
pub async fn one_account(
    state: &AppState,
    item: &ItemRecord,
    account_id: &str,
) -> Result<Account, ApiError> {
    let wanted = [account_id.to_owned()];
    item_accounts(state, item, Some(&wanted))
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::InvalidAccountId)
}
