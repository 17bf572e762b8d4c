//! Persistence behind one trait with domain-level methods, so handlers never see SQL and a backend can be
//! added without touching them. The backend is chosen from the database URL's scheme.

mod sql;
mod sql_webhooks;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{Account, AccountId, ClientId, Document, ItemId, Owner, Processor, Product};
use crate::tokens::SecretHash;
use crate::webhooks::{
    AfterAttempt, Attempt, ClaimedWebhook, NewWebhook, WebhookKey, WebhookSummary,
};

pub use sql::SqlStore;

use crate::config::DatabaseConfig;

/// A storage failure. Never a client's fault: it becomes `INTERNAL_SERVER_ERROR` and is logged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data could not be decoded: {0}")]
    Corrupt(String),
    #[error(
        "unsupported database URL scheme in `{0}`: use sqlite:PATH or postgres://USER@HOST/DATABASE"
    )]
    UnsupportedUrl(String),
}

/// An API client as stored: the secret only as its hash.
#[derive(Debug, Clone)]
pub struct ClientRecord {
    pub client_id: ClientId,
    pub name: String,
    pub secret_hash: SecretHash,
    /// Set for processor partners: the processor whose tokens this client may use.
    pub processor: Option<Processor>,
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

/// A new Item with its accounts, and how its creator will reach it.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub item: ItemRecord,
    pub accounts: Vec<Account>,
    pub grant: Grant,
}

/// The first token of a new Item.
#[derive(Debug, Clone)]
pub enum Grant {
    /// A public token its client exchanges for an access token (the Link flow).
    PublicToken {
        hash: SecretHash,
        expires_at: DateTime<Utc>,
    },
    /// A processor token for one of its accounts (`/sandbox/processor_token/create`).
    ProcessorToken(NewProcessorToken),
}

/// A processor token: one account of one Item, for one processor partner.
#[derive(Debug, Clone)]
pub struct NewProcessorToken {
    pub hash: SecretHash,
    pub item_id: ItemId,
    pub account_id: AccountId,
    /// The partner it is for; `None` when its creator has no processor (sandbox: only the creator may use it).
    pub processor: Option<Processor>,
    /// The client that created it.
    pub client_id: ClientId,
    pub created_at: DateTime<Utc>,
}

/// What a valid processor token reaches.
#[derive(Debug, Clone)]
pub struct ProcessorTokenRecord {
    pub item: ItemRecord,
    pub account_id: AccountId,
    pub processor: Option<Processor>,
    pub creator: ClientId,
}

/// A Stripe bank account token, recorded so that removing the Item revokes it.
#[derive(Debug, Clone)]
pub struct NewStripeToken {
    pub hash: SecretHash,
    pub item_id: ItemId,
    pub account_id: AccountId,
    pub client_id: ClientId,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Registers a client, or replaces the name and secret of an existing one with the same `client_id`.
    async fn save_client(&self, client: &ClientRecord) -> Result<(), StoreError>;
    async fn find_client(&self, client_id: &ClientId) -> Result<Option<ClientRecord>, StoreError>;
    async fn list_clients(&self) -> Result<Vec<ClientRecord>, StoreError>;

    /// Stores the Item, its accounts and its first token, all or nothing.
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

    /// An Item by id (for operators; API clients reach Items only through tokens).
    async fn find_item(&self, item_id: &ItemId) -> Result<Option<ItemRecord>, StoreError>;

    /// The Item's accounts in the institution's order.
    async fn list_accounts(&self, item_id: &ItemId) -> Result<Vec<Account>, StoreError>;

    /// Issues a processor token for an account of an Item.
    async fn create_processor_token(&self, token: &NewProcessorToken) -> Result<(), StoreError>;

    /// What a processor token reaches, if it is valid (its Item not removed).
    async fn find_processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError>;

    /// Records a Stripe bank account token.
    async fn create_stripe_token(&self, token: &NewStripeToken) -> Result<(), StoreError>;

    /// Whether a Stripe bank account token is recorded and not revoked.
    async fn stripe_token_exists(&self, token: &SecretHash) -> Result<bool, StoreError>;

    /// Adds products to an Item (Plaid adds a product when its endpoint is first called).
    async fn add_products(&self, item_id: &ItemId, products: &[Product]) -> Result<(), StoreError>;

    /// Deletes the Item with its accounts and every token derived from it.
    async fn remove_item(&self, item_id: &ItemId) -> Result<(), StoreError>;

    /// Deletes public tokens that were exchanged or expired before `now`; returns how many.
    async fn delete_spent_public_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Takes or renews the lease `name` for `holder` until `now + ttl`, if it is free, lapsed or already
    /// `holder`'s. Of several instances asking at once, exactly one gets `true`.
    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<bool, StoreError>;

