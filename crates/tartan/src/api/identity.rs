//! `/identity/get`.

use axum::extract::State;

use super::access::{add_product, authorize_item_forms};
use crate::domain::Product;
use crate::http::{ApiError, JsonBytes, PlaidRequest};
use crate::services::AppState;
use crate::wire::IdentityGetRequest;
use crate::wire::RequestId;
use crate::wire::served;

/// <https://plaid.com/docs/api/products/identity/#identityget>
///
/// Answers `IdentityGetResponse`, written from the accounts' served form (`wire::served`).
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<IdentityGetRequest>,
) -> Result<JsonBytes, ApiError> {
    let (mut item, accounts) = authorize_item_forms(
        &state,
        &client,
        &body.access_token,
        prefetched,
        body.account_ids(),
    )
    .await?;
    add_product(&state, &mut item, Product::Identity).await?;
    JsonBytes::written(served::identity_response(
        &accounts,
        &(&item).into(),
        &request_id,
    ))
}
