//! Webhooks arrive, verify, retry, survive restarts; identity updates trigger them.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, TestApp, assert_plaid_error, read, spawn_app};
use crate::receiver::{Receiver, verify};

pub async fn item_with_webhook(
    app: &TestApp,
    receiver: &Receiver,
    products: Value,
) -> (String, Vec<Value>) {
    let body = json!({"institution_id": "ins_109508", "initial_products": products, "options": {"webhook": receiver.url}});
    let (_, created) = app.post("/sandbox/public_token/create", body).await;
    let (_, exchanged) = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": created["public_token"]}),
        )
        .await;
    let access_token = exchanged["access_token"].as_str().unwrap().to_owned();
    let (_, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    (
        access_token,
        accounts["accounts"].as_array().unwrap().clone(),
    )
}

async fn put_identity(
    app: &TestApp,
    item_id: &Value,
    account_id: &Value,
    owners: Value,
    token: &str,
) -> (StatusCode, Value) {
    let url = app.url(&format!(
        "/admin/items/{}/accounts/{}/identity",
        item_id.as_str().unwrap(),
        account_id.as_str().unwrap()
    ));
    let request = app
        .http
        .put(url)
        .bearer_auth(token)
        .json(&json!({"owners": owners}));
    read(request.send().await.unwrap()).await
}

#[tokio::test]
async fn updating_the_webhook_url_acknowledges_to_the_new_url_with_a_verifiable_signature() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let access_token = app.access_token().await;
    let (status, body) = app
        .post(
            "/item/webhook/update",
            json!({"access_token": access_token, "webhook": receiver.url}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["item"]["webhook"], receiver.url.as_str());

    let delivered = receiver.wait_for_accepted(1).await;
    let webhook = &delivered[0];
    assert_eq!(webhook.body["webhook_type"], "ITEM");
    assert_eq!(webhook.body["webhook_code"], "WEBHOOK_UPDATE_ACKNOWLEDGED");
    assert_eq!(webhook.body["new_webhook_url"], receiver.url.as_str());
    assert_eq!(webhook.body["item_id"], body["item"]["item_id"]);
    assert_eq!(webhook.body["environment"], "sandbox");
    assert!(
        String::from_utf8_lossy(&webhook.raw).contains("\n  \"webhook_code\""),
        "2-space pretty JSON"
    );
    verify(&app, webhook).await;
}

#[tokio::test]
async fn a_tampered_body_fails_verification() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, _) = item_with_webhook(&app, &receiver, json!(["identity"])).await;
    app.post("/sandbox/item/fire_webhook", json!({"access_token": access_token, "webhook_type": "IDENTITY", "webhook_code": "DEFAULT_UPDATE"})).await;
    let mut webhook = receiver.wait_for_accepted(1).await.remove(0);
    webhook.raw.extend_from_slice(b" ");
    let outcome = tokio::spawn(async move { verify(&app, &webhook).await }).await;
    assert!(outcome.is_err(), "a changed body must not verify");
}

#[tokio::test]
async fn sandbox_fire_webhook_sends_identity_default_update() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, accounts) = item_with_webhook(&app, &receiver, json!(["identity"])).await;
    let body = json!({"access_token": access_token, "webhook_type": "IDENTITY", "webhook_code": "DEFAULT_UPDATE"});
    let (status, fired) = app.post("/sandbox/item/fire_webhook", body).await;
    assert_eq!(
        (status, &fired["webhook_fired"]),
        (StatusCode::OK, &json!(true)),
        "{fired}"
    );
    let webhook = receiver.wait_for_accepted(1).await.remove(0);
    verify(&app, &webhook).await;
    assert_eq!(webhook.body["webhook_type"], "IDENTITY");
    let updated = &webhook.body["account_ids_with_updated_identity"];
    assert_eq!(
        updated[accounts[0]["account_id"].as_str().unwrap()],
        json!(["ADDRESSES"])
    );
    assert_eq!(webhook.body["error"], Value::Null);
}

#[tokio::test]
async fn sandbox_fire_webhook_refuses_items_without_the_product_or_a_webhook() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, _) = item_with_webhook(&app, &receiver, json!(["auth"])).await;
    let identity = json!({"access_token": access_token, "webhook_type": "IDENTITY", "webhook_code": "DEFAULT_UPDATE"});
    let response = app.post("/sandbox/item/fire_webhook", identity).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "SANDBOX_ERROR",
        "SANDBOX_PRODUCT_NOT_ENABLED",
    );

    let without_webhook = app.access_token().await;
    let body = json!({"access_token": without_webhook, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"});
    let response = app.post("/sandbox/item/fire_webhook", body).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "SANDBOX_ERROR",
        "SANDBOX_WEBHOOK_INVALID",
    );

    let unsupported = json!({"access_token": access_token, "webhook_type": "TRANSACTIONS", "webhook_code": "DEFAULT_UPDATE"});
    let response = app.post("/sandbox/item/fire_webhook", unsupported).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_exactly_one_accepted_delivery() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![
        StatusCode::INTERNAL_SERVER_ERROR,
        StatusCode::SERVICE_UNAVAILABLE,
    ])
    .await;
    let (access_token, _) = item_with_webhook(&app, &receiver, json!(["auth"])).await;
    app.post(
        "/sandbox/item/fire_webhook",
        json!({"access_token": access_token, "webhook_code": "LOGIN_REPAIRED"}),
    )
    .await;
    let accepted = receiver.wait_for_accepted(1).await;
    verify(&app, &accepted[0]).await;
    // Give a duplicate time to show up, if there were one.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let all = receiver.received();
    assert_eq!(all.len(), 3, "two failures then one success: {all:?}");
    assert_eq!(
        all.iter()
            .filter(|received| received.answered == StatusCode::OK)
            .count(),
        1
    );
    assert!(
        all.iter().all(|received| received.raw == all[0].raw),
        "every attempt sends the same bytes"
    );

    let store = tartan::store::open(&app.database).await.unwrap();
    let webhooks = store.list_webhooks(10).await.unwrap();
    assert_eq!(
        (webhooks[0].status.as_str(), webhooks[0].attempts),
        ("delivered", 3)
    );
    let attempts = store
        .list_webhook_attempts(&webhooks[0].webhook_id)
        .await
        .unwrap();
    let codes: Vec<Option<u16>> = attempts.iter().map(|attempt| attempt.status_code).collect();
    assert_eq!(codes, [Some(500), Some(503), Some(200)]);
}

