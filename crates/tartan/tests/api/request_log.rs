//! One structured log line per request, and nothing secret in any line: a real `tartan serve` process with
//! JSON logs, driven through a full token flow, an older API version and a secret rotation.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, CLIENT_ID, SECRET};
use crate::instances::Instance;

#[tokio::test]
async fn every_request_logs_one_completion_line_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("log.db").display());
    let server = Instance::start(&url).await;
    let http = reqwest::Client::new();

    let created = json!({"institution_id": "ins_109508", "initial_products": ["identity"]});
    let (_, body) = server
        .post(&http, "/sandbox/public_token/create", created)
        .await;
    let public_token = body["public_token"].as_str().unwrap().to_owned();
    let (_, body) = server
        .post(
            &http,
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
        )
        .await;
    let access_token = body["access_token"].as_str().unwrap().to_owned();
    let response = http
        .post(format!("http://{}/identity/get", server.address))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .json(&json!({"access_token": access_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let identity: Value = response.json().await.unwrap();
    let owner_name = identity["accounts"][0]["owners"][0]["names"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = http
        .post(format!("http://{}/identity/get", server.address))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", "not-the-secret")
        .json(&json!({"access_token": access_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

    // An older API version, a secret rotation and a request with the new secret.
    let auth: Value = http
        .post(format!("http://{}/auth/get", server.address))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .header("Plaid-Version", "2018-05-22")
        .json(&json!({"access_token": access_token}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let account_number = auth["numbers"]["ach"][0]["account"]
        .as_str()
        .unwrap()
        .to_owned();
    let rotated: Value = http
        .post(format!(
            "http://{}/admin/clients/{CLIENT_ID}/rotate_secret",
            server.address
        ))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"grace_period_seconds": 60}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    let with_new_secret = http
        .post(format!("http://{}/identity/get", server.address))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", &new_secret)
        .json(&json!({"access_token": access_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(with_new_secret.status(), StatusCode::OK);

    // The line is written after the response; give the writer a moment.
    let mut lines = Vec::new();
    for _ in 0..50 {
        lines = server.log_lines();
        if lines
            .iter()
            .filter(|l| l.contains("request completed"))
            .count()
            >= 7
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let completions: Vec<Value> = lines
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["message"] == "request completed")
        .collect();
    assert_eq!(completions.len(), 7, "{lines:#?}");
    let identity_line = completions
        .iter()
        .find(|event| event["span"]["request_id"] == request_id.as_str())
        .unwrap_or_else(|| panic!("no completion line for {request_id}: {completions:#?}"));
    assert_eq!(identity_line["client_id"], CLIENT_ID);
    assert_eq!(identity_line["span"]["route"], "/identity/get");
    assert_eq!(identity_line["status"], 200);
    assert!(identity_line["latency_ms"].as_f64().unwrap() >= 0.0);
    let refused_line = completions
        .iter()
        .find(|event| event["status"] == 400)
        .unwrap();
    assert_eq!(refused_line["status"], 400);
    assert_eq!(refused_line["client_id"], Value::Null, "not authenticated");

    for secret in [
        SECRET,
        new_secret.as_str(),
        ADMIN_TOKEN,
        account_number.as_str(),
        public_token.as_str(),
        access_token.as_str(),
        owner_name.as_str(),
    ] {
        let leaks: Vec<&String> = lines.iter().filter(|line| line.contains(secret)).collect();
        assert!(leaks.is_empty(), "`{secret}` was logged: {leaks:#?}");
    }
}
