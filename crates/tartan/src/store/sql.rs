//! The one SQL implementation of [`Store`], for SQLite and PostgreSQL alike.
//!
//! Queries are written in the subset both dialects share (`$n` placeholders, `ON CONFLICT`, `RETURNING`), so
//! there is one copy of each; the dialects differ only in their migrations, chosen at open time.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};

use super::sql_webhooks as webhooks;
use super::{
    Backend, ClientRecord, Grant, ItemRecord, NewItem, NewProcessorToken, NewStripeToken,
    ProcessorTokenRecord, Store, StoreError,
};
use crate::config::DatabaseConfig;
use crate::domain::{Account, AccountId, ClientId, Document, ItemId, Owner, Processor, Product};
use crate::tokens::SecretHash;
use crate::webhooks::{
    AfterAttempt, Attempt, ClaimedWebhook, NewWebhook, WebhookKey, WebhookSummary,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
}

impl SqlStore {
    /// Connects, and applies pending migrations unless `migrate` is false.
    pub async fn open(
        config: &DatabaseConfig,
        backend: Backend,
        migrate: bool,
    ) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let mut options = AnyPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(Duration::from_secs(config.timeout_secs));
        let url = match backend {
            Backend::Sqlite => {
                // An in-memory database lives as long as its one connection.
                if config.url.contains(":memory:") {
                    options = options.max_connections(1);
                }
                options = options.after_connect(|connection, _| {
                    Box::pin(async move {
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 5000",
                        ] {
                            sqlx::query(pragma).execute(&mut *connection).await?;
                        }
                        Ok(())
                    })
                });
                sqlite_url_creating_file(&config.url)
            }
            Backend::Postgres => config.url.clone(),
        };
        let pool = options.connect(&url).await?;
        if migrate {
            let migrator = match backend {
                Backend::Sqlite => &SQLITE_MIGRATIONS,
                Backend::Postgres => &POSTGRES_MIGRATIONS,
            };
            migrator.run(&pool).await?;
        }
        Ok(Self { pool, backend })
    }
}

