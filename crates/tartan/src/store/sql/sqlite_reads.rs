//! The hot reads on an SQLite file, on `rusqlite` connections of their own, called inline.
//!
//! sqlx runs every SQLite statement on a worker thread per connection and hands rows back over a channel: two
//! thread switches per statement, which profiling showed to be most of a data request's cost (futex wake-ups
//! and task switches, 30–40 % of CPU). These reads run on the calling thread instead. That is safe to do on an
//! async worker because they are short indexed lookups and, in WAL mode, a reader never waits for the writer:
//! each read sees the last committed transaction, so a write through the pool is visible to the next read
//! here, as before. Writes, migrations and everything else still go through sqlx. The SQL text and the row
//! mappings are the same constants and functions the sqlx path uses.
//!
//! # The read model
//!
//! The two reads of a data request ([`SqliteReads::client_with_item_forms`],
//! [`SqliteReads::client_with_processor_form`]) answer from a [`ReadModel`] when the database has not changed
//! since the answer was read. Whether it has is asked of SQLite on every request: `PRAGMA data_version` on the
//! read connection returns a value that differs from the one the same connection returned before whenever any
//! *other* connection (of this process or another) committed in between; the read connections are read-only
//! and never commit themselves. Its values belong to one connection and are never compared across
//! connections. The rule:
//! 1. Each read connection remembers the value of its last check. A check that finds another value, or a
//!    connection's first check, moves the model to a new epoch and empties it.
//! 2. A read made after a check belongs to the epoch the model was in right after that check (taken under
//!    the model's lock); its answer is kept only if the model is still in that epoch when the read is done
//!    (compared under the lock).
//! 3. A hit is a check on the request's connection, then a lookup in the epoch that check left: no other
//!    statement.
//!
//! Why no answer older than a commit is served after it: let C be a commit that completed before a request
//! began, and R the connection the request checks on. R's first check that began after C (this one, or an
//! earlier one) moved the epoch on: either R's previous check came before C, and C's change of the WAL index
//! was noticed by R in between (by that check or by a read on R after its previous check: SQLite moves the
//! connection's data version whenever a read transaction finds the WAL changed), so the value differs; or it
//! was R's first check. Call that move M. An answer in the model at the lookup was kept in the epoch the
//! lookup sees, which is at least M's (epochs only grow, and every move empties the model): so its read
//! belongs to an epoch taken at or after M, hence its read transaction began after M, after C, and saw C.
//! Whatever was read before C was either emptied by M or refused by rule 2. A read that starts after a write
//! returned therefore sees the write, on this instance and on any other process on the same file.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, OpenFlags, Statement};
use serde::de::DeserializeOwned;

use super::clients::{CLIENT_BY_ID, client_from_row};
use super::codec::{NamedRow, column_names, from_json, sqlite_error};
use super::items::{
    ACCOUNT_OF_ITEM, ACCOUNTS_OF_ITEM, ITEM_BY_ACCESS_TOKEN, ITEM_BY_ID, ItemRow, PROCESSOR_TOKEN,
    ProcessorTokenRow, form_from_row, forms_of_item_sql, processor_form_sql,
    processor_token_and_form,
};
use super::read_model::{Answer, Key, Kind, ReadModel};
use crate::domain::tokens::SecretHash;
use crate::domain::{ClientId, ClientRecord, ItemRecord};
use crate::store::error::StoreError;
use crate::store::records::{
    ClientWith, ItemForms, ProcessorForm, ProcessorTokenRecord, ReadModelCounts,
};
use crate::wire::served::{AccountForm, FormShape};

/// How much of the database file a read connection maps (SQLite reads beyond it with `pread`): 1 TiB, the
/// ceiling `.cargo/config.toml` compiles SQLite with. Address space, not memory: only the pages a read touches
/// become resident, and they are the OS's file cache, shared with every other reader of the file.
const MMAP_SIZE: i64 = 1 << 40;

