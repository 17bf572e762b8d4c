//! Link through HTTP: `/link/token/*`, the frame's session protocol, update mode, `/institutions/*`, the assets.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_plaid_error, read, spawn_app};

fn token_request(extra: Value) -> Value {
    let mut body = json!({
        "client_name": "Plaid Quickstart",
        "language": "en",
        "country_codes": ["US"],
        "user": {"client_user_id": "user-1"},
        "products": ["auth"],
    });
    for (key, value) in extra.as_object().unwrap() {
        if value.is_null() {
            body.as_object_mut().unwrap().remove(key);
        } else {
            body[key] = value.clone();
        }
    }
    body
}

async fn link_token(app: &TestApp, extra: Value) -> String {
    let (status, body) = app.post("/link/token/create", token_request(extra)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["link_token"].as_str().unwrap().to_owned()
}

/// A session request of the Link frame: no client credentials, the link token in the body.
async fn session(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .http
        .post(app.url(&format!("/plaid-compatible/link/session/{path}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    read(response).await
}

async fn step(app: &TestApp, token: &str, id: &str, action: Value) -> Value {
    let mut body = json!({"link_token": token, "link_session_id": id});
    for (key, value) in action.as_object().unwrap() {
        body[key] = value.clone();
    }
    let (status, answer) = session(app, "step", body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

/// Consent → First Platypus Bank → user_good → the accounts named by `masks` → the CONNECTED view.
async fn connect(app: &TestApp, token: &str, masks: &[&str]) -> Value {
    let (status, started) = session(app, "start", json!({"link_token": token})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["view"]["name"], "CONSENT");
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let answer = step(app, token, &id, json!({"action": "consent"})).await;
    assert_eq!(answer["view"]["name"], "SELECT_INSTITUTION");
    let answer = step(
        app,
        token,
        &id,
        json!({"action": "select_institution", "institution_id": "ins_109508"}),
    )
    .await;
    assert_eq!(answer["view"]["name"], "CREDENTIAL");
    let answer = step(
        app,
        token,
        &id,
        json!({"action": "credentials", "username": "user_good", "password": "pass_good"}),
    )
    .await;
    assert_eq!(answer["view"]["name"], "SELECT_ACCOUNT", "{answer}");
    let ids: Vec<Value> = answer["view"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| masks.contains(&a["mask"].as_str().unwrap()))
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids.len(), masks.len());
    let answer = step(
        app,
        token,
        &id,
        json!({"action": "select_accounts", "account_ids": ids}),
    )
    .await;
    assert_eq!(answer["view"]["name"], "CONNECTED", "{answer}");
    answer
}

#[tokio::test]
async fn a_link_session_creates_an_item_with_exactly_the_selected_accounts() {
    let app = spawn_app().await;
    let token = link_token(&app, json!({})).await;
    assert!(token.starts_with("link-sandbox-"), "{token}");
    let connected = connect(&app, &token, &["0000", "1111"]).await;
    let public_token = connected["view"]["public_token"].as_str().unwrap();
    let metadata = &connected["view"]["metadata"];
    assert_eq!(metadata["public_token"], public_token);
    assert_eq!(
        metadata["institution"],
        json!({"name": "First Platypus Bank", "institution_id": "ins_109508"})
    );
    assert_eq!(metadata["link_session_id"], connected["link_session_id"]);

    let (status, exchanged) = app
        .post(
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{exchanged}");
    let (_, accounts) = app
        .post(
            "/accounts/get",
            json!({"access_token": exchanged["access_token"]}),
        )
        .await;
    let ids: Vec<&Value> = accounts["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["account_id"])
        .collect();
    let chosen: Vec<&Value> = metadata["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    assert_eq!(ids, chosen);
    assert_eq!(accounts["item"]["products"], json!(["auth"]));

    let (status, got) = app
        .post("/link/token/get", json!({"link_token": token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{got}");
    let sessions = got["link_sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["on_success"]["public_token"], public_token);
    assert!(sessions[0]["finished_at"].is_string());
    assert_eq!(
        sessions[0]["results"]["item_add_results"][0]["accounts"],
        metadata["accounts"]
    );
    assert_eq!(got["metadata"]["initial_products"], json!(["auth"]));
    assert_eq!(got["metadata"]["client_name"], "Plaid Quickstart");

    // A token that added an Item starts no more sessions.
    let refused = session(&app, "start", json!({"link_token": token})).await;
    assert_plaid_error(
        &refused,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_LINK_TOKEN",
    );
}

#[tokio::test]
async fn link_token_create_checks_its_fields_with_plaids_errors() {
    let app = spawn_app().await;
    let cases = [
        (json!({"user": null}), "INVALID_REQUEST", "MISSING_FIELDS"),
        (json!({"user": {}}), "INVALID_REQUEST", "MISSING_FIELDS"),
        (
            json!({"user": {"client_user_id": " "}}),
            "INVALID_REQUEST",
            "INVALID_FIELD",
        ),
        (
            json!({"language": "xx"}),
            "INVALID_REQUEST",
            "INVALID_FIELD",
        ),
        (
            json!({"country_codes": ["ZZ"]}),
            "INVALID_REQUEST",
            "INVALID_FIELD",
        ),
        (
            json!({"country_codes": []}),
            "INVALID_REQUEST",
            "INVALID_FIELD",
        ),
        (
            json!({"products": ["balance"]}),
            "INVALID_INPUT",
            "INVALID_PRODUCT",
        ),
        (
            json!({"products": ["nonsense"]}),
            "INVALID_INPUT",
            "INVALID_PRODUCT",
        ),
        (json!({"products": []}), "INVALID_REQUEST", "INVALID_FIELD"),
        (
            json!({"redirect_uri": "http://example.com/oauth"}),
            "INVALID_REQUEST",
            "INVALID_FIELD",
        ),
        (
            json!({"account_filters": {"depository": {"account_subtypes": ["chequing"]}}}),
            "INVALID_REQUEST",
            "INVALID_FIELD",
        ),
        (
            json!({"access_token": "access-sandbox-00000000-0000-4000-8000-000000000000"}),
            "INVALID_INPUT",
            "INVALID_ACCESS_TOKEN",
        ),
        (json!({"surprise": 1}), "INVALID_REQUEST", "UNKNOWN_FIELDS"),
    ];
    for (extra, error_type, code) in cases {
        let response = app
            .post("/link/token/create", token_request(extra.clone()))
            .await;
        assert_plaid_error(&response, StatusCode::BAD_REQUEST, error_type, code);
    }
    let (status, body) = app
        .post("/link/token/create", token_request(json!({"redirect_uri": "https://app.example/oauth", "webhook": "https://app.example/hook"})))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let expires =
        chrono::DateTime::parse_from_rfc3339(body["expiration"].as_str().unwrap()).unwrap();
    let hours = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!((235..=240).contains(&hours), "{hours} minutes");
    assert!(body.get("hosted_link_url").is_none());
}

#[tokio::test]
async fn unknown_and_other_clients_link_tokens_are_invalid() {
    let app = spawn_app().await;
    for token in [
        "link-sandbox-00000000-0000-4000-8000-000000000000",
        "public-sandbox-x",
        "",
    ] {
        let response = session(&app, "start", json!({"link_token": token})).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_LINK_TOKEN",
        );
        let response = app
            .post("/link/token/get", json!({"link_token": token}))
            .await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_INPUT",
            "INVALID_LINK_TOKEN",
        );
    }
    let token = link_token(&app, json!({})).await;
    let (other_id, other_secret) = app.another_client().await;
    let response = app
        .post_as(
            "/link/token/get",
            json!({"link_token": token}),
            &other_id,
            &other_secret,
        )
        .await;
    assert_plaid_error(
        &response,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_LINK_TOKEN",
    );
}

#[tokio::test]
async fn an_exit_is_recorded_with_its_error_and_steps_out_of_turn_are_refused() {
    let app = spawn_app().await;
    let token = link_token(&app, json!({"products": ["identity"]})).await;
    let (_, started) = session(&app, "start", json!({"link_token": token})).await;
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let out_of_turn = session(
        &app,
        "step",
        json!({"link_token": token, "link_session_id": id, "action": "retry"}),
    )
    .await;
    assert_plaid_error(
        &out_of_turn,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    step(&app, &token, &id, json!({"action": "consent"})).await;
    step(
        &app,
        &token,
        &id,
        json!({"action": "select_institution", "institution_id": "ins_109508"}),
    )
    .await;
    let failed = step(
        &app,
        &token,
        &id,
        json!({"action": "credentials", "username": "user_good", "password": "error_ITEM_LOCKED"}),
    )
    .await;
    assert_eq!(failed["view"]["name"], "ERROR");
    assert_eq!(failed["view"]["error"]["error_code"], "ITEM_LOCKED");
    assert_eq!(failed["view"]["retry"], false);
    let exited = step(
        &app,
        &token,
        &id,
        json!({"action": "exit", "status": "requires_credentials"}),
    )
    .await;
    assert_eq!(exited["exit"]["error"]["error_code"], "ITEM_LOCKED");
    assert_eq!(exited["exit"]["metadata"]["status"], "requires_credentials");
    assert_eq!(
        exited["exit"]["metadata"]["institution"]["institution_id"],
        "ins_109508"
    );

    let (_, got) = app
        .post("/link/token/get", json!({"link_token": token}))
        .await;
    let recorded = &got["link_sessions"][0];
    assert_eq!(recorded["exit"]["error"]["error_code"], "ITEM_LOCKED");
    assert_eq!(recorded["on_success"], Value::Null);
    assert_eq!(recorded["results"]["item_add_results"], json!([]));
}

#[tokio::test]
async fn a_session_survives_a_restart() {
    let mut app = spawn_app().await;
    let token = link_token(&app, json!({})).await;
    let (_, started) = session(&app, "start", json!({"link_token": token})).await;
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    step(&app, &token, &id, json!({"action": "consent"})).await;
    app.restart().await;
    let (status, resumed) = session(
        &app,
        "start",
        json!({"link_token": token, "link_session_id": id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{resumed}");
    assert_eq!(resumed["view"]["name"], "SELECT_INSTITUTION");
    let redirected = format!("https://app.example/oauth?oauth_state_id={id}");
    let (_, resumed) = session(
        &app,
        "start",
        json!({"link_token": token, "received_redirect_uri": redirected}),
    )
    .await;
    assert_eq!(resumed["link_session_id"], id.as_str());
}

#[tokio::test]
async fn reset_login_breaks_data_endpoints_until_update_mode_repairs_the_same_item() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let (_, before) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(before["item"]["error"], Value::Null);
    let (_, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    let account_id = accounts["accounts"][0]["account_id"].clone();
    let create =
        json!({"access_token": access_token, "account_id": account_id, "processor": "dwolla"});
    let (status, processor) = app.post("/processor/token/create", create).await;
    assert_eq!(status, StatusCode::OK, "{processor}");
    let processor_token = json!({"processor_token": processor["processor_token"]});
    let (status, reset) = app
        .post(
            "/sandbox/item/reset_login",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reset}");
    assert_eq!(reset["reset_login"], true);
    for path in ["/accounts/get", "/identity/get", "/auth/get"] {
        let response = app.post(path, json!({"access_token": access_token})).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "ITEM_ERROR",
            "ITEM_LOGIN_REQUIRED",
        );
    }
    let (_, broken) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(broken["item"]["error"]["error_code"], "ITEM_LOGIN_REQUIRED");
    let refused = app
        .post("/processor/account/get", processor_token.clone())
        .await;
    assert_plaid_error(
        &refused,
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "ITEM_LOGIN_REQUIRED",
    );

    let token = link_token(
        &app,
        json!({"access_token": access_token, "products": null}),
    )
    .await;
    let (_, started) = session(&app, "start", json!({"link_token": token})).await;
    assert_eq!(started["view"]["name"], "CREDENTIAL");
    assert_eq!(started["is_update_mode"], true);
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let done = step(
        &app,
        &token,
        &id,
        json!({"action": "credentials", "username": "user_good", "password": "pass_good"}),
    )
    .await;
    assert_eq!(done["view"]["name"], "CONNECTED");
    let (status, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{accounts}");
    assert_eq!(accounts["item"]["item_id"], broken["item"]["item_id"]);
    let (_, repaired) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(repaired["item"]["error"], Value::Null);
    let (status, _) = app.post("/processor/account/get", processor_token).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn institutions_are_listed_searched_and_described() {
    let app = spawn_app().await;
    let (status, page) = app
        .post(
            "/institutions/get",
            json!({"count": 2, "offset": 1, "country_codes": ["US"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["institutions"].as_array().unwrap().len(), 2);
    assert_eq!(page["institutions"][0]["institution_id"], "ins_130016");
    assert!(page["total"].as_u64().unwrap() > 10);
    assert_eq!(page["institutions"][0]["primary_color"], Value::Null);

    let (_, by_routing) = app
        .post("/institutions/get", json!({"count": 10, "offset": 0, "country_codes": ["US"], "options": {"routing_numbers": ["011401533"]}}))
        .await;
    assert_eq!(by_routing["total"], 1);
    assert_eq!(by_routing["institutions"][0]["name"], "First Platypus Bank");

    let (status, found) = app
        .post("/institutions/search", json!({"query": "platypus oauth", "country_codes": ["US"], "products": ["auth"], "options": {"include_optional_metadata": true}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let names: Vec<&str> = found["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Platypus OAuth Bank", "First Platypus OAuth App2App Bank"]
    );
    assert_eq!(found["institutions"][0]["oauth"], true);
    assert!(
        found["institutions"][0]["primary_color"]
            .as_str()
            .unwrap()
            .starts_with('#')
    );

    let (status, one) = app
        .post("/institutions/get_by_id", json!({"institution_id": "ins_3", "country_codes": ["US"], "options": {"include_optional_metadata": true}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["institution"]["name"], "Chase");
    assert_eq!(one["institution"]["url"], "https://www.chase.com");
    let missing = app
        .post(
            "/institutions/get_by_id",
            json!({"institution_id": "ins_43", "country_codes": ["US"]}),
        )
        .await;
    assert_plaid_error(
        &missing,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_INSTITUTION",
    );
    let bad = app
        .post(
            "/institutions/get",
            json!({"count": 0, "offset": 0, "country_codes": ["US"]}),
        )
        .await;
    assert_plaid_error(
        &bad,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn hosted_link_gets_a_url_on_the_request_host_and_base_path() {
    let app = spawn_app().await;
    let (status, body) = app
        .post(
            "/plaid-compatible/link/token/create",
            token_request(
                json!({"hosted_link": {"completion_redirect_uri": "https://app.example/done"}}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = body["hosted_link_url"].as_str().unwrap();
    let expected = format!(
        "http://{}/plaid-compatible/link/v2/stable/link.html?token={}",
        app.address,
        body["link_token"].as_str().unwrap()
    );
    assert_eq!(url, expected);
    let page = app.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn the_drop_in_script_is_served_at_the_root_and_under_the_base_path() {
    let app = spawn_app().await;
    for prefix in ["", "/plaid-compatible"] {
        let response = app
            .http
            .get(app.url(&format!("{prefix}/link/v2/stable/link-initialize.js")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        let script = response.text().await.unwrap();
        assert!(
            script.contains("document.currentScript"),
            "the frame URL comes from the script's own URL"
        );
    }
    let missing = app
        .http
        .get(app.url("/link/v2/stable/secret.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
