//! `/auth/get` and `/accounts/balance/get`: the same numbers and balances a processor partner sees, reached
//! with an access token. Both answer from the accounts' served form (`wire::served`).

use axum::extract::State;

use super::access::{add_product, usable_item_forms};
use super::balance::{balance_time, check_freshness};
use crate::domain::Product;
use crate::http::{ApiError, Base, DataRequest, ItemWith, JsonBytes, Rails};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::wire::RequestId;
use crate::wire::served;
use crate::wire::{AccountsBalanceGetRequest, AuthGetRequest};

/// <https://plaid.com/docs/api/products/auth/#authget>
///
/// Only accounts with payment numbers are Auth accounts; an Item (or selection) without any is an error.
pub async fn auth_get(
    State(state): State<AppState>,
    request_id: RequestId,
    DataRequest { client, body, item }: DataRequest<AuthGetRequest, ItemWith<Rails>>,
) -> Result<JsonBytes, ApiError> {
    let (mut item, mut accounts) = usable_item_forms(&client, item, body.account_ids())?;
    accounts.retain(served::AccountForm::has_numbers);
    if accounts.is_empty() {
        return Err(ApiError::NoAuthAccounts);
    }
    add_product(&state, &mut item, Product::Auth).await?;
    JsonBytes::written(served::auth_response(&accounts, &item, &request_id))
}

/// <https://plaid.com/docs/api/products/balance/#accountsbalanceget>
pub async fn balance_get(
    request_id: RequestId,
    DataRequest { client, body, item }: DataRequest<AccountsBalanceGetRequest, ItemWith<Base>>,
) -> Result<JsonBytes, ApiError> {
    let options = body.options.as_ref();
    let (item, accounts) = usable_item_forms(
        &client,
        item,
        options.and_then(|options| options.account_ids.as_deref()),
    )?;
    let now = Clock::of(&client).now();
    check_freshness(
        options,
        &item,
        accounts.iter().map(|account| account.account_type),
        now,
    )?;
    let times: Vec<Option<String>> = accounts
        .iter()
        .map(|account| balance_time(&item, account.account_type, now))
        .collect();
    JsonBytes::written(served::accounts_response(
        &accounts,
        &times,
        &item,
        &request_id,
    ))
}
