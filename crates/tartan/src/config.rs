//! Server configuration: flags, each also a `TARTAN_*` environment variable; one validated `Config`.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::domain::Environment;

/// How `tartan serve` runs.
#[derive(Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "TARTAN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Plaid environment this server is: `sandbox` (test data, sandbox routes) or `production`.
    #[arg(long = "env", env = "TARTAN_ENV", value_enum, default_value_t = Environment::Sandbox)]
    pub environment: Environment,

    /// A path prefix under which every route also answers, e.g. `/plaid-compatible`.
    #[arg(long, env = "TARTAN_BASE_PATH", value_parser = parse_base_path)]
    pub base_path: Option<String>,

    /// Largest request body accepted, in bytes.
    #[arg(long = "body-limit", env = "TARTAN_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit_bytes: usize,

    /// Longest a request may take, in seconds.
    #[arg(
        long = "request-timeout",
        env = "TARTAN_REQUEST_TIMEOUT",
        default_value_t = 30
    )]
    pub request_timeout_secs: u64,

    /// Sandbox only: client id of the development client ensured at start.
    #[arg(long, env = "TARTAN_SANDBOX_CLIENT_ID", requires = "sandbox_secret")]
    pub sandbox_client_id: Option<String>,

    /// Sandbox only: secret of the development client ensured at start.
    #[arg(
        long,
        env = "TARTAN_SANDBOX_SECRET",
        requires = "sandbox_client_id",
        hide_env_values = true
    )]
    pub sandbox_secret: Option<String>,

    #[command(flatten)]
    pub capacity: CapacityConfig,

    /// `plaid`: answer requests beyond Plaid's per-client and per-Item limits with 429 `RATE_LIMIT_EXCEEDED`.
    #[arg(long, env = "TARTAN_RATE_LIMITS", value_enum, default_value_t = RateLimits::Off)]
    pub rate_limits: RateLimits,

    /// On SIGTERM, how long requests in flight may still take, in seconds.
    #[arg(
        long = "shutdown-grace",
        env = "TARTAN_SHUTDOWN_GRACE",
        default_value_t = 10
    )]
    pub shutdown_grace_secs: u64,

    /// On SIGTERM, how long to keep serving while `/ready` answers 503, in milliseconds, so a load balancer
    /// stops sending new requests before the listener closes (0: close at once).
    #[arg(
        long = "shutdown-delay-ms",
        env = "TARTAN_SHUTDOWN_DELAY_MS",
        default_value_t = 0
    )]
    pub shutdown_delay_ms: u64,

    #[command(flatten)]
    pub webhooks: WebhookConfig,

    /// Bearer token for the admin API (`/admin/…`); the admin API is off when unset.
    #[arg(long, env = "TARTAN_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Production only: accept webhook URLs on loopback or private networks (refused by default, against SSRF).
    #[arg(long, env = "TARTAN_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: bool,

    /// Accept OpenID Connect issuers over plain http on loopback (a test provider on this machine); every
    /// other issuer must be https.
    #[arg(long, env = "TARTAN_ALLOW_LOOPBACK_OIDC_ISSUERS")]
    pub allow_loopback_oidc_issuers: bool,

    /// The URL browsers reach this server at (scheme, host and port, without the base path), e.g.
    /// `https://tartan.bank.example`: it names the OpenID Connect callback registered at providers. Unset:
    /// taken from each request's `Host` (and `X-Forwarded-Proto`).
    #[arg(long, env = "TARTAN_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// Deterministic mode (sandbox only): item, account and request ids, tokens' random parts and Link
    /// session ids derive from this seed, so snapshot tests see the same ids on every run against a fresh
    /// database. Seeded tokens are guessable; never use it for anything but tests.
    #[arg(long, env = "TARTAN_SEED")]
    pub seed: Option<u64>,

    /// Log format.
    #[arg(long, env = "TARTAN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How much work the server takes on at once; beyond it, requests are answered 429 at once.
#[derive(Debug, Clone, Args)]
pub struct CapacityConfig {
    /// Most requests handled at once.
    #[arg(long, env = "TARTAN_MAX_IN_FLIGHT", default_value_t = 64)]
    pub max_in_flight: usize,
    /// Most requests waiting for a free slot; more are answered 429 `RATE_LIMIT_EXCEEDED` at once.
    #[arg(long, env = "TARTAN_MAX_QUEUED", default_value_t = 256)]
    pub max_queued: usize,
    /// How long a request may wait for a slot before it is answered 429, in milliseconds.
    #[arg(long, env = "TARTAN_QUEUE_TIMEOUT_MS", default_value_t = 1000)]
    pub queue_timeout_ms: u64,
}

impl Default for CapacityConfig {
    fn default() -> Self {
        Self {
            max_in_flight: 64,
            max_queued: 256,
            queue_timeout_ms: 1000,
        }
    }
}

