//! Overload sheds: beyond its capacity the server answers at once with Plaid's 429 body, and recovers as soon as
//! a slot frees. A request that takes longer than the server allows is answered with Plaid's 500.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{CLIENT_ID, SECRET, assert_plaid_error, config, read, spawn_app_with};

#[tokio::test]
async fn requests_beyond_capacity_get_plaids_429_at_once_and_the_server_recovers() {
    let mut config = config(tartan::domain::Environment::Sandbox);
    config.capacity.max_in_flight = 1;
    config.capacity.max_queued = 1;
    config.capacity.queue_timeout_ms = 200;
    let app = spawn_app_with(config).await;
    let body = json!({"institution_id": "ins_109508", "initial_products": ["auth"]}).to_string();
    // A request whose body arrives slowly holds the one slot while its handler reads it.
    let mut held = TcpStream::connect(app.address).await.unwrap();
    let head = format!(
        "POST /sandbox/public_token/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         PLAID-CLIENT-ID: {CLIENT_ID}\r\nPLAID-SECRET: {SECRET}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    held.write_all(head.as_bytes()).await.unwrap();
    held.write_all(&body.as_bytes()[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let create = || {
        app.http
            .post(app.url("/sandbox/public_token/create"))
            .header("PLAID-CLIENT-ID", CLIENT_ID)
            .header("PLAID-SECRET", SECRET)
            .json(&json!({"institution_id": "ins_109508", "initial_products": ["auth"]}))
            .send()
    };
    // One waits for the slot (and gives up after the queue timeout), the other finds the queue full.
    let started = Instant::now();
    let (queued, shed) = tokio::join!(create(), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        create().await
    });
    let shed = read(shed.unwrap()).await;
    assert_plaid_error(
        &shed,
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMIT_EXCEEDED",
        "RATE_LIMIT",
    );
    let queued = read(queued.unwrap()).await;
    assert_plaid_error(
        &queued,
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMIT_EXCEEDED",
        "RATE_LIMIT",
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered at once, not after a timeout: {:?}",
        started.elapsed()
    );
    let probe = app.http.get(app.url("/health")).send().await.unwrap();
    assert_eq!(probe.status(), StatusCode::OK, "probes are never shed");

    held.write_all(&body.as_bytes()[5..]).await.unwrap();
    let mut answer = String::new();
    held.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let recovered = read(create().await.unwrap()).await;
    assert_eq!(recovered.0, StatusCode::OK, "{}", recovered.1);
}

#[tokio::test]
async fn a_request_beyond_the_timeout_gets_plaids_500_with_its_request_id() {
    let mut config = config(tartan::domain::Environment::Sandbox);
    config.request_timeout_secs = 1;
    let app = spawn_app_with(config).await;
    // The body never finishes arriving: the handler waits for it until the timeout.
    let mut slow = TcpStream::connect(app.address).await.unwrap();
    let head = format!(
        "POST /plaid-compatible/accounts/get HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         PLAID-CLIENT-ID: {CLIENT_ID}\r\nPLAID-SECRET: {SECRET}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{"
    );
    let started = Instant::now();
    slow.write_all(head.as_bytes()).await.unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer).await.unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(10),
        "{elapsed:?}"
    );
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 500"), "{answer}");
    let header = |name: &str| {
        head.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(": ")?;
                key.eq_ignore_ascii_case(name).then(|| value.to_owned())
            })
            .unwrap_or_else(|| panic!("no {name} in {head}"))
    };
    assert_eq!(header("content-type"), "application/json; charset=utf-8");
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["error_type"], "API_ERROR", "{body}");
    assert_eq!(body["error_code"], "INTERNAL_SERVER_ERROR", "{body}");
    assert_eq!(
        body["request_id"],
        header("x-request-id").as_str(),
        "{body}"
    );
}
