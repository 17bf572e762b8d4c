//! `/identity/get`.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_plaid_error, spawn_app};

#[tokio::test]
async fn the_default_user_is_alberta_bobbeth_charleson_on_every_account() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, body) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let accounts = body["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 12);
    for account in accounts {
        let owners = account["owners"].as_array().unwrap();
        assert_eq!(owners.len(), 1);
        assert_eq!(owners[0]["names"], json!(["Alberta Bobbeth Charleson"]));
    }
    let owner = &accounts[0]["owners"][0];
    assert_eq!(
        owner["addresses"][0],
        json!({"data": {"street": "2992 Cameron Road", "city": "Malakoff", "region": "NY", "postal_code": "14236", "country": "US"}, "primary": true})
    );
    assert_eq!(owner["addresses"][1]["data"]["postal_code"], "93405-2255");
    assert_eq!(owner["addresses"][1]["primary"], false);
    assert_eq!(
        owner["emails"][0],
        json!({"data": "accountholder0@example.com", "primary": true, "type": "primary"})
    );
    assert_eq!(owner["emails"].as_array().unwrap().len(), 3);
    let phone_types: Vec<&str> = owner["phone_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(phone_types, ["home", "work", "mobile"]);
    assert_eq!(accounts[0]["mask"], "0000");
    assert!(accounts[0]["balances"].is_object());
}

#[tokio::test]
async fn identity_get_adds_the_identity_product_to_the_item() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (_, body) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(body["item"]["products"], json!(["auth", "identity"]));
    assert_eq!(
        body["item"]["available_products"],
        json!(["balance", "identity_match"])
    );
    let (_, item) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(item["item"]["billed_products"], json!(["auth", "identity"]));
}

#[tokio::test]
async fn identity_get_filters_by_account_ids_and_refuses_unknown_ones() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (_, all) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    let savings = all["accounts"][1]["account_id"].clone();
    let (status, one) = app
        .post(
            "/identity/get",
            json!({"access_token": access_token, "options": {"account_ids": [savings]}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["accounts"].as_array().unwrap().len(), 1);
    assert_eq!(one["accounts"][0]["mask"], "1111");

    let response = app
        .post(
            "/identity/get",
            json!({"access_token": access_token, "options": {"account_ids": ["missing"]}}),
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCOUNT_ID",
    );
}
