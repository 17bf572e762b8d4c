//! Many deliveries at once, isolated per receiver: a slow receiver delays only its own webhooks, each Item's
//! webhooks arrive in order, and a stopping server hands its leases back.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, spawn_app};
use crate::receiver::Receiver;
use crate::webhooks::item_with_webhook;

/// The ITEM webhooks `fire_webhook` can send, in the order a test fires them.
const CODES: [&str; 5] = [
    "NEW_ACCOUNTS_AVAILABLE",
    "LOGIN_REPAIRED",
    "PENDING_DISCONNECT",
    "USER_PERMISSION_REVOKED",
    "USER_ACCOUNT_REVOKED",
];

async fn fire(app: &TestApp, access_token: &str, code: &str) {
    let (status, body) = app
        .post(
            "/sandbox/item/fire_webhook",
            json!({"access_token": access_token, "webhook_code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_slow_receiver_delays_only_its_own_webhooks_and_each_item_keeps_its_order() {
    let app = spawn_app().await;
    // Holds each webhook 1.5 s (the tests' webhook timeout is 2 s): slow, but never failing.
    let slow = Receiver::slow(Duration::from_millis(1500)).await;
    let healthy = Receiver::start(vec![]).await;
    let mut slow_items = Vec::new();
    for _ in 0..3 {
        slow_items.push(item_with_webhook(&app, &slow, json!(["auth"])).await.0);
    }
    let mut healthy_items = Vec::new();
    for _ in 0..2 {
        healthy_items.push(item_with_webhook(&app, &healthy, json!(["auth"])).await.0);
    }
    for _ in 0..2 {
        for token in &slow_items {
            for code in CODES {
                fire(&app, token, code).await;
            }
        }
        for token in &healthy_items {
            for code in CODES {
                fire(&app, token, code).await;
            }
        }
    }
    // 30 slow webhooks queued first would hold a one-at-a-time dispatcher for 45 s.
    let arrived = healthy
        .wait_for_accepted_within(20, Duration::from_secs(5))
        .await;
    assert!(
        slow.received().len() < 30,
        "the slow receiver is still busy: {}",
        slow.received().len()
    );
    for item in 0..2 {
        let item_id = &arrived
            .iter()
            .filter(|received| received.body["webhook_code"] == CODES[0])
            .nth(item)
            .unwrap()
            .body["item_id"];
        let codes: Vec<&str> = arrived
            .iter()
            .filter(|received| &received.body["item_id"] == item_id)
            .map(|received| received.body["webhook_code"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = CODES.iter().chain(CODES.iter()).copied().collect();
        assert_eq!(codes, expected, "one Item's webhooks in the order fired");
    }
}

#[tokio::test]
async fn a_stopping_server_hands_its_webhook_leases_back() {
    let mut app = spawn_app().await;
    let slow = Receiver::slow(Duration::from_millis(1000)).await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(item_with_webhook(&app, &slow, json!(["auth"])).await.0);
    }
    for token in &tokens {
        for code in CODES {
            fire(&app, token, code).await;
        }
    }
    while slow.received().len() < 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.stop().await;
    let store = tartan::store::open(&app.database).await.unwrap();
    let stats = store
        .webhook_outbox_stats(chrono::Utc::now())
        .await
        .unwrap();
    assert!(
        stats.pending >= 3,
        "webhooks are left to deliver: {stats:?}"
    );
    assert_eq!(stats.leased, 0, "every lease handed back: {stats:?}");
    assert_eq!(
        stats.due, stats.pending,
        "another instance may take them at once: {stats:?}"
    );
}
