//! The hot reads on an SQLite file, on `rusqlite` connections of their own, called inline.
//!
//! sqlx runs every SQLite statement on a worker thread per connection and hands rows back over a channel: two
//! thread switches per statement, which profiling showed to be most of a data request's cost (futex wake-ups
//! and task switches, 30–40 % of CPU). These reads run on the calling thread instead. That is safe to do on an
//! async worker because they are short indexed lookups and, in WAL mode, a reader never waits for the writer:
//! each read sees the last committed transaction, so a write through the pool is visible to the next read
//! here, as before. Writes, migrations and everything else still go through sqlx. The SQL text and the row
//! mappings are the same constants and functions the sqlx path uses.

use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::de::DeserializeOwned;

use super::clients::{CLIENT_BY_ID, client_from_row};
use super::codec::{NamedRow, column_names, from_json, sqlite_error};
use super::items::{
    ACCOUNT_OF_ITEM, ACCOUNTS_OF_ITEM, ITEM_BY_ACCESS_TOKEN, ITEM_BY_ID, ItemRow, PROCESSOR_TOKEN,
    ProcessorTokenRow, form_from_row, forms_of_item_sql, processor_form_sql,
    processor_token_and_form,
};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ClientRecord, ItemRecord};
use crate::store::error::StoreError;
use crate::store::records::{ClientWith, ItemForms, ProcessorForm, ProcessorTokenRecord};
use crate::wire::served::{AccountForm, FormShape};

/// Idle read connections, opened on demand and kept up to a bound.
pub struct SqliteReads {
    path: String,
    idle: Mutex<Vec<Connection>>,
    max_idle: usize,
}

