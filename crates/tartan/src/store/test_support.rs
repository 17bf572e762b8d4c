//! Support for tests that need a database of their own (also used by the `fresh_schema` example).

use rand::Rng;
use rand::distr::Alphanumeric;
use sqlx::Connection;

use super::StoreError;

/// The PostgreSQL server tests may use: `TARTAN_TEST_POSTGRES_URL`, if set.
pub fn postgres_url() -> Option<String> {
    std::env::var("TARTAN_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

const PREFIX: &str = "tartan_test_";
/// Schemas older than this belong to finished runs (no test run lasts an hour).
const STALE_AFTER_SECS: i64 = 3600;

/// Creates a fresh schema `tartan_test_<unix time>_<random>` on `server_url` and returns a URL whose
/// connections use it, so tests (and parallel test runs) never see each other's rows. Schemas left by runs
/// that ended over an hour ago are dropped on the way.
pub async fn fresh_postgres_schema(server_url: &str) -> Result<String, StoreError> {
    let now = chrono::Utc::now().timestamp();
    let suffix: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(12)
        .map(char::from)
        .collect();
    let schema = format!("{PREFIX}{now}_{}", suffix.to_ascii_lowercase());
    let mut connection = sqlx::PgConnection::connect(server_url).await?;
    let existing: Vec<String> = sqlx::query_scalar(
        "SELECT schema_name::text FROM information_schema.schemata WHERE schema_name LIKE 'tartan\\_test\\_%'",
    )
    .fetch_all(&mut connection)
    .await?;
    for stale in existing.iter().filter(|name| {
        let created = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').next()?.parse::<i64>().ok());
        created.is_none_or(|created| now - created > STALE_AFTER_SECS)
    }) {
        // Another run may be dropping the same schema; that is fine.
        let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {stale} CASCADE"))
            .execute(&mut connection)
            .await;
    }
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut connection)
        .await?;
    connection.close().await?;
    let separator = if server_url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{server_url}{separator}options=-c%20search_path%3D{schema}"
    ))
}