#[tokio::test]
async fn webhooks_pending_at_a_restart_are_delivered_after_it() {
    let mut app = spawn_app().await;
    let receiver = Receiver::start(vec![StatusCode::SERVICE_UNAVAILABLE; 1000]).await;
    let (access_token, _) = item_with_webhook(&app, &receiver, json!(["auth"])).await;
    app.post(
        "/sandbox/item/fire_webhook",
        json!({"access_token": access_token, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}),
    )
    .await;
    while receiver.received().is_empty() {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    app.restart().await;
    receiver.answer_from_now_on(vec![]);
    let accepted = receiver.wait_for_accepted(1).await;
    assert_eq!(accepted[0].body["webhook_code"], "NEW_ACCOUNTS_AVAILABLE");
    verify(&app, &accepted[0]).await;
}

#[tokio::test]
async fn a_provider_identity_change_notifies_the_app_of_exactly_what_changed() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, accounts) = item_with_webhook(&app, &receiver, json!(["identity"])).await;
    let (_, identity) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    let item_id = &identity["item"]["item_id"];
    let account_id = &accounts[1]["account_id"];
    let mut owners = identity["accounts"][1]["owners"].clone();

    let (status, unchanged) =
        put_identity(&app, item_id, account_id, owners.clone(), ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{unchanged}");
    assert_eq!(
        (&unchanged["updated"], &unchanged["webhook_queued"]),
        (&json!([]), &json!(false))
    );

    owners[0]["addresses"][0]["data"]["street"] = json!("1 Infinite Loop");
    owners[0]["phone_numbers"] = json!([{"data": "4155550100", "primary": true, "type": "mobile"}]);
    let (status, changed) =
        put_identity(&app, item_id, account_id, owners.clone(), ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["updated"], json!(["PHONES", "ADDRESSES"]));

    let (_, after) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(
        after["accounts"][1]["owners"], owners,
        "identity/get returns the new data at once"
    );
    assert_eq!(
        after["accounts"][0]["owners"], identity["accounts"][0]["owners"],
        "other accounts are untouched"
    );

    let webhook = receiver.wait_for_accepted(1).await.remove(0);
    verify(&app, &webhook).await;
    assert_eq!(
        (
            webhook.body["webhook_type"].as_str(),
            webhook.body["webhook_code"].as_str()
        ),
        (Some("IDENTITY"), Some("DEFAULT_UPDATE"))
    );
    assert_eq!(
        webhook.body["account_ids_with_updated_identity"],
        json!({account_id.as_str().unwrap(): ["PHONES", "ADDRESSES"]})
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "no webhook for the unchanged update"
    );
}

#[tokio::test]
async fn the_admin_api_needs_the_operators_token_and_a_real_account() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (_, identity) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    let item_id = &identity["item"]["item_id"];
    let account_id = &identity["accounts"][0]["account_id"];
    let owners = identity["accounts"][0]["owners"].clone();

    let wrong = put_identity(&app, item_id, account_id, owners.clone(), "not-the-token").await;
    assert_plaid_error(
        &wrong,
        StatusCode::UNAUTHORIZED,
        "INVALID_INPUT",
        "INVALID_API_KEYS",
    );
    let unknown = put_identity(&app, item_id, &json!("nope"), owners.clone(), ADMIN_TOKEN).await;
    assert_plaid_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCOUNT_ID",
    );
    let bad_shape = put_identity(
        &app,
        item_id,
        account_id,
        json!([{"names": "x"}]),
        ADMIN_TOKEN,
    )
    .await;
    assert_plaid_error(
        &bad_shape,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn verification_keys_are_served_by_id_and_survive_rotation() {
    let app = spawn_app().await;
    let unknown = app
        .post(
            "/webhook_verification_key/get",
            json!({"key_id": "00000000-0000-0000-0000-000000000000"}),
        )
        .await;
    assert_plaid_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
    );

    let store = tartan::store::open(&app.database).await.unwrap();
    let old = store.current_webhook_key().await.unwrap().unwrap();
    store
        .rotate_webhook_key(&tartan::webhooks::WebhookKey::generate(chrono::Utc::now()))
        .await
        .unwrap();
    let (status, body) = app
        .post(
            "/webhook_verification_key/get",
            json!({"key_id": old.key_id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["key"]["expired_at"].is_i64(), "{body}");
    assert_eq!(body["key"]["use"], "sig");
}
