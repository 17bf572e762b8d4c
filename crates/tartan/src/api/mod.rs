//! Plaid endpoints, one file per product family. Handlers are thin: authorise, call the store or an engine,
//! shape the Plaid response.

mod accounts;
mod admin;
mod auth;
mod balance;
mod documents;
mod identity;
mod identity_match;
mod items;
mod processor;
mod sandbox;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{post, put};

use crate::app::AppState;
use crate::domain::{Account, Product};
use crate::http::ApiError;
use crate::store::{ClientRecord, ItemRecord};
use crate::tokens::{Token, TokenKind};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/sandbox/public_token/create",
            post(sandbox::public_token_create),
        )
        .route(
            "/item/public_token/exchange",
            post(items::public_token_exchange),
        )
        .route("/item/get", post(items::get))
        .route("/item/remove", post(items::remove))
        .route("/accounts/get", post(accounts::get))
        .route("/identity/get", post(identity::get))
        .route("/identity/match", post(identity_match::identity_match))
        .route(
            "/identity/documents/uploads/get",
            post(documents::uploads_get),
        )
        .route(
            "/sandbox/identity/documents/upload",
            // Room for the largest statement plus the form around it.
            post(documents::upload)
                .layer(DefaultBodyLimit::max(documents::MAX_FILE_BYTES + 64 * 1024)),
        )
        .route(
            "/processor/identity/match",
            post(identity_match::processor_identity_match),
        )
        .route("/auth/get", post(auth::auth_get))
        .route("/accounts/balance/get", post(auth::balance_get))
        .route(
            "/sandbox/processor_token/create",
            post(sandbox::processor_token_create),
        )
        .route("/processor/token/create", post(processor::token_create))
        .route(
            "/processor/stripe/bank_account_token/create",
            post(processor::stripe_bank_account_token_create),
        )
        .route("/processor/auth/get", post(processor::auth_get))
        .route("/processor/balance/get", post(processor::balance_get))
        .route("/processor/identity/get", post(processor::identity_get))
        .route("/processor/account/get", post(processor::account_get))
        .route("/item/webhook/update", post(webhooks::item_webhook_update))
        .route(
            "/webhook_verification_key/get",
            post(webhooks::verification_key_get),
        )
        .route("/sandbox/item/fire_webhook", post(webhooks::sandbox_fire))
        .route(
            "/admin/items/{item_id}/accounts/{account_id}/identity",
            put(admin::put_identity),
        )
}

/// Calling a product's endpoint adds the product to the Item, as Plaid does.
async fn add_product(
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

/// The Item an access token reaches for this client. Malformed, unknown, removed and other clients' tokens
/// are all the same error: a token never reveals whether it exists.
async fn authorize_item(
    state: &AppState,
    client: &ClientRecord,
    access_token: &str,
) -> Result<ItemRecord, ApiError> {
    let token = Token::parse(access_token, TokenKind::Access, state.config.environment)
        .ok_or(ApiError::InvalidAccessToken)?;
    state
        .store
        .find_item_by_access_token(&client.client_id, &token.hash())
        .await?
        .ok_or(ApiError::InvalidAccessToken)
}

/// The Item's accounts, narrowed to `account_ids` when given (keeping the Item's order). Every requested id
/// must belong to the Item.
async fn item_accounts(
    state: &AppState,
    item: &ItemRecord,
    account_ids: Option<&[String]>,
) -> Result<Vec<Account>, ApiError> {
    let accounts = state.store.list_accounts(&item.item_id).await?;
    let Some(wanted) = account_ids.filter(|ids| !ids.is_empty()) else {
        return Ok(accounts);
    };
    if wanted.iter().any(|id| {
        !accounts
            .iter()
            .any(|account| account.account_id.as_str() == id)
    }) {
        return Err(ApiError::InvalidAccountId);
    }
    Ok(accounts
        .into_iter()
        .filter(|account| wanted.iter().any(|id| id == account.account_id.as_str()))
        .collect())
}

/// The account `account_id` of the Item, or `INVALID_ACCOUNT_ID`.
async fn one_account(
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