/// Idle read connections, opened on demand and kept up to a bound.
pub struct SqliteReads {
    path: String,
    /// The idle connections, one slot each, as many slots as the bound. A thread takes from and gives back to
    /// its own slot first ([`thread_index`]), so that in the steady state each async worker reuses the
    /// connection it used last: no lock on a cache line the workers share (where one `Mutex<Vec<Reader>>`,
    /// taken twice a read, was), and the connection's memory stays in that worker's CPU cache.
    idle: Box<[Slot]>,
    /// The data requests' answers, checked against `PRAGMA data_version` (see the module's documentation);
    /// `None` when the operator turned it off.
    model: Option<ReadModel<u64>>,
}

/// A read connection, with the column names of each statement it prepared. A statement's names follow from its
/// SQL text alone (every read names its columns), so they are read once per connection rather than copied into
/// `String`s on every query (≈ 30 allocations a data request, callgrind). No data is kept: rows are read anew.
struct Reader {
    connection: Connection,
    names: ColumnNames,
    /// `PRAGMA data_version` at this connection's last check; `None` before its first.
    seen_version: Option<i64>,
}

/// One idle connection's place, on a cache line of its own.
#[repr(align(128))]
#[derive(Default)]
struct Slot(Mutex<Option<Reader>>);

impl Slot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Reader>> {
        // A panic while a slot is held leaves it either empty or holding a whole connection.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A small number for the calling thread, the same on every call from it: where its idle slot is.
fn thread_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static INDEX: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    INDEX.with(|index| *index)
}

