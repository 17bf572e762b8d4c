//! The processor flow: an app turns one account into a processor token for a payment partner, and the partner
//! reads that account with its own credentials.
//!
//! Who may use a processor token: the partner clients registered for the token's processor, and, in sandbox
//! only, the client that created it (so an app can test both sides with one set of keys).

use axum::extract::State;

use super::access::{authorize_item, one_account, require_usable};
use super::balance::{check_freshness, with_balance_time};
use crate::domain::ClientRecord;
use crate::domain::tokens::{ProcessorToken, StripeBankAccountToken};
use crate::domain::{Environment, ServedAccount};
use crate::http::{
    ApiError, DataRequest, Json, JsonBytes, Owners, PlaidRequest, ProcessorWith, Rails,
};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::store::{NewProcessorToken, NewStripeToken, ProcessorTokenRecord};
use crate::wire::RequestId;
use crate::wire::served;
use crate::wire::{
    ProcessorAccountGetRequest, ProcessorAccountGetResponse, ProcessorAccountResponse,
    ProcessorAuthGetRequest, ProcessorBalanceGetRequest, ProcessorIdentityGetRequest,
    ProcessorTokenCreateRequest, ProcessorTokenCreateResponse, StripeBankAccountTokenCreateRequest,
    StripeBankAccountTokenCreateResponse,
};

/// <https://plaid.com/docs/api/processors/#processortokencreate>
pub async fn token_create(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<ProcessorTokenCreateRequest>,
) -> Result<Json<ProcessorTokenCreateResponse>, ApiError> {
    let item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let account = one_account(&state, &item, &body.account_id).await?;
    let token = ProcessorToken::mint(state.config.environment);
    let record = NewProcessorToken {
        hash: token.hash(),
        item_id: item.item_id,
        account_id: account.account_id,
        processor: Some(body.processor),
        created_at: Clock::of(&client).now(),
        client_id: client.client_id,
    };
    state.store.create_processor_token(&record).await?;
    Ok(Json(ProcessorTokenCreateResponse {
        processor_token: token,
        request_id,
    }))
}

/// <https://plaid.com/docs/api/processors/#processorstripebank_account_tokencreate>
///
/// The `btok_…` token is minted and recorded by Tartan; no call is made to Stripe.
pub async fn stripe_bank_account_token_create(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<StripeBankAccountTokenCreateRequest>,
) -> Result<Json<StripeBankAccountTokenCreateResponse>, ApiError> {
    let item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let account = one_account(&state, &item, &body.account_id).await?;
    if account.numbers.ach.is_none() {
        return Err(ApiError::InvalidStripeAccount);
    }
    let token = StripeBankAccountToken::mint();
    let record = NewStripeToken {
        hash: token.hash(),
        item_id: item.item_id,
        account_id: account.account_id,
        created_at: Clock::of(&client).now(),
        client_id: client.client_id,
    };
    state.store.create_stripe_token(&record).await?;
    Ok(Json(StripeBankAccountTokenCreateResponse {
        stripe_bank_account_token: token.expose().to_owned(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/processor-partners/#processorauthget>
pub async fn auth_get(
    State(state): State<AppState>,
    request_id: RequestId,
    DataRequest { client, item, .. }: DataRequest<ProcessorAuthGetRequest, ProcessorWith<Rails>>,
) -> Result<JsonBytes, ApiError> {
    let (_, account) = granted(&state, &client, item)?;
    if !account.has_numbers() {
        return Err(ApiError::NoAuthAccounts);
    }
    JsonBytes::written(served::processor_auth_response(&account, &request_id))
}

/// <https://plaid.com/docs/api/processor-partners/#processorbalanceget>
pub async fn balance_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ProcessorBalanceGetRequest>,
) -> Result<Json<ProcessorAccountResponse>, ApiError> {
    let (record, account) =
        authorize_processor_token(&state, &client, &body.processor_token).await?;
    let now = Clock::of(&client).now();
    check_freshness(
        body.options.as_ref(),
        &record.item,
        [account.account_type],
        now,
    )?;
    Ok(Json(ProcessorAccountResponse {
        account: with_balance_time(&record.item, &account, now),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/processor-partners/#processoridentityget>
pub async fn identity_get(
    State(state): State<AppState>,
    request_id: RequestId,
    DataRequest { client, item, .. }: DataRequest<
        ProcessorIdentityGetRequest,
        ProcessorWith<Owners>,
    >,
) -> Result<JsonBytes, ApiError> {
    let (_, account) = granted(&state, &client, item)?;
    JsonBytes::written(served::processor_identity_response(&account, &request_id))
}

/// <https://plaid.com/docs/api/processor-partners/#processoraccountget>
pub async fn account_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<ProcessorAccountGetRequest>,
) -> Result<Json<ProcessorAccountGetResponse>, ApiError> {
    let (record, account) =
        authorize_processor_token(&state, &client, &body.processor_token).await?;
    Ok(Json(ProcessorAccountGetResponse {
        account: (&account).into(),
        institution_id: record.item.institution_id.unwrap_or_default(),
        request_id,
    }))
}

/// The token's record and account, if `client` may use it. Every failure is the same error, so a token never
/// reveals whether it exists.
pub(super) async fn authorize_processor_token(
    state: &AppState,
    client: &ClientRecord,
    presented: &str,
) -> Result<(ProcessorTokenRecord, ServedAccount), ApiError> {
    let token = presented_token(state, presented)?;
    let found = state
        .store
        .find_processor_token_with_account(&token.hash())
        .await?;
    granted(state, client, found)
}

fn presented_token(state: &AppState, presented: &str) -> Result<ProcessorToken, ApiError> {
    ProcessorToken::parse(presented, state.config.environment)
        .ok_or(ApiError::InvalidProcessorToken)
}

/// What a token reached (its record and its account, in whichever form was read: with the client for the
/// data routes, [`ProcessorWith`]), if `client` may use it: the partner clients registered for the token's
/// processor, and in sandbox its creator; its Item must be usable and still have the account.
fn granted<A>(
    state: &AppState,
    client: &ClientRecord,
    found: Option<(ProcessorTokenRecord, Option<A>)>,
) -> Result<(ProcessorTokenRecord, A), ApiError> {
    let (record, account) = found.ok_or(ApiError::InvalidProcessorToken)?;
    let is_partner = client.processor.is_some() && client.processor == record.processor;
    let is_sandbox_creator =
        state.config.environment == Environment::Sandbox && client.client_id == record.creator;
    if !(is_partner || is_sandbox_creator) {
        return Err(ApiError::InvalidProcessorToken);
    }
    require_usable(&record.item)?;
    let account = account.ok_or(ApiError::InvalidProcessorToken)?;
    Ok((record, account))
}