impl SqliteReads {
    /// The read path for `sqlite:PATH`; `None` for an in-memory database (one connection is all it has).
    pub fn open(url: &str, max_idle: u32) -> Result<Option<Self>, StoreError> {
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Ok(None);
        }
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        let reads = Self {
            path,
            idle: Mutex::new(Vec::new()),
            max_idle: usize::try_from(max_idle).unwrap_or(1).max(1),
        };
        // Fail at start, not on the first request, if the file cannot be read.
        let connection = reads.connect()?;
        reads.give_back(connection);
        Ok(Some(reads))
    }

    fn connect(&self) -> Result<Connection, StoreError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite_error)?;
        // A checkpoint can hold the WAL index briefly; wait a little rather than fail.
        connection
            .busy_timeout(std::time::Duration::from_millis(200))
            .map_err(sqlite_error)?;
        Ok(connection)
    }

    fn give_back(&self, connection: Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.max_idle
        {
            idle.push(connection);
        }
    }

    fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let connection = match taken {
            Some(connection) => connection,
            None => self.connect()?,
        };
        let result = read(&connection);
        self.give_back(connection);
        result
    }

    /// Runs `read`'s statements in one read transaction. Each transaction takes and releases SQLite's shared
    /// locks (about six `fcntl` calls, `strace`); statements run one by one in autocommit would pay that each.
    fn in_transaction<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with(|connection| {
            run_cached(connection, "BEGIN")?;
            let result = read(connection);
            // Read-only: ending it either way releases the locks; a failed end leaves nothing to undo.
            let ended = run_cached(
                connection,
                if result.is_ok() { "COMMIT" } else { "ROLLBACK" },
            );
            let value = result?;
            ended?;
            Ok(value)
        })
    }

    pub fn client(&self, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
        self.with(|connection| client_in(connection, client_id))
    }

    pub fn item(&self, item_id: &str) -> Result<Option<ItemRecord>, StoreError> {
        self.with(|connection| item_row(connection, ITEM_BY_ID, &[item_id]))
    }

    pub fn item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        self.with(|connection| {
            item_row(
                connection,
                ITEM_BY_ACCESS_TOKEN,
                &[access_token.as_str(), client_id.as_str()],
            )
        })
    }

    /// The Item's accounts, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`]. The JSON is parsed straight
    /// from SQLite's row buffer, without copying it into a `String` first.
    pub fn accounts<A: DeserializeOwned>(&self, item_id: &str) -> Result<Vec<A>, StoreError> {
        self.with(|connection| {
            let mut statement = connection
                .prepare_cached(ACCOUNTS_OF_ITEM)
                .map_err(sqlite_error)?;
            let mut rows = statement.query([item_id]).map_err(sqlite_error)?;
            let mut accounts = Vec::new();
            while let Some(row) = rows.next().map_err(sqlite_error)? {
                accounts.push(json_column(row)?);
            }
            Ok(accounts)
        })
    }

    /// One account of the Item, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`].
    pub fn account<A: DeserializeOwned>(
        &self,
        item_id: &str,
        account_id: &str,
    ) -> Result<Option<A>, StoreError> {
        self.with(|connection| {
            let mut statement = connection
                .prepare_cached(ACCOUNT_OF_ITEM)
                .map_err(sqlite_error)?;
            let mut rows = statement
                .query([item_id, account_id])
                .map_err(sqlite_error)?;
            match rows.next().map_err(sqlite_error)? {
                Some(row) => json_column(row).map(Some),
                None => Ok(None),
            }
        })
    }

    /// The client, and the Item an access token of that client reaches with its account forms of `shape`: all
    /// a data request reads, in one read transaction (one cycle of SQLite's locks). Nothing past the client
    /// when there is none.
    pub fn client_with_item_forms(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ItemForms>, StoreError> {
        self.in_transaction(|connection| {
            let Some(client) = client_in(connection, client_id.as_str())? else {
                return Ok((None, None));
            };
            let item = item_row(
                connection,
                ITEM_BY_ACCESS_TOKEN,
                &[access_token.as_str(), client_id.as_str()],
            )?;
            let Some(item) = item else {
                return Ok((Some(client), None));
            };
            let forms = forms_of_item(connection, item.item_id.as_str(), shape)?;
            Ok((Some(client), Some((item, forms))))
        })
    }

    /// The client, and what a processor token reaches with its account's form of `shape`, in one read
    /// transaction.
    pub fn client_with_processor_form(
        &self,
        client_id: &ClientId,
        token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ProcessorForm>, StoreError> {
        self.in_transaction(|connection| {
            let Some(client) = client_in(connection, client_id.as_str())? else {
                return Ok((None, None));
            };
            let mut statement = connection
                .prepare_cached(processor_form_sql(shape))
                .map_err(sqlite_error)?;
            let names = column_names(&statement);
            let mut rows = statement.query([token.as_str()]).map_err(sqlite_error)?;
            let found = match rows.next().map_err(sqlite_error)? {
                Some(row) => Some(processor_token_and_form(
                    &NamedRow::new(row, &names),
                    shape,
                )?),
                None => None,
            };
            Ok((Some(client), found))
        })
    }

    pub fn processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError> {
        self.in_transaction(|connection| processor_token_in(connection, token))
    }
}

fn processor_token_in(
    connection: &Connection,
    token: &SecretHash,
) -> Result<Option<ProcessorTokenRecord>, StoreError> {
    let mut statement = connection
        .prepare_cached(PROCESSOR_TOKEN)
        .map_err(sqlite_error)?;
    let names = column_names(&statement);
    let found = statement
        .query_row([token.as_str()], |row| {
            Ok(ProcessorTokenRow::read(&NamedRow::new(row, &names)))
        })
        .optional()
        .map_err(sqlite_error)?
        .transpose()?;
    let Some(found) = found else {
        return Ok(None);
    };
    match item_row(connection, ITEM_BY_ID, &[found.item_id.as_str()])? {
        Some(item) => found.with_item(item).map(Some),
        None => Ok(None),
    }
}

fn client_in(connection: &Connection, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
    let mut statement = connection
        .prepare_cached(CLIENT_BY_ID)
        .map_err(sqlite_error)?;
    let names = column_names(&statement);
    statement
        .query_row([client_id], |row| {
            Ok(client_from_row(&NamedRow::new(row, &names)))
        })
        .optional()
        .map_err(sqlite_error)?
        .transpose()
}

fn forms_of_item(
    connection: &Connection,
    item_id: &str,
    shape: FormShape,
) -> Result<Vec<AccountForm>, StoreError> {
    let mut statement = connection
        .prepare_cached(forms_of_item_sql(shape))
        .map_err(sqlite_error)?;
    let names = column_names(&statement);
    let mut rows = statement.query([item_id]).map_err(sqlite_error)?;
    let mut forms = Vec::new();
    while let Some(row) = rows.next().map_err(sqlite_error)? {
        forms.push(form_from_row(&NamedRow::new(row, &names), shape)?);
    }
    Ok(forms)
}

fn run_cached(connection: &Connection, sql: &str) -> Result<(), StoreError> {
    connection
        .prepare_cached(sql)
        .and_then(|mut statement| statement.execute([]))
        .map(drop)
        .map_err(sqlite_error)
}

/// The row's first column, JSON text, parsed where SQLite holds it.
fn json_column<A: DeserializeOwned>(row: &rusqlite::Row<'_>) -> Result<A, StoreError> {
    let text = row
        .get_ref(0)
        .and_then(|value| value.as_str().map_err(rusqlite::Error::from))
        .map_err(sqlite_error)?;
    from_json(text)
}

fn item_row(
    connection: &Connection,
    sql: &str,
    parameters: &[&str],
) -> Result<Option<ItemRecord>, StoreError> {
    let mut statement = connection.prepare_cached(sql).map_err(sqlite_error)?;
    let names = column_names(&statement);
    let mut rows = statement
        .query(rusqlite::params_from_iter(parameters))
        .map_err(sqlite_error)?;
    match rows.next().map_err(sqlite_error)? {
        Some(row) => ItemRow::read(&NamedRow::new(row, &names))?
            .into_item()
            .map(Some),
        None => Ok(None),
    }
}
