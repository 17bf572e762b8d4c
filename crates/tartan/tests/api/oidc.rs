//! Link's OpenID Connect logins through HTTP (docs/providers.md), against the minimal provider in
//! `oidc_provider.rs`: the authorization request, a verified login that links, and every way the callback can
//! fail (bad, replayed and expired state; denial; untrusted ID tokens; unknown users; http issuers).

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::domain::Environment;

use crate::helpers::{TestApp, config, read, spawn_app_with};
use crate::oidc_provider::{self, CLIENT_ID, CLIENT_SECRET, Flaw, Plan, TestProvider, query};

const INSTITUTION: &str = "ins_oidc_test";

async fn production(allow_loopback: bool) -> TestApp {
    let mut config = config(Environment::Production);
    config.allow_loopback_oidc_issuers = allow_loopback;
    spawn_app_with(config).await
}

async fn session(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .http
        .post(app.url(&format!("/plaid-compatible/link/session/{path}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    read(response).await
}

/// A Link session of a new production token, at the OAuth pane of the OIDC institution.
async fn at_login_pane(app: &TestApp) -> (String, String) {
    let (status, created) = app
        .post(
            "/link/token/create",
            json!({
                "client_name": "OIDC App", "language": "en", "country_codes": ["US"],
                "user": {"client_user_id": "user-1"}, "products": ["identity"],
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let token = created["link_token"].as_str().unwrap().to_owned();
    let (status, started) = session(app, "start", json!({"link_token": token})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let step = |action: Value| {
        let mut body = json!({"link_token": token, "link_session_id": id});
        for (key, value) in action.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    let (_, consented) = session(app, "step", step(json!({"action": "consent"}))).await;
    assert_eq!(consented["view"]["name"], "SELECT_INSTITUTION", "{consented}");
    let (status, chosen) = session(
        app,
        "step",
        step(json!({"action": "select_institution", "institution_id": INSTITUTION})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{chosen}");
    assert_eq!(chosen["view"]["name"], "OAUTH", "{chosen}");
    assert_eq!(chosen["view"]["oidc"], true, "{chosen}");
    (token, id)
}

/// `POST /link/session/oidc`: the answer.
async fn begin(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, answer) = session(
        app,
        "oidc",
        json!({"link_token": token, "link_session_id": id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

async fn callback(app: &TestApp, query: &str) -> (StatusCode, String) {
    let response = app
        .http
        .get(app.url(&format!("/plaid-compatible/link/oidc/callback?{query}")))
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    (status, response.text().await.unwrap())
}

/// The session where it is now (what Link's frame sees when it asks).
async fn resumed(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, answer) = session(
        app,
        "start",
        json!({"link_token": token, "link_session_id": id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["view"].clone()
}

fn plan(url: &str, sub: &str, flaw: Flaw) -> Plan {
    let params = query(url);
    Plan {
        sub: sub.to_owned(),
        nonce: params["nonce"].clone(),
        code_challenge: params["code_challenge"].clone(),
        flaw,
    }
}

fn assert_error(view: &Value, code: &str) {
    assert_eq!(view["name"], "ERROR", "{view}");
    assert_eq!(view["error"]["error_code"], code, "{view}");
    assert_eq!(view["retry"], true, "{view}");
}

#[tokio::test]
async fn a_callback_naming_no_waiting_login_is_refused_and_changes_nothing() {
    let app = production(true).await;
    for query in [
        "",
        "code=abc",
        "state=not-a-login&code=abc",
        "state=x&error=access_denied",
    ] {
        let (status, page) = callback(&app, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.contains("not valid"), "{query}: {page}");
    }
}
