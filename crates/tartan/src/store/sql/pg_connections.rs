//! The connections the hot reads on PostgreSQL run on: a small pool of their own.
//!
//! sqlx's `Pool` talks to the server twice more around every statement: a `Sync` when a connection is taken
//! (`test_before_acquire`) and another when it is given back (to find connections a cancelled future left in the
//! middle of a statement). For a read of one statement that is three round trips, and three wake-ups of the
//! database's backend process, where one will do. Here a connection is leased for one statement and given back
//! only once the statement completed: a statement that fails or is cancelled (the request's future dropped)
//! takes its connection with it, so every connection in the pool is between statements. A connection the server
//! closed while it was idle (a restart) is found by the next statement on it, which the caller then runs once
//! more on a new connection (`PgReads`: the reads are idempotent).

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::store::error::StoreError;

pub struct PgConnections {
    options: PgConnectOptions,
    /// Connections between statements, most recently used last.
    idle: Mutex<Vec<PgConnection>>,
    /// One permit per connection that may be open at once.
    slots: Semaphore,
    /// How long a statement waits for a connection (a slot, then connecting).
    timeout: Duration,
}

impl PgConnections {
    /// Connects once, so that a wrong URL fails at start; more connections open on demand, up to `max`.
    pub async fn open(url: &str, max: u32, timeout: Duration) -> Result<Self, StoreError> {
        let options: PgConnectOptions = url.parse()?;
        let first = connect(&options, timeout).await?;
        Ok(Self {
            options,
            idle: Mutex::new(vec![first]),
            slots: Semaphore::new(usize::try_from(max.max(1)).unwrap_or(usize::MAX)),
            timeout,
        })
    }

    /// A connection for one statement: one of the pool's, or a new one when `fresh` or none is idle. It waits
    /// for a free slot first.
    pub async fn lease(&self, fresh: bool) -> Result<Lease<'_>, StoreError> {
        let slot = tokio::time::timeout(self.timeout, self.slots.acquire())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let idle = if fresh { None } else { self.idle().pop() };
        let reused = idle.is_some();
        let connection = match idle {
            Some(connection) => connection,
            None => connect(&self.options, self.timeout).await?,
        };
        Ok(Lease {
            pool: self,
            connection,
            reused,
            _slot: slot,
        })
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<PgConnection>> {
        // The list stays whole whatever panicked while holding it (a push or a pop).
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

async fn connect(
    options: &PgConnectOptions,
    timeout: Duration,
) -> Result<PgConnection, StoreError> {
    Ok(
        tokio::time::timeout(timeout, PgConnection::connect_with(options))
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)??,
    )
}

/// A connection taken for one statement. [`Lease::release`] gives it back once the statement completed; a lease
/// dropped otherwise (the statement failed, or the request was cancelled) closes its connection.
pub struct Lease<'p> {
    pool: &'p PgConnections,
    connection: PgConnection,
    reused: bool,
    _slot: SemaphorePermit<'p>,
}

impl Lease<'_> {
    pub fn connection(&mut self) -> &mut PgConnection {
        &mut self.connection
    }

    /// Whether the connection came from the pool (rather than was opened for this statement).
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// Gives the connection back to the pool, between statements.
    pub fn release(self) {
        let Self {
            pool, connection, ..
        } = self;
        pool.idle().push(connection);
    }
}

/// Whether a statement failed because its connection is gone (rather than because of the statement): the socket
/// closed, or the server's last words on it (class 57P, "operator intervention": a shutdown or restart).
pub fn is_closed_connection(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(error) => error.code().is_some_and(|code| code.starts_with("57P")),
        _ => false,
    }
}