/// Webhook delivery. Defaults are Plaid's schedule.
#[derive(Debug, Clone, Args)]
pub struct WebhookConfig {
    /// Delay before the first retry, in milliseconds; each later retry waits 4 times longer.
    #[arg(
        long = "webhook-retry-base-ms",
        env = "TARTAN_WEBHOOK_RETRY_BASE_MS",
        default_value_t = 30_000
    )]
    pub retry_base_ms: u64,
    /// How long after its creation a webhook is still retried, in seconds.
    #[arg(
        long = "webhook-retry-window",
        env = "TARTAN_WEBHOOK_RETRY_WINDOW",
        default_value_t = 86_400
    )]
    pub retry_window_secs: u64,
    /// Seconds a receiver has to answer an attempt.
    #[arg(
        long = "webhook-timeout",
        env = "TARTAN_WEBHOOK_TIMEOUT",
        default_value_t = 10
    )]
    pub timeout_secs: u64,
    /// How often an idle dispatcher checks for due webhooks, in milliseconds.
    #[arg(
        long = "webhook-poll-ms",
        env = "TARTAN_WEBHOOK_POLL_MS",
        default_value_t = 1000
    )]
    pub poll_ms: u64,
    /// Most webhook deliveries in flight at once on this instance.
    #[arg(
        long = "webhook-concurrency",
        env = "TARTAN_WEBHOOK_CONCURRENCY",
        default_value_t = 64
    )]
    pub concurrency: usize,
    /// Most deliveries in flight at once to one receiver (scheme, host and port); one while it is failing.
    #[arg(
        long = "webhook-destination-concurrency",
        env = "TARTAN_WEBHOOK_DESTINATION_CONCURRENCY",
        default_value_t = 8
    )]
    pub destination_concurrency: usize,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            retry_base_ms: 30_000,
            retry_window_secs: 86_400,
            timeout_secs: 10,
            poll_ms: 1000,
            concurrency: 64,
            destination_concurrency: 8,
        }
    }
}

/// Where and how Tartan stores its data; shared by every subcommand.
#[derive(Clone, Args)]
pub struct DatabaseConfig {
    /// Database URL: `sqlite:PATH` (created and migrated on start) or `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`.
    #[arg(
        long = "database-url",
        env = "TARTAN_DATABASE_URL",
        default_value = "sqlite:tartan.db",
        global = true
    )]
    pub url: String,

    /// Most database connections this process keeps open, per pool. On an SQLite file at most one per core
    /// is used (more never run at once there).
    #[arg(
        long = "database-max-connections",
        env = "TARTAN_DATABASE_MAX_CONNECTIONS",
        default_value_t = DEFAULT_MAX_CONNECTIONS,
        global = true
    )]
    pub max_connections: u32,

    /// Seconds to wait for a database connection before a request fails.
    #[arg(
        long = "database-timeout",
        env = "TARTAN_DATABASE_TIMEOUT",
        default_value_t = DEFAULT_TIMEOUT_SECS,
        global = true
    )]
    pub timeout_secs: u64,

    /// `on`: the data routes' reads answer from memory when the database has not changed since the answer
    /// was read, which every request checks with the database (SQLite's `PRAGMA data_version`, PostgreSQL's
    /// current snapshot), so no answer is ever older than the last commit of any instance. `off`: every
    /// request reads the database.
    #[arg(
        long = "read-model",
        env = "TARTAN_READ_MODEL",
        value_enum,
        default_value_t = ReadModelSwitch::On,
        global = true
    )]
    pub read_model: ReadModelSwitch,
}

/// Whether the data routes' reads use the read model ([`DatabaseConfig::read_model`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadModelSwitch {
    On,
    Off,
}

const DEFAULT_MAX_CONNECTIONS: u32 = 10;
const DEFAULT_TIMEOUT_SECS: u64 = 5;

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password.
        let scheme = self.url.split_once(':').map_or("?", |(scheme, _)| scheme);
        f.debug_struct("DatabaseConfig")
            .field("scheme", &scheme)
            .field("max_connections", &self.max_connections)
            .field("timeout_secs", &self.timeout_secs)
            .field("read_model", &self.read_model)
            .finish()
    }
}

impl DatabaseConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            read_model: ReadModelSwitch::On,
        }
    }
}

/// Whether Plaid's rate limits are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RateLimits {
    Off,
    Plaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }

    pub fn shutdown_delay(&self) -> Duration {
        Duration::from_millis(self.shutdown_delay_ms)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("environment", &self.environment)
            .field("base_path", &self.base_path)
            .field("body_limit_bytes", &self.body_limit_bytes)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("shutdown_grace_secs", &self.shutdown_grace_secs)
            .field("shutdown_delay_ms", &self.shutdown_delay_ms)
            .field("capacity", &self.capacity)
            .field("rate_limits", &self.rate_limits)
            .field("sandbox_client_id", &self.sandbox_client_id)
            .field(
                "sandbox_secret",
                &self.sandbox_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("webhooks", &self.webhooks)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "<redacted>"),
            )
            .field("allow_private_webhooks", &self.allow_private_webhooks)
            .field(
                "allow_loopback_oidc_issuers",
                &self.allow_loopback_oidc_issuers,
            )
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// A public URL is an http(s) origin: no path, query or fragment; kept without a trailing slash.
fn parse_public_url(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value).map_err(|e| format!("`{value}` is not a URL: {e}"))?;
    let origin_only = matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    if origin_only {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(format!(
            "`{value}` is not an origin like https://tartan.example.com"
        ))
    }
}

/// A base path is `/segment[/segment…]`: leading slash, no trailing slash, no empty or dot segments.
fn parse_base_path(value: &str) -> Result<String, String> {
    let trimmed = value.trim_end_matches('/');
    let valid = trimmed.starts_with('/')
        && trimmed.len() > 1
        && trimmed[1..].split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
        });
    if valid {
        Ok(trimmed.to_owned())
    } else {
        Err(format!(
            "`{value}` is not a path prefix like /plaid-compatible"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalised_and_checked() {
        assert_eq!(
            parse_base_path("/plaid-compatible/").unwrap(),
            "/plaid-compatible"
        );
        assert_eq!(parse_base_path("/a/b").unwrap(), "/a/b");
        for bad in ["", "/", "plaid", "/a//b", "/a/../b", "/a b"] {
            assert!(parse_base_path(bad).is_err(), "{bad:?}");
        }
    }
}
