//! `/identity/match` and `/processor/identity/match`: the user's data scored against each account's owners by
//! the `tartan-match` engine.

use axum::Json;
use axum::extract::State;
use tartan_match::{MatchAddress, MatchError, MatchOwner, MatchScores, MatchUser, PreparedUser};

use super::access::{add_product, usable_item_forms};
use super::processor::authorize_processor_token;
use crate::domain::{Account, AddressData, Owner, Product};
use crate::http::{ApiError, DataRequest, ItemWith, JsonBytes, Owners, PlaidRequest};
use crate::services::AppState;
use crate::wire::RequestId;
use crate::wire::served;
use crate::wire::{
    AccountBase, AccountIdentityMatchScore, IdentityMatchRequest, IdentityMatchUser,
    ProcessorIdentityMatchRequest, ProcessorIdentityMatchResponse,
};

/// <https://plaid.com/docs/api/products/identity/#identitymatch>
///
/// Reads the Item with its accounts' served form (`wire::served`, one store read with the client) and writes
/// the response from it: only the owners are parsed, once per distinct owners text.
pub async fn identity_match(
    State(state): State<AppState>,
    request_id: RequestId,
    DataRequest { client, body, item }: DataRequest<IdentityMatchRequest, ItemWith<Owners>>,
) -> Result<JsonBytes, ApiError> {
    let account_ids = body
        .options
        .as_ref()
        .and_then(|options| options.account_ids.as_deref());
    let (mut item, accounts) = usable_item_forms(&client, item, account_ids)?;
    let user = match_user(body.user.as_ref());
    // The user's data is read once for all the accounts, not once per account, and each distinct owners text
    // is parsed and scored once: an Item's accounts usually share their owners, and the engine is a pure
    // function of the user and the owners, so equal owners have equal scores.
    let user = PreparedUser::new(&user);
    // Per distinct owners text, its scores as the response writes them; per account, the index of its owners.
    let mut scored_owners: Vec<(&str, String)> = Vec::new();
    let mut of_account = Vec::with_capacity(accounts.len());
    for account in &accounts {
        let known = scored_owners
            .iter()
            .position(|(owners, _)| *owners == &*account.owners);
        let index = match known {
            Some(index) => index,
            None => {
                let owners: Vec<Owner> =
                    serde_json::from_str(&account.owners).map_err(|error| {
                        ApiError::Internal(anyhow::anyhow!("stored owners: {error}"))
                    })?;
                let scores = match_scores(&user, &match_owners(&owners))?;
                let fragment = served::match_scores_fragment(&scores)
                    .map_err(|error| ApiError::Internal(error.into()))?;
                scored_owners.push((&account.owners, fragment));
                scored_owners.len() - 1
            }
        };
        of_account.push(index);
    }
    let scores: Vec<&str> = of_account
        .iter()
        .map(|&index| scored_owners[index].1.as_str())
        .collect();
    add_product(&state, &mut item, Product::IdentityMatch).await?;
    JsonBytes::written(served::identity_match_response(
        &accounts,
        &scores,
        &item,
        &request_id,
    ))
}

/// <https://plaid.com/docs/api/processor-partners/#processoridentitymatch>
pub async fn processor_identity_match(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ProcessorIdentityMatchRequest>,
) -> Result<Json<ProcessorIdentityMatchResponse>, ApiError> {
    let (_, account) = authorize_processor_token(&state, &client, &body.processor_token).await?;
    let account = account
        .with_parsed_owners()
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("stored owners: {error}")))?;
    let user = match_user(body.user.as_ref());
    let account = scored(&PreparedUser::new(&user), &account)?;
    Ok(Json(ProcessorIdentityMatchResponse {
        account,
        request_id,
    }))
}

/// The account with its four score objects.
fn scored(
    user: &PreparedUser<'_>,
    account: &Account,
) -> Result<AccountIdentityMatchScore, ApiError> {
    let scores = match_scores(user, &match_owners(&account.owners))?;
    Ok(with_scores(account, scores))
}

/// An account's owners as the engine reads them.
fn match_owners(owners: &[Owner]) -> Vec<MatchOwner> {
    owners
        .iter()
        .map(|owner| MatchOwner {
            names: owner.names.clone(),
            phone_numbers: owner
                .phone_numbers
                .iter()
                .map(|phone| phone.data.clone())
                .collect(),
            emails: owner
                .emails
                .iter()
                .map(|email| email.data.clone())
                .collect(),
            addresses: owner
                .addresses
                .iter()
                .map(|address| match_address(&address.data))
                .collect(),
        })
        .collect()
}

fn match_scores(user: &PreparedUser<'_>, owners: &[MatchOwner]) -> Result<MatchScores, ApiError> {
    user.match_owners(owners).map_err(|error| match error {
        MatchError::InvalidPhoneNumber(message) | MatchError::TooLarge(message) => {
            ApiError::InvalidField(message)
        }
    })
}

/// The account's response entry; Plaid reports no balances here.
fn with_scores(account: &Account, scores: MatchScores) -> AccountIdentityMatchScore {
    let MatchScores {
        legal_name,
        phone_number,
        email_address,
        address,
    } = scores;
    let mut base = AccountBase::from(account);
    base.balances.clear();
    AccountIdentityMatchScore {
        account: base,
        legal_name,
        phone_number,
        email_address,
        address,
    }
}

fn match_user(user: Option<&IdentityMatchUser>) -> MatchUser {
    let Some(user) = user else {
        return MatchUser::default();
    };
    MatchUser {
        legal_name: user.legal_name.clone(),
        phone_number: user.phone_number.clone(),
        email_address: user.email_address.clone(),
        address: user.address.as_ref().map(|address| MatchAddress {
            street: address.street.clone(),
            city: address.city.clone(),
            region: address.region.clone(),
            postal_code: address.postal_code.clone(),
            country: address.country.clone(),
        }),
    }
}

fn match_address(address: &AddressData) -> MatchAddress {
    MatchAddress {
        street: Some(address.street.clone()),
        city: address.city.clone(),
        region: address.region.clone(),
        postal_code: address.postal_code.clone(),
        country: address.country.clone(),
    }
}
