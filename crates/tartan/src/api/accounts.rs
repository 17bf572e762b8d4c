//! `/accounts/get`.

use super::access::usable_item_forms;
use crate::http::{ApiError, Base, DataRequest, ItemWith, JsonBytes};
use crate::wire::AccountsGetRequest;
use crate::wire::RequestId;
use crate::wire::served;

/// <https://plaid.com/docs/api/accounts/#accountsget>
///
/// Answers `AccountsGetResponse`, written from the accounts' served form (`wire::served`).
pub async fn get(
    request_id: RequestId,
    DataRequest { client, body, item }: DataRequest<AccountsGetRequest, ItemWith<Base>>,
) -> Result<JsonBytes, ApiError> {
    let (item, accounts) = usable_item_forms(&client, item, body.account_ids())?;
    JsonBytes::written(served::accounts_response(
        &accounts,
        &[],
        &item,
        &request_id,
    ))
}
