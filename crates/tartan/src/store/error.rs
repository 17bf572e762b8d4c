//! What can go wrong in the store.

/// A storage failure. Never a client's fault: it becomes `INTERNAL_SERVER_ERROR` and is logged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// An error of the direct SQLite read path (`rusqlite`), as text: its error type is not `Sync`-friendly
    /// enough to carry and says everything in its message.
    #[error("database error: {0}")]
    Sqlite(String),
    #[error("stored data could not be decoded: {0}")]
    Corrupt(String),
    #[error(
        "unsupported database URL scheme in `{0}`: use sqlite:PATH or postgres://USER@HOST/DATABASE"
    )]
    UnsupportedUrl(String),
}
