//! `/identity/get`.

use axum::extract::State;

use super::access::{add_product, authorize_item, served_accounts};
use crate::domain::Product;
use crate::http::{ApiError, Json, PlaidRequest};
use crate::services::AppState;
use crate::wire::RequestId;
use crate::wire::{IdentityGetRequest, IdentityGetResponse};

/// <https://plaid.com/docs/api/products/identity/#identityget>
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest {
        client,
        body,
        item: prefetched,
    }: PlaidRequest<IdentityGetRequest>,
) -> Result<Json<IdentityGetResponse>, ApiError> {
    let mut item = authorize_item(&state, &client, &body.access_token, prefetched).await?;
    let accounts = served_accounts(&state, &item, body.account_ids()).await?;
    add_product(&state, &mut item, Product::Identity).await?;
    Ok(Json(IdentityGetResponse {
        accounts: accounts.iter().map(Into::into).collect(),
        item: (&item).into(),
        request_id,
    }))
}
