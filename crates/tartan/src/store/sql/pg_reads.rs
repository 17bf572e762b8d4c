//! The hot reads on PostgreSQL, on a typed `PgPool` of their own.
//!
//! Through sqlx's `Any` driver every statement pays a conversion of each row into `Any`'s values, and a data
//! request made three round trips (client, Item, accounts). Here the statements run on native PostgreSQL
//! connections, prepared once per connection (sqlx's statement cache), and the two lookups every data request
//! starts with — the client and the Item behind its access token — come back in one statement, so a data
//! request makes two round trips: client with Item, then the accounts. Nothing is cached between requests:
//! each read sees the last committed write of any instance. The SQL text and the row mappings are the
//! constants and functions the `Any` and SQLite paths use; writes and everything else stay on the `Any` pool.

use std::sync::LazyLock;
use std::time::Duration;

use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};

use super::clients::{CLIENT_BY_ID, CLIENT_SELECT, client_from_row};
use super::codec::{Columns, from_json};
use super::items::{
    ACCOUNT_OF_ITEM, ACCOUNTS_OF_ITEM, ITEM_BY_ACCESS_TOKEN, ITEM_BY_ID, ItemRow,
    PROCESSOR_TOKEN_WITH_ITEM, ProcessorTokenRow, item_from_rows,
};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ClientRecord, ItemRecord, ServedAccount};
use crate::store::error::StoreError;
use crate::store::records::ProcessorTokenRecord;

/// The prefix of the client's columns in [`CLIENT_WITH_ITEM`], which also holds the Item's `client_id` and
/// `created_at`.
const CLIENT_PREFIX: &str = "c_";
/// The prefix of the token's columns in [`PROCESSOR_TOKEN_WITH_ITEM`].
const PROCESSOR_TOKEN_PREFIX: &str = "pt_";

