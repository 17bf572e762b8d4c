//! Several `tartan serve` processes on one PostgreSQL database behave as one server.

use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::store::test_support;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{ADMIN_TOKEN, CLIENT_ID, SECRET, assert_plaid_error, read};

/// A server process; killed when dropped. Its JSON log lines are kept for the tests that read them.
pub struct Instance {
    pub address: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    _child: Child,
}

impl Instance {
    pub async fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[]).await
    }

    /// [`Instance::start`] with more environment variables.
    pub async fn start_with(database_url: &str, env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tartan"))
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
            .envs(env.iter().copied())
            .env("TARTAN_DATABASE_URL", database_url)
            .env("TARTAN_SANDBOX_CLIENT_ID", CLIENT_ID)
            .env("TARTAN_SANDBOX_SECRET", SECRET)
            .env("TARTAN_ADMIN_TOKEN", ADMIN_TOKEN)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let address = loop {
            let line = lines
                .next_line()
                .await
                .unwrap()
                .expect("tartan exited before listening");
            let Ok(event) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if event["message"] == "tartan is listening" {
                break event["address"].as_str().unwrap().parse().unwrap();
            }
        };
        // Keep draining the log so the process never blocks on a full pipe.
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                kept.lock().unwrap().push(line);
            }
        });
        Self {
            address,
            log,
            _child: child,
        }
    }

    /// The log lines written so far.
    pub fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub async fn post(
        &self,
        http: &reqwest::Client,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        self.post_as(http, path, body, SECRET).await
    }

    /// [`Instance::post`] as the sandbox client with another secret.
    pub async fn post_as(
        &self,
        http: &reqwest::Client,
        path: &str,
        body: Value,
        secret: &str,
    ) -> (StatusCode, Value) {
        let request = http
            .post(format!("http://{}{path}", self.address))
            .header("PLAID-CLIENT-ID", CLIENT_ID)
            .header("PLAID-SECRET", secret)
            .json(&body);
        read(request.send().await.unwrap()).await
    }

    /// The value of the metric `name` (a sample without labels) on `/metrics`, if it is there.
    pub async fn metric(&self, http: &reqwest::Client, name: &str) -> Option<f64> {
        let text = http
            .get(format!("http://{}/metrics", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .filter_map(|line| line.strip_prefix(name))
            .find_map(|rest| rest.strip_prefix(' '))
            .and_then(|value| value.trim().parse().ok())
    }

    pub async fn public_token(&self, http: &reqwest::Client) -> String {
        let body = json!({"institution_id": "ins_109508", "initial_products": ["auth"]});
        let (status, response) = self.post(http, "/sandbox/public_token/create", body).await;
        assert_eq!(status, StatusCode::OK, "{response}");
        response["public_token"].as_str().unwrap().to_owned()
    }

    /// Exchanges `public_token` here, which must succeed, for its access token.
    pub async fn access_token(&self, http: &reqwest::Client, public_token: &str) -> String {
        let body = json!({"public_token": public_token});
        let (status, exchanged) = self.post(http, "/item/public_token/exchange", body).await;
        assert_eq!(status, StatusCode::OK, "{exchanged}");
        exchanged["access_token"].as_str().unwrap().to_owned()
    }
}

/// Two instances on a fresh schema of `TARTAN_TEST_POSTGRES_URL`, or `None` (loudly) without one.
async fn two_instances() -> Option<(Instance, Instance)> {
    let Some(server) = test_support::postgres_url() else {
        eprintln!(
            "SKIPPED: multi-instance tests need TARTAN_TEST_POSTGRES_URL (scripts/test.sh sets it)"
        );
        return None;
    };
    let url = test_support::fresh_postgres_schema(&server).await.unwrap();
    let first = Instance::start(&url).await;
    let second = Instance::start(&url).await;
    Some((first, second))
}

#[tokio::test]
async fn a_token_minted_on_one_instance_works_on_the_other_and_removal_is_seen_at_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let http = reqwest::Client::new();
    let public_token = a.public_token(&http).await;
    let access_token = b.access_token(&http, &public_token).await;

    let (status, identity) = a
        .post(
            &http,
            "/identity/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{identity}");
    let (status, _) = b
        .post(&http, "/item/remove", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = a
        .post(
            &http,
            "/identity/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_plaid_error(
        &after,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCESS_TOKEN",
    );
}

#[tokio::test]
async fn racing_exchanges_of_one_public_token_on_two_instances_succeed_exactly_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let http = reqwest::Client::new();
    for round in 0..40 {
        let public_token = a.public_token(&http).await;
        let body = json!({"public_token": public_token});
        let (on_a, on_b) = tokio::join!(
            a.post(&http, "/item/public_token/exchange", body.clone()),
            b.post(&http, "/item/public_token/exchange", body.clone()),
        );
        let winners = [&on_a, &on_b]
            .iter()
            .filter(|(status, _)| *status == StatusCode::OK)
            .count();
        assert_eq!(winners, 1, "round {round}: {on_a:?} {on_b:?}");
        let loser = if on_a.0 == StatusCode::OK {
            &on_b
        } else {
            &on_a
        };
        assert_plaid_error(
            loser,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_PUBLIC_TOKEN",
        );
    }
}

#[tokio::test]
async fn a_link_session_moves_between_instances_step_by_step() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let http = reqwest::Client::new();
    let request = json!({"client_name": "App", "language": "en", "country_codes": ["US"],
        "user": {"client_user_id": "u"}, "products": ["auth"]});
    let (status, created) = a.post(&http, "/link/token/create", request).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let token = created["link_token"].clone();
    let (_, started) = b
        .post(&http, "/link/session/start", json!({"link_token": token}))
        .await;
    let id = started["link_session_id"].clone();
    let steps = [
        json!({"action": "consent"}),
        json!({"action": "select_institution", "institution_id": "ins_109508"}),
        json!({"action": "credentials", "username": "user_good", "password": "pass_good"}),
    ];
    let mut answer = Value::Null;
    for (n, action) in steps.into_iter().enumerate() {
        let instance = if n % 2 == 0 { &a } else { &b };
        let mut body = json!({"link_token": token, "link_session_id": id});
        body.as_object_mut()
            .unwrap()
            .extend(action.as_object().unwrap().clone());
        let (status, next) = instance.post(&http, "/link/session/step", body).await;
        assert_eq!(status, StatusCode::OK, "{next}");
        answer = next;
    }
    assert_eq!(answer["view"]["name"], "SELECT_ACCOUNT");
    let first = answer["view"]["accounts"][0]["id"].clone();
    let body = json!({"link_token": token, "link_session_id": id, "action": "select_accounts", "account_ids": [first]});
    let (status, connected) = b.post(&http, "/link/session/step", body).await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    let public_token = connected["view"]["public_token"].as_str().unwrap();
    a.access_token(&http, public_token).await;
}
