//! `--rate-limits plaid`: Plaid's per-Item and per-client limits, answered with Plaid's 429 body and code.

use chrono::Timelike;
use reqwest::StatusCode;
use serde_json::json;
use tartan::config::RateLimits;
use tartan::domain::Environment;

use crate::helpers::{assert_plaid_error, config, spawn_app, spawn_app_with};

/// Limits count per minute: start well inside one.
async fn fresh_minute() {
    let second = chrono::Utc::now().second();
    if second > 40 {
        tokio::time::sleep(std::time::Duration::from_secs(u64::from(61 - second))).await;
    }
}

#[tokio::test]
async fn an_item_beyond_its_limit_gets_429_and_other_items_do_not() {
    let mut config = config(Environment::Sandbox);
    config.rate_limits = RateLimits::Plaid;
    let app = spawn_app_with(config).await;
    let busy = app.access_token().await;
    let other = app.access_token().await;
    fresh_minute().await;
    for _ in 0..40 {
        let (status, body) = app.post("/item/get", json!({"access_token": busy})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let refused = app.post("/item/get", json!({"access_token": busy})).await;
    assert_plaid_error(
        &refused,
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMIT_EXCEEDED",
        "ITEM_GET_LIMIT",
    );
    assert_eq!(
        refused.1["error_message"],
        "rate limit exceeded for attempts to access this item. please try again later"
    );
    let (status, body) = app
        .post("/plaid-compatible/item/get", json!({"access_token": other}))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another Item has its own count: {body}"
    );
}

#[tokio::test]
async fn a_client_beyond_its_limit_gets_429_on_any_item() {
    let mut config = config(Environment::Sandbox);
    config.rate_limits = RateLimits::Plaid;
    let app = spawn_app_with(config).await;
    let mut tokens = Vec::new();
    for _ in 0..6 {
        tokens.push(app.access_token().await);
    }
    fresh_minute().await;
    // Sandbox: 25 per Item, 100 per client per minute.
    for token in &tokens[..5] {
        for _ in 0..20 {
            let (status, body) = app
                .post("/accounts/balance/get", json!({"access_token": token}))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
    let refused = app
        .post("/accounts/balance/get", json!({"access_token": tokens[5]}))
        .await;
    assert_plaid_error(
        &refused,
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMIT_EXCEEDED",
        "ACCOUNTS_BALANCE_GET_LIMIT",
    );
}

#[tokio::test]
async fn without_the_flag_nothing_is_limited() {
    let app = spawn_app().await;
    let token = app.access_token().await;
    for _ in 0..45 {
        let (status, body) = app.post("/item/get", json!({"access_token": token})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}
