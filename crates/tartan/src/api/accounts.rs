//! `/accounts/get`.

use axum::Json;
use axum::extract::State;

use super::{authorize_item, item_accounts};
use crate::app::AppState;
use crate::http::{ApiError, PlaidRequest, RequestId};
use crate::wire::{AccountsGetResponse, AccountsRequest};

/// <https://plaid.com/docs/api/accounts/#accountsget>
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<AccountsRequest>,
) -> Result<Json<AccountsGetResponse>, ApiError> {
    let item = authorize_item(&state, &client, &body.access_token).await?;
    let accounts = item_accounts(&state, &item, body.account_ids()).await?;
    Ok(Json(AccountsGetResponse {
        accounts: accounts.iter().map(Into::into).collect(),
        item: (&item).into(),
        request_id,
    }))
}
