//! The processor partner flow: tokens, who may use them, and what they reach; `/auth/get` and balances.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::domain::Environment;

use crate::helpers::{
    CLIENT_ID, SECRET, TestApp, assert_plaid_error, config, fixture, spawn_app, spawn_app_with,
};

const PARTNER_READS: [&str; 4] = [
    "/processor/auth/get",
    "/processor/balance/get",
    "/processor/identity/get",
    "/processor/account/get",
];

/// An access token of the sandbox client and its accounts (default user).
async fn item_with_accounts(app: &TestApp, options: Value) -> (String, Vec<Value>) {
    let access_token = app.access_token_with(options).await;
    let (_, body) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    (access_token, body["accounts"].as_array().unwrap().clone())
}

async fn processor_token(
    app: &TestApp,
    access_token: &str,
    account_id: &Value,
    processor: &str,
) -> String {
    let body =
        json!({"access_token": access_token, "account_id": account_id, "processor": processor});
    let (status, response) = app.post("/processor/token/create", body).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    response["processor_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn only_the_registered_partner_and_the_sandbox_creator_may_use_a_processor_token() {
    let app = spawn_app().await;
    let dwolla = app.client_with_processor(Some("dwolla")).await;
    let galileo = app.client_with_processor(Some("galileo")).await;
    let other_app = app.another_client().await;
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let token = processor_token(&app, &access_token, &accounts[0]["account_id"], "dwolla").await;
    assert!(token.starts_with("processor-sandbox-"), "{token}");

    let allowed = [(CLIENT_ID.to_owned(), SECRET.to_owned()), dwolla];
    let refused = [galileo, other_app];
    for path in PARTNER_READS {
        for (client_id, secret) in &allowed {
            let (status, body) = app
                .post_as(path, json!({"processor_token": token}), client_id, secret)
                .await;
            assert_eq!(status, StatusCode::OK, "{path} {body}");
            assert_eq!(
                body["account"]["account_id"], accounts[0]["account_id"],
                "{path}"
            );
        }
        for (client_id, secret) in &refused {
            let response = app
                .post_as(path, json!({"processor_token": token}), client_id, secret)
                .await;
            assert_plaid_error(
                &response,
                StatusCode::BAD_REQUEST,
                "INVALID_INPUT",
                "INVALID_PROCESSOR_TOKEN",
            );
        }
    }
}

#[tokio::test]
async fn a_partner_reads_the_accounts_numbers_balance_and_owners() {
    let app = spawn_app().await;
    let (client_id, secret) = app.client_with_processor(Some("modern_treasury")).await;
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let token = processor_token(
        &app,
        &access_token,
        &accounts[0]["account_id"],
        "modern_treasury",
    )
    .await;
    let read = |path: &'static str| {
        app.post_as(path, json!({"processor_token": token}), &client_id, &secret)
    };

    let (_, auth) = read("/processor/auth/get").await;
    assert_eq!(auth["account"]["mask"], "0000");
    let ach = &auth["numbers"]["ach"];
    assert_eq!(
        (ach["account"].as_str(), ach["routing"].as_str()),
        (Some("1111222233330000"), Some("011401533"))
    );
    assert_eq!(ach["wire_routing"], "021000021");
    assert_eq!(ach["account_id"], accounts[0]["account_id"]);
    for rail in ["eft", "international", "bacs"] {
        assert_eq!(auth["numbers"][rail], Value::Null, "{rail}");
    }
    let (_, balance) = read("/processor/balance/get").await;
    assert_eq!(balance["account"]["balances"]["available"], json!(100));
    let (_, identity) = read("/processor/identity/get").await;
    assert_eq!(
        identity["account"]["owners"][0]["names"],
        json!(["Alberta Bobbeth Charleson"])
    );
    let (_, account) = read("/processor/account/get").await;
    assert_eq!(account["institution_id"], "ins_109508");
}

