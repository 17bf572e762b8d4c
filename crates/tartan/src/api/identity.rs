//! `/identity/get`.

use axum::Json;
use axum::extract::State;

use super::{authorize_item, item_accounts};
use crate::app::AppState;
use crate::domain::Product;
use crate::http::{ApiError, PlaidRequest, RequestId};
use crate::wire::{AccountsRequest, IdentityGetResponse};

/// <https://plaid.com/docs/api/products/identity/#identityget>
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<AccountsRequest>,
) -> Result<Json<IdentityGetResponse>, ApiError> {
    let mut item = authorize_item(&state, &client, &body.access_token).await?;
    let accounts = item_accounts(&state, &item, body.account_ids()).await?;
    super::add_product(&state, &mut item, Product::Identity).await?;
    Ok(Json(IdentityGetResponse {
        accounts: accounts.iter().map(Into::into).collect(),
        item: (&item).into(),
        request_id,
    }))
}
