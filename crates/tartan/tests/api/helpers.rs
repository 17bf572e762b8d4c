//! `spawn_app` and typed helpers for the API tests.

use std::net::SocketAddr;
use std::path::PathBuf;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::config::{
    CapacityConfig, Config, DatabaseConfig, LogFormat, RateLimits, WebhookConfig,
};
use tartan::domain::Environment;
use tartan::server::Application;
use tartan::store::test_support;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const CLIENT_ID: &str = "5f0c1a2b3c4d5e6f7a8b9c0d";
pub const SECRET: &str = "0123456789abcdef0123456789abcdef";
pub const ADMIN_TOKEN: &str = "admin-token-for-tests-7f3a9c2e41d8b6a5";

/// A running server with its own database.
pub struct TestApp {
    pub address: SocketAddr,
    pub http: reqwest::Client,
    pub database: DatabaseConfig,
    config: Config,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

pub fn config(environment: Environment) -> Config {
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        environment,
        base_path: Some("/plaid-compatible".into()),
        body_limit_bytes: 64 * 1024,
        request_timeout_secs: 30,
        shutdown_grace_secs: 10,
        shutdown_delay_ms: 0,
        capacity: CapacityConfig::default(),
        rate_limits: RateLimits::Off,
        sandbox_client_id: Some(CLIENT_ID.into()),
        sandbox_secret: Some(SECRET.into()),
        // Retries every 50 ms (then ×4) so delivery tests take moments, not minutes.
        webhooks: WebhookConfig {
            retry_base_ms: 50,
            retry_window_secs: 60,
            timeout_secs: 2,
            poll_ms: 50,
            concurrency: 64,
            destination_concurrency: 4,
        },
        admin_token: Some(ADMIN_TOKEN.into()),
        allow_private_webhooks: false,
        allow_loopback_oidc_issuers: true,
        public_url: None,
        log_format: LogFormat::Text,
        seed: None,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(config(Environment::Sandbox)).await
}

pub async fn spawn_app_with(config: Config) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        tartan::telemetry::init(LogFormat::Text);
    }
    let dir = tempfile::tempdir().unwrap();
    let database = test_database(&dir).await;
    let mut app = TestApp {
        address: "127.0.0.1:0".parse().unwrap(),
        http: reqwest::Client::new(),
        database,
        config,
        shutdown: None,
        server: None,
        _dir: dir,
    };
    app.start().await;
    app
}

impl TestApp {
    pub async fn start(&mut self) {
        let app = Application::build(self.config.clone(), &self.database)
            .await
            .unwrap();
        self.address = app.local_addr().unwrap();
        let (sender, receiver) = oneshot::channel::<()>();
        self.shutdown = Some(sender);
        self.server = Some(tokio::spawn(async move {
            app.run_until(async {
                let _ = receiver.await;
            })
            .await
            .unwrap();
        }));
    }

    /// Stops the server gracefully and starts a new one on the same database (and a new port).
    pub async fn restart(&mut self) {
        self.stop().await;
        self.start().await;
    }