/// `$1`: the access token's hash, `$2`: the client id. One row per product of the Item (or one with null
/// Item columns when the token reaches none of the client's Items); no row when the client does not exist.
/// The client row is read whatever the token: whether it authenticates is decided in Rust, in constant time.
static CLIENT_WITH_ITEM: LazyLock<String> = LazyLock::new(|| {
    let client_columns = CLIENT_SELECT
        .split(',')
        .map(str::trim)
        .map(|column| format!("c.{column} AS {CLIENT_PREFIX}{column}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT {client_columns}, x.* FROM clients c \
         LEFT JOIN ({ITEM_BY_ACCESS_TOKEN}) x ON true \
         WHERE c.client_id = $2 ORDER BY x.product_position, x.product"
    )
});

pub struct PgReads {
    pool: PgPool,
}

impl PgReads {
    /// A pool of its own next to the `Any` one; connections open on demand, up to `max_connections`.
    pub async fn open(
        url: &str,
        max_connections: u32,
        timeout: Duration,
    ) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(timeout)
            .connect(url)
            .await?;
        Ok(Self { pool })
    }

    pub async fn client(&self, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
        sqlx::query(CLIENT_BY_ID)
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(client_from_row)
            .transpose()
    }

    /// The client and the Item `access_token` reaches for it, in one round trip. The Item is `None` when the
    /// client is.
    pub async fn client_with_item(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<(Option<ClientRecord>, Option<ItemRecord>), StoreError> {
        let rows = sqlx::query(CLIENT_WITH_ITEM.as_str())
            .bind(access_token.as_str())
            .bind(client_id.as_str())
            .fetch_all(&self.pool)
            .await?;
        let Some(first) = rows.first() else {
            return Ok((None, None));
        };
        let client = client_from_row(&Prefixed(first, CLIENT_PREFIX))?;
        // Null Item columns: the token reaches no Item of this client.
        let mut item_rows = Vec::with_capacity(rows.len());
        for row in &rows {
            if row.try_get::<Option<&str>, _>("item_id")?.is_some() {
                item_rows.push(ItemRow::read(row)?);
            }
        }
        Ok((Some(client), item_from_rows(item_rows)?))
    }

    pub async fn item(&self, item_id: &str) -> Result<Option<ItemRecord>, StoreError> {
        self.item_rows(ITEM_BY_ID, &[item_id]).await
    }

    pub async fn item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        self.item_rows(
            ITEM_BY_ACCESS_TOKEN,
            &[access_token.as_str(), client_id.as_str()],
        )
        .await
    }

    /// The Item's accounts, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`], parsed from the
    /// row's buffer without copying the JSON into a `String` first.
    pub async fn accounts<A: DeserializeOwned>(&self, item_id: &str) -> Result<Vec<A>, StoreError> {
        let rows = sqlx::query(ACCOUNTS_OF_ITEM)
            .bind(item_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(json_column).collect()
    }

    /// One account of the Item, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`].
    pub async fn account<A: DeserializeOwned>(
        &self,
        item_id: &str,
        account_id: &str,
    ) -> Result<Option<A>, StoreError> {
        sqlx::query(ACCOUNT_OF_ITEM)
            .bind(item_id)
            .bind(account_id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(json_column)
            .transpose()
    }

    /// The processor token with its Item, in one round trip.
    pub async fn processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError> {
        Ok(self
            .processor_token_rows(token, false)
            .await?
            .map(|(record, _)| record))
    }

    /// The processor token with its Item and its account as served, in one round trip.
    pub async fn processor_token_with_account(
        &self,
        token: &SecretHash,
    ) -> Result<Option<(ProcessorTokenRecord, Option<ServedAccount>)>, StoreError> {
        self.processor_token_rows(token, true).await
    }

    async fn processor_token_rows(
        &self,
        token: &SecretHash,
        with_account: bool,
    ) -> Result<Option<(ProcessorTokenRecord, Option<ServedAccount>)>, StoreError> {
        let rows = sqlx::query(PROCESSOR_TOKEN_WITH_ITEM)
            .bind(token.as_str())
            .fetch_all(&self.pool)
            .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let found = ProcessorTokenRow::read(&Prefixed(first, PROCESSOR_TOKEN_PREFIX))?;
        let account = if with_account {
            first
                .try_get::<Option<&str>, _>("pt_account_data")?
                .map(from_json)
                .transpose()?
        } else {
            None
        };
        let item_rows = rows.iter().map(ItemRow::read).collect::<Result<_, _>>()?;
        match item_from_rows(item_rows)? {
            Some(item) => Ok(Some((found.with_item(item)?, account))),
            None => Ok(None),
        }
    }

    async fn item_rows(
        &self,
        sql: &str,
        parameters: &[&str],
    ) -> Result<Option<ItemRecord>, StoreError> {
        let mut query = sqlx::query(sql);
        for parameter in parameters {
            query = query.bind(*parameter);
        }
        let rows = query.fetch_all(&self.pool).await?;
        item_from_rows(rows.iter().map(ItemRow::read).collect::<Result<_, _>>()?)
    }
}

/// The row's first column, JSON text, parsed where the row holds it.
fn json_column<A: DeserializeOwned>(row: &PgRow) -> Result<A, StoreError> {
    from_json(row.try_get::<&str, _>(0)?)
}

impl Columns for PgRow {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        Ok(self.try_get(column)?)
    }

    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(column)?)
    }

    fn integer(&self, column: &str) -> Result<i64, StoreError> {
        self.optional_integer(column)?
            .ok_or_else(|| StoreError::Corrupt(format!("{column} is null")))
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError> {
        // Most integer columns are BIGINT; a few are INTEGER (`rate_limit_burst`), which the typed driver
        // does not widen by itself.
        match self.try_get::<Option<i64>, _>(column) {
            Err(sqlx::Error::ColumnDecode { .. }) => {
                Ok(self.try_get::<Option<i32>, _>(column)?.map(i64::from))
            }
            read => Ok(read?),
        }
    }
}

/// A row's columns named with a prefix, read by their unprefixed names.
struct Prefixed<'r>(&'r PgRow, &'static str);

impl Prefixed<'_> {
    fn name(&self, column: &str) -> String {
        format!("{}{column}", self.1)
    }
}

impl Columns for Prefixed<'_> {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.0.text(&self.name(column))
    }

    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.0.optional_text(&self.name(column))
    }

    fn integer(&self, column: &str) -> Result<i64, StoreError> {
        self.0.integer(&self.name(column))
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.0.optional_integer(&self.name(column))
    }
}
