//! The per-client sandbox clock: tokens expire, webhook retries come due, other clients keep real time.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::domain::Environment;
use tartan::server::Application;

use crate::helpers::{
    CLIENT_ID, SECRET, TestApp, assert_plaid_error, config, read, spawn_app, spawn_app_with,
};
use crate::receiver::Receiver;
use crate::webhooks::item_with_webhook;

async fn advance(app: &TestApp, seconds: i64) -> Value {
    let (status, body) = app
        .post("/sandbox/clock/advance", json!({"seconds": seconds}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn show(app: &TestApp, base: &str, client_id: &str, secret: &str) -> (StatusCode, Value) {
    let response = app
        .http
        .get(format!("{base}/sandbox/clock"))
        .header("PLAID-CLIENT-ID", client_id)
        .header("PLAID-SECRET", secret)
        .send()
        .await
        .unwrap();
    read(response).await
}

fn time(body: &Value, key: &str) -> chrono::DateTime<chrono::Utc> {
    body[key].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_public_token_expires_when_the_clock_passes_30_minutes() {
    let app = spawn_app().await;
    let fresh = app.public_token(json!({})).await;
    let stale = app.public_token(json!({})).await;
    let moved = advance(&app, 29 * 60).await;
    assert_eq!(moved["offset_seconds"], 29 * 60);
    let exchanged = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": fresh}),
        )
        .await;
    assert_eq!(exchanged.0, StatusCode::OK, "{}", exchanged.1);
    advance(&app, 61).await;
    let late = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": stale}),
        )
        .await;
    assert_plaid_error(
        &late,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PUBLIC_TOKEN",
    );
}

#[tokio::test]
async fn another_clients_clock_is_untouched_and_readings_agree() {
    let app = spawn_app().await;
    let (other_id, other_secret) = app.another_client().await;
    let (status, created) = app
        .post_as(
            "/sandbox/public_token/create",
            json!({"institution_id": "ins_109508", "initial_products": ["auth"]}),
            &other_id,
            &other_secret,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    advance(&app, 3600).await;

    let (_, mine) = show(&app, &app.url(""), CLIENT_ID, SECRET).await;
    assert_eq!(mine["offset_seconds"], 3600);
    let ahead = time(&mine, "virtual_time") - time(&mine, "real_time");
    assert_eq!(ahead.num_seconds(), 3600);
    let (_, via_post) = app.post("/sandbox/clock/get", json!({})).await;
    assert_eq!(via_post["offset_seconds"], 3600);
    let (_, theirs) = show(
        &app,
        &app.url("/plaid-compatible"),
        &other_id,
        &other_secret,
    )
    .await;
    assert_eq!(theirs["offset_seconds"], 0, "{theirs}");

    // The other client's public token, made before the hour passed for the sandbox client, still works.
    let exchanged = app
        .post_as(
            "/item/public_token/exchange",
            json!({"public_token": created["public_token"]}),
            &other_id,
            &other_secret,
        )
        .await;
    assert_eq!(exchanged.0, StatusCode::OK, "{}", exchanged.1);
    // Items the advanced client makes are created in its time.
    let token = app.access_token().await;
    let (_, item) = app.post("/item/get", json!({"access_token": token})).await;
    let created_at: chrono::DateTime<chrono::Utc> = item["item"]["created_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        created_at > chrono::Utc::now() + chrono::Duration::minutes(59),
        "{item}"
    );
}

#[tokio::test]
async fn advancing_is_checked_and_sandbox_only() {
    let app = spawn_app().await;
    for seconds in [
        json!(0),
        json!(-5),
        json!("ten"),
        json!(1.5),
        json!(400_000_000),
    ] {
        let answer = app
            .post("/sandbox/clock/advance", json!({"seconds": seconds}))
            .await;
        assert_plaid_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "INVALID_FIELD",
        );
    }
    let missing = app.post("/sandbox/clock/advance", json!({})).await;
    assert_plaid_error(
        &missing,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "MISSING_FIELDS",
    );
    let (status, body) = show(&app, &app.url(""), CLIENT_ID, "wrong-secret").await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );

    let production = spawn_app_with(config(Environment::Production)).await;
    let (client_id, secret) = production.another_client().await;
    let refused = production
        .post_as(
            "/sandbox/clock/advance",
            json!({"seconds": 60}),
            &client_id,
            &secret,
        )
        .await;
    assert_plaid_error(
        &refused,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "SANDBOX_ONLY",
    );
}

#[tokio::test]
async fn a_link_token_expires_after_four_hours_of_the_clients_time() {
    let app = spawn_app().await;
    let request = json!({
        "client_name": "App", "language": "en", "country_codes": ["US"],
        "user": {"client_user_id": "user-1"}, "products": ["auth"],
    });
    let (_, created) = app.post("/link/token/create", request.clone()).await;
    let (_, later) = app.post("/link/token/create", request).await;
    let expiration = time(&created, "expiration");
    let start = |token: Value| {
        let app = &app;
        async move {
            let response = app
                .http
                .post(app.url("/link/session/start"))
                .json(&json!({"link_token": token}))
                .send()
                .await
                .unwrap();
            read(response).await
        }
    };
    advance(&app, 4 * 3600 - 60).await;
    let (status, body) = start(created["link_token"].clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    advance(&app, 61).await;
    let expired = start(later["link_token"].clone()).await;
    assert_plaid_error(
        &expired,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_LINK_TOKEN",
    );
    // Tokens created now expire four hours after the client's now.
    let (_, fresh) = app
        .post(
            "/link/token/create",
            json!({"client_name": "App", "language": "en", "country_codes": ["US"],
                   "user": {"client_user_id": "user-1"}, "products": ["auth"]}),
        )
        .await;
    let gap = time(&fresh, "expiration") - expiration;
    assert!(gap >= chrono::Duration::seconds(4 * 3600), "{gap}");
}

#[tokio::test]
async fn a_failed_webhooks_retry_comes_due_when_the_clock_passes_it() {
    let mut hourly = config(Environment::Sandbox);
    // Plaid's schedule scaled to an hour: without the clock the retry would wait an hour of real time.
    hourly.webhooks.retry_base_ms = 3_600_000;
    hourly.webhooks.retry_window_secs = 24 * 3600;
    let app = spawn_app_with(hourly).await;
    let receiver = Receiver::start(vec![StatusCode::SERVICE_UNAVAILABLE]).await;
    let (access_token, _) = item_with_webhook(&app, &receiver, json!(["auth"])).await;
    let (status, body) = app
        .post(
            "/sandbox/item/fire_webhook",
            json!({"access_token": access_token, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    wait_for_received(&receiver, 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 1, "the retry is an hour away");
    advance(&app, 3000).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "ten minutes short of the hour"
    );
    advance(&app, 601).await;
    let accepted = receiver.wait_for_accepted(1).await;
    assert_eq!(accepted[0].body["webhook_code"], "NEW_ACCOUNTS_AVAILABLE");
}

async fn wait_for_received(receiver: &Receiver, count: usize) {
    for _ in 0..200 {
        if receiver.received().len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("expected {count} webhooks, got {:?}", receiver.received());
}

#[tokio::test]
async fn a_second_instance_sees_the_advanced_clock_at_once() {
    let app = spawn_app().await;
    let public_token = app.public_token(json!({})).await;
    let second = Application::build(config(Environment::Sandbox), &app.database)
        .await
        .unwrap();
    let address = second.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        second
            .run_until(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    advance(&app, 31 * 60).await;
    let (_, reading) = show(&app, &format!("http://{address}"), CLIENT_ID, SECRET).await;
    assert_eq!(reading["offset_seconds"], 31 * 60);
    let response = app
        .http
        .post(format!("http://{address}/item/public_token/exchange"))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .json(&json!({"public_token": public_token}))
        .send()
        .await
        .unwrap();
    assert_plaid_error(
        &read(response).await,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PUBLIC_TOKEN",
    );
    stop.send(()).unwrap();
    server.await.unwrap();
}