    /// Sends the shutdown signal (as SIGTERM would) without waiting for the server to stop.
    pub fn signal_stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            shutdown.send(()).unwrap();
        }
    }

    /// Stops the server gracefully; returns when it has.
    pub async fn stop(&mut self) {
        self.signal_stop();
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// POSTs `body` as JSON with the sandbox client's credentials in Plaid's headers.
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.post_as(path, body, CLIENT_ID, SECRET).await
    }

    pub async fn post_as(
        &self,
        path: &str,
        body: Value,
        client_id: &str,
        secret: &str,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url(path))
            .header("PLAID-CLIENT-ID", client_id)
            .header("PLAID-SECRET", secret)
            .json(&body)
            .send()
            .await
            .unwrap();
        read(response).await
    }

    /// Creates a sandbox Item at First Platypus Bank with `options` and returns its public token.
    pub async fn public_token(&self, options: Value) -> String {
        let (status, body) = self
            .post(
                "/sandbox/public_token/create",
                json!({"institution_id": "ins_109508", "initial_products": ["auth"], "options": options}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["public_token"].as_str().unwrap().to_owned()
    }

    /// Creates and exchanges a default-user Item; returns its access token.
    pub async fn access_token(&self) -> String {
        self.access_token_with(json!({})).await
    }

    pub async fn access_token_with(&self, options: Value) -> String {
        let public_token = self.public_token(options).await;
        let (status, body) = self
            .post(
                "/item/public_token/exchange",
                json!({"public_token": public_token}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// Registers another API client directly in the database; returns its credentials.
    pub async fn another_client(&self) -> (String, String) {
        self.client_with_processor(None).await
    }

    /// Registers a client, a processor partner when `processor` is given; returns its credentials.
    pub async fn client_with_processor(&self, processor: Option<&str>) -> (String, String) {
        let store = tartan::store::open(&self.database).await.unwrap();
        let secret = tartan::domain::tokens::ClientSecret::generate();
        let client = tartan::domain::ClientRecord {
            client_id: tartan::domain::ClientId::generate(),
            name: "another app".into(),
            secret_hash: secret.hash(),
            processor: processor.map(|name| tartan::domain::Processor::parse(name).unwrap()),
            created_at: chrono::Utc::now(),
            api_version: tartan::domain::ApiVersion::default(),
            previous_secret: None,
            clock_offset: tartan::domain::ClockOffset::default(),
            failures: None,
        };
        store.save_client(&client).await.unwrap();
        (client.client_id.to_string(), secret.expose().to_owned())
    }
}

/// The database a test runs on: a temporary SQLite file, or with `TARTAN_TEST_BACKEND=postgres` a fresh schema on
/// `TARTAN_TEST_POSTGRES_URL`.
pub async fn test_database(dir: &tempfile::TempDir) -> DatabaseConfig {
    match std::env::var("TARTAN_TEST_BACKEND").as_deref() {
        Ok("postgres") => {
            let server = test_support::postgres_url()
                .expect("TARTAN_TEST_BACKEND=postgres needs TARTAN_TEST_POSTGRES_URL");
            DatabaseConfig::new(test_support::fresh_postgres_schema(&server).await.unwrap())
        }
        Ok("sqlite") | Err(_) => {
            DatabaseConfig::new(format!("sqlite:{}", dir.path().join("tartan.db").display()))
        }
        Ok(other) => panic!("unknown TARTAN_TEST_BACKEND `{other}` (sqlite or postgres)"),
    }
}

pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let header_id = response
        .headers()
        .get("x-request-id")
        .map(|value| value.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    let body: Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text:?}"));
    let request_id = body["request_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no request_id in {body}"));
    assert_eq!(request_id.len(), 15, "{body}");
    assert_eq!(Some(request_id), header_id.as_deref());
    (status, body)
}

/// Asserts a Plaid error: status, type, code and every key of `PlaidError`.
#[track_caller]
pub fn assert_plaid_error(
    response: &(StatusCode, Value),
    status: StatusCode,
    error_type: &str,
    error_code: &str,
) {
    let (actual_status, body) = response;
    assert_eq!(*actual_status, status, "{body}");
    assert_eq!(body["error_type"], error_type, "{body}");
    assert_eq!(body["error_code"], error_code, "{body}");
    assert!(
        body["error_message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{body}"
    );
    for key in [
        "display_message",
        "error_code_reason",
        "suggested_action",
        "documentation_url",
    ] {
        assert!(body.get(key).is_some(), "missing {key} in {body}");
    }
}

/// Where Plaid's public custom sandbox users live, if this machine has them.
pub fn shared_custom_users() -> Option<PathBuf> {
    let shared = std::env::var_os("TARTAN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("sandbox-custom-users");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} not found; set TARTAN_SHARED_DIR to check Plaid's custom users",
            dir.display()
        );
        None
    }
}

pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/custom-users")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}