#[tokio::test]
async fn processor_auth_reports_each_rail_of_international_accounts() {
    let app = spawn_app().await;
    let options = json!({"override_username": "user_custom", "override_password": fixture("international_multi_currency.json")});
    let (access_token, accounts) = item_with_accounts(&app, options).await;
    let mut rails = Vec::new();
    for account in &accounts {
        let token = processor_token(&app, &access_token, &account["account_id"], "dwolla").await;
        let (status, auth) = app
            .post("/processor/auth/get", json!({"processor_token": token}))
            .await;
        if status != StatusCode::OK {
            assert_plaid_error(
                &(status, auth),
                StatusCode::BAD_REQUEST,
                "ITEM_ERROR",
                "NO_AUTH_ACCOUNTS",
            );
            continue;
        }
        let present: Vec<&str> = ["ach", "eft", "international", "bacs"]
            .into_iter()
            .filter(|rail| !auth["numbers"][*rail].is_null())
            .collect();
        rails.push(present.join("+"));
    }
    assert_eq!(rails, ["international", "international+bacs", "eft"]);
}

#[tokio::test]
async fn processor_token_creation_checks_processor_account_and_token() {
    let app = spawn_app().await;
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let account_id = &accounts[0]["account_id"];
    let unknown_processor =
        json!({"access_token": access_token, "account_id": account_id, "processor": "acme"});
    let response = app.post("/processor/token/create", unknown_processor).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    let unknown_account =
        json!({"access_token": access_token, "account_id": "nope", "processor": "dwolla"});
    let response = app.post("/processor/token/create", unknown_account).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCOUNT_ID",
    );
    let (client_id, secret) = app.another_client().await;
    let body =
        json!({"access_token": access_token, "account_id": account_id, "processor": "dwolla"});
    let response = app
        .post_as("/processor/token/create", body, &client_id, &secret)
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCESS_TOKEN",
    );
    let response = app
        .post(
            "/processor/auth/get",
            json!({"processor_token": "processor-sandbox-garbage"}),
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PROCESSOR_TOKEN",
    );
}

#[tokio::test]
async fn removing_the_item_revokes_its_processor_tokens() {
    let app = spawn_app().await;
    let (client_id, secret) = app.client_with_processor(Some("dwolla")).await;
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let token = processor_token(&app, &access_token, &accounts[1]["account_id"], "dwolla").await;
    let (status, _) = app
        .post_as(
            "/processor/auth/get",
            json!({"processor_token": token}),
            &client_id,
            &secret,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    app.post("/item/remove", json!({"access_token": access_token}))
        .await;
    for path in PARTNER_READS {
        let response = app
            .post_as(path, json!({"processor_token": token}), &client_id, &secret)
            .await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_PROCESSOR_TOKEN",
        );
    }
}

#[tokio::test]
async fn stripe_bank_account_tokens_are_minted_for_ach_accounts_only() {
    let app = spawn_app().await;
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let body = json!({"access_token": access_token, "account_id": accounts[0]["account_id"]});
    let (status, response) = app
        .post("/processor/stripe/bank_account_token/create", body)
        .await;
    assert_eq!(status, StatusCode::OK, "{response}");
    let btok = response["stripe_bank_account_token"].as_str().unwrap();
    assert!(btok.starts_with("btok_") && btok.len() == 29, "{btok}");

    let credit_card =
        json!({"access_token": access_token, "account_id": accounts[3]["account_id"]});
    let response = app
        .post("/processor/stripe/bank_account_token/create", credit_card)
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_STRIPE_ACCOUNT",
    );
}

