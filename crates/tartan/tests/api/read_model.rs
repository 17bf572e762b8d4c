//! The read model through the public API, with two `tartan serve` processes on one database (an SQLite file,
//! and with `TARTAN_TEST_POSTGRES_URL` a PostgreSQL schema): a repeated read is answered from memory (counted on
//! `/metrics`), and a write on the other instance is seen by the very next read, which is never such a hit.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::store::test_support;

use crate::helpers::{ADMIN_TOKEN, SECRET, assert_plaid_error};
use crate::instances::Instance;

const HITS: &str = "tartan_read_model_hits_total";
const MISSES: &str = "tartan_read_model_misses_total";

/// The read model's counts on one instance.
async fn counts(instance: &Instance, http: &reqwest::Client) -> (f64, f64) {
    (
        instance.metric(http, HITS).await.unwrap_or_default(),
        instance.metric(http, MISSES).await.unwrap_or_default(),
    )
}

/// `request` on `instance`, which must read the database: no hit, at least one miss.
async fn read_after_write(
    instance: &Instance,
    http: &reqwest::Client,
    request: impl AsyncFnOnce() -> (StatusCode, Value),
) -> (StatusCode, Value) {
    let (hits, misses) = counts(instance, http).await;
    let answer = request().await;
    let (hits_after, misses_after) = counts(instance, http).await;
    assert_eq!(
        hits_after, hits,
        "a read after a write is not a hit: {answer:?}"
    );
    assert!(misses_after > misses, "{answer:?}");
    answer
}

/// Two instances, an Item made through them and a processor token of one of its accounts.
async fn two_instances_with_an_item(url: &str) -> (Instance, Instance, String, String) {
    let a = Instance::start(url).await;
    let b = Instance::start(url).await;
    let http = reqwest::Client::new();
    let public_token = a.public_token(&http).await;
    let access_token = b.access_token(&http, &public_token).await;
    let (_, accounts) = a
        .post(
            &http,
            "/accounts/get",
            json!({"access_token": access_token}),
        )
        .await;
    let account_id = accounts["accounts"][0]["account_id"].clone();
    let create =
        json!({"access_token": access_token, "account_id": account_id, "processor": "dwolla"});
    let (status, created) = b.post(&http, "/processor/token/create", create).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let processor_token = created["processor_token"].as_str().unwrap().to_owned();
    (a, b, access_token, processor_token)
}

async fn writes_on_one_instance_are_read_at_once_on_the_other(url: &str) {
    let (a, b, access_token, processor_token) = two_instances_with_an_item(url).await;
    let http = reqwest::Client::new();
    let auth = json!({"access_token": access_token});
    let processor = json!({"processor_token": processor_token});

    // The same read again is answered from memory (a write of either instance's background work, or on
    // PostgreSQL of any test running beside this one on the same server, may come in between: then it is a
    // miss, and the read is repeated).
    let (status, first) = a.post(&http, "/auth/get", auth.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let mut hit = false;
    for _ in 0..100 {
        let (hits, _) = counts(&a, &http).await;
        let (status, again) = a.post(&http, "/auth/get", auth.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again["accounts"], first["accounts"]);
        if counts(&a, &http).await.0 == hits + 1.0 {
            hit = true;
            break;
        }
    }
    assert!(hit, "a repeated read is answered from memory");
    let (status, _) = a
        .post(&http, "/processor/auth/get", processor.clone())
        .await;
    assert_eq!(status, StatusCode::OK);

    // A secret rotated on b without a grace period stops working on a at once; the new one works.
    let rotated = http
        .post(format!(
            "http://{}/admin/clients/{}/rotate_secret",
            b.address,
            crate::helpers::CLIENT_ID
        ))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"grace_period_seconds": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), StatusCode::OK);
    let secret = rotated.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let old = read_after_write(&a, &http, async || {
        a.post_as(&http, "/auth/get", auth.clone(), SECRET).await
    })
    .await;
    assert_plaid_error(
        &old,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );
    let old = a
        .post_as(&http, "/processor/auth/get", processor.clone(), SECRET)
        .await;
    assert_plaid_error(
        &old,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );
    let (status, _) = a.post_as(&http, "/auth/get", auth.clone(), &secret).await;
    assert_eq!(status, StatusCode::OK);

    // Login required, set on b: a's next read answers it.
    let (status, _) = b
        .post_as(&http, "/sandbox/item/reset_login", auth.clone(), &secret)
        .await;
    assert_eq!(status, StatusCode::OK);
    let broken = read_after_write(&a, &http, async || {
        a.post_as(&http, "/auth/get", auth.clone(), &secret).await
    })
    .await;
    assert_plaid_error(
        &broken,
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "ITEM_LOGIN_REQUIRED",
    );

    // The Item removed on b: both its tokens fail on a at once.
    let (status, _) = b
        .post_as(&http, "/item/remove", auth.clone(), &secret)
        .await;
    assert_eq!(status, StatusCode::OK);
    let removed = read_after_write(&a, &http, async || {
        a.post_as(&http, "/auth/get", auth.clone(), &secret).await
    })
    .await;
    assert_plaid_error(
        &removed,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCESS_TOKEN",
    );
    let removed = read_after_write(&a, &http, async || {
        a.post_as(&http, "/processor/auth/get", processor.clone(), &secret)
            .await
    })
    .await;
    assert_plaid_error(
        &removed,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PROCESSOR_TOKEN",
    );
}

