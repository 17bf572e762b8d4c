//! Persistence behind one trait with domain-level methods, so handlers never see SQL and a backend can be
//! added without touching them. The backend is chosen from the database URL's scheme.

mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{Account, ClientId, ItemId, Product};
use crate::tokens::SecretHash;

pub use sqlite::SqliteStore;

/// A storage failure. Never a client's fault: it becomes `INTERNAL_SERVER_ERROR` and is logged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data could not be decoded: {0}")]
    Corrupt(String),
    #[error("unsupported database URL `{0}`: use sqlite:PATH (the default)")]
    UnsupportedUrl(String),
}

/// An API client as stored: the secret only as its hash.
#[derive(Debug, Clone)]
pub struct ClientRecord {
    pub client_id: ClientId,
    pub name: String,
    pub secret_hash: SecretHash,
    pub created_at: DateTime<Utc>,
}

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
}

/// A new Item with its accounts, and the public token that will let its client claim it.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub item: ItemRecord,
    pub accounts: Vec<Account>,
    pub public_token: SecretHash,
    pub public_token_expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Registers a client, or replaces the name and secret of an existing one with the same `client_id`.
    async fn save_client(&self, client: &ClientRecord) -> Result<(), StoreError>;
    async fn find_client(&self, client_id: &ClientId) -> Result<Option<ClientRecord>, StoreError>;
    async fn list_clients(&self) -> Result<Vec<ClientRecord>, StoreError>;

    /// Stores the Item, its accounts and its public token, all or nothing.
    async fn create_item(&self, new: &NewItem) -> Result<(), StoreError>;

    /// Consumes an unexpired, unused public token of `client_id` and issues `access_token` for its Item,
    /// atomically: of concurrent exchanges of one token, exactly one gets `Some`.
    async fn exchange_public_token(
        &self,
        client_id: &ClientId,
        public_token: &SecretHash,
        access_token: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ItemId>, StoreError>;

    /// The Item an access token of `client_id` reaches, if the token is valid.
    async fn find_item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError>;

    /// The Item's accounts in the institution's order.
    async fn list_accounts(&self, item_id: &ItemId) -> Result<Vec<Account>, StoreError>;

    /// Adds products to an Item (Plaid adds a product when its endpoint is first called).
    async fn add_products(&self, item_id: &ItemId, products: &[Product]) -> Result<(), StoreError>;

    /// Deletes the Item with its accounts and every token derived from it.
    async fn remove_item(&self, item_id: &ItemId) -> Result<(), StoreError>;

    /// Whether the database answers (readiness).
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Opens (creating and migrating where needed) the store a database URL names.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}

#[cfg(test)]
mod conformance;
