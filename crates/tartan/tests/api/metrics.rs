//! `GET /metrics`: Prometheus text with requests, latency, webhooks, the database pool and statement analyses.
//! The recorder is process-wide, so other tests' requests show too; each assertion names what this test did.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{CLIENT_ID, SECRET, TestApp, spawn_app};

async fn scrape(app: &TestApp) -> String {
    let response = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    response.text().await.unwrap()
}

/// The value of the first sample whose line starts with `prefix`.
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|line| line.starts_with(prefix))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_webhooks_the_pool_and_statement_analyses() {
    let app = spawn_app().await;
    let access_token = app
        .access_token_with(json!({"webhook": "http://127.0.0.1:9/closed"}))
        .await;
    let (status, _) = app.post("/item/get", json!({"access_token": "nope"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fired = json!({"access_token": access_token, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"});
    assert_eq!(
        app.post("/sandbox/item/fire_webhook", fired).await.0,
        StatusCode::OK
    );
    let (_, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    let account_id = accounts["accounts"][0]["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let form = Form::new()
        .text("access_token", access_token.clone())
        .text("account_id", account_id)
        .part(
            "file",
            Part::bytes(b"not a pdf".to_vec()).file_name("s.pdf"),
        );
    let _ = app
        .http
        .post(app.url("/sandbox/identity/documents/upload"))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .multipart(form)
        .send()
        .await
        .unwrap();

    let mut text = scrape(&app).await;
    for _ in 0..100 {
        if text.contains("tartan_webhook_deliveries_total{outcome=\"failed_will_retry\"}") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        text = scrape(&app).await;
    }
    assert!(
        sample(
            &text,
            r#"tartan_http_requests_total{route="/item/get",status="400"}"#
        )
        .unwrap()
            >= 1.0,
        "{text}"
    );
    assert!(
        sample(
            &text,
            r#"tartan_http_requests_total{route="/accounts/get",status="200"}"#
        )
        .unwrap()
            >= 1.0
    );
    assert!(
        sample(
            &text,
            r#"tartan_http_request_duration_seconds_bucket{route="/item/get",le="+Inf"}"#
        )
        .unwrap()
            >= 1.0
    );
    assert!(
        text.contains(
            r#"tartan_http_request_duration_seconds_bucket{route="/item/get",le="0.005"}"#
        )
    );
    assert!(
        sample(
            &text,
            r#"tartan_webhook_deliveries_total{outcome="failed_will_retry"}"#
        )
        .unwrap()
            >= 1.0,
        "{text}"
    );
    assert!(
        sample(&text, "tartan_webhook_outbox_pending").unwrap() >= 1.0,
        "the failed webhook waits for its retry"
    );
    assert!(sample(&text, "tartan_db_connections_max").unwrap() >= 1.0);
    assert!(sample(&text, "tartan_db_connections_in_use").is_some());
    assert!(
        sample(
            &text,
            r#"tartan_statement_analyses_total{outcome="refused"}"#
        )
        .unwrap()
            >= 1.0,
        "{text}"
    );
    assert!(sample(&text, "tartan_statement_analysis_duration_seconds_count").unwrap() >= 1.0);
}
