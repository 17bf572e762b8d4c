//! An Item: one login at one institution, owned by one client.

use chrono::{DateTime, Utc};

use super::ids::{ClientId, ItemId};
use super::product::Product;

/// An Item and its metadata (accounts are fetched separately).
#[derive(Debug, Clone)]
pub struct ItemRecord {
    pub item_id: ItemId,
    pub client_id: ClientId,
    pub institution_id: Option<String>,
    pub institution_name: Option<String>,
    pub webhook: Option<String>,
    pub products: Vec<Product>,
    pub created_at: DateTime<Utc>,
    /// The login must be repaired in Link's update mode (`/sandbox/item/reset_login`): data endpoints answer
    /// `ITEM_LOGIN_REQUIRED` until it is.
    pub login_required: bool,
}
