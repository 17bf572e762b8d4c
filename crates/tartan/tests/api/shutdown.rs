//! Shutdown with a drain delay: readiness fails first, requests are still served, then the listener closes.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tartan::domain::Environment;

use crate::helpers::{config, spawn_app_with};

#[tokio::test]
async fn during_the_shutdown_delay_ready_fails_and_requests_are_still_served() {
    let mut config = config(Environment::Sandbox);
    config.shutdown_delay_ms = 1_500;
    let mut app = spawn_app_with(config).await;
    let token = app.access_token().await;
    let ready = app.http.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);

    let signalled = Instant::now();
    app.signal_stop();
    // The signal reaches the server through a task: wait until readiness reflects it.
    let body = loop {
        let response = app.http.get(app.url("/ready")).send().await.unwrap();
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            break response.json::<serde_json::Value>().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(body["status"], "shutting_down", "{body}");
    assert!(body["request_id"].is_string(), "{body}");

    // A fresh connection is still accepted and served while the balancer moves away.
    let fresh = reqwest::Client::new();
    let response = fresh
        .post(app.url("/accounts/get"))
        .header("PLAID-CLIENT-ID", crate::helpers::CLIENT_ID)
        .header("PLAID-SECRET", crate::helpers::SECRET)
        .json(&json!({"access_token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        signalled.elapsed() < Duration::from_millis(1_500),
        "checked within the delay"
    );

    app.stop().await;
    assert!(
        signalled.elapsed() >= Duration::from_millis(1_500),
        "the listener stayed open for the delay"
    );
    let refused = reqwest::Client::new().get(app.url("/health")).send().await;
    assert!(refused.is_err(), "the listener is closed after the delay");
}
