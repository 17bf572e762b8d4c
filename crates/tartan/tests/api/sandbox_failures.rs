//! Failures on demand: a share of requests fails with Plaid's outage errors, latency is added, every
//! instance sees a change on the next request.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tartan::domain::Environment;
use tartan::server::Application;

use crate::helpers::{CLIENT_ID, SECRET, assert_plaid_error, config, read, spawn_app};

#[tokio::test]
async fn half_the_calls_fail_with_plaids_internal_server_error() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, set) = app
        .post("/sandbox/failures/set", json!({"error_percent": 50}))
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["failures"]["error_code"], "INTERNAL_SERVER_ERROR");
    let mut failed = 0;
    for _ in 0..200 {
        let answer = app
            .post("/accounts/get", json!({"access_token": access_token}))
            .await;
        if answer.0 == StatusCode::OK {
            continue;
        }
        assert_plaid_error(
            &answer,
            StatusCode::INTERNAL_SERVER_ERROR,
            "API_ERROR",
            "INTERNAL_SERVER_ERROR",
        );
        failed += 1;
    }
    // Binomial(200, 0.5): 60..=140 is more than 5.6 standard deviations either side.
    assert!((60..=140).contains(&failed), "{failed} of 200 failed");
    // The controls themselves never fail, so the failures can always be cleared.
    for _ in 0..20 {
        let (status, body) = app.post("/sandbox/failures/get", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["failures"]["error_percent"], 50);
    }
    let (status, cleared) = app.post("/sandbox/failures/clear", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{cleared}");
    assert!(cleared["failures"].is_null());
    for _ in 0..20 {
        let (status, body) = app
            .post("/accounts/get", json!({"access_token": access_token}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

#[tokio::test]
async fn maintenance_latency_and_other_clients() {
    let app = spawn_app().await;
    let (other_id, other_secret) = app.another_client().await;
    let (status, body) = app
        .post(
            "/sandbox/failures/set",
            json!({"error_percent": 100, "error_code": "PLANNED_MAINTENANCE", "latency_ms": 300}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let started = Instant::now();
    let answer = app
        .post(
            "/institutions/get_by_id",
            json!({"institution_id": "ins_109508", "country_codes": ["US"]}),
        )
        .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_plaid_error(
        &answer,
        StatusCode::SERVICE_UNAVAILABLE,
        "API_ERROR",
        "PLANNED_MAINTENANCE",
    );
    let theirs = app
        .post_as(
            "/institutions/get_by_id",
            json!({"institution_id": "ins_109508", "country_codes": ["US"]}),
            &other_id,
            &other_secret,
        )
        .await;
    assert_eq!(theirs.0, StatusCode::OK, "{}", theirs.1);
}

#[tokio::test]
async fn bad_settings_are_invalid_fields() {
    let app = spawn_app().await;
    for body in [
        json!({"error_percent": 101}),
        json!({"error_percent": -1}),
        json!({"latency_ms": 30_001}),
        json!({"error_code": "ITEM_LOGIN_REQUIRED"}),
        json!({"error_code": "NOPE"}),
    ] {
        let answer = app.post("/sandbox/failures/set", body.clone()).await;
        assert_plaid_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "INVALID_FIELD",
        );
    }
    let unknown = app
        .post("/sandbox/failures/set", json!({"percent": 5}))
        .await;
    assert_plaid_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "UNKNOWN_FIELDS",
    );
}

#[tokio::test]
async fn a_second_instance_applies_a_change_on_the_next_request() {
    let app = spawn_app().await;
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
    let call = || async {
        let response = app
            .http
            .post(format!("http://{address}/institutions/get_by_id"))
            .header("PLAID-CLIENT-ID", CLIENT_ID)
            .header("PLAID-SECRET", SECRET)
            .json(&json!({"institution_id": "ins_109508", "country_codes": ["US"]}))
            .send()
            .await
            .unwrap();
        read(response).await
    };
    assert_eq!(call().await.0, StatusCode::OK);
    app.post("/sandbox/failures/set", json!({"error_percent": 100}))
        .await;
    assert_plaid_error(
        &call().await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "API_ERROR",
        "INTERNAL_SERVER_ERROR",
    );
    app.post("/sandbox/failures/clear", json!({})).await;
    assert_eq!(call().await.0, StatusCode::OK);
    stop.send(()).unwrap();
    server.await.unwrap();
}

#[tokio::test]
async fn a_burst_rate_limits_exactly_the_next_requests() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, set) = app
        .post("/sandbox/failures/set", json!({"rate_limit_burst": 3}))
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["failures"]["rate_limit_burst"], 3);
    for _ in 0..3 {
        let answer = app
            .post("/accounts/get", json!({"access_token": access_token}))
            .await;
        assert_plaid_error(
            &answer,
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT_EXCEEDED",
            "RATE_LIMIT",
        );
    }
    for _ in 0..5 {
        let (status, body) = app
            .post("/accounts/get", json!({"access_token": access_token}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, got) = app.post("/sandbox/failures/get", json!({})).await;
    assert_eq!(got["failures"]["rate_limit_burst"], 0, "{got}");
    let too_many = app
        .post(
            "/sandbox/failures/set",
            json!({"rate_limit_burst": 100_001}),
        )
        .await;
    assert_plaid_error(
        &too_many,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn webhooks_arrive_late_and_twice() {
    let app = spawn_app().await;
    let receiver = crate::receiver::Receiver::start(vec![]).await;
    let (access_token, _) =
        crate::webhooks::item_with_webhook(&app, &receiver, json!(["auth"])).await;
    let (status, set) = app
        .post(
            "/sandbox/failures/set",
            json!({"webhook_delay_seconds": 2, "webhook_duplicate": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["failures"]["webhook_delay_seconds"], 2);
    let fired = Instant::now();
    let (status, body) = app
        .post(
            "/sandbox/item/fire_webhook",
            json!({"access_token": access_token, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(receiver.received().is_empty(), "{:?}", receiver.received());
    let received = receiver.wait_for_accepted(2).await;
    assert!(fired.elapsed() >= Duration::from_secs(2));
    assert_eq!(received[0].raw, received[1].raw, "the same webhook twice");
    assert_eq!(received[0].body["webhook_code"], "NEW_ACCOUNTS_AVAILABLE");
    let too_late = app
        .post(
            "/sandbox/failures/set",
            json!({"webhook_delay_seconds": 3601}),
        )
        .await;
    assert_plaid_error(
        &too_late,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn an_institution_set_down_fails_its_items_only() {
    let app = spawn_app().await;
    let platypus = app.access_token().await;
    let (status, body) = app
        .post(
            "/sandbox/failures/set",
            json!({"institution_errors": {"ins_109508": "INSTITUTION_DOWN"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["failures"]["institution_errors"]["ins_109508"],
        "INSTITUTION_DOWN"
    );
    let down = app
        .post("/accounts/get", json!({"access_token": platypus}))
        .await;
    assert_plaid_error(
        &down,
        StatusCode::BAD_REQUEST,
        "INSTITUTION_ERROR",
        "INSTITUTION_DOWN",
    );
    let (status, created) = app
        .post(
            "/sandbox/public_token/create",
            json!({"institution_id": "ins_109509", "initial_products": ["auth"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let (_, exchanged) = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": created["public_token"]}),
        )
        .await;
    let (status, body) = app
        .post(
            "/accounts/get",
            json!({"access_token": exchanged["access_token"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.post(
        "/sandbox/failures/set",
        json!({"institution_errors": {"ins_109508": "INSTITUTION_NOT_RESPONDING"}}),
    )
    .await;
    let slow = app
        .post("/accounts/get", json!({"access_token": platypus}))
        .await;
    assert_plaid_error(
        &slow,
        StatusCode::BAD_REQUEST,
        "INSTITUTION_ERROR",
        "INSTITUTION_NOT_RESPONDING",
    );
    for bad in [
        json!({"institution_errors": {"ins_109508": "ITEM_LOCKED"}}),
        json!({"institution_errors": {"ins_nope": "INSTITUTION_DOWN"}}),
    ] {
        let answer = app.post("/sandbox/failures/set", bad).await;
        assert_plaid_error(
            &answer,
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "INVALID_FIELD",
        );
    }
}

#[tokio::test]
async fn webhooks_arrive_out_of_order() {
    let app = spawn_app().await;
    let receiver = crate::receiver::Receiver::start(vec![]).await;
    let (access_token, _) =
        crate::webhooks::item_with_webhook(&app, &receiver, json!(["auth"])).await;
    let (status, set) = app
        .post(
            "/sandbox/failures/set",
            json!({"webhook_out_of_order": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["failures"]["webhook_out_of_order"], true);
    let codes = [
        "NEW_ACCOUNTS_AVAILABLE",
        "LOGIN_REPAIRED",
        "USER_ACCOUNT_REVOKED",
        "PENDING_DISCONNECT",
        "USER_PERMISSION_REVOKED",
        "ERROR",
        "NEW_ACCOUNTS_AVAILABLE",
        "LOGIN_REPAIRED",
        "USER_ACCOUNT_REVOKED",
        "PENDING_DISCONNECT",
        "USER_PERMISSION_REVOKED",
        "ERROR",
    ];
    for code in codes {
        let (status, body) = app
            .post(
                "/sandbox/item/fire_webhook",
                json!({"access_token": access_token, "webhook_code": code}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let received = receiver.wait_for_accepted(codes.len()).await;
    let arrived: Vec<String> = received
        .iter()
        .map(|webhook| {
            webhook.body["webhook_code"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let mut sorted_arrived = arrived.clone();
    sorted_arrived.sort();
    let mut sorted_codes: Vec<String> = codes.iter().map(|code| (*code).to_owned()).collect();
    sorted_codes.sort();
    assert_eq!(sorted_arrived, sorted_codes, "every webhook arrives once");
    // Twelve webhooks each held back a random 0–2 s: arriving in the order fired has odds below 1 in 10^7.
    assert_ne!(
        arrived, codes,
        "the webhooks arrived in the order they were fired"
    );
}
