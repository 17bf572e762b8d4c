//! Data survives a restart.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn items_and_tokens_survive_a_restart() {
    let mut app = spawn_app().await;
    let access_token = app.access_token().await;
    let pending_public_token = app.public_token(json!({})).await;
    let (_, before) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;

    app.restart().await;

    let (status, after) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["accounts"], before["accounts"]);
    assert_eq!(after["item"], before["item"]);
    let (status, body) = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": pending_public_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// What an idle server does with its caches (`Store::release_idle_memory`: SQLite's cached pages dropped, on
/// every connection of the process) changes no answer, and writes after it are read back.
#[tokio::test]
async fn answers_are_unchanged_after_the_cached_pages_are_released() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (_, identity) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    let (_, auth) = app
        .post("/auth/get", json!({"access_token": access_token}))
        .await;

    let store = tartan::store::open(&app.database).await.unwrap();
    store.release_idle_memory().await.unwrap();

    let (status, again) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["accounts"], identity["accounts"]);
    assert_eq!(again["item"], identity["item"]);
    let (_, again) = app
        .post("/auth/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(again["numbers"], auth["numbers"]);
    // A write after the release, read back through the same connections.
    let other = app.access_token().await;
    store.release_idle_memory().await.unwrap();
    let (status, body) = app
        .post("/identity/get", json!({"access_token": other}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["accounts"].as_array().map(Vec::len),
        identity["accounts"].as_array().map(Vec::len)
    );
}