/// SQLite files are created on first start (`mode=rwc`) unless the URL says otherwise.
fn sqlite_url_creating_file(url: &str) -> String {
    if url.contains(":memory:") || url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Times are stored as unix milliseconds: portable and comparable on both backends.
pub(super) fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

pub(super) fn from_millis(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(value)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {value}")))
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn client_from_row(row: &AnyRow) -> Result<ClientRecord, StoreError> {
    let processor: Option<String> = row.try_get("processor")?;
    Ok(ClientRecord {
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        name: row.try_get("name")?,
        secret_hash: SecretHash::from_stored(row.try_get("secret_hash")?),
        processor: processor
            .map(|name| Processor::parse(&name).map_err(StoreError::Corrupt))
            .transpose()?,
        created_at: from_millis(row.try_get("created_at")?)?,
    })
}

async fn insert_processor_token<'e>(
    executor: impl sqlx::Executor<'e, Database = Any>,
    token: &NewProcessorToken,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO processor_tokens (token_hash, item_id, account_id, processor, client_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.hash.as_str())
    .bind(token.item_id.as_str())
    .bind(token.account_id.as_str())
    .bind(token.processor.as_ref().map(Processor::as_str))
    .bind(token.client_id.as_str())
    .bind(millis(token.created_at))
    .execute(executor)
    .await?;
    Ok(())
}

/// Adds products an Item does not have yet after those it has.
async fn insert_products(
    tx: &mut Transaction<'_, Any>,
    item_id: &ItemId,
    products: &[Product],
) -> Result<(), StoreError> {
    for product in products {
        sqlx::query(
            "INSERT INTO item_products (item_id, product, position)
             SELECT $1, $2, COALESCE(MAX(position) + 1, 0) FROM item_products WHERE item_id = $1
             ON CONFLICT DO NOTHING",
        )
        .bind(item_id.as_str())
        .bind(product.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl SqlStore {
    async fn item(&self, item_id: String) -> Result<Option<ItemRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT client_id, institution_id, institution_name, webhook, created_at FROM items WHERE item_id = $1",
        )
        .bind(&item_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(ItemRecord {
            products: self.products(&item_id).await?,
            item_id: ItemId::from_stored(item_id),
            client_id: ClientId::from_stored(row.try_get("client_id")?),
            institution_id: row.try_get("institution_id")?,
            institution_name: row.try_get("institution_name")?,
            webhook: row.try_get("webhook")?,
            created_at: from_millis(row.try_get("created_at")?)?,
        }))
    }

    async fn products(&self, item_id: &str) -> Result<Vec<Product>, StoreError> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT product FROM item_products WHERE item_id = $1 ORDER BY position, product",
        )
        .bind(item_id)
        .fetch_all(&self.pool)
        .await?;
        names
            .into_iter()
            .map(|name| {
                serde_json::from_value(serde_json::Value::String(name))
                    .map_err(|error| StoreError::Corrupt(error.to_string()))
            })
            .collect()
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn save_client(&self, client: &ClientRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO clients (client_id, name, secret_hash, processor, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (client_id) DO UPDATE
             SET name = excluded.name, secret_hash = excluded.secret_hash, processor = excluded.processor",
        )
        .bind(client.client_id.as_str())
        .bind(&client.name)
        .bind(client.secret_hash.as_str())
        .bind(client.processor.as_ref().map(Processor::as_str))
        .bind(millis(client.created_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn find_client(&self, client_id: &ClientId) -> Result<Option<ClientRecord>, StoreError> {
        sqlx::query(
            "SELECT client_id, name, secret_hash, processor, created_at FROM clients WHERE client_id = $1",
        )
        .bind(client_id.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(client_from_row)
        .transpose()
    }

    async fn list_clients(&self) -> Result<Vec<ClientRecord>, StoreError> {
        sqlx::query(
            "SELECT client_id, name, secret_hash, processor, created_at FROM clients ORDER BY created_at, client_id",
        )
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(client_from_row)
            .collect()
    }

    async fn create_item(&self, new: &NewItem) -> Result<(), StoreError> {
        let item = &new.item;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO items (item_id, client_id, institution_id, institution_name, webhook, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(item.item_id.as_str())
        .bind(item.client_id.as_str())
        .bind(item.institution_id.as_deref())
        .bind(item.institution_name.as_deref())
        .bind(item.webhook.as_deref())
        .bind(millis(item.created_at))
        .execute(&mut *tx)
        .await?;
        insert_products(&mut tx, &item.item_id, &item.products).await?;
        for (position, account) in (0_i64..).zip(&new.accounts) {
            sqlx::query("INSERT INTO accounts (account_id, item_id, position, data) VALUES ($1, $2, $3, $4)")
                .bind(account.account_id.as_str())
                .bind(item.item_id.as_str())
                .bind(position)
                .bind(to_json(account)?)
                .execute(&mut *tx)
                .await?;
        }
        match &new.grant {
            Grant::PublicToken { hash, expires_at } => {
                sqlx::query(
                    "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at, expires_at)
                     VALUES ($1, 'public', $2, $3, $4, $5)",
                )
                .bind(hash.as_str())
                .bind(item.item_id.as_str())
                .bind(item.client_id.as_str())
                .bind(millis(item.created_at))
                .bind(millis(*expires_at))
                .execute(&mut *tx)
                .await?;
            }
            Grant::ProcessorToken(token) => insert_processor_token(&mut *tx, token).await?,
        }
        tx.commit().await?;
        Ok(())
    }

    async fn create_processor_token(&self, token: &NewProcessorToken) -> Result<(), StoreError> {
        insert_processor_token(&self.pool, token).await
    }

    async fn find_processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError> {
        let row = sqlx::query("SELECT item_id, account_id, processor, client_id FROM processor_tokens WHERE token_hash = $1")
            .bind(token.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let Some(item) = self.item(row.try_get("item_id")?).await? else {
            return Ok(None);
        };
        let processor: Option<String> = row.try_get("processor")?;
        Ok(Some(ProcessorTokenRecord {
            item,
            account_id: AccountId::from_stored(row.try_get("account_id")?),
            processor: processor
                .map(|name| Processor::parse(&name).map_err(StoreError::Corrupt))
                .transpose()?,
            creator: ClientId::from_stored(row.try_get("client_id")?),
        }))
    }

    async fn create_stripe_token(&self, token: &NewStripeToken) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO stripe_tokens (token_hash, item_id, account_id, client_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token.hash.as_str())
        .bind(token.item_id.as_str())
        .bind(token.account_id.as_str())
        .bind(token.client_id.as_str())
        .bind(millis(token.created_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn stripe_token_exists(&self, token: &SecretHash) -> Result<bool, StoreError> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT item_id FROM stripe_tokens WHERE token_hash = $1")
                .bind(token.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    async fn exchange_public_token(
        &self,
        client_id: &ClientId,
        public_token: &SecretHash,
        access_token: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ItemId>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The conditional UPDATE is the claim: under concurrency exactly one transaction sees the row unused.
        let claimed: Option<String> = sqlx::query_scalar(
            "UPDATE tokens SET used_at = $1
             WHERE token_hash = $2 AND kind = 'public' AND client_id = $3 AND used_at IS NULL AND expires_at > $1
             RETURNING item_id",
        )
        .bind(millis(now))
        .bind(public_token.as_str())
        .bind(client_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(item_id) = claimed else {
            return Ok(None);
        };
        sqlx::query(
            "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at) VALUES ($1, 'access', $2, $3, $4)",
        )
        .bind(access_token.as_str())
        .bind(&item_id)
        .bind(client_id.as_str())
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(ItemId::from_stored(item_id)))
    }

    async fn find_item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        let item_id: Option<String> = sqlx::query_scalar(
            "SELECT item_id FROM tokens WHERE token_hash = $1 AND kind = 'access' AND client_id = $2",
        )
        .bind(access_token.as_str())
        .bind(client_id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        match item_id {
            Some(item_id) => self.item(item_id).await,
            None => Ok(None),
        }
    }

    async fn find_item(&self, item_id: &ItemId) -> Result<Option<ItemRecord>, StoreError> {
        self.item(item_id.to_string()).await
    }

    async fn list_accounts(&self, item_id: &ItemId) -> Result<Vec<Account>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT data FROM accounts WHERE item_id = $1 ORDER BY position")
                .bind(item_id.as_str())
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|data| from_json(data)).collect()
    }

    async fn add_products(&self, item_id: &ItemId, products: &[Product]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        insert_products(&mut tx, item_id, products).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_item(&self, item_id: &ItemId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM items WHERE item_id = $1")
            .bind(item_id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_spent_public_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let result = sqlx::query("DELETE FROM tokens WHERE kind = 'public' AND (used_at IS NOT NULL OR expires_at <= $1)")
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected())
    }

    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<bool, StoreError> {
        // One statement: insert the lease, or take it over if it lapsed or is already ours. Two instances racing
        // both reach the row through the primary key; the database lets only one update win.
        let taken = sqlx::query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.expires_at <= $4 OR leases.holder = excluded.holder",
        )
        .bind(name)
        .bind(holder)
        .bind(millis(now + ttl))
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(taken.rows_affected() == 1)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn insert_document(
        &self,
        document: &Document,
        sha256: &str,
        file: &[u8],
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO documents (document_id, item_id, account_id, uploaded_at, sha256, analysis, file)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&document.document_id)
        .bind(document.item_id.as_str())
        .bind(document.account_id.as_str())
        .bind(millis(document.uploaded_at))
        .bind(sha256)
        .bind(to_json(&document.analysis)?)
        .bind(file)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn list_documents(&self, item_id: &ItemId) -> Result<Vec<Document>, StoreError> {
        let rows = sqlx::query(
            "SELECT document_id, account_id, uploaded_at, analysis FROM documents
             WHERE item_id = $1 ORDER BY uploaded_at, document_id",
        )
        .bind(item_id.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Document {
                    document_id: row.try_get("document_id")?,
                    item_id: item_id.clone(),
                    account_id: AccountId::from_stored(row.try_get("account_id")?),
                    uploaded_at: from_millis(row.try_get("uploaded_at")?)?,
                    analysis: from_json(row.try_get::<&str, _>("analysis")?)?,
                })
            })
            .collect()
    }

    async fn current_webhook_key(&self) -> Result<Option<WebhookKey>, StoreError> {
        webhooks::current_key(&self.pool).await
    }

    async fn find_webhook_key(&self, key_id: &str) -> Result<Option<WebhookKey>, StoreError> {
        webhooks::find_key(&self.pool, key_id).await
    }

    async fn rotate_webhook_key(&self, key: &WebhookKey) -> Result<(), StoreError> {
        webhooks::rotate_key(&self.pool, key).await
    }

    async fn enqueue_webhook(&self, webhook: &NewWebhook) -> Result<(), StoreError> {
        webhooks::enqueue(&self.pool, webhook).await
    }

    async fn set_item_webhook(
        &self,
        item_id: &ItemId,
        url: Option<&str>,
        acknowledgement: Option<&NewWebhook>,
    ) -> Result<(), StoreError> {
        webhooks::set_item_webhook(&self.pool, item_id, url, acknowledgement).await
    }

    async fn replace_owners(
        &self,
        item_id: &ItemId,
        account_id: &AccountId,
        owners: &[Owner],
        webhook_for: &(dyn for<'a> Fn(&'a [Owner]) -> Option<NewWebhook> + Send + Sync),
    ) -> Result<Option<Vec<Owner>>, StoreError> {
        webhooks::replace_owners(&self.pool, item_id, account_id, owners, webhook_for).await
    }

    async fn claim_due_webhook(
        &self,
        holder: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<ClaimedWebhook>, StoreError> {
        webhooks::claim_due(&self.pool, self.backend, holder, now, lease_until).await
    }

    async fn finish_webhook_attempt(
        &self,
        webhook_id: &str,
        holder: &str,
        attempt: &Attempt,
        next: AfterAttempt,
    ) -> Result<(), StoreError> {
        webhooks::finish_attempt(&self.pool, webhook_id, holder, attempt, next).await
    }

    async fn list_webhooks(&self, limit: i64) -> Result<Vec<WebhookSummary>, StoreError> {
        webhooks::list(&self.pool, limit).await
    }

    async fn list_webhook_attempts(&self, webhook_id: &str) -> Result<Vec<Attempt>, StoreError> {
        webhooks::attempts(&self.pool, webhook_id).await
    }
}