    /// Whether the database answers (readiness).
    async fn ping(&self) -> Result<(), StoreError>;

    // ---- statements ----

    /// Stores an uploaded statement with its analysis.
    async fn insert_document(
        &self,
        document: &Document,
        sha256: &str,
        file: &[u8],
    ) -> Result<(), StoreError>;

    /// The Item's statements (without the files), oldest first.
    async fn list_documents(&self, item_id: &ItemId) -> Result<Vec<Document>, StoreError>;

    // ---- webhooks ----

    /// The key that signs webhooks now: the newest unexpired one.
    async fn current_webhook_key(&self) -> Result<Option<WebhookKey>, StoreError>;

    /// Any key ever used, expired or not, so receivers can verify older webhooks.
    async fn find_webhook_key(&self, key_id: &str) -> Result<Option<WebhookKey>, StoreError>;

    /// Makes `key` the signing key and marks the keys before it expired (they stay verifiable).
    async fn rotate_webhook_key(&self, key: &WebhookKey) -> Result<(), StoreError>;

    /// Writes a webhook to the outbox.
    async fn enqueue_webhook(&self, webhook: &NewWebhook) -> Result<(), StoreError>;

    /// Sets (or with `None` clears) the Item's webhook URL, and enqueues `acknowledgement` in the same
    /// transaction.
    async fn set_item_webhook(
        &self,
        item_id: &ItemId,
        url: Option<&str>,
        acknowledgement: Option<&NewWebhook>,
    ) -> Result<(), StoreError>;

    /// Replaces an account's owners and, in the same transaction, enqueues the webhook `webhook_for` makes
    /// from the previous owners (if any). Returns the previous owners, or `None` if the account is not the
    /// Item's. Concurrent replacements of one account are serialized.
    async fn replace_owners(
        &self,
        item_id: &ItemId,
        account_id: &AccountId,
        owners: &[Owner],
        webhook_for: &(dyn for<'a> Fn(&'a [Owner]) -> Option<NewWebhook> + Send + Sync),
    ) -> Result<Option<Vec<Owner>>, StoreError>;

    /// Leases the most overdue pending webhook to `holder` until `lease_until`. Of several instances asking at
    /// once, exactly one gets a given webhook.
    async fn claim_due_webhook(
        &self,
        holder: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<ClaimedWebhook>, StoreError>;

    /// Records an attempt made under `holder`'s lease and moves the webhook on; ignored if the lease was lost.
    async fn finish_webhook_attempt(
        &self,
        webhook_id: &str,
        holder: &str,
        attempt: &Attempt,
        next: AfterAttempt,
    ) -> Result<(), StoreError>;

    /// The most recent webhooks with their delivery state, newest first.
    async fn list_webhooks(&self, limit: i64) -> Result<Vec<WebhookSummary>, StoreError>;

    /// The attempts made to deliver one webhook, in order.
    async fn list_webhook_attempts(&self, webhook_id: &str) -> Result<Vec<Attempt>, StoreError>;
}

/// The database products Tartan stores in, chosen from the URL scheme only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Self::Sqlite),
            Some("postgres" | "postgresql") => Ok(Self::Postgres),
            _ => Err(StoreError::UnsupportedUrl(redact_url(url))),
        }
    }
}

/// A URL fit for an error message: any password replaced.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(start), Some(at)) if at > start => {
            let credentials = &url[start + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..start + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Opens the store a database URL names, creating (SQLite) and migrating it as needed.
pub async fn open(config: &DatabaseConfig) -> Result<Arc<dyn Store>, StoreError> {
    let backend = Backend::of_url(&config.url)?;
    Ok(Arc::new(SqlStore::open(config, backend, true).await?))
}

/// Applies pending migrations and returns (for `tartan migrate`).
pub async fn migrate(config: &DatabaseConfig) -> Result<(), StoreError> {
    open(config).await.map(drop)
}

#[cfg(test)]
mod conformance;

/// Support for tests that need a database of their own.
#[doc(hidden)]
pub mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_comes_from_the_scheme_only() {
        assert_eq!(
            Backend::of_url("sqlite:tartan.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(Backend::of_url("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        for bad in ["tartan.db", "mysql://u@h/db", "", "/var/lib/tartan.db"] {
            assert!(Backend::of_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_never_reach_error_messages() {
        let error = Backend::of_url("mysql://admin:hunter2@db/x")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("hunter2"), "{error}");
        assert!(error.contains("mysql://admin:***@db/x"), "{error}");
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        let names = |backend: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names("sqlite"), names("postgres"));
        assert!(!names("sqlite").is_empty());
    }
}
