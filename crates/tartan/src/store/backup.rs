//! Backups of a SQLite database while it serves, and restoring one. (PostgreSQL has `pg_dump`/`pg_restore`;
//! see the README.)
//!
//! `VACUUM INTO` copies the database as of one read transaction: a consistent snapshot that includes every
//! committed write (WAL included) and never blocks the server's writers for longer than a page read.

use std::path::{Path, PathBuf};

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};

use super::backend::Backend;
use super::error::StoreError;
use crate::config::DatabaseConfig;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Database(#[from] sqlx::Error),
    #[error("backups are for SQLite; back PostgreSQL up with pg_dump (see the README)")]
    NotSqlite,
    #[error("{0} already exists; choose a new file")]
    Exists(PathBuf),
    #[error("{0} is not a Tartan database: {1}")]
    NotABackup(PathBuf, String),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// The file a `sqlite:PATH[?options]` URL names.
fn sqlite_path(database: &DatabaseConfig) -> Result<PathBuf, BackupError> {
    if Backend::of_url(&database.url)? != Backend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    let rest = database
        .url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    Ok(PathBuf::from(path))
}

async fn connect(path: &Path, mode: &str) -> Result<AnyPool, BackupError> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite:{}?mode={mode}", path.display());
    Ok(AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await?)
}

/// Writes a consistent copy of the live database to `destination` (a new file).
pub async fn backup(database: &DatabaseConfig, destination: &Path) -> Result<(), BackupError> {
    let source = sqlite_path(database)?;
    if destination.exists() {
        return Err(BackupError::Exists(destination.to_owned()));
    }
    if !source.exists() {
        return Err(BackupError::Io(source, std::io::ErrorKind::NotFound.into()));
    }
    let pool = connect(&source, "rw").await?;
    sqlx::query("PRAGMA busy_timeout = 5000")
        .execute(&pool)
        .await?;
    sqlx::query("VACUUM INTO $1")
        .bind(destination.to_string_lossy().into_owned())
        .execute(&pool)
        .await?;
    pool.close().await;
    verify(destination).await
}

/// Checks that `path` is an intact SQLite database with Tartan's schema.
async fn verify(path: &Path) -> Result<(), BackupError> {
    let not_a_backup = |reason: String| BackupError::NotABackup(path.to_owned(), reason);
    let pool = connect(path, "ro")
        .await
        .map_err(|error| not_a_backup(error.to_string()))?;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(|error| not_a_backup(error.to_string()))?;
    if integrity != "ok" {
        return Err(not_a_backup(integrity));
    }
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .map_err(|_| not_a_backup("no migrations table".into()))?;
    pool.close().await;
    if migrations == 0 {
        return Err(not_a_backup("no migrations applied".into()));
    }
    Ok(())
}

/// Replaces the database with the backup at `source`, atomically (the server must be stopped). Migrations newer
/// than the backup are applied on the next start.
pub async fn restore(database: &DatabaseConfig, source: &Path) -> Result<(), BackupError> {
    let target = sqlite_path(database)?;
    verify(source).await?;
    let staging = target.with_extension("restoring");
    std::fs::copy(source, &staging).map_err(|error| BackupError::Io(staging.clone(), error))?;
    std::fs::File::open(&staging)
        .and_then(|file| file.sync_all())
        .map_err(|error| BackupError::Io(staging.clone(), error))?;
    // The old database's WAL must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(BackupError::Io(side.into(), error)),
        }
    }
    std::fs::rename(&staging, &target).map_err(|error| BackupError::Io(target.clone(), error))
}
