//! A database that goes away and comes back: `/ready` fails and recovers without a restart, and requests in
//! between answer Plaid's INTERNAL_SERVER_ERROR quickly instead of hanging. PostgreSQL is reached through a TCP
//! proxy on loopback that the test stops and starts, so the outage is real.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::config::DatabaseConfig;
use tartan::domain::Environment;
use tartan::server::Application;
use tartan::store::test_support;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::helpers::{CLIENT_ID, SECRET, assert_plaid_error, config, read};

/// Forwards connections from a loopback port to PostgreSQL until stopped; every forwarded connection dies
/// with it.
struct Proxy {
    address: SocketAddr,
    upstream: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(upstream: &str, address: SocketAddr) -> Self {
        let listener = TcpListener::bind(address).await.unwrap();
        let proxy = Self {
            address: listener.local_addr().unwrap(),
            upstream: upstream.to_owned(),
            tasks: Arc::default(),
        };
        let (tasks, upstream) = (Arc::clone(&proxy.tasks), proxy.upstream.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let forward = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks.lock().unwrap().push(forward);
            }
        });
        proxy.tasks.lock().unwrap().push(accept);
        proxy
    }

    /// Closes the port and cuts every connection through it.
    fn stop(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

/// `postgres://user@host:port/db?…` with the host and port replaced by `address`.
fn through(url: &str, address: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, tail) = rest.split_once('/').unwrap();
    let user = authority.rsplit_once('@').map_or("", |(user, _)| user);
    let at = if user.is_empty() { "" } else { "@" };
    format!("{scheme}://{user}{at}{address}/{tail}")
}

fn host_port(url: &str) -> String {
    let authority = url.split_once("://").unwrap().1.split('/').next().unwrap();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    }
}

async fn get(http: &reqwest::Client, url: String) -> (StatusCode, Value) {
    // Bounded: a hang fails the test instead of stalling it.
    let response = tokio::time::timeout(Duration::from_secs(10), http.get(url).send())
        .await
        .expect("the server hung")
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn item_get(http: &reqwest::Client, address: SocketAddr) -> (StatusCode, Value) {
    let request = http
        .post(format!("http://{address}/item/get"))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .json(&json!({"access_token": "access-sandbox-00000000-0000-0000-0000-000000000000"}))
        .send();
    let response = tokio::time::timeout(Duration::from_secs(10), request)
        .await
        .expect("the server hung")
        .unwrap();
    read(response).await
}

/// The request reached the database: the token was looked up and not found.
async fn assert_database_answers(http: &reqwest::Client, address: SocketAddr) {
    let answered = item_get(http, address).await;
    assert_plaid_error(
        &answered,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCESS_TOKEN",
    );
}

#[tokio::test]
async fn ready_fails_while_the_database_is_away_and_recovers_when_it_returns() {
    let Some(server) = test_support::postgres_url() else {
        eprintln!("SKIPPED: the database outage test needs TARTAN_TEST_POSTGRES_URL");
        return;
    };
    let schema_url = test_support::fresh_postgres_schema(&server).await.unwrap();
    let proxy = Proxy::start(&host_port(&server), "127.0.0.1:0".parse().unwrap()).await;
    let mut database = DatabaseConfig::new(through(&schema_url, proxy.address));
    database.timeout_secs = 1;
    let app = Application::build(config(Environment::Sandbox), &database)
        .await
        .unwrap();
    let address = app.local_addr().unwrap();
    tokio::spawn(app.run_until(std::future::pending()));
    let http = reqwest::Client::new();
    let ready = format!("http://{address}/ready");

    assert_eq!(get(&http, ready.clone()).await.0, StatusCode::OK);
    assert_database_answers(&http, address).await;

    proxy.stop();
    let (status, body) = get(&http, ready.clone()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "unavailable");
    let failed = item_get(&http, address).await;
    assert_plaid_error(
        &failed,
        StatusCode::INTERNAL_SERVER_ERROR,
        "API_ERROR",
        "INTERNAL_SERVER_ERROR",
    );

    let _back = Proxy::start(&proxy.upstream, proxy.address).await;
    let mut recovered = false;
    for _ in 0..50 {
        if get(&http, ready.clone()).await.0 == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "/ready did not recover");
    assert_database_answers(&http, address).await;
}