#[derive(Default)]
struct ColumnNames(Vec<(&'static str, Arc<[String]>)>);

impl ColumnNames {
    /// The names of `statement`, prepared from `sql`.
    fn of(&mut self, sql: &'static str, statement: &Statement<'_>) -> Arc<[String]> {
        // The same constant may sit at several addresses: the pointer is the fast check, the text the rule.
        let known = self.0.iter().find(|(known, _)| {
            (std::ptr::eq(known.as_ptr(), sql.as_ptr()) && known.len() == sql.len())
                || *known == sql
        });
        if let Some((_, names)) = known {
            return Arc::clone(names);
        }
        let names: Arc<[String]> = column_names(statement).into();
        self.0.push((sql, Arc::clone(&names)));
        names
    }
}

impl Reader {
    /// Prepares `sql` (from the connection's statement cache) and runs `read` on the statement and its names.
    fn prepared<T>(
        &mut self,
        sql: &'static str,
        read: impl FnOnce(&mut Statement<'_>, &[String]) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut statement = self.connection.prepare_cached(sql).map_err(sqlite_error)?;
        let names = self.names.of(sql, &statement);
        read(&mut statement, &names)
    }

    /// Whether another connection committed since this connection's last check (always on its first).
    fn database_changed(&mut self) -> Result<bool, StoreError> {
        let version: i64 = self
            .connection
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
            .map_err(sqlite_error)?;
        let changed = self.seen_version != Some(version);
        self.seen_version = Some(version);
        Ok(changed)
    }

    /// Runs `read`'s statements in one read transaction. Each transaction takes and releases SQLite's shared
    /// locks (about six `fcntl` calls, `strace`); statements run one by one in autocommit would pay that each.
    fn in_transaction<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        run_cached(&self.connection, "BEGIN")?;
        let result = read(self);
        // Read-only: ending it either way releases the locks; a failed end leaves nothing to undo.
        let ended = run_cached(
            &self.connection,
            if result.is_ok() { "COMMIT" } else { "ROLLBACK" },
        );
        let value = result?;
        ended?;
        Ok(value)
    }
}

impl SqliteReads {
    /// The read path for `sqlite:PATH`; `None` for an in-memory database (one connection is all it has).
    pub fn open(url: &str, max_idle: u32, read_model: bool) -> Result<Option<Self>, StoreError> {
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
        let slots = usize::try_from(max_idle).unwrap_or(1).max(1);
        let reads = Self {
            path,
            idle: (0..slots).map(|_| Slot::default()).collect(),
            model: read_model.then(|| ReadModel::new(0)),
        };
        // Fail at start, not on the first request, if the file cannot be read.
        let connection = reads.connect()?;
        reads.give_back(connection);
        Ok(Some(reads))
    }

    fn connect(&self) -> Result<Reader, StoreError> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite_error)?;
        // A checkpoint can hold the WAL index briefly; wait a little rather than fail.
        connection
            .busy_timeout(std::time::Duration::from_millis(200))
            .map_err(sqlite_error)?;
        // Pages are read through a memory map of the file rather than `pread` into each connection's page
        // cache: with the default 2 MB cache a database of a few hundred Items no longer fit, and every request
        // re-read about five pages (two system calls and a 4 KB copy each, `strace`).
        connection
            .pragma_update(None, "mmap_size", MMAP_SIZE)
            .map_err(sqlite_error)?;
        Ok(Reader {
            connection,
            names: ColumnNames::default(),
            seen_version: None,
        })
    }

    /// The read model's hits and misses, if it is on.
    pub fn read_model_counts(&self) -> Option<ReadModelCounts> {
        self.model.as_ref().map(ReadModel::counts)
    }

    /// Closes the idle connections, releasing their caches and mappings, and empties the read model; the next
    /// reads open new connections (whose first check starts a new epoch) and fill the model again.
    pub fn close_idle(&self) {
        if let Some(model) = &self.model {
            model.clear();
        }
        for slot in &self.idle {
            let closed = slot.lock().take();
            drop(closed);
        }
    }

    /// The slots, the calling thread's own first.
    fn slots(&self) -> impl Iterator<Item = &Slot> {
        let home = thread_index() % self.idle.len();
        self.idle[home..].iter().chain(&self.idle[..home])
    }

    /// An idle connection: the calling thread's own if it has one, else another thread's.
    fn take(&self) -> Option<Reader> {
        self.slots().find_map(|slot| slot.lock().take())
    }

    /// Keeps `connection` for the next read in the calling thread's slot, else in an empty one; closes it when
    /// every slot is full (the bound).
    fn give_back(&self, connection: Reader) {
        let mut connection = Some(connection);
        for slot in self.slots() {
            let mut idle = slot.lock();
            if idle.is_none() {
                *idle = connection.take();
                return;
            }
        }
        drop(connection);
    }

    fn with<T>(
        &self,
        read: impl FnOnce(&mut Reader) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let taken = self.take();
        let mut reader = match taken {
            Some(reader) => reader,
            None => self.connect()?,
        };
        let result = read(&mut reader);
        self.give_back(reader);
        result
    }

    /// [`Reader::in_transaction`] on an idle connection.
    fn in_transaction<T>(
        &self,
        read: impl FnOnce(&mut Reader) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with(|reader| reader.in_transaction(read))
    }

    /// The answer to `key`: from the read model when the database has not changed since it was read there,
    /// else read by `read` in one read transaction (and kept if no change was noticed meanwhile). See the
    /// module's documentation for why the answer is never older than the last commit before the call.
    fn modelled(
        &self,
        model: &ReadModel<u64>,
        key: &Key<'_>,
        read: impl FnOnce(&mut Reader) -> Result<Answer, StoreError>,
    ) -> Result<Arc<Answer>, StoreError> {
        self.with(|reader| {
            model.count_check();
            let changed = reader.database_changed()?;
            let (epoch, found) = model.after_check(changed, key);
            if let Some(answer) = found {
                model.count_hit();
                return Ok(answer);
            }
            model.count_miss();
            let answer = Arc::new(reader.in_transaction(read)?);
            model.insert_if_current(&epoch, key, Arc::clone(&answer));
            Ok(answer)
        })
    }

    pub fn client(&self, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
        self.with(|reader| client_in(reader, client_id))
    }

    pub fn item(&self, item_id: &str) -> Result<Option<ItemRecord>, StoreError> {
        self.with(|reader| item_row(reader, ITEM_BY_ID, &[item_id]))
    }

    pub fn item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError> {
        self.with(|reader| {
            item_row(
                reader,
                ITEM_BY_ACCESS_TOKEN,
                &[access_token.as_str(), client_id.as_str()],
            )
        })
    }

    /// The Item's accounts, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`]. The JSON is parsed straight
    /// from SQLite's row buffer, without copying it into a `String` first.
    pub fn accounts<A: DeserializeOwned>(&self, item_id: &str) -> Result<Vec<A>, StoreError> {
        self.with(|reader| {
            let mut statement = reader
                .connection
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
        self.with(|reader| {
            let mut statement = reader
                .connection
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
        let read = |reader: &mut Reader| {
            let Some(client) = client_in(reader, client_id.as_str())? else {
                return Ok((None, None));
            };
            let item = item_row(
                reader,
                ITEM_BY_ACCESS_TOKEN,
                &[access_token.as_str(), client_id.as_str()],
            )?;
            let Some(item) = item else {
                return Ok((Some(client), None));
            };
            let forms = forms_of_item(reader, item.item_id.as_str(), shape)?;
            Ok((Some(client), Some((item, forms))))
        };
        let Some(model) = &self.model else {
            return self.in_transaction(read);
        };
        let key = Key {
            kind: Kind::ItemForms,
            client_id,
            token: access_token,
            shape,
        };
        self.modelled(model, &key, |reader| read(reader).map(Answer::ItemForms))?
            .item_forms()
    }

    /// The client, and what a processor token reaches with its account's form of `shape`, in one read
    /// transaction.
    pub fn client_with_processor_form(
        &self,
        client_id: &ClientId,
        token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ProcessorForm>, StoreError> {
        let read = |reader: &mut Reader| {
            let Some(client) = client_in(reader, client_id.as_str())? else {
                return Ok((None, None));
            };
            let found = reader.prepared(processor_form_sql(shape), |statement, names| {
                let mut rows = statement.query([token.as_str()]).map_err(sqlite_error)?;
                match rows.next().map_err(sqlite_error)? {
                    Some(row) => {
                        processor_token_and_form(&NamedRow::new(row, names), shape).map(Some)
                    }
                    None => Ok(None),
                }
            })?;
            Ok((Some(client), found))
        };
        let Some(model) = &self.model else {
            return self.in_transaction(read);
        };
        let key = Key {
            kind: Kind::ProcessorForm,
            client_id,
            token,
            shape,
        };
        self.modelled(model, &key, |reader| {
            read(reader).map(Answer::ProcessorForm)
        })?
        .processor_form()
    }

    pub fn processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError> {
        self.in_transaction(|reader| processor_token_in(reader, token))
    }
}

fn processor_token_in(
    reader: &mut Reader,
    token: &SecretHash,
) -> Result<Option<ProcessorTokenRecord>, StoreError> {
    let found = reader.prepared(PROCESSOR_TOKEN, |statement, names| {
        let mut rows = statement.query([token.as_str()]).map_err(sqlite_error)?;
        match rows.next().map_err(sqlite_error)? {
            Some(row) => ProcessorTokenRow::read(&NamedRow::new(row, names)).map(Some),
            None => Ok(None),
        }
    })?;
    let Some(found) = found else {
        return Ok(None);
    };
    match item_row(reader, ITEM_BY_ID, &[found.item_id.as_str()])? {
        Some(item) => found.with_item(item).map(Some),
        None => Ok(None),
    }
}

fn client_in(reader: &mut Reader, client_id: &str) -> Result<Option<ClientRecord>, StoreError> {
    reader.prepared(CLIENT_BY_ID, |statement, names| {
        let mut rows = statement.query([client_id]).map_err(sqlite_error)?;
        match rows.next().map_err(sqlite_error)? {
            Some(row) => client_from_row(&NamedRow::new(row, names)).map(Some),
            None => Ok(None),
        }
    })
}

fn forms_of_item(
    reader: &mut Reader,
    item_id: &str,
    shape: FormShape,
) -> Result<Vec<AccountForm>, StoreError> {
    reader.prepared(forms_of_item_sql(shape), |statement, names| {
        let mut rows = statement.query([item_id]).map_err(sqlite_error)?;
        let mut forms = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            forms.push(form_from_row(&NamedRow::new(row, names), shape)?);
        }
        Ok(forms)
    })
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
    reader: &mut Reader,
    sql: &'static str,
    parameters: &[&str],
) -> Result<Option<ItemRecord>, StoreError> {
    reader.prepared(sql, |statement, names| {
        let mut rows = statement
            .query(rusqlite::params_from_iter(parameters))
            .map_err(sqlite_error)?;
        match rows.next().map_err(sqlite_error)? {
            Some(row) => ItemRow::read(&NamedRow::new(row, names))?
                .into_item()
                .map(Some),
            None => Ok(None),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idle_count(reads: &SqliteReads) -> usize {
        reads
            .idle
            .iter()
            .filter(|slot| slot.lock().is_some())
            .count()
    }

    /// Read connections (at most `max_idle` kept) on a new WAL file holding table `t`, made by `rows` (SQL).
    fn reads_on_new_file(
        rows: &str,
        max_idle: u32,
        read_model: bool,
    ) -> (tempfile::TempDir, SqliteReads) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reads.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x); {rows}"
            ))
            .unwrap();
        let reads = SqliteReads::open(&format!("sqlite:{}", path.display()), max_idle, read_model)
            .unwrap()
            .unwrap();
        (dir, reads)
    }

    #[test]
    fn read_connections_map_the_file_and_reopen_after_the_idle_ones_are_closed() {
        let (_dir, reads) = reads_on_new_file("INSERT INTO t VALUES (7);", 4, true);
        let read = |reads: &SqliteReads| {
            reads
                .with(|reader| {
                    let mapped: i64 = reader
                        .connection
                        .query_row("PRAGMA mmap_size", [], |row| row.get(0))
                        .map_err(sqlite_error)?;
                    let x: i64 = reader
                        .connection
                        .query_row("SELECT x FROM t", [], |row| row.get(0))
                        .map_err(sqlite_error)?;
                    Ok((mapped, x))
                })
                .unwrap()
        };
        assert_eq!(read(&reads), (MMAP_SIZE, 7));
        assert_eq!(idle_count(&reads), 1);

        reads.close_idle();
        assert_eq!(idle_count(&reads), 0);
        assert_eq!(read(&reads), (MMAP_SIZE, 7), "a new connection is opened");
        assert_eq!(idle_count(&reads), 1);
    }

    #[test]
    fn threads_reading_at_once_leave_at_most_the_bound_idle_and_reuse_them() {
        let (_dir, reads) = reads_on_new_file("", 2, false);
        // Three threads hold a connection at the same time: three are open, two are kept.
        let together = std::sync::Barrier::new(3);
        let opened = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    reads
                        .with(|reader| {
                            if reader.seen_version.is_none() {
                                opened.fetch_add(1, Ordering::Relaxed);
                                reader.seen_version = Some(0);
                            }
                            together.wait();
                            Ok(())
                        })
                        .unwrap();
                });
            }
        });
        assert_eq!(opened.load(Ordering::Relaxed), 3);
        assert_eq!(idle_count(&reads), 2, "the bound");
        // Later reads, from any thread, take the idle ones rather than opening more.
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    reads
                        .with(|reader| {
                            assert!(reader.seen_version.is_some(), "an idle connection");
                            Ok(())
                        })
                        .unwrap();
                });
            }
        });
        assert_eq!(idle_count(&reads), 2);
    }
}
