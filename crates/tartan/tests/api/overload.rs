//! Overload sheds: beyond its capacity the server answers at once with Plaid's 429 body, and recovers as soon as
//! a slot frees.

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