/// With `TARTAN_READ_MODEL=off`, the same reads are never answered from memory.
async fn with_the_read_model_off_every_read_goes_to_the_database(url: &str) {
    let off = Instance::start_with(url, &[("TARTAN_READ_MODEL", "off")]).await;
    let http = reqwest::Client::new();
    let public_token = off.public_token(&http).await;
    let auth = json!({"access_token": off.access_token(&http, &public_token).await});
    for _ in 0..3 {
        let (status, _) = off.post(&http, "/auth/get", auth.clone()).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(off.metric(&http, HITS).await, None);
    assert_eq!(off.metric(&http, MISSES).await, None);
    // The same database with the model on counts.
    let on = Instance::start(url).await;
    for _ in 0..3 {
        let (status, _) = on.post(&http, "/auth/get", auth.clone()).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (hits, misses) = counts(&on, &http).await;
    assert!(misses >= 1.0 && hits + misses >= 3.0, "{hits} {misses}");
}

fn sqlite_file(dir: &tempfile::TempDir) -> String {
    format!("sqlite:{}", dir.path().join("shared.db").display())
}

async fn postgres_schema() -> Option<String> {
    let Some(server) = test_support::postgres_url() else {
        eprintln!("SKIPPED: the read model on PostgreSQL needs TARTAN_TEST_POSTGRES_URL");
        return None;
    };
    Some(test_support::fresh_postgres_schema(&server).await.unwrap())
}

#[tokio::test]
async fn sqlite_writes_on_one_instance_are_read_at_once_on_the_other() {
    let dir = tempfile::tempdir().unwrap();
    writes_on_one_instance_are_read_at_once_on_the_other(&sqlite_file(&dir)).await;
}

#[tokio::test]
async fn sqlite_with_the_read_model_off_every_read_goes_to_the_database() {
    let dir = tempfile::tempdir().unwrap();
    with_the_read_model_off_every_read_goes_to_the_database(&sqlite_file(&dir)).await;
}

#[tokio::test]
async fn postgres_writes_on_one_instance_are_read_at_once_on_the_other() {
    if let Some(url) = postgres_schema().await {
        writes_on_one_instance_are_read_at_once_on_the_other(&url).await;
    }
}

#[tokio::test]
async fn postgres_with_the_read_model_off_every_read_goes_to_the_database() {
    if let Some(url) = postgres_schema().await {
        with_the_read_model_off_every_read_goes_to_the_database(&url).await;
    }
}
