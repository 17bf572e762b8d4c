//! The hot reads on PostgreSQL, on typed connections of their own ([`PgConnections`]).
//!
//! Through sqlx's `Any` driver every statement pays a conversion of each row into `Any`'s values, and a data
//! request made three round trips (client, Item, accounts). Here the statements run on native PostgreSQL
//! connections, prepared once per connection (sqlx's statement cache), and all a data request reads comes
//! back in one statement and one row: the client with the Item behind its access token and that Item's account
//! forms (aggregated into one array), or the client with a processor token, its Item and its account's form. A
//! statement is one round trip: the connections are not pinged before and after each use (see
//! [`PgConnections`]). The SQL text and the row mappings are the constants and functions the `Any` and SQLite
//! paths use; writes and everything else stay on the `Any` pool.
//!
//! # The read model
//!
//! The two reads of a data request ([`PgReads::client_with_item_forms`],
//! [`PgReads::client_with_processor_form`]) answer from a [`ReadModel`] when the database is still in the
//! snapshot the answer was read in. Each of their statements also returns `pg_current_snapshot()::text`: the
//! function renders the statement's own active snapshot (`GetActiveSnapshot()`, `xid8funcs.c`), the one every
//! scan of the statement reads with, so the answer and its tag are of one snapshot. A snapshot (xmin, xmax and
//! the transactions in progress below xmax) fixes exactly which transactions' effects are visible; when any
//! transaction that wrote ends (commits or aborts; read-only ones have no transaction id), every later
//! snapshot differs from every earlier one (it leaves the in-progress list, or xmax moves past it), and none
//! ever comes back (xmax never goes back, and below a given xmax the list only shrinks; the ids are 64 bits).
//! Two snapshots with the same text therefore see the same data, and a query that reads only data (no clock,
//! no sequence) gives the same answer in both.
//!
//! A hit is a check, `SELECT pg_current_snapshot()::text`, whose result equals the answer's tag. That
//! statement begins after the request did, so its snapshot includes every write committed before, on any
//! instance (a commit is visible to every snapshot taken after it returned); an equal tag means the answer's
//! snapshot includes them too. Any check begun after the request began will do, not only the request's own:
//! requests that wait at the same time share one ([`SharedCheck`]), so under load a round trip answers many.
//! Otherwise the statement reads again (a miss). The model holds the answers of
//! one snapshot only, the last one a read or a check saw, so an entry whose snapshot is known to be gone is
//! never checked (that would cost two round trips); that rule only ever causes misses, never a hit. An answer
//! without a row (no such client) is not kept: it has no snapshot to be checked against.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use sqlx::postgres::{PgRow, PgValueFormat};
use sqlx::{Row, ValueRef};

use super::pg_arrays::text_rows;
use super::pg_connections::{PgConnections, is_closed_connection};
use super::read_model::{Answer, Key, Kind, ReadModel};
use super::shared_check::SharedCheck;

use super::clients::{CLIENT_BY_ID, CLIENT_SELECT, client_from_row};
use super::codec::{Columns, Prefixed, from_json};
use super::items::{
    ACCOUNT_OF_ITEM, ACCOUNTS_OF_ITEM, ITEM_BY_ACCESS_TOKEN, ITEM_BY_ID, ItemRow,
    PG_PROCESSOR_TOKEN_WITH_ITEM, PROCESSOR_TOKEN_PREFIX, ProcessorTokenRow, form_column_names,
    form_from_row, item_from_row, processor_form_sql, processor_token_and_form,
};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ClientRecord, ItemRecord, ServedAccount};
use crate::store::error::StoreError;
use crate::store::records::{
    ClientWith, ItemForms, ProcessorForm, ProcessorTokenRecord, ReadModelCounts,
};
use crate::wire::served::{AccountForm, FormShape};

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

/// [`CLIENT_WITH_ITEM`] with the Item's account forms of one shape, aggregated into the same row: one
/// two-dimensional `text[]` ([`FORMS`]), a row per account in the institution's order holding the form columns
/// in [`form_column_names`]'s order, null when the Item has no accounts. One row per account would repeat the
/// client's and the Item's columns on every row; one `array_agg(… ORDER BY position)` per column (as before)
/// made PostgreSQL sort the accounts once per column, about 20 µs of its CPU a column (a third of the statement
/// for the eight columns of [`FormShape::Rails`]; `docs/performance.md`).
fn client_with_item_forms_sql(shape: FormShape) -> &'static str {
    static SQL: LazyLock<[String; 3]> = LazyLock::new(|| {
        [FormShape::Base, FormShape::Owners, FormShape::Rails].map(|shape| {
            let columns = form_column_names(shape)
                .iter()
                .map(|(expression, _)| *expression)
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "SELECT {}, x.*, f.{FORMS}, {SNAPSHOT} FROM clients c \
                 LEFT JOIN ({ITEM_BY_ACCESS_TOKEN}) x ON true \
                 LEFT JOIN LATERAL (SELECT array_agg(ARRAY[{columns}] ORDER BY a.position) AS {FORMS} \
                 FROM accounts a WHERE a.item_id = x.item_id) f ON true \
                 WHERE c.client_id = $2",
                *CLIENT_COLUMNS
            )
        })
    });
    &SQL[shape_index(shape)]
}

