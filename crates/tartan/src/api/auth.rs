//! `/auth/get` and `/accounts/balance/get`: the same numbers and balances a processor partner sees, reached
//! with an access token.

use axum::extract::State;

use super::access::{add_product, authorize_item, served_accounts};
use super::balance::{check_freshness, with_balance_time};
use crate::domain::Product;
use crate::http::{ApiError, Json, PlaidRequest};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::wire::RequestId;
use crate::wire::{
    AccountsBalanceGetRequest, AccountsGetResponse, AuthGetRequest, AuthGetResponse,
};

/// <https://plaid.com/docs/api/products/auth/#authget>
///
/// Only accounts with payment numbers are Auth accounts; an Item (or selection) without any is an error.
pub async fn auth_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<AuthGetRequest>,
) -> Result<Json<AuthGetResponse>, ApiError> {
    let mut item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let accounts: Vec<_> = served_accounts(&state, &item, body.account_ids())
        .await?
        .into_iter()
        .filter(|account| account.numbers.has_any())
        .collect();
    if accounts.is_empty() {
        return Err(ApiError::NoAuthAccounts);
    }
    add_product(&state, &mut item, Product::Auth).await?;
    Ok(Json(AuthGetResponse {
        numbers: accounts.iter().collect(),
        accounts: accounts.iter().map(Into::into).collect(),
        item: (&item).into(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/products/balance/#accountsbalanceget>
pub async fn balance_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<AccountsBalanceGetRequest>,
) -> Result<Json<AccountsGetResponse>, ApiError> {
    let item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let options = body.options.as_ref();
    let accounts = served_accounts(
        &state,
        &item,
        options.and_then(|options| options.account_ids.as_deref()),
    )
    .await?;
    let now = Clock::of(&client).now();
    check_freshness(options, &item, &accounts, now)?;
    Ok(Json(AccountsGetResponse {
        accounts: accounts
            .iter()
            .map(|account| with_balance_time(&item, account, now))
            .collect(),
        item: (&item).into(),
        request_id,
    }))
}