#[tokio::test]
async fn a_partner_can_make_its_own_sandbox_processor_token() {
    let app = spawn_app().await;
    let (client_id, secret) = app.client_with_processor(Some("galileo")).await;
    let body = json!({"institution_id": "ins_109508"});
    let (status, created) = app
        .post_as("/sandbox/processor_token/create", body, &client_id, &secret)
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let token = &created["processor_token"];
    let (status, auth) = app
        .post_as(
            "/processor/auth/get",
            json!({"processor_token": token}),
            &client_id,
            &secret,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{auth}");
    assert_eq!(auth["account"]["mask"], "0000");
    let (other_id, other_secret) = app.client_with_processor(Some("dwolla")).await;
    let response = app
        .post_as(
            "/processor/auth/get",
            json!({"processor_token": token}),
            &other_id,
            &other_secret,
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_PROCESSOR_TOKEN",
    );

    let unknown = app
        .post(
            "/sandbox/processor_token/create",
            json!({"institution_id": "ins_0"}),
        )
        .await;
    assert_plaid_error(
        &unknown,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_INSTITUTION",
    );
}

#[tokio::test]
async fn production_servers_let_only_partners_use_processor_tokens() {
    let app = spawn_app_with(config(Environment::Production)).await;
    let (client_id, secret) = app.another_client().await;
    let response = app
        .post_as(
            "/sandbox/processor_token/create",
            json!({"institution_id": "ins_109508"}),
            &client_id,
            &secret,
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "SANDBOX_ONLY",
    );
}

#[tokio::test]
async fn auth_get_reports_ach_numbers_of_the_payment_accounts() {
    let app = spawn_app().await;
    let (access_token, _) = item_with_accounts(&app, json!({})).await;
    let (status, body) = app
        .post("/auth/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let masks: Vec<&str> = body["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["mask"].as_str().unwrap())
        .collect();
    assert_eq!(masks, ["0000", "1111", "9002"]);
    let numbers: Vec<&str> = body["numbers"]["ach"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["account"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["1111222233330000", "1111222233331111", "1111222233339002"]
    );
    for rail in ["eft", "international", "bacs"] {
        assert_eq!(body["numbers"][rail], json!([]), "{rail}");
    }
}

#[tokio::test]
async fn auth_get_on_accounts_without_numbers_is_no_auth_accounts() {
    let app = spawn_app().await;
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let body = json!({"access_token": access_token, "options": {"account_ids": [accounts[3]["account_id"]]}});
    let response = app.post("/auth/get", body).await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "NO_AUTH_ACCOUNTS",
    );
}

#[tokio::test]
async fn min_last_updated_datetime_is_checked_where_plaid_checks_it_at_capital_one() {
    let app = spawn_app().await;
    let balance = |access_token: &str, account: &Value, when: Option<&str>| {
        let mut options = json!({"account_ids": [account]});
        if let Some(when) = when {
            options["min_last_updated_datetime"] = json!(when);
        }
        app.post(
            "/accounts/balance/get",
            json!({"access_token": access_token, "options": options}),
        )
    };
    // Elsewhere balances are real-time and the option is ignored (but must be well-formed).
    let (access_token, accounts) = item_with_accounts(&app, json!({})).await;
    let (status, body) = balance(
        &access_token,
        &accounts[3]["account_id"],
        Some("2999-01-01T00:00:00Z"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["accounts"][0]["balances"]["last_updated_datetime"],
        Value::Null
    );
    let malformed = balance(&access_token, &accounts[3]["account_id"], Some("yesterday")).await;
    assert_plaid_error(
        &malformed,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );

    // At Capital One a credit card's balance is a snapshot: the option is required and enforced.
    let public = json!({"institution_id": "ins_128026", "initial_products": ["auth"]});
    let (_, created) = app.post("/sandbox/public_token/create", public).await;
    let (_, exchanged) = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": created["public_token"]}),
        )
        .await;
    let capital_one = exchanged["access_token"].as_str().unwrap().to_owned();
    let (_, listed) = app
        .post("/accounts/get", json!({"access_token": capital_one}))
        .await;
    let (checking, card) = (
        &listed["accounts"][0]["account_id"],
        &listed["accounts"][3]["account_id"],
    );
    let missing = balance(&capital_one, card, None).await;
    assert_plaid_error(
        &missing,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    let too_fresh = balance(&capital_one, card, Some("2999-01-01T00:00:00Z")).await;
    assert_plaid_error(
        &too_fresh,
        StatusCode::BAD_REQUEST,
        "INVALID_RESULT",
        "LAST_UPDATED_DATETIME_OUT_OF_RANGE",
    );
    let (status, body) = balance(&capital_one, card, Some("2020-01-01T00:00:00Z")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["accounts"][0]["balances"]["last_updated_datetime"].is_string(),
        "{body}"
    );
    let (status, body) = balance(&capital_one, checking, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "depository balances are real-time: {body}"
    );

    let card_token = processor_token(&app, &capital_one, card, "dwolla").await;
    let by_processor = app.post("/processor/balance/get", json!({"processor_token": card_token, "options": {"min_last_updated_datetime": "2999-01-01T00:00:00Z"}})).await;
    assert_plaid_error(
        &by_processor,
        StatusCode::BAD_REQUEST,
        "INVALID_RESULT",
        "LAST_UPDATED_DATETIME_OUT_OF_RANGE",
    );
}
