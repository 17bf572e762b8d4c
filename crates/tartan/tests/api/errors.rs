//! Every way a request can be wrong gets Plaid's error, with a request id, and never a 5xx.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{CLIENT_ID, SECRET, assert_plaid_error, read, spawn_app};

#[tokio::test]
async fn malformed_json_is_an_invalid_body() {
    let app = spawn_app().await;
    let response = app
        .http
        .post(app.url("/identity/get"))
        .header("content-type", "application/json")
        .body(r#"{"access_token": "#)
        .send()
        .await
        .unwrap();
    assert_plaid_error(
        &read(response).await,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_BODY",
    );
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_an_invalid_body() {
    let app = spawn_app().await;
    for body in ["[1,2]", "\"text\"", "null", "42"] {
        let response = app
            .http
            .post(app.url("/accounts/get"))
            .header("content-type", "application/json")
            .body(body)
            .send();
        assert_plaid_error(
            &read(response.await.unwrap()).await,
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "INVALID_BODY",
        );
    }
}

#[tokio::test]
async fn non_json_content_is_an_invalid_body_and_a_missing_content_type_an_invalid_header() {
    let app = spawn_app().await;
    let form = app
        .http
        .post(app.url("/item/get"))
        .header("content-type", "application/x-www-form-urlencoded");
    let response = form.body("access_token=x").send().await.unwrap();
    assert_plaid_error(
        &read(response).await,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_BODY",
    );

    let response = app
        .http
        .post(app.url("/item/get"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_plaid_error(
        &read(response).await,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_HEADERS",
    );
}

#[tokio::test]
async fn a_missing_required_field_is_named() {
    let app = spawn_app().await;
    let response = app.post("/identity/get", json!({})).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "MISSING_FIELDS",
    );
    assert_eq!(
        response.1["error_message"],
        "the following required fields are missing: access_token"
    );
}

#[tokio::test]
async fn a_field_of_the_wrong_type_or_value_is_an_invalid_field() {
    let app = spawn_app().await;
    let response = app.post("/identity/get", json!({"access_token": 12})).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    assert!(
        response.1["error_message"]
            .as_str()
            .unwrap()
            .starts_with("access_token"),
        "{}",
        response.1
    );

    let bad_product =
        json!({"institution_id": "ins_109508", "initial_products": ["teleportation"]});
    let response = app.post("/sandbox/public_token/create", bad_product).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    assert!(
        response.1["error_message"]
            .as_str()
            .unwrap()
            .contains("initial_products[0]"),
        "{}",
        response.1
    );
}

#[tokio::test]
async fn unknown_fields_are_all_listed() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/accounts/get",
            json!({"access_token": "x", "colour": "red", "options": {"depth": 3}}),
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "UNKNOWN_FIELDS",
    );
    assert_eq!(
        response.1["error_message"],
        "the following fields are not recognized by this endpoint: colour, options.depth"
    );
}

#[tokio::test]
async fn missing_credentials_are_missing_fields() {
    let app = spawn_app().await;
    let response = app
        .http
        .post(app.url("/item/get"))
        .json(&json!({"access_token": "x"}))
        .send()
        .await
        .unwrap();
    let response = read(response).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "MISSING_FIELDS",
    );
    assert_eq!(
        response.1["error_message"],
        "the following required fields are missing: client_id, secret"
    );
}

#[tokio::test]
async fn wrong_or_unknown_credentials_are_invalid_api_keys() {
    let app = spawn_app().await;
    let wrong_secret = app
        .post_as("/item/get", json!({"access_token": "x"}), CLIENT_ID, "nope")
        .await;
    assert_plaid_error(
        &wrong_secret,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );
    let unknown_client = app
        .post_as(
            "/item/get",
            json!({"access_token": "x"}),
            "ffffffffffffffffffffffff",
            SECRET,
        )
        .await;
    assert_plaid_error(
        &unknown_client,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );
}

#[tokio::test]
async fn credentials_in_the_body_work_like_headers() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let body = json!({"client_id": CLIENT_ID, "secret": SECRET, "access_token": access_token});
    let response = app
        .http
        .post(app.url("/item/get"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let empty = json!({"client_id": "", "secret": SECRET, "access_token": access_token});
    let response = read(
        app.http
            .post(app.url("/item/get"))
            .json(&empty)
            .send()
            .await
            .unwrap(),
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
async fn an_unknown_route_is_plaids_404() {
    let app = spawn_app().await;
    let response = app.post("/identity/teleport", json!({})).await;
    assert_plaid_error(
        &response,
        StatusCode::NOT_FOUND,
        "INVALID_REQUEST",
        "NOT_FOUND",
    );
    let get = read(app.http.get(app.url("/identity/get")).send().await.unwrap()).await;
    assert_plaid_error(&get, StatusCode::NOT_FOUND, "INVALID_REQUEST", "NOT_FOUND");
}

#[tokio::test]
async fn a_plaid_path_tartan_does_not_serve_says_so() {
    let app = spawn_app().await;
    for path in ["/transactions/sync", "/plaid-compatible/transactions/sync"] {
        let response = app.post(path, json!({})).await;
        assert_plaid_error(
            &response,
            StatusCode::NOT_FOUND,
            "INVALID_REQUEST",
            "NOT_FOUND",
        );
        let message = response.1["error_message"].as_str().unwrap();
        assert!(
            message.starts_with("/transactions/sync is part of Plaid's API but is not served"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn an_oversized_body_is_an_invalid_body() {
    let app = spawn_app().await;
    let huge = json!({"access_token": "x".repeat(100 * 1024)});
    let response = app.post("/item/get", huge).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_BODY",
    );
    let message = response.1["error_message"].as_str().unwrap();
    assert!(message.contains("larger than the limit"), "{message}");
}

#[tokio::test]
async fn hostile_bodies_never_cause_a_server_error() {
    let app = spawn_app().await;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies = [
        deep.as_str(),
        "\u{0}\u{1}\u{2}",
        "{\"access_token\": \"\\ud800\"}",
        "{\"access_token\": null}",
        "{\"access_token\": \"access-sandbox-00000000-0000-0000-0000-000000000000\", \"options\": null}",
        "{\"access_token\": \"x\", \"options\": {\"account_ids\": \"not-a-list\"}}",
        "{\"institution_id\": \"ins_109508\", \"initial_products\": []}",
        "{\"public_token\": \"public-production-1\"}",
    ];
    for path in [
        "/identity/get",
        "/sandbox/public_token/create",
        "/item/public_token/exchange",
        "/item/remove",
    ] {
        for body in bodies {
            let request = app
                .http
                .post(app.url(path))
                .header("content-type", "application/json")
                .header("PLAID-CLIENT-ID", CLIENT_ID)
                .header("PLAID-SECRET", SECRET)
                .body(body.to_owned());
            let (status, response) = read(request.send().await.unwrap()).await;
            assert!(
                status.is_client_error(),
                "{path} {body:.60}: {status} {response}"
            );
        }
    }
}
