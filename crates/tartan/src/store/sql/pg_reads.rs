//! The hot reads on PostgreSQL, on a typed `PgPool` of their own.
//!
//! Through sqlx's `Any` driver every statement pays a conversion of each row into `Any`'s values, and a data
//! request made three round trips (client, Item, accounts). Here the statements run on native PostgreSQL
//! connections, prepared once per connection (sqlx's statement cache), and all a data request reads comes
//! back in one statement: the client with the Item behind its access token and that Item's account forms, or
//! the client with a processor token, its Item and its account's form. Nothing is cached between requests:
//! each read sees the last committed write of any instance. The SQL text and the row mappings are the
//! constants and functions the `Any` and SQLite paths use; writes and everything else stay on the `Any` pool.

use std::sync::LazyLock;
use std::time::Duration;

use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};

use super::clients::{CLIENT_BY_ID, CLIENT_SELECT, client_from_row};
use super::codec::{Columns, Prefixed, from_json};
use super::items::{
    ACCOUNT_OF_ITEM, ACCOUNTS_OF_ITEM, ITEM_BY_ACCESS_TOKEN, ITEM_BY_ID, ItemRow,
    PROCESSOR_TOKEN_PREFIX, PROCESSOR_TOKEN_WITH_ITEM, ProcessorTokenRow, form_columns,
    form_from_row, item_from_row, processor_form_sql, processor_token_and_form,
};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ClientRecord, ItemRecord, ServedAccount};
use crate::store::error::StoreError;
use crate::store::records::{ClientWith, ItemForms, ProcessorForm, ProcessorTokenRecord};
use crate::wire::served::FormShape;

/// The prefix of the client's columns where they share a row with an Item's (which has a `client_id` and a
/// `created_at` too).
const CLIENT_PREFIX: &str = "c_";

/// The client's columns, prefixed, for a statement that reads the client with what a token reaches.
static CLIENT_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    CLIENT_SELECT
        .split(',')
        .map(str::trim)
        .map(|column| format!("c.{column} AS {CLIENT_PREFIX}{column}"))
        .collect::<Vec<_>>()
        .join(", ")
});

/// `$1`: the access token's hash, `$2`: the client id. One row, with null Item columns when the token reaches
/// none of the client's Items; no row when the client does not exist. The client row is read whatever the
/// token: whether it authenticates is decided in Rust, in constant time.
static CLIENT_WITH_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {}, x.* FROM clients c LEFT JOIN ({ITEM_BY_ACCESS_TOKEN}) x ON true WHERE c.client_id = $2",
        *CLIENT_COLUMNS
    )
});

/// [`CLIENT_WITH_ITEM`] with the Item's account forms of one shape: one row per account, in the institution's
/// order (the client's and the Item's columns repeated), or one with null Item and form columns.
fn client_with_item_forms_sql(shape: FormShape) -> &'static str {
    static SQL: LazyLock<[String; 3]> = LazyLock::new(|| {
        [FormShape::Base, FormShape::Owners, FormShape::Rails].map(|shape| {
            let columns = form_columns(shape);
            format!(
                "SELECT {}, x.*, {columns} FROM clients c \
                 LEFT JOIN ({ITEM_BY_ACCESS_TOKEN}) x ON true \
                 LEFT JOIN accounts a ON a.item_id = x.item_id \
                 WHERE c.client_id = $2 ORDER BY a.position",
                *CLIENT_COLUMNS
            )
        })
    });
    &SQL[shape_index(shape)]
}

/// The client with what a processor token reaches and its account's form of one shape: `$1`, the token's hash,
/// `$2`, the client id. One row; null token columns when the token is unknown.
fn client_with_processor_form_sql(shape: FormShape) -> &'static str {
    static SQL: LazyLock<[String; 3]> = LazyLock::new(|| {
        [FormShape::Base, FormShape::Owners, FormShape::Rails].map(|shape| {
            format!(
                "SELECT {}, x.* FROM clients c LEFT JOIN ({}) x ON true WHERE c.client_id = $2",
                *CLIENT_COLUMNS,
                processor_form_sql(shape)
            )
        })
    });
    &SQL[shape_index(shape)]
}

