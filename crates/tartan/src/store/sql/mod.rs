//! The one SQL implementation of [`Store`], for SQLite and PostgreSQL alike.
//!
//! Queries are written in the subset both dialects share (`$n` placeholders, `ON CONFLICT`, `RETURNING`), so
//! there is one copy of each; the dialects differ only in their migrations, chosen at open time.

mod clients;
mod codec;
mod console;
mod coordination;
mod items;
mod link;
mod oidc;
mod outbox;
mod pg_arrays;
mod pg_connections;
mod pg_reads;
mod provider_items;
mod providers;
mod read_model;
mod sandbox;
mod shared_check;
mod sqlite_reads;
mod webhooks;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};

use super::backend::Backend;
use super::contract::Store;
use super::error::StoreError;
use super::records::{
    ClientWith, ConsoleSessionRecord, ItemForms, ItemPage, LinkSessionListing, LinkSessionRecord,
    LinkTokenRecord, MirrorWebhooks, NewItem, NewProcessorToken, NewStripeToken, OidcAuthorization,
    OidcClaim, ProcessorForm, ProcessorTokenRecord, ReadModelCounts, RecordOutcome,
};
use crate::config::{DatabaseConfig, ReadModelSwitch};
use crate::domain::tokens::SecretHash;
use crate::domain::{
    Account, AccountId, AuditEntry, ClientId, ClientRecord, ClockOffset, Document, EndUser,
    ErrorCode, FailureRules, ItemId, ItemRecord, Owner, Processor, Product, ProviderAccount,
    ProviderInstitution, ProviderLink, ProviderRecord, ServedAccount,
};
use crate::webhooks::{
    Attempt, ClaimLimits, ClaimedWebhook, Finished, NewWebhook, OutboxStats, WebhookDetail,
    WebhookKey, WebhookSummary,
};
use crate::wire::served::FormShape;
use clients::{CLIENT_BY_ID, CLIENT_COLUMNS, CLIENT_SELECT, client_from_row};
use codec::{from_json, from_millis, millis, to_json};
use pg_reads::PgReads;
use sqlite_reads::SqliteReads;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// SQLite files: the hot reads, on connections of their own (see `sqlite_reads`).
    sqlite_reads: Option<SqliteReads>,
    /// PostgreSQL: the hot reads, on a typed pool of their own (see `pg_reads`).
    pg_reads: Option<PgReads>,
}

/// Connections to an SQLite file, of each kind (sqlx's pool, the inline reads): the configured number, at most
/// one per core. SQLite runs one writer at a time and the inline reads run on the async workers (one per core),
/// so more connections never run at once; each one costs its own page cache (up to 2 MB) and, for sqlx, an OS
/// thread with its own C heap (docs/performance.md, "Memory").
fn sqlite_connections(configured: u32) -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    configured.min(u32::try_from(cores).unwrap_or(u32::MAX).max(2))
}

impl SqlStore {
    /// Connects, and applies pending migrations unless `migrate` is false.
    pub async fn open(
        config: &DatabaseConfig,
        backend: Backend,
        migrate: bool,
    ) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let connections = match backend {
            Backend::Sqlite => sqlite_connections(config.max_connections),
            Backend::Postgres => config.max_connections,
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(connections)
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
        let read_model = config.read_model == ReadModelSwitch::On;
        let sqlite_reads = match backend {
            Backend::Sqlite => SqliteReads::open(&config.url, connections, read_model)?,
            Backend::Postgres => None,
        };
        let pg_reads = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(
                PgReads::open(
                    &url,
                    config.max_connections,
                    Duration::from_secs(config.timeout_secs),
                    read_model,
                )
                .await?,
            ),
        };
        Ok(Self {
            pool,
            backend,
            sqlite_reads,
            pg_reads,
        })
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

#[async_trait]
impl Store for SqlStore {
    async fn save_client(&self, client: &ClientRecord) -> Result<(), StoreError> {
        let previous = client.previous_secret.as_ref();
        sqlx::query(&format!(
            "INSERT INTO clients ({CLIENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (client_id) DO UPDATE
             SET name = excluded.name, secret_hash = excluded.secret_hash, processor = excluded.processor,
                 api_version = excluded.api_version, previous_secret_hash = excluded.previous_secret_hash,
                 previous_secret_expires_at = excluded.previous_secret_expires_at",
        ))
        .bind(client.client_id.as_str())
        .bind(&client.name)
        .bind(client.secret_hash.as_str())
        .bind(client.processor.as_ref().map(Processor::as_str))
        .bind(millis(client.created_at))
        .bind(client.api_version.as_str())
        .bind(previous.map(|old| old.hash.as_str().to_owned()))
        .bind(previous.map(|old| millis(old.expires_at)))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn find_client(&self, client_id: &ClientId) -> Result<Option<ClientRecord>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.client(client_id.as_str());
        }
        if let Some(reads) = &self.pg_reads {
            return reads.client(client_id.as_str()).await;
        }
        sqlx::query(CLIENT_BY_ID)
            .bind(client_id.as_str())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(client_from_row)
            .transpose()
    }

