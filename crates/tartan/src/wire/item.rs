//! Plaid's `Item` and `ItemWithConsentFields`.

use chrono::SecondsFormat;
use serde::Serialize;

use super::request_id::RequestId;
use crate::domain::Product;
use crate::domain::{ErrorCode, ErrorType, ItemRecord, item_error_message};

/// Plaid's `Item`.
#[derive(Debug, Serialize)]
pub struct Item {
    pub item_id: String,
    pub institution_id: Option<String>,
    pub institution_name: Option<String>,
    pub webhook: Option<String>,
    pub auth_method: Option<String>,
    /// Only `/item/get` reports an Item's error.
    pub error: Option<ItemError>,
    pub available_products: Vec<Product>,
    pub billed_products: Vec<Product>,
    pub products: Vec<Product>,
    pub consented_products: Vec<Product>,
    pub consent_expiration_time: Option<String>,
    pub update_type: &'static str,
}

/// The `PlaidError` an Item carries in `/item/get`.
#[derive(Debug, Serialize)]
pub struct ItemError {
    pub error_type: ErrorType,
    pub error_code: ErrorCode,
    pub error_code_reason: Option<&'static str>,
    pub error_message: &'static str,
    pub display_message: Option<&'static str>,
}

impl ItemError {
    /// After `/sandbox/item/reset_login`, until update mode repairs the Item.
    pub fn login_required() -> Self {
        Self::of(ErrorCode::ItemLoginRequired)
    }

    /// The Item's error `code` (see [`ItemRecord::current_error`]).
    pub fn of(code: ErrorCode) -> Self {
        Self {
            error_type: code.error_type(),
            error_code: code,
            error_code_reason: None,
            error_message: item_error_message(code),
            display_message: None,
        }
    }
}

impl From<&ItemRecord> for Item {
    fn from(item: &ItemRecord) -> Self {
        // Every product an Item has was billed when added; what Tartan serves beyond that is available.
        let available = Product::SERVED
            .into_iter()
            .filter(|product| !item.products.contains(product))
            .collect();
        Self {
            item_id: item.item_id.to_string(),
            institution_id: item.institution_id.clone(),
            institution_name: item.institution_name.clone(),
            webhook: item.webhook.clone(),
            auth_method: None,
            error: None,
            available_products: available,
            billed_products: item.products.clone(),
            products: item.products.clone(),
            consented_products: item.products.clone(),
            consent_expiration_time: None,
            update_type: "background",
        }
    }
}

/// Plaid's `ItemWithConsentFields`, as `/item/get` returns it.
#[derive(Debug, Serialize)]
pub struct ItemWithConsentFields {
    #[serde(flatten)]
    pub item: Item,
    pub consented_data_scopes: Vec<String>,
    pub consented_use_cases: Vec<String>,
    pub created_at: String,
}

impl From<&ItemRecord> for ItemWithConsentFields {
    fn from(record: &ItemRecord) -> Self {
        Self {
            item: record.into(),
            consented_data_scopes: Vec::new(),
            consented_use_cases: Vec::new(),
            created_at: record.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ItemGetResponse {
    pub item: ItemWithConsentFields,
    /// Transactions and investments update status; Tartan serves neither.
    pub status: Option<()>,
    pub request_id: RequestId,
}
