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
