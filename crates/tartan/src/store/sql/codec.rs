//! Conversions between domain values and the columns both backends share.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::store::error::StoreError;

/// Times are stored as unix milliseconds: portable and comparable on both backends.
pub fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

pub fn from_millis(value: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(value)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {value}")))
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// Reading a row by column name, the same for sqlx's rows and rusqlite's (the SQLite read path), so each row
/// is mapped to a domain value in one place.
pub trait Columns {
    fn text(&self, column: &str) -> Result<String, StoreError>;
    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError>;
    fn integer(&self, column: &str) -> Result<i64, StoreError>;
    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError>;
}

impl Columns for AnyRow {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        Ok(self.try_get(column)?)
    }

    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(column)?)
    }

    fn integer(&self, column: &str) -> Result<i64, StoreError> {
        Ok(self.try_get(column)?)
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.try_get(column)?)
    }
}

/// A row's columns named with a prefix, read by their unprefixed names (where a statement returns two records
/// with columns of the same name, one of them prefixed).
pub struct Prefixed<'r, C>(pub &'r C, pub &'static str);

/// Room for a prefixed column name on the stack: the names the statements use are far shorter.
const PREFIXED_NAME_ROOM: usize = 64;

impl<C> Prefixed<'_, C> {
    /// Calls `read` with the prefixed name, built on the stack: a `format!` per lookup was an allocation each
    /// (≈ 1k instructions a column on the processor routes, callgrind). Longer names fall back to the heap.
    fn named<T>(&self, column: &str, read: impl FnOnce(&str) -> T) -> T {
        let prefix = self.1.as_bytes();
        let length = prefix.len() + column.len();
        if length > PREFIXED_NAME_ROOM {
            return read(&format!("{}{column}", self.1));
        }
        let mut room = [0_u8; PREFIXED_NAME_ROOM];
        room[..prefix.len()].copy_from_slice(prefix);
        room[prefix.len()..length].copy_from_slice(column.as_bytes());
        // Two `str`s one after the other are UTF-8; the check cannot fail.
        read(std::str::from_utf8(&room[..length]).unwrap_or_default())
    }
}

impl<C: Columns> Columns for Prefixed<'_, C> {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.named(column, |name| self.0.text(name))
    }

    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.named(column, |name| self.0.optional_text(name))
    }

    fn integer(&self, column: &str) -> Result<i64, StoreError> {
        self.named(column, |name| self.0.integer(name))
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.named(column, |name| self.0.optional_integer(name))
    }
}

/// The column names of a prepared statement, read once per query for [`NamedRow`].
pub fn column_names(statement: &rusqlite::Statement<'_>) -> Vec<String> {
    statement
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// A `rusqlite` row read by column name through its statement's names, looked up once per connection
/// (`sqlite_reads`): rusqlite's own by-name lookup asks SQLite for every column's name on every call (30 % of
/// `/identity/get`'s instructions, callgrind).
pub struct NamedRow<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    names: &'r [String],
    /// Where the next lookup starts: the mappings mostly read the columns in the statement's order, so the
    /// name asked for is usually the one after the last found.
    next: Cell<usize>,
}

impl<'r, 's> NamedRow<'r, 's> {
    pub fn new(row: &'r rusqlite::Row<'s>, names: &'r [String]) -> Self {
        Self {
            row,
            names,
            next: Cell::new(0),
        }
    }

    fn index(&self, column: &str) -> Option<usize> {
        // The statements name their columns as the mappings ask for them: an exact match is the rule (and a
        // cheap comparison); the case-insensitive one is SQL's own rule, kept as the fallback.
        let start = self.next.get().min(self.names.len());
        let found = (start..self.names.len())
            .chain(0..start)
            .find(|&index| self.names[index] == column)
            .or_else(|| {
                self.names
                    .iter()
                    .position(|name| name.eq_ignore_ascii_case(column))
            })?;
        self.next.set(found + 1);
        Some(found)
    }

    fn get<T: rusqlite::types::FromSql>(&self, column: &str) -> Result<T, StoreError> {
        let index = self
            .index(column)
            .ok_or_else(|| StoreError::Sqlite(format!("no column `{column}` in the row")))?;
        self.row.get(index).map_err(sqlite_error)
    }
}

impl Columns for NamedRow<'_, '_> {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.get(column)
    }

    fn optional_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.get(column)
    }

    fn integer(&self, column: &str) -> Result<i64, StoreError> {
        self.get(column)
    }

    fn optional_integer(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.get(column)
    }
}

pub fn sqlite_error(error: rusqlite::Error) -> StoreError {
    StoreError::Sqlite(error.to_string())
}
