//! The token flow and Items: exchange, get, remove.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_plaid_error, spawn_app};

#[tokio::test]
async fn a_public_token_exchanges_once_for_an_access_token() {
    let app = spawn_app().await;
    let public_token = app.public_token(json!({})).await;
    assert!(public_token.starts_with("public-sandbox-"));

    let (status, body) = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["access_token"]
            .as_str()
            .unwrap()
            .starts_with("access-sandbox-")
    );
    let item_id = body["item_id"].as_str().unwrap();
    assert_eq!(item_id.len(), 37);

    let again = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
        )
        .await;
    assert_plaid_error(
        &again,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PUBLIC_TOKEN",
    );
}

#[tokio::test]
async fn garbage_and_foreign_public_tokens_are_refused() {
    let app = spawn_app().await;
    for token in [
        "",
        "public-sandbox-nope",
        "public-production-00000000-0000-0000-0000-000000000000",
    ] {
        let response = app
            .post(
                "/item/public_token/exchange",
                json!({"public_token": token}),
            )
            .await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_PUBLIC_TOKEN",
        );
    }
    let public_token = app.public_token(json!({})).await;
    let (client_id, secret) = app.another_client().await;
    let foreign = app
        .post_as(
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
            &client_id,
            &secret,
        )
        .await;
    assert_plaid_error(
        &foreign,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PUBLIC_TOKEN",
    );
}

#[tokio::test]
async fn item_get_describes_the_item_with_every_key() {
    let app = spawn_app().await;
    let access_token = app
        .access_token_with(json!({"webhook": "http://localhost:8000/hook"}))
        .await;
    let (status, body) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let item = &body["item"];
    assert_eq!(item["institution_id"], "ins_109508");
    assert_eq!(item["institution_name"], "First Platypus Bank");
    assert_eq!(item["webhook"], "http://localhost:8000/hook");
    assert_eq!(item["products"], json!(["auth"]));
    assert_eq!(item["billed_products"], json!(["auth"]));
    assert_eq!(
        item["available_products"],
        json!(["balance", "identity", "identity_match"])
    );
    assert_eq!(item["error"], json!(null));
    assert_eq!(item["update_type"], "background");
    for key in [
        "auth_method",
        "consent_expiration_time",
        "consented_products",
        "created_at",
    ] {
        assert!(item.get(key).is_some(), "missing {key}");
    }
    assert!(body.get("status").is_some());
}

#[tokio::test]
async fn a_removed_item_answers_no_more() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, body) = app
        .post(
            "/item/remove",
            json!({"access_token": access_token, "reason_code": "OTHER"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["request_id"]
    );

    for path in [
        "/item/get",
        "/accounts/get",
        "/identity/get",
        "/item/remove",
    ] {
        let response = app.post(path, json!({"access_token": access_token})).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_ACCESS_TOKEN",
        );
    }
}

#[tokio::test]
async fn another_clients_access_token_is_invalid() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (client_id, secret) = app.another_client().await;
    for path in [
        "/item/get",
        "/accounts/get",
        "/identity/get",
        "/item/remove",
    ] {
        let response = app
            .post_as(
                path,
                json!({"access_token": access_token}),
                &client_id,
                &secret,
            )
            .await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_ACCESS_TOKEN",
        );
    }
    // The owner still has it.
    let (status, _) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn malformed_access_tokens_are_invalid_access_tokens() {
    let app = spawn_app().await;
    for token in [
        "",
        "access-sandbox-",
        "access-production-00000000-0000-0000-0000-000000000000",
        "🦆",
    ] {
        let response = app.post("/item/get", json!({"access_token": token})).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_ACCESS_TOKEN",
        );
    }
}

#[tokio::test]
async fn an_overlong_reason_note_is_an_invalid_field() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let response = app
        .post(
            "/item/remove",
            json!({"access_token": access_token, "reason_note": "x".repeat(513)}),
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn every_route_also_answers_under_the_base_path() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, body) = app
        .post(
            "/plaid-compatible/identity/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let health = app
        .http
        .get(app.url("/plaid-compatible/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let missing = app.post("/plaid-compatible/nothing/here", json!({})).await;
    assert_plaid_error(
        &missing,
        StatusCode::NOT_FOUND,
        "INVALID_REQUEST",
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    for path in ["/health", "/ready"] {
        let response = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.json::<serde_json::Value>().await.unwrap()["status"],
            "ok"
        );
    }
}
