//! `/identity/get`.

use axum::extract::State;

use super::access::{add_product, usable_item_forms};
use crate::domain::Product;
use crate::http::{ApiError, DataRequest, ItemWith, JsonBytes, Owners};
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
    DataRequest { client, body, item }: DataRequest<IdentityGetRequest, ItemWith<Owners>>,
) -> Result<JsonBytes, ApiError> {
    let (mut item, accounts) = usable_item_forms(&client, item, body.account_ids())?;
    add_product(&state, &mut item, Product::Identity).await?;
    JsonBytes::written(served::identity_response(&accounts, &item, &request_id))
}