fn shape_index(shape: FormShape) -> usize {
    match shape {
        FormShape::Base => 0,
        FormShape::Owners => 1,
        FormShape::Rails => 2,
    }
}

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
    ) -> Result<ClientWith<ItemRecord>, StoreError> {
        let row = sqlx::query(CLIENT_WITH_ITEM.as_str())
            .bind(access_token.as_str())
            .bind(client_id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok((None, None));
        };
        let client = client_from_row(&Prefixed(&row, CLIENT_PREFIX))?;
        // Null Item columns: the token reaches no Item of this client.
        let item = item_from_row(has_item(&row)?.then_some(&row))?;
        Ok((Some(client), item))
    }

    /// The client, and the Item `access_token` reaches for it with its account forms of `shape`: all a data
    /// request reads, in one statement.
    pub async fn client_with_item_forms(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ItemForms>, StoreError> {
        let rows = sqlx::query(client_with_item_forms_sql(shape))
            .bind(access_token.as_str())
            .bind(client_id.as_str())
            .fetch_all(&self.pool)
            .await?;
        let Some(first) = rows.first() else {
            return Ok((None, None));
        };
        let client = client_from_row(&Prefixed(first, CLIENT_PREFIX))?;
        if !has_item(first)? {
            return Ok((Some(client), None));
        }
        let item = ItemRow::read(first)?.into_item()?;
        let mut forms = Vec::with_capacity(rows.len());
        for row in &rows {
            // An Item without accounts: one row with null form columns.
            if row.try_get::<Option<&str>, _>("account_id")?.is_some() {
                forms.push(form_from_row(row, shape)?);
            }
        }
        Ok((Some(client), Some((item, forms))))
    }

    /// The client, and what a processor token reaches with its account's form of `shape`, in one statement.
    pub async fn client_with_processor_form(
        &self,
        client_id: &ClientId,
        token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ProcessorForm>, StoreError> {
        let row = sqlx::query(client_with_processor_form_sql(shape))
            .bind(token.as_str())
            .bind(client_id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok((None, None));
        };
        let client = client_from_row(&Prefixed(&row, CLIENT_PREFIX))?;
        if !has_item(&row)? {
            return Ok((Some(client), None));
        }
        Ok((Some(client), Some(processor_token_and_form(&row, shape)?)))
    }

    pub async fn item(&self, item_id: &str) -> Result<Option<ItemRecord>, StoreError> {
        self.item_row(ITEM_BY_ID, &[item_id]).await
    }

    pub async fn item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        self.item_row(
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
        let row = sqlx::query(PROCESSOR_TOKEN_WITH_ITEM)
            .bind(token.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let found = ProcessorTokenRow::read(&Prefixed(&row, PROCESSOR_TOKEN_PREFIX))?;
        let account = if with_account {
            row.try_get::<Option<&str>, _>("pt_account_data")?
                .map(from_json)
                .transpose()?
        } else {
            None
        };
        let item = ItemRow::read(&row)?.into_item()?;
        Ok(Some((found.with_item(item)?, account)))
    }

    async fn item_row(
        &self,
        sql: &str,
        parameters: &[&str],
    ) -> Result<Option<ItemRecord>, StoreError> {
        let mut query = sqlx::query(sql);
        for parameter in parameters {
            query = query.bind(*parameter);
        }
        let row = query.fetch_optional(&self.pool).await?;
        item_from_row(row.as_ref())
    }
}

/// Whether a row joined to an item query has the Item (its columns are null when nothing was found).
fn has_item(row: &PgRow) -> Result<bool, StoreError> {
    Ok(row.try_get::<Option<&str>, _>("item_id")?.is_some())
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