/// The column of [`client_with_item_forms_sql`] that holds the account forms.
const FORMS: &str = "account_forms";

/// The snapshot a statement of the data requests read in, as text (see the module's documentation).
const SNAPSHOT: &str = "pg_current_snapshot()::text AS read_snapshot";
const SNAPSHOT_COLUMN: &str = "read_snapshot";
/// The snapshot the database is in now.
const CURRENT_SNAPSHOT: &str = "SELECT pg_current_snapshot()::text";

/// The client with what a processor token reaches and its account's form of one shape: `$1`, the token's hash,
/// `$2`, the client id. One row; null token columns when the token is unknown.
fn client_with_processor_form_sql(shape: FormShape) -> &'static str {
    static SQL: LazyLock<[String; 3]> = LazyLock::new(|| {
        [FormShape::Base, FormShape::Owners, FormShape::Rails].map(|shape| {
            format!(
                "SELECT {}, x.*, {SNAPSHOT} FROM clients c LEFT JOIN ({}) x ON true WHERE c.client_id = $2",
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
    connections: PgConnections,
    /// The data requests' answers, checked against the current snapshot (see the module's documentation);
    /// `None` when the operator turned it off.
    model: Option<ReadModel<Option<Arc<str>>>>,
    /// The hits' checks of the current snapshot, shared by the requests that wait for one at the same time.
    snapshot_checks: SharedCheck<Arc<str>>,
}

impl PgReads {
    /// Connections of their own next to the `Any` pool; they open on demand, up to `max_connections`.
    pub async fn open(
        url: &str,
        max_connections: u32,
        timeout: Duration,
        read_model: bool,
    ) -> Result<Self, StoreError> {
        Ok(Self {
            connections: PgConnections::open(url, max_connections, timeout).await?,
            model: read_model.then(|| ReadModel::new(None)),
            snapshot_checks: SharedCheck::new(),
        })
    }

    /// The read model's hits and misses, if it is on.
    pub fn read_model_counts(&self) -> Option<ReadModelCounts> {
        self.model.as_ref().map(ReadModel::counts)
    }

    /// Empties the read model (an idle server gives its memory back).
    pub fn release_idle_memory(&self) {
        if let Some(model) = &self.model {
            model.clear();
        }
    }

    /// The answer to `key` from the read model if the database is still in the snapshot it was read in, else
    /// read by `read` (which returns the answer and the snapshot it was read in) and kept.
    async fn modelled(
        &self,
        model: &ReadModel<Option<Arc<str>>>,
        key: &Key<'_>,
        read: impl AsyncFnOnce() -> Result<(Answer, Option<String>), StoreError>,
    ) -> Result<Arc<Answer>, StoreError> {
        if let Some((read_in, answer)) = model.find(key) {
            let now = self
                .snapshot_checks
                .begun_after_now(|| async {
                    model.count_check();
                    self.current_snapshot()
                        .await
                        .inspect_err(
                            |error| tracing::warn!(%error, "cannot check the current snapshot"),
                        )
                        .ok()
                })
                .await;
            // A failed check is no hit: the read below reports what failed.
            if let Some(now) = now {
                if *now == *read_in {
                    model.count_hit();
                    return Ok(answer);
                }
                model.moved_to(&now);
            }
        }
        model.count_miss();
        let (answer, read_in) = read().await?;
        let answer = Arc::new(answer);
        if let Some(read_in) = read_in {
            model.insert_read_in(&read_in, key, Arc::clone(&answer));
        }
        Ok(answer)
    }

    /// The snapshot a statement begun now reads in.
    async fn current_snapshot(&self) -> Result<Arc<str>, StoreError> {
        let row = self
            .fetch_optional(CURRENT_SNAPSHOT, &[])
            .await?
            .ok_or_else(|| StoreError::Corrupt("no current snapshot".into()))?;
        Ok(row.try_get::<&str, _>(0)?.into())
    }

    pub async fn client(&self, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
        self.fetch_optional(CLIENT_BY_ID, &[client_id])
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
        self.client_with(CLIENT_WITH_ITEM.as_str(), client_id, access_token, |row| {
            ItemRow::read(row)?.into_item()
        })
        .await
    }

    /// The client, and the Item `access_token` reaches for it with its account forms of `shape`: all a data
    /// request reads, in one statement and one row.
    pub async fn client_with_item_forms(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ItemForms>, StoreError> {
        let sql = client_with_item_forms_sql(shape);
        let read = || {
            self.client_with_snapshot(sql, client_id, access_token, |row| {
                let item = ItemRow::read(row)?.into_item()?;
                Ok((item, FormArrays::read(row, shape)?.forms(shape)?))
            })
        };
        let Some(model) = &self.model else {
            return Ok(read().await?.0);
        };
        let key = Key {
            kind: Kind::ItemForms,
            client_id,
            token: access_token,
            shape,
        };
        self.modelled(model, &key, async || {
            let (answer, snapshot) = read().await?;
            Ok((Answer::ItemForms(answer), snapshot))
        })
        .await?
        .item_forms()
    }

    /// The client, and what a processor token reaches with its account's form of `shape`, in one statement.
    pub async fn client_with_processor_form(
        &self,
        client_id: &ClientId,
        token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ProcessorForm>, StoreError> {
        let sql = client_with_processor_form_sql(shape);
        let read = || {
            self.client_with_snapshot(sql, client_id, token, |row| {
                processor_token_and_form(row, shape)
            })
        };
        let Some(model) = &self.model else {
            return Ok(read().await?.0);
        };
        let key = Key {
            kind: Kind::ProcessorForm,
            client_id,
            token,
            shape,
        };
        self.modelled(model, &key, async || {
            let (answer, snapshot) = read().await?;
            Ok((Answer::ProcessorForm(answer), snapshot))
        })
        .await?
        .processor_form()
    }

    /// Runs one of the statements that read the client (`$2`) with what a token (`$1`) reaches, and maps its
    /// one row: no row when the client does not exist; null Item columns when the token reaches nothing of
    /// this client, else `reached` reads it.
    async fn client_with<T>(
        &self,
        sql: &str,
        client_id: &ClientId,
        token: &SecretHash,
        reached: impl FnOnce(&PgRow) -> Result<T, StoreError>,
    ) -> Result<ClientWith<T>, StoreError> {
        let row = self
            .fetch_optional(sql, &[token.as_str(), client_id.as_str()])
            .await?;
        client_with_row(row, reached)
    }

    /// [`PgReads::client_with`] for a statement that also returns the snapshot it read in ([`SNAPSHOT`]): the
    /// answer, and that snapshot (`None` without a row).
    async fn client_with_snapshot<T>(
        &self,
        sql: &str,
        client_id: &ClientId,
        token: &SecretHash,
        reached: impl FnOnce(&PgRow) -> Result<T, StoreError>,
    ) -> Result<(ClientWith<T>, Option<String>), StoreError> {
        let row = self
            .fetch_optional(sql, &[token.as_str(), client_id.as_str()])
            .await?;
        let snapshot = row
            .as_ref()
            .map(|row| row.try_get::<String, _>(SNAPSHOT_COLUMN))
            .transpose()?;
        Ok((client_with_row(row, reached)?, snapshot))
    }

    pub async fn item(&self, item_id: &str) -> Result<Option<ItemRecord>, StoreError> {
        let row = self.fetch_optional(ITEM_BY_ID, &[item_id]).await?;
        item_from_row(row.as_ref())
    }

    pub async fn item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        let parameters = [access_token.as_str(), client_id.as_str()];
        let row = self
            .fetch_optional(ITEM_BY_ACCESS_TOKEN, &parameters)
            .await?;
        item_from_row(row.as_ref())
    }

    /// The Item's accounts, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`], parsed from the
    /// row's buffer without copying the JSON into a `String` first.
    pub async fn accounts<A: DeserializeOwned>(&self, item_id: &str) -> Result<Vec<A>, StoreError> {
        let rows = self.fetch_all(ACCOUNTS_OF_ITEM, &[item_id]).await?;
        rows.iter().map(json_column).collect()
    }

    /// One account of the Item, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`].
    pub async fn account<A: DeserializeOwned>(
        &self,
        item_id: &str,
        account_id: &str,
    ) -> Result<Option<A>, StoreError> {
        self.fetch_optional(ACCOUNT_OF_ITEM, &[item_id, account_id])
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
        let row = self
            .fetch_optional(PG_PROCESSOR_TOKEN_WITH_ITEM, &[token.as_str()])
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

    /// The row `sql` reads with `parameters` (`$1`, `$2`, … in order), if there is one.
    async fn fetch_optional(
        &self,
        sql: &str,
        parameters: &[&str],
    ) -> Result<Option<PgRow>, StoreError> {
        Ok(self.fetch_all(sql, parameters).await?.into_iter().next())
    }

    /// The rows `sql` reads with `parameters`, on a leased connection; once more on a new connection when the
    /// pool's connection turns out closed (the reads are idempotent).
    async fn fetch_all(&self, sql: &str, parameters: &[&str]) -> Result<Vec<PgRow>, StoreError> {
        let mut fresh = false;
        loop {
            let mut lease = self.connections.lease(fresh).await?;
            let query = parameters
                .iter()
                .fold(sqlx::query(sql), |query, parameter| query.bind(*parameter));
            match query.fetch_all(lease.connection()).await {
                Ok(rows) => {
                    lease.release();
                    return Ok(rows);
                }
                // The lease closes its connection in every failing case.
                Err(error) if lease.reused() && !fresh && is_closed_connection(&error) => {
                    tracing::info!(%error, "an idle PostgreSQL connection was closed; reconnecting");
                    fresh = true;
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
}

/// An Item's account forms as [`client_with_item_forms_sql`] aggregates them: a row of form columns (named as
/// [`form_column_names`] names them, in its order) per account, in the institution's order.
struct FormArrays {
    names: &'static [(&'static str, &'static str)],
    accounts: Vec<Vec<Option<String>>>,
}

impl FormArrays {
    fn read(row: &PgRow, shape: FormShape) -> Result<Self, StoreError> {
        let names = form_column_names(shape);
        let value = row.try_get_raw(FORMS)?;
        // Null: the Item has no accounts.
        let accounts = if value.is_null() {
            Vec::new()
        } else if value.format() != PgValueFormat::Binary {
            return Err(StoreError::Corrupt(
                "account forms not in the binary format".into(),
            ));
        } else {
            let bytes = value
                .as_bytes()
                .map_err(|error| StoreError::Corrupt(format!("account forms: {error}")))?;
            text_rows(bytes, names.len())?
        };
        Ok(Self { names, accounts })
    }

    fn forms(&self, shape: FormShape) -> Result<Vec<AccountForm>, StoreError> {
        (0..self.accounts.len())
            .map(|account| {
                form_from_row(
                    &FormAt {
                        arrays: self,
                        account,
                    },
                    shape,
                )
            })
            .collect()
    }
}

/// One account's form columns in [`FormArrays`], read as a row.
struct FormAt<'a> {
    arrays: &'a FormArrays,
    account: usize,
}

impl Columns for FormAt<'_> {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.optional_text(column)?
            .ok_or_else(|| StoreError::Corrupt(format!("{column} is null")))
    }

    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        let index = self
            .arrays
            .names
            .iter()
            .position(|&(_, name)| name == column)
            .ok_or_else(|| StoreError::Corrupt(format!("no form column {column}")))?;
        Ok(self
            .arrays
            .accounts
            .get(self.account)
            .and_then(|values| values.get(index))
            .cloned()
            .flatten())
    }

    fn integer(&self, column: &str) -> Result<i64, StoreError> {
        Err(StoreError::Corrupt(format!(
            "form column {column} is not an integer"
        )))
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.integer(column).map(Some)
    }
}

/// The client of a row that reads it with what a token reaches (no row: no such client), and what the token
/// reaches, read by `reached` unless the Item columns are null.
fn client_with_row<T>(
    row: Option<PgRow>,
    reached: impl FnOnce(&PgRow) -> Result<T, StoreError>,
) -> Result<ClientWith<T>, StoreError> {
    let Some(row) = row else {
        return Ok((None, None));
    };
    let client = client_from_row(&Prefixed(&row, CLIENT_PREFIX))?;
    let reached = if has_item(&row)? {
        Some(reached(&row)?)
    } else {
        None
    };
    Ok((Some(client), reached))
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

#[cfg(test)]
mod tests {
    use sqlx::{Connection, PgConnection};

    use super::*;

    /// A server restart closes the idle connections: the next read runs again on a new connection instead of
    /// failing.
    #[tokio::test]
    async fn a_read_on_a_connection_the_server_closed_runs_on_a_new_one() {
        let Ok(url) = std::env::var("TARTAN_TEST_POSTGRES_URL") else {
            return;
        };
        let reads = PgReads::open(&url, 2, Duration::from_secs(10), true)
            .await
            .unwrap();
        let backend = async || -> i32 {
            let rows = reads
                .fetch_all("SELECT pg_backend_pid()", &[])
                .await
                .unwrap();
            rows[0].try_get(0).unwrap()
        };
        let first = backend().await;
        assert_eq!(backend().await, first, "the idle connection is reused");
        let mut other = PgConnection::connect(&url).await.unwrap();
        sqlx::query("SELECT pg_terminate_backend($1)")
            .bind(first)
            .execute(&mut other)
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_ne!(backend().await, first);
    }
}
