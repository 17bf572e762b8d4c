//! `/accounts/get`: the default sandbox user's accounts, and filtering.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_plaid_error, spawn_app};

#[tokio::test]
async fn the_default_user_has_plaids_twelve_sandbox_accounts() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (status, body) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let accounts = body["accounts"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str, &str)> = accounts
        .iter()
        .map(|a| {
            (
                a["mask"].as_str().unwrap(),
                a["name"].as_str().unwrap(),
                a["type"].as_str().unwrap(),
                a["subtype"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("0000", "Plaid Checking", "depository", "checking"),
            ("1111", "Plaid Saving", "depository", "savings"),
            ("2222", "Plaid CD", "depository", "cd"),
            ("3333", "Plaid Credit Card", "credit", "credit card"),
            ("4444", "Plaid Money Market", "depository", "money market"),
            ("5555", "Plaid IRA", "investment", "ira"),
            ("6666", "Plaid 401k", "investment", "401k"),
            ("7777", "Plaid Student Loan", "loan", "student"),
            ("8888", "Plaid Mortgage", "loan", "mortgage"),
            ("9001", "Plaid HSA", "depository", "hsa"),
            (
                "9002",
                "Plaid Cash Management",
                "depository",
                "cash management"
            ),
            (
                "9999",
                "Plaid Business Credit Card",
                "credit",
                "credit card"
            ),
        ]
    );
    let checking = &accounts[0];
    assert_eq!(
        checking["official_name"],
        "Plaid Gold Standard 0% Interest Checking"
    );
    assert_eq!(
        checking["balances"],
        json!({"available": 100, "current": 110, "limit": null, "iso_currency_code": "USD",
               "unofficial_currency_code": null, "last_updated_datetime": null})
    );
    assert_eq!(accounts[6]["balances"]["current"], json!(23631.9805));
    assert_eq!(accounts[3]["balances"]["limit"], json!(2000));
    let ids: Vec<&str> = accounts
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| id.len() == 37));
    assert_eq!(body["item"]["institution_id"], "ins_109508");
}

#[tokio::test]
async fn account_ids_narrow_the_answer_in_the_items_order() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (_, all) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    let ids: Vec<Value> = all["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].clone())
        .collect();

    let wanted = json!([ids[4], ids[1]]);
    let body = json!({"access_token": access_token, "options": {"account_ids": wanted}});
    let (status, some) = app.post("/accounts/get", body).await;
    assert_eq!(status, StatusCode::OK, "{some}");
    let got: Vec<&Value> = some["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["account_id"])
        .collect();
    assert_eq!(got, [&ids[1], &ids[4]]);
}

#[tokio::test]
async fn an_unknown_account_id_is_an_error() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let other_items_account = {
        let other = app.access_token().await;
        let (_, body) = app
            .post("/accounts/get", json!({"access_token": other}))
            .await;
        body["accounts"][0]["account_id"].clone()
    };
    for unknown in [json!("nope"), other_items_account] {
        let body = json!({"access_token": access_token, "options": {"account_ids": [unknown]}});
        let response = app.post("/accounts/get", body).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_ACCOUNT_ID",
        );
    }
}