    async fn list_clients(&self) -> Result<Vec<ClientRecord>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CLIENT_SELECT} FROM clients ORDER BY created_at, client_id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(client_from_row)
        .collect()
    }

    async fn create_item(&self, new: &NewItem) -> Result<(), StoreError> {
        items::create(&self.pool, std::slice::from_ref(new)).await
    }

    async fn create_items(&self, new: &[NewItem]) -> Result<(), StoreError> {
        items::create(&self.pool, new).await
    }

    async fn find_processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.processor_token(token);
        }
        if let Some(reads) = &self.pg_reads {
            return reads.processor_token(token).await;
        }
        items::find_processor_token(&self.pool, token).await
    }

    async fn find_processor_token_with_account(
        &self,
        token: &SecretHash,
    ) -> Result<Option<(ProcessorTokenRecord, Option<ServedAccount>)>, StoreError> {
        if let Some(reads) = &self.pg_reads {
            return reads.processor_token_with_account(token).await;
        }
        let Some(record) = self.find_processor_token(token).await? else {
            return Ok(None);
        };
        let account = self
            .find_served_account(&record.item.item_id, &record.account_id)
            .await?;
        Ok(Some((record, account)))
    }

    async fn exchange_public_token(
        &self,
        client_id: &ClientId,
        public_token: &SecretHash,
        access_token: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ItemId>, StoreError> {
        items::exchange_public_token(&self.pool, client_id, public_token, access_token, now).await
    }

    async fn create_processor_token(&self, token: &NewProcessorToken) -> Result<(), StoreError> {
        items::insert_processor_token(&self.pool, token).await
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

    async fn find_item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.item_by_access_token(client_id, access_token);
        }
        if let Some(reads) = &self.pg_reads {
            return reads.item_by_access_token(client_id, access_token).await;
        }
        items::item_by_access_token(&self.pool, client_id, access_token).await
    }

    fn reads_item_with_client(&self) -> bool {
        self.pg_reads.is_some()
    }

    async fn find_client_with_item(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<ClientWith<ItemRecord>, StoreError> {
        if let Some(reads) = &self.pg_reads {
            return reads.client_with_item(client_id, access_token).await;
        }
        // Elsewhere two lookups (inline on an SQLite file: no round trip to save).
        let Some(client) = self.find_client(client_id).await? else {
            return Ok((None, None));
        };
        let item = self
            .find_item_by_access_token(client_id, access_token)
            .await?;
        Ok((Some(client), item))
    }

    async fn find_item(&self, item_id: &ItemId) -> Result<Option<ItemRecord>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.item(item_id.as_str());
        }
        if let Some(reads) = &self.pg_reads {
            return reads.item(item_id.as_str()).await;
        }
        items::item(&self.pool, item_id.as_str()).await
    }

    async fn list_accounts(&self, item_id: &ItemId) -> Result<Vec<Account>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.accounts(item_id.as_str());
        }
        if let Some(reads) = &self.pg_reads {
            return reads.accounts(item_id.as_str()).await;
        }
        items::accounts(&self.pool, item_id.as_str()).await
    }

    async fn list_served_accounts(
        &self,
        item_id: &ItemId,
    ) -> Result<Vec<ServedAccount>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.accounts(item_id.as_str());
        }
        if let Some(reads) = &self.pg_reads {
            return reads.accounts(item_id.as_str()).await;
        }
        items::accounts(&self.pool, item_id.as_str()).await
    }

    async fn find_served_account(
        &self,
        item_id: &ItemId,
        account_id: &AccountId,
    ) -> Result<Option<ServedAccount>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.account(item_id.as_str(), account_id.as_str());
        }
        if let Some(reads) = &self.pg_reads {
            return reads.account(item_id.as_str(), account_id.as_str()).await;
        }
        items::account(&self.pool, item_id.as_str(), account_id.as_str()).await
    }

    async fn find_client_with_item_forms(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ItemForms>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.client_with_item_forms(client_id, access_token, shape);
        }
        if let Some(reads) = &self.pg_reads {
            return reads
                .client_with_item_forms(client_id, access_token, shape)
                .await;
        }
        // An in-memory database: the same reads one after the other on its one connection.
        let Some(client) = self.find_client(client_id).await? else {
            return Ok((None, None));
        };
        let Some(item) = items::item_by_access_token(&self.pool, client_id, access_token).await?
        else {
            return Ok((Some(client), None));
        };
        let forms = items::account_forms(&self.pool, item.item_id.as_str(), shape).await?;
        Ok((Some(client), Some((item, forms))))
    }

    async fn find_client_with_processor_form(
        &self,
        client_id: &ClientId,
        token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ProcessorForm>, StoreError> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.client_with_processor_form(client_id, token, shape);
        }
        if let Some(reads) = &self.pg_reads {
            return reads
                .client_with_processor_form(client_id, token, shape)
                .await;
        }
        let Some(client) = self.find_client(client_id).await? else {
            return Ok((None, None));
        };
        let found = items::processor_form(&self.pool, token, shape).await?;
        Ok((Some(client), found))
    }

    async fn add_products(&self, item_id: &ItemId, products: &[Product]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        items::insert_products(&mut tx, item_id, products).await?;
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
        coordination::try_acquire_lease(&self.pool, name, holder, now, ttl).await
    }

    async fn count_rate_limit_hit(
        &self,
        bucket: &str,
        window_start: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        coordination::count_hit(&self.pool, bucket, window_start).await
    }

    async fn delete_rate_limit_windows_before(
        &self,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        coordination::delete_windows_before(&self.pool, before).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn pending_webhook_count(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox WHERE status = 'pending'")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn release_idle_memory(&self) -> Result<(), StoreError> {
        // The bundled SQLite is built with SQLITE_ENABLE_MEMORY_MANAGEMENT, so all its connections share one
        // page cache group: `shrink_memory` on any one of them frees every connection's unused pages,
        // the inline read connections' too. PostgreSQL caches its pages in the server, not here.
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA shrink_memory")
                .execute(&self.pool)
                .await?;
        }
        // The read connections map the database file; closing the idle ones unmaps the pages they touched.
        if let Some(reads) = &self.sqlite_reads {
            reads.close_idle();
        }
        if let Some(reads) = &self.pg_reads {
            reads.release_idle_memory();
        }
        Ok(())
    }

    fn read_model_counts(&self) -> Option<ReadModelCounts> {
        if let Some(reads) = &self.sqlite_reads {
            return reads.read_model_counts();
        }
        self.pg_reads.as_ref().and_then(PgReads::read_model_counts)
    }

    fn connections_in_use(&self) -> (u32, u32) {
        let idle = u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX);
        let open = self.pool.size();
        (
            open.saturating_sub(idle),
            self.pool.options().get_max_connections(),
        )
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

    async fn create_link_token(&self, token: &LinkTokenRecord) -> Result<(), StoreError> {
        link::insert_token(&self.pool, token).await
    }

    async fn find_link_token(
        &self,
        hash: &SecretHash,
    ) -> Result<Option<LinkTokenRecord>, StoreError> {
        link::find_token(&self.pool, hash).await
    }

    async fn create_link_session(&self, session: &LinkSessionRecord) -> Result<(), StoreError> {
        link::insert_session(&self.pool, session).await
    }

    async fn find_link_session(
        &self,
        token: &SecretHash,
        link_session_id: &str,
    ) -> Result<Option<LinkSessionRecord>, StoreError> {
        link::find_session(&self.pool, token, link_session_id).await
    }

    async fn list_link_sessions(
        &self,
        token: &SecretHash,
    ) -> Result<Vec<LinkSessionRecord>, StoreError> {
        link::list_sessions(&self.pool, token).await
    }

    async fn save_link_session(&self, session: &LinkSessionRecord) -> Result<bool, StoreError> {
        link::save_session(&self.pool, session).await
    }

    async fn delete_expired_link_tokens(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        link::delete_expired_tokens(&self.pool, before).await
    }

    async fn set_login_required(
        &self,
        item_id: &ItemId,
        since: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        link::set_login_required(&self.pool, item_id, since).await
    }

    async fn create_public_token(
        &self,
        item_id: &ItemId,
        client_id: &ClientId,
        hash: &SecretHash,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        link::insert_public_token(&self.pool, item_id, client_id, hash, created_at, expires_at)
            .await
    }

    async fn create_oidc_authorization(
        &self,
        authorization: &OidcAuthorization,
    ) -> Result<(), StoreError> {
        oidc::insert(&self.pool, authorization).await
    }

    async fn claim_oidc_authorization(
        &self,
        state_hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<OidcClaim, StoreError> {
        oidc::claim(&self.pool, state_hash, now).await
    }

    async fn oidc_authorization_consumed(
        &self,
        state_hash: &SecretHash,
    ) -> Result<Option<bool>, StoreError> {
        oidc::consumed(&self.pool, state_hash).await
    }

    async fn enqueue_webhook(&self, webhook: &NewWebhook) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await?;
        webhooks::enqueue(&mut connection, webhook).await
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

    async fn claim_due_webhooks(
        &self,
        holder: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limits: &ClaimLimits,
    ) -> Result<Vec<ClaimedWebhook>, StoreError> {
        outbox::claim_due(&self.pool, self.backend, holder, now, lease_until, limits).await
    }

    async fn finish_webhook_attempts(
        &self,
        holder: &str,
        finished: &[Finished],
        released: &[String],
    ) -> Result<(), StoreError> {
        outbox::finish(&self.pool, holder, finished, released).await
    }

    async fn release_webhook_leases(&self, holder: &str) -> Result<u64, StoreError> {
        outbox::release_all(&self.pool, holder).await
    }

    async fn webhook_outbox_stats(&self, now: DateTime<Utc>) -> Result<OutboxStats, StoreError> {
        outbox::stats(&self.pool, now).await
    }

    async fn list_webhooks(&self, limit: i64) -> Result<Vec<WebhookSummary>, StoreError> {
        webhooks::list(&self.pool, limit).await
    }

    async fn list_webhook_attempts(&self, webhook_id: &str) -> Result<Vec<Attempt>, StoreError> {
        webhooks::attempts(&self.pool, webhook_id).await
    }

    async fn apply_provider_records(
        &self,
        records: &[ProviderRecord],
        webhooks_for: &MirrorWebhooks<'_>,
    ) -> Result<Vec<RecordOutcome>, StoreError> {
        providers::apply(&self.pool, records, webhooks_for).await
    }

    async fn find_provider_institution(
        &self,
        institution_id: &str,
    ) -> Result<Option<ProviderInstitution>, StoreError> {
        sqlx::query("SELECT data FROM provider_institutions WHERE institution_id = $1")
            .bind(institution_id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(providers::institution_from_row)
            .transpose()
    }

    async fn list_provider_institutions(&self) -> Result<Vec<ProviderInstitution>, StoreError> {
        sqlx::query("SELECT data FROM provider_institutions ORDER BY name, institution_id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(providers::institution_from_row)
            .collect()
    }

    async fn find_end_user(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<Option<EndUser>, StoreError> {
        sqlx::query(&format!(
            "SELECT {} FROM provider_users WHERE institution_id = $1 AND user_id = $2",
            providers::USER_COLUMNS
        ))
        .bind(institution_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(providers::user_from_row)
        .transpose()
    }

    async fn find_end_user_by_subject(
        &self,
        institution_id: &str,
        subject: &str,
    ) -> Result<Option<EndUser>, StoreError> {
        let by_subject = sqlx::query(&format!(
            "SELECT {} FROM provider_users WHERE institution_id = $1 AND oidc_subject = $2
             ORDER BY user_id LIMIT 1",
            providers::USER_COLUMNS
        ))
        .bind(institution_id)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        match by_subject {
            Some(row) => providers::user_from_row(&row).map(Some),
            None => self.find_end_user(institution_id, subject).await,
        }
    }

    async fn list_end_users(
        &self,
        institution_id: &str,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<EndUser>, StoreError> {
        sqlx::query(&format!(
            "SELECT {} FROM provider_users WHERE institution_id = $1 AND user_id > $2
             ORDER BY user_id LIMIT $3",
            providers::USER_COLUMNS
        ))
        .bind(institution_id)
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(providers::user_from_row)
        .collect()
    }

    async fn list_provider_accounts(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<Vec<ProviderAccount>, StoreError> {
        providers::accounts_of_user(&self.pool, institution_id, user_id).await
    }

    async fn set_client_institutions(
        &self,
        client_id: &ClientId,
        institution_ids: &[String],
    ) -> Result<(), StoreError> {
        provider_items::set_client_institutions(&self.pool, client_id, institution_ids).await
    }

    async fn list_client_institutions(
        &self,
        client_id: &ClientId,
    ) -> Result<Vec<String>, StoreError> {
        provider_items::client_institutions(&self.pool, client_id).await
    }

    async fn create_provider_item(
        &self,
        new: &NewItem,
        link: &ProviderLink,
    ) -> Result<(), StoreError> {
        provider_items::create(&self.pool, new, link).await
    }

    async fn list_provider_items(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<Vec<ItemRecord>, StoreError> {
        provider_items::items_of_user(&self.pool, institution_id, user_id).await
    }

    async fn revoke_item(
        &self,
        item_id: &ItemId,
        notice: Option<&NewWebhook>,
    ) -> Result<bool, StoreError> {
        provider_items::revoke(&self.pool, item_id, notice).await
    }

    async fn record_login_failure(
        &self,
        institution_id: &str,
        user_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        provider_items::record_login_failure(&self.pool, institution_id, user_id, at).await
    }

    async fn count_login_failures(
        &self,
        institution_id: &str,
        user_id: &str,
        since: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        provider_items::count_login_failures(&self.pool, institution_id, user_id, since).await
    }

    async fn clear_login_failures(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<(), StoreError> {
        provider_items::clear_login_failures(&self.pool, institution_id, user_id).await
    }

    async fn delete_login_failures_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let deleted = sqlx::query("DELETE FROM login_failures WHERE failed_at < $1")
            .bind(codec::millis(before))
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }

    async fn record_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        provider_items::record_audit(&self.pool, entry).await
    }

    async fn list_audit(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        provider_items::audit(&self.pool, limit).await
    }

    async fn create_console_session(
        &self,
        session: &ConsoleSessionRecord,
    ) -> Result<(), StoreError> {
        console::insert_session(&self.pool, session).await
    }

    async fn find_console_session(
        &self,
        hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ConsoleSessionRecord>, StoreError> {
        console::find_session(&self.pool, hash, now).await
    }

    async fn delete_console_session(&self, hash: &SecretHash) -> Result<(), StoreError> {
        console::delete_session(&self.pool, hash).await
    }

    async fn delete_expired_console_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        console::delete_expired_sessions(&self.pool, now).await
    }

    async fn list_items(&self, limit: i64, offset: i64) -> Result<ItemPage, StoreError> {
        console::list_items(&self.pool, limit, offset).await
    }

    async fn set_item_error(
        &self,
        item_id: &ItemId,
        error: Option<(ErrorCode, DateTime<Utc>)>,
    ) -> Result<(), StoreError> {
        console::set_item_error(&self.pool, item_id, error).await
    }

    async fn replace_account(
        &self,
        item_id: &ItemId,
        account: &Account,
    ) -> Result<bool, StoreError> {
        console::replace_account(&self.pool, item_id, account).await
    }

    async fn list_recent_link_sessions(
        &self,
        limit: i64,
    ) -> Result<Vec<LinkSessionListing>, StoreError> {
        console::recent_link_sessions(&self.pool, limit).await
    }

    async fn find_webhook(&self, webhook_id: &str) -> Result<Option<WebhookDetail>, StoreError> {
        console::find_webhook(&self.pool, webhook_id, Utc::now()).await
    }

    async fn list_item_webhooks(
        &self,
        item_id: &ItemId,
        limit: i64,
    ) -> Result<Vec<WebhookSummary>, StoreError> {
        console::item_webhooks(&self.pool, item_id, limit).await
    }

    async fn retry_webhook_now(
        &self,
        webhook_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        console::retry_now(&self.pool, webhook_id, now).await
    }

    async fn advance_client_clock(
        &self,
        client_id: &ClientId,
        by: chrono::Duration,
    ) -> Result<Option<ClockOffset>, StoreError> {
        sandbox::advance_clock(&self.pool, client_id, by).await
    }

    async fn set_client_failures(
        &self,
        client_id: &ClientId,
        rules: Option<&FailureRules>,
    ) -> Result<(), StoreError> {
        sandbox::set_failures(&self.pool, client_id, rules).await
    }

    async fn take_rate_limit_burst(&self, client_id: &ClientId) -> Result<bool, StoreError> {
        sandbox::take_burst(&self.pool, client_id).await
    }
}
