//! Persistence behind one trait with domain-level methods, so handlers never see SQL and a backend can be
//! added without touching them. The backend is chosen from the database URL's scheme.

//!
//! This file only declares and re-exports; the files below import each other directly, never through here.

mod backend;
pub mod backup;
mod contract;
mod error;
mod records;
mod sql;

use std::sync::Arc;

pub use backend::Backend;
pub use contract::Store;
pub use error::StoreError;
pub use records::{
    ClientWith, ConsoleSessionRecord, Grant, ItemForms, ItemPage, LinkSessionListing,
    LinkSessionRecord, LinkTokenRecord, MirrorWebhooks, MirroredItem, NewItem, NewProcessorToken,
    NewStripeToken, OidcAuthorization, OidcClaim, ProcessorForm, ProcessorTokenRecord,
    ReadModelCounts, RecordOutcome,
};
pub use sql::SqlStore;

use crate::config::DatabaseConfig;

/// Opens the store a database URL names, creating (SQLite) and migrating it as needed.
pub async fn open(config: &DatabaseConfig) -> Result<Arc<dyn Store>, StoreError> {
    let backend = Backend::of_url(&config.url)?;
    Ok(Arc::new(SqlStore::open(config, backend, true).await?))
}

/// Applies pending migrations and returns (for `tartan migrate`).
pub async fn migrate(config: &DatabaseConfig) -> Result<(), StoreError> {
    open(config).await.map(drop)
}

#[cfg(test)]
mod conformance;

/// Support for tests that need a database of their own.
#[doc(hidden)]
pub mod test_support;

#[cfg(test)]
mod tests {

    #[test]
    fn both_backends_have_the_same_migrations() {
        let names = |backend: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names("sqlite"), names("postgres"));
        assert!(!names("sqlite").is_empty());
    }
}
