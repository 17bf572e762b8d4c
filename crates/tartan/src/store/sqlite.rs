//! The embedded default backend: one SQLite file in WAL mode.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, SqlitePool};

use super::{ClientRecord, ItemRecord, NewItem, Store, StoreError};
use crate::domain::{Account, ClientId, ItemId, Product};
use crate::tokens::SecretHash;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens `url` (`sqlite:PATH`, `sqlite://PATH`, `sqlite::memory:`), creating the file if needed, and applies
    /// pending migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // An in-memory database lives as long as its one connection.
        let max_connections = if url.contains(":memory:") { 1 } else { 8 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

fn from_millis(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(value)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {value}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn client_from_row(row: &SqliteRow) -> Result<ClientRecord, StoreError> {
    Ok(ClientRecord {
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        name: row.try_get("name")?,
        secret_hash: SecretHash::from_stored(row.try_get("secret_hash")?),
        created_at: from_millis(row.try_get("created_at")?)?,
    })
}

fn item_from_row(row: &SqliteRow) -> Result<ItemRecord, StoreError> {
    Ok(ItemRecord {
        item_id: ItemId::from_stored(row.try_get("item_id")?),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        institution_id: row.try_get("institution_id")?,
        institution_name: row.try_get("institution_name")?,
        webhook: row.try_get("webhook")?,
        products: from_json(row.try_get::<&str, _>("products")?)?,
        created_at: from_millis(row.try_get("created_at")?)?,
    })
}

/// Adds products an Item does not have yet, keeping the order of those it has.
async fn insert_products(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    item_id: &ItemId,
    products: &[Product],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for product in products {
        sqlx::query("INSERT INTO item_products (item_id, product, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .bind(item_id.as_str())
            .bind(product.as_str())
            .bind(millis(now))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn save_client(&self, client: &ClientRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO clients (client_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, secret_hash = excluded.secret_hash",
        )
        .bind(client.client_id.as_str())
        .bind(&client.name)
        .bind(client.secret_hash.as_str())
        .bind(millis(client.created_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn find_client(&self, client_id: &ClientId) -> Result<Option<ClientRecord>, StoreError> {
        sqlx::query("SELECT * FROM clients WHERE client_id = ?")
            .bind(client_id.as_str())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(client_from_row)
            .transpose()
    }

    async fn list_clients(&self) -> Result<Vec<ClientRecord>, StoreError> {
        sqlx::query("SELECT * FROM clients ORDER BY created_at, client_id")
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
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(item.item_id.as_str())
        .bind(item.client_id.as_str())
        .bind(&item.institution_id)
        .bind(&item.institution_name)
        .bind(&item.webhook)
        .bind(millis(item.created_at))
        .execute(&mut *tx)
        .await?;
        insert_products(&mut tx, &item.item_id, &item.products, item.created_at).await?;
        for (position, account) in (0_i64..).zip(&new.accounts) {
            sqlx::query(
                "INSERT INTO accounts (account_id, item_id, position, data) VALUES (?, ?, ?, ?)",
            )
            .bind(account.account_id.as_str())
            .bind(item.item_id.as_str())
            .bind(position)
            .bind(to_json(account)?)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at, expires_at)
             VALUES (?, 'public', ?, ?, ?, ?)",
        )
        .bind(new.public_token.as_str())
        .bind(item.item_id.as_str())
        .bind(item.client_id.as_str())
        .bind(millis(item.created_at))
        .bind(millis(new.public_token_expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn exchange_public_token(
        &self,
        client_id: &ClientId,
        public_token: &SecretHash,
        access_token: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ItemId>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let claimed: Option<String> = sqlx::query_scalar(
            "UPDATE tokens SET used_at = ?1
             WHERE token_hash = ?2 AND kind = 'public' AND client_id = ?3 AND used_at IS NULL AND expires_at > ?1
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
            "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at) VALUES (?, 'access', ?, ?, ?)",
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
        sqlx::query(
            "SELECT items.*, (SELECT json_group_array(product) FROM
                 (SELECT product FROM item_products p WHERE p.item_id = items.item_id ORDER BY added_at, rowid)
             ) AS products
             FROM tokens JOIN items USING (item_id)
             WHERE tokens.token_hash = ? AND tokens.kind = 'access' AND tokens.client_id = ?",
        )
        .bind(access_token.as_str())
        .bind(client_id.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(item_from_row)
        .transpose()
    }

    async fn list_accounts(&self, item_id: &ItemId) -> Result<Vec<Account>, StoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT data FROM accounts WHERE item_id = ? ORDER BY position")
                .bind(item_id.as_str())
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|data| from_json(data)).collect()
    }

    async fn add_products(&self, item_id: &ItemId, products: &[Product]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        insert_products(&mut tx, item_id, products, Utc::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_item(&self, item_id: &ItemId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM items WHERE item_id = ?")
            .bind(item_id.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
