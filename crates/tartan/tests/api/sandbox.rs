//! `/sandbox/public_token/create`: institutions, custom users, simulated errors, production refusal.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::domain::Environment;

use crate::helpers::{
    assert_plaid_error, config, fixture, shared_custom_users, spawn_app, spawn_app_with,
};

fn custom(config: &str) -> Value {
    json!({"override_username": "user_custom", "override_password": config})
}

async fn identity_of(app: &crate::helpers::TestApp, options: Value) -> Value {
    let access_token = app.access_token_with(options).await;
    let (status, body) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn a_custom_user_config_builds_the_item() {
    let app = spawn_app().await;
    let body = identity_of(&app, custom(&fixture("us_two_accounts.json"))).await;
    let accounts = body["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2);
    let checking = &accounts[0];
    assert_eq!(checking["name"], "Everyday Checking");
    assert_eq!(checking["official_name"], "Tartan Test Everyday Checking");
    assert_eq!(checking["mask"], "7788");
    assert_eq!(checking["balances"]["current"], json!(1523.47));
    assert_eq!(checking["balances"]["available"], json!(1400.02));
    assert_eq!(
        checking["owners"][0]["names"],
        json!(["Ramona Geraldine Quimby", "Beatrice Quimby"])
    );
    assert_eq!(
        checking["owners"][0]["addresses"][0]["data"]["city"],
        "Portland"
    );
    let card = &accounts[1];
    assert_eq!(
        (card["type"].as_str(), card["subtype"].as_str()),
        (Some("credit"), Some("credit card"))
    );
    assert_eq!(card["balances"]["limit"], json!(2500));
    assert_eq!(
        card["mask"], "9999",
        "the last four digits of the account number"
    );
}

#[tokio::test]
async fn an_international_custom_user_keeps_its_currencies() {
    let app = spawn_app().await;
    let body = identity_of(&app, custom(&fixture("international_multi_currency.json"))).await;
    let currencies: Vec<&str> = body["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["balances"]["iso_currency_code"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, ["EUR", "GBP", "CAD", "GBP"]);
    assert_eq!(
        body["accounts"][3]["balances"]["current"],
        json!(12345.6789)
    );
}

#[tokio::test]
async fn an_invalid_custom_user_config_is_refused_naming_the_problem() {
    let app = spawn_app().await;
    let create = |options: Value| {
        app.post("/sandbox/public_token/create", json!({"institution_id": "ins_109508", "initial_products": ["identity"], "options": options}))
    };
    let bad_routing = create(custom(&fixture("invalid_routing_number.json"))).await;
    assert_plaid_error(
        &bad_routing,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    assert!(
        bad_routing.1["error_message"]
            .as_str()
            .unwrap()
            .contains("ach_routing"),
        "{}",
        bad_routing.1
    );

    for config in ["not json", "[]", r#"{"override_accounts": 7}"#] {
        let response = create(custom(config)).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "INVALID_FIELD",
        );
    }
}

#[tokio::test]
async fn every_plaid_custom_user_file_loads_as_it_is() {
    let Some(dir) = shared_custom_users() else {
        return;
    };
    let app = spawn_app().await;
    let mut files: Vec<_> = walk_json(&dir);
    files.sort();
    assert!(
        files.len() >= 8,
        "expected Plaid's custom user files in {}",
        dir.display()
    );
    for path in files {
        let config = std::fs::read_to_string(&path).unwrap();
        let body = identity_of(&app, custom(&config)).await;
        let expected: Value = serde_json::from_str(&config).unwrap();
        let expected_accounts = expected["override_accounts"].as_array().unwrap();
        let accounts = body["accounts"].as_array().unwrap();
        assert_eq!(
            accounts.len(),
            expected_accounts.len(),
            "{}",
            path.display()
        );
        for (account, wanted) in accounts.iter().zip(expected_accounts) {
            if let Some(names) = wanted["identity"]["names"]
                .as_array()
                .filter(|names| names.iter().all(Value::is_string))
            {
                assert_eq!(
                    &account["owners"][0]["names"],
                    &Value::from(names.clone()),
                    "{}",
                    path.display()
                );
            }
            if let Some(balance) = wanted["starting_balance"].as_f64() {
                assert_eq!(
                    account["balances"]["current"].as_f64(),
                    Some(balance),
                    "{}",
                    path.display()
                );
            }
            if let Some(name) = wanted["meta"]["name"].as_str() {
                assert_eq!(account["name"], name, "{}", path.display());
            }
        }
    }
}

fn walk_json(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk_json(&path));
        } else if path.extension().is_some_and(|ext| ext == "json") {
            found.push(path);
        }
    }
    found
}

#[tokio::test]
async fn unknown_institutions_are_invalid() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/sandbox/public_token/create",
            json!({"institution_id": "ins_nope", "initial_products": ["auth"]}),
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_INSTITUTION",
    );
}

#[tokio::test]
async fn empty_initial_products_and_bad_webhooks_are_invalid_fields() {
    let app = spawn_app().await;
    let empty = app
        .post(
            "/sandbox/public_token/create",
            json!({"institution_id": "ins_109508", "initial_products": []}),
        )
        .await;
    assert_plaid_error(
        &empty,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    let body = json!({"institution_id": "ins_109508", "initial_products": ["auth"], "options": {"webhook": "ftp://x"}});
    let bad_webhook = app.post("/sandbox/public_token/create", body).await;
    assert_plaid_error(
        &bad_webhook,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn sandbox_credentials_simulate_plaids_item_errors() {
    let app = spawn_app().await;
    let create = |options: Value| {
        app.post("/sandbox/public_token/create", json!({"institution_id": "ins_109508", "initial_products": ["auth"], "options": options}))
    };
    let locked =
        create(json!({"override_username": "user_good", "override_password": "error_ITEM_LOCKED"}))
            .await;
    assert_plaid_error(
        &locked,
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "ITEM_LOCKED",
    );
    let stranger =
        create(json!({"override_username": "someone", "override_password": "pass_good"})).await;
    assert_plaid_error(
        &stranger,
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "INVALID_CREDENTIALS",
    );
    let forced = create(custom(r#"{"force_error": "INSTITUTION_NOT_RESPONDING"}"#)).await;
    assert_plaid_error(
        &forced,
        StatusCode::BAD_REQUEST,
        "INSTITUTION_ERROR",
        "INSTITUTION_NOT_RESPONDING",
    );
}

#[tokio::test]
async fn a_production_server_refuses_sandbox_routes() {
    let app = spawn_app_with(config(Environment::Production)).await;
    let (client_id, secret) = app.another_client().await;
    let body = json!({"institution_id": "ins_109508", "initial_products": ["auth"]});
    let response = app
        .post_as("/sandbox/public_token/create", body, &client_id, &secret)
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "SANDBOX_ONLY",
    );
}
