//! Client secret rotation through the admin API and the CLI: old and new both work for the grace period,
//! then only the new one; and the CLI's default API version.

use std::process::Command;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_TOKEN, CLIENT_ID, SECRET, TestApp, assert_plaid_error, read, spawn_app,
};

async fn rotate(app: &TestApp, client_id: &str, grace_period_seconds: u32) -> (StatusCode, Value) {
    let response = app
        .http
        .post(app.url(&format!("/admin/clients/{client_id}/rotate_secret")))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"grace_period_seconds": grace_period_seconds}))
        .send()
        .await
        .unwrap();
    read(response).await
}

async fn item_get_as(app: &TestApp, secret: &str, access_token: &str) -> (StatusCode, Value) {
    app.post_as(
        "/item/get",
        json!({"access_token": access_token}),
        CLIENT_ID,
        secret,
    )
    .await
}

#[tokio::test]
async fn the_old_secret_works_for_the_grace_period_then_only_the_new_one() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, rotated) = rotate(&app, CLIENT_ID, 2).await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, SECRET);
    assert_eq!(new_secret.len(), 32, "128 random bits in hex");
    assert!(rotated["previous_secret_expires_at"].is_string());

    assert_eq!(
        item_get_as(&app, SECRET, &access_token).await.0,
        StatusCode::OK
    );
    assert_eq!(
        item_get_as(&app, &new_secret, &access_token).await.0,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let old = item_get_as(&app, SECRET, &access_token).await;
    assert_plaid_error(
        &old,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );
    assert_eq!(
        item_get_as(&app, &new_secret, &access_token).await.0,
        StatusCode::OK
    );

    // A second rotation with no grace period retires the current secret at once; the secret before it is
    // forgotten.
    let (_, again) = rotate(&app, CLIENT_ID, 0).await;
    let newest = again["secret"].as_str().unwrap();
    assert_eq!(
        item_get_as(&app, newest, &access_token).await.0,
        StatusCode::OK
    );
    for retired in [new_secret.as_str(), SECRET] {
        let refused = item_get_as(&app, retired, &access_token).await;
        assert_plaid_error(
            &refused,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_API_KEYS",
        );
    }
}

#[tokio::test]
async fn rotation_needs_the_admin_token_and_a_known_client() {
    let app = spawn_app().await;
    let response = app
        .http
        .post(app.url(&format!("/admin/clients/{CLIENT_ID}/rotate_secret")))
        .bearer_auth("wrong")
        .json(&json!({"grace_period_seconds": 60}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let unknown = rotate(&app, "no-such-client", 60).await;
    assert_plaid_error(
        &unknown,
        StatusCode::NOT_FOUND,
        "INVALID_REQUEST",
        "NOT_FOUND",
    );
    assert_eq!(
        item_get_as(&app, SECRET, "x").await.1["error_code"],
        "INVALID_ACCESS_TOKEN"
    );
}

fn tartan(database_url: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_tartan"))
        .arg("--database-url")
        .arg(database_url)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn field<'a>(output: &'a str, label: &str) -> &'a str {
    output
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .unwrap_or_else(|| panic!("no `{label}` in {output}"))
        .trim()
}

#[tokio::test]
async fn the_cli_sets_versions_and_rotates_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("cli.db").display());
    let created = tartan(
        &url,
        &[
            "clients",
            "create",
            "--name",
            "Old App",
            "--api-version",
            "2018-05-22",
        ],
    );
    let client_id = field(&created, "client_id:").to_owned();
    let secret = field(&created, "secret:").to_owned();
    assert!(tartan(&url, &["clients", "list"]).contains("2018-05-22"));
    tartan(
        &url,
        &["clients", "set", &client_id, "--api-version", "2019-05-29"],
    );
    let rotated = tartan(
        &url,
        &[
            "clients",
            "rotate-secret",
            &client_id,
            "--grace-seconds",
            "3600",
        ],
    );
    let new_secret = field(&rotated, "new secret:").to_owned();

    let store = tartan::store::open(&tartan::config::DatabaseConfig::new(url))
        .await
        .unwrap();
    let client = store
        .find_client(&tartan::domain::ClientId::from_stored(client_id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(client.api_version.as_str(), "2019-05-29");
    let now = chrono::Utc::now();
    let hash = |secret: &str| {
        tartan::domain::tokens::ClientSecret::from_presented(secret.to_owned()).hash()
    };
    assert!(client.accepts_secret(&hash(&secret), now));
    assert!(client.accepts_secret(&hash(&new_secret), now));
    assert!(!client.accepts_secret(&hash(&secret), now + chrono::Duration::hours(2)));
}
