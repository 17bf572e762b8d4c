//! `/accounts/get`.

use axum::extract::State;

use super::access::{authorize_item, served_accounts};
use crate::http::{ApiError, Json, PlaidRequest};
use crate::services::AppState;
use crate::wire::RequestId;
use crate::wire::{AccountsGetRequest, AccountsGetResponse};

/// <https://plaid.com/docs/api/accounts/#accountsget>
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<AccountsGetRequest>,
) -> Result<Json<AccountsGetResponse>, ApiError> {
    let item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let accounts = served_accounts(&state, &item, body.account_ids()).await?;
    Ok(Json(AccountsGetResponse {
        accounts: accounts.iter().map(Into::into).collect(),
        item: (&item).into(),
        request_id,
    }))
}
