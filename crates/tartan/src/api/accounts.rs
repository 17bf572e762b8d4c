//! `/accounts/get`.

use axum::extract::State;

use super::access::authorize_item_forms;
use crate::http::{ApiError, JsonBytes, PlaidRequest};
use crate::services::AppState;
use crate::wire::AccountsGetRequest;
use crate::wire::RequestId;
use crate::wire::served;

/// <https://plaid.com/docs/api/accounts/#accountsget>
///
/// Answers `AccountsGetResponse`, written from the accounts' served form (`wire::served`).
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<AccountsGetRequest>,
) -> Result<JsonBytes, ApiError> {
    let (item, accounts) = authorize_item_forms(
        &state,
        &client,
        &body.access_token,
        prefetched,
        body.account_ids(),
    )
    .await?;
    JsonBytes::written(served::accounts_response(
        &accounts,
        &[],
        &(&item).into(),
        &request_id,
    ))
}
