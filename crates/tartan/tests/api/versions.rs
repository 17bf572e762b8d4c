//! API versions through raw HTTP: every served endpoint in every version, the client's default version, the
//! header's precedence, an unknown version, and one media type for every JSON response.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_TOKEN, CLIENT_ID, SECRET, TestApp, assert_plaid_error, read, spawn_app,
};

const VERSIONS: [&str; 4] = ["2017-03-08", "2018-05-22", "2019-05-29", "2020-09-14"];

/// POSTs with the sandbox client's keys and, when given, a `Plaid-Version` header.
async fn call(app: &TestApp, version: Option<&str>, path: &str, body: Value) -> Value {
    let (status, body) = call_raw(app, version, path, body).await;
    assert_eq!(status, StatusCode::OK, "{path} {version:?}: {body}");
    body
}

async fn call_raw(
    app: &TestApp,
    version: Option<&str>,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let mut request = app
        .http
        .post(app.url(path))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .json(&body);
    if let Some(version) = version {
        request = request.header("Plaid-Version", version);
    }
    read(request.send().await.unwrap()).await
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// What every account of a response must look like in `version`.
fn assert_accounts(version: &str, accounts: &[&Value]) {
    assert!(!accounts.is_empty());
    for account in accounts {
        let types = ["depository", "credit", "loan", "other"];
        let older_types = if version <= "2018-05-22" {
            "brokerage"
        } else {
            "investment"
        };
        let account_type = account["type"].as_str().unwrap();
        assert!(
            types.contains(&account_type) || account_type == older_types,
            "{version}: {account}"
        );
        let balances = account["balances"].as_object().unwrap();
        assert_eq!(
            balances.contains_key("iso_currency_code"),
            version != "2017-03-08",
            "{version}: {account}"
        );
        assert_eq!(
            balances.contains_key("unofficial_currency_code"),
            version != "2017-03-08"
        );
    }
}

fn accounts_of(body: &Value) -> Vec<&Value> {
    body["accounts"].as_array().unwrap().iter().collect()
}

#[tokio::test]
async fn every_served_endpoint_answers_in_the_shape_of_every_version() {
    let app = spawn_app().await;
    let store = tartan::store::open(&app.database).await.unwrap();
    let key_id = store.current_webhook_key().await.unwrap().unwrap().key_id;
    for version in VERSIONS {
        let v = Some(version);
        let public = call(&app, v, "/sandbox/public_token/create", json!({"institution_id": "ins_109508",
            "initial_products": ["auth", "identity"], "options": {"webhook": "http://127.0.0.1:9/hook"}})).await;
        assert_eq!(keys(&public), ["public_token", "request_id"]);
        let exchanged = call(
            &app,
            v,
            "/item/public_token/exchange",
            json!({"public_token": public["public_token"]}),
        )
        .await;
        assert_eq!(keys(&exchanged), ["access_token", "item_id", "request_id"]);
        let token = json!({"access_token": exchanged["access_token"]});

        let item = call(&app, v, "/item/get", token.clone()).await;
        assert_eq!(item["item"]["item_id"], exchanged["item_id"]);

        let accounts = call(&app, v, "/accounts/get", token.clone()).await;
        assert_accounts(version, &accounts_of(&accounts));
        let investments = accounts_of(&accounts)
            .into_iter()
            .filter(|account| account["type"] == "investment" || account["type"] == "brokerage")
            .count();
        assert!(investments > 0, "user_good has investment accounts");
        let balances = call(&app, v, "/accounts/balance/get", token.clone()).await;
        assert_accounts(version, &accounts_of(&balances));

        let auth = call(&app, v, "/auth/get", token.clone()).await;
        assert_accounts(version, &accounts_of(&auth));
        assert_auth_numbers(version, &auth["numbers"]);

        let identity = call(&app, v, "/identity/get", token.clone()).await;
        assert_accounts(version, &accounts_of(&identity));
        assert_identity(version, &identity);

        let matched = call(
            &app,
            v,
            "/identity/match",
            json!({"access_token": exchanged["access_token"],
            "user": {"legal_name": "Alberta Bobbeth Charleson"}}),
        )
        .await;
        assert_accounts(version, &accounts_of(&matched));
        assert_eq!(matched["accounts"][0]["legal_name"]["score"], 100);
        let uploads = call(&app, v, "/identity/documents/uploads/get", token.clone()).await;
        assert_accounts(version, &accounts_of(&uploads));

        let checking = &auth["accounts"][0]["account_id"];
        let processor = call(
            &app,
            v,
            "/processor/token/create",
            json!({"access_token": exchanged["access_token"],
            "account_id": checking, "processor": "dwolla"}),
        )
        .await;
        let stripe = call(
            &app,
            v,
            "/processor/stripe/bank_account_token/create",
            json!({"access_token": exchanged["access_token"], "account_id": checking}),
        )
        .await;
        assert!(
            stripe["stripe_bank_account_token"]
                .as_str()
                .unwrap()
                .starts_with("btok_")
        );
        let processor_token = json!({"processor_token": processor["processor_token"]});
        let processor_auth = call(&app, v, "/processor/auth/get", processor_token.clone()).await;
        assert_accounts(version, &[&processor_auth["account"]]);
        assert_processor_numbers(version, &processor_auth["numbers"], checking);
        for path in ["/processor/balance/get", "/processor/account/get"] {
            let body = call(&app, v, path, processor_token.clone()).await;
            assert_accounts(version, &[&body["account"]]);
        }
        let processor_identity =
            call(&app, v, "/processor/identity/get", processor_token.clone()).await;
        assert_processor_identity(version, &processor_identity);
        let processor_match = call(
            &app,
            v,
            "/processor/identity/match",
            processor_token.clone(),
        )
        .await;
        assert_accounts(version, &[&processor_match["account"]]);
        let sandbox_processor = call(
            &app,
            v,
            "/sandbox/processor_token/create",
            json!({"institution_id": "ins_109508"}),
        )
        .await;
        assert_eq!(keys(&sandbox_processor), ["processor_token", "request_id"]);

        let updated = call(
            &app,
            v,
            "/item/webhook/update",
            json!({"access_token": exchanged["access_token"],
            "webhook": "http://127.0.0.1:9/other"}),
        )
        .await;
        assert_eq!(updated["item"]["webhook"], "http://127.0.0.1:9/other");
        let fired = call(
            &app,
            v,
            "/sandbox/item/fire_webhook",
            json!({"access_token": exchanged["access_token"],
            "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}),
        )
        .await;
        assert_eq!(fired["webhook_fired"], true);
        let key = call(
            &app,
            v,
            "/webhook_verification_key/get",
            json!({"key_id": key_id}),
        )
        .await;
        assert_eq!(key["key"]["alg"], "ES256", "{key}");

        let removed = call(&app, v, "/item/remove", token.clone()).await;
        if version == "2020-09-14" {
            assert_eq!(keys(&removed), ["request_id"]);
        } else {
            assert_eq!(keys(&removed), ["removed", "request_id"], "{version}");
            assert_eq!(removed["removed"], true);
        }
    }
}

fn assert_auth_numbers(version: &str, numbers: &Value) {
    match version {
        "2017-03-08" => {
            let flat = numbers.as_array().expect("2017-03-08: numbers is a list");
            assert!(!flat.is_empty());
            for entry in flat {
                assert_eq!(
                    keys(entry),
                    ["account", "account_id", "routing", "wire_routing"]
                );
            }
        }
        "2018-05-22" => assert_eq!(keys(numbers), ["ach", "eft"]),
        _ => assert_eq!(keys(numbers), ["ach", "bacs", "eft", "international"]),
    }
}

fn assert_identity(version: &str, body: &Value) {
    let owners_per_account = accounts_of(body)
        .iter()
        .all(|account| account.get("owners").is_some());
    if version <= "2018-05-22" {
        assert!(
            accounts_of(body)
                .iter()
                .all(|account| account.get("owners").is_none()),
            "{body}"
        );
        let identity = &body["identity"];
        assert_eq!(
            keys(identity),
            ["addresses", "emails", "names", "phone_numbers"]
        );
        assert_eq!(identity["names"], json!(["Alberta Bobbeth Charleson"]));
        let address = &identity["addresses"][0];
        assert_eq!(keys(&address["data"]), ["city", "state", "street", "zip"]);
        assert_eq!(address["data"]["city"], "Malakoff");
        let labels = address["accounts"].as_array().unwrap();
        assert!(labels.contains(&json!("Plaid Checking 0000")), "{address}");
        assert_eq!(keys(&identity["emails"][0]), ["data", "primary", "type"]);
    } else {
        assert!(body.get("identity").is_none(), "{body}");
        assert!(owners_per_account, "{body}");
        let address = &body["accounts"][0]["owners"][0]["addresses"][0]["data"];
        assert_eq!(
            keys(address),
            ["city", "country", "postal_code", "region", "street"]
        );
    }
}

fn assert_processor_numbers(version: &str, numbers: &Value, account_id: &Value) {
    if version == "2020-09-14" {
        assert_eq!(keys(numbers), ["ach", "bacs", "eft", "international"]);
        assert_eq!(numbers["ach"]["account_id"], *account_id);
    } else {
        let flat = numbers
            .as_array()
            .expect("before 2020-09-14: a flat ACH list");
        assert_eq!(flat.len(), 1, "{numbers}");
        assert_eq!(
            keys(&flat[0]),
            ["account", "account_id", "routing", "wire_routing"]
        );
        assert_eq!(flat[0]["account_id"], *account_id);
    }
}

fn assert_processor_identity(version: &str, body: &Value) {
    assert_accounts(version, &[&body["account"]]);
    if version <= "2018-05-22" {
        assert!(body["account"].get("owners").is_none(), "{body}");
        assert_eq!(
            body["identity"]["names"],
            json!(["Alberta Bobbeth Charleson"])
        );
    } else {
        assert!(body.get("identity").is_none());
        assert_eq!(
            body["account"]["owners"][0]["names"],
            json!(["Alberta Bobbeth Charleson"])
        );
    }
}

async fn set_default_version(app: &TestApp, version: &str) -> (StatusCode, Value) {
    let response = app
        .http
        .put(app.url(&format!("/admin/clients/{CLIENT_ID}/api_version")))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({"api_version": version}))
        .send()
        .await
        .unwrap();
    read(response).await
}

#[tokio::test]
async fn without_the_header_the_clients_default_version_applies_and_the_header_wins() {
    let app = spawn_app().await;
    let token = json!({"access_token": app.access_token().await});
    let auth = call(&app, None, "/auth/get", token.clone()).await;
    assert!(
        auth["numbers"].is_object(),
        "the default default is 2020-09-14"
    );

    let (status, body) = set_default_version(&app, "2017-03-08").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["api_version"], "2017-03-08");
    let auth = call(&app, None, "/auth/get", token.clone()).await;
    assert!(auth["numbers"].is_array(), "{auth}");
    let auth = call(&app, Some("2019-05-29"), "/auth/get", token.clone()).await;
    assert_eq!(
        keys(&auth["numbers"]),
        ["ach", "bacs", "eft", "international"]
    );
    // Under the base path too.
    let auth = call(&app, None, "/plaid-compatible/auth/get", token.clone()).await;
    assert!(auth["numbers"].is_array(), "{auth}");

    let (status, body) = set_default_version(&app, "1999-01-01").await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
}

#[tokio::test]
async fn an_unknown_version_is_refused_naming_the_header() {
    let app = spawn_app().await;
    for bad in ["2020-09-15", "latest", ""] {
        let response = call_raw(&app, Some(bad), "/item/get", json!({"access_token": "x"})).await;
        assert_plaid_error(
            &response,
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "INVALID_HEADERS",
        );
        let message = response.1["error_message"].as_str().unwrap();
        assert!(message.contains("Plaid-Version"), "{message}");
    }
}

#[tokio::test]
async fn successes_and_errors_are_both_json_in_utf_8() {
    let app = spawn_app().await;
    let create = |version: Option<&str>| {
        let mut request = app
            .http
            .post(app.url("/sandbox/public_token/create"))
            .header("PLAID-CLIENT-ID", CLIENT_ID)
            .header("PLAID-SECRET", SECRET)
            .json(&json!({"institution_id": "ins_109508", "initial_products": ["auth"]}));
        if let Some(version) = version {
            request = request.header("Plaid-Version", version);
        }
        request.send()
    };
    let success = create(None).await.unwrap();
    let old_version = create(Some("2017-03-08")).await.unwrap();
    let error = app
        .http
        .post(app.url("/item/get"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let health = app.http.get(app.url("/health")).send().await.unwrap();
    assert_eq!(success.status(), StatusCode::OK);
    assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    for response in [success, error, old_version, health] {
        assert_eq!(
            response.headers()["content-type"],
            "application/json; charset=utf-8",
            "{}",
            response.url()
        );
    }
}

/// Link tokens, institutions and `reset_login` have no versioned field: every version answers today's shape.
/// (`/link/session/*` is Link's own front-end protocol, not Plaid's API, and takes no `Plaid-Version`.)
#[tokio::test]
async fn link_institutions_and_reset_login_answer_alike_in_every_version() {
    let app = spawn_app().await;
    let link_request = json!({"client_name": "Versions", "language": "en", "country_codes": ["US"],
        "user": {"client_user_id": "user-1"}, "products": ["auth"]});
    let mut shapes: Vec<Vec<String>> = Vec::new();
    for version in VERSIONS {
        let v = Some(version);
        let link = call(&app, v, "/link/token/create", link_request.clone()).await;
        let got = call(
            &app,
            v,
            "/link/token/get",
            json!({"link_token": link["link_token"]}),
        )
        .await;
        let listed = call(
            &app,
            v,
            "/institutions/get",
            json!({"count": 2, "offset": 0, "country_codes": ["US"]}),
        )
        .await;
        let one = call(
            &app,
            v,
            "/institutions/get_by_id",
            json!({"institution_id": "ins_109508", "country_codes": ["US"]}),
        )
        .await;
        let found = call(
            &app,
            v,
            "/institutions/search",
            json!({"query": "platypus", "country_codes": ["US"], "products": ["auth"]}),
        )
        .await;
        let token = json!({"access_token": app.access_token().await});
        let reset = call(&app, v, "/sandbox/item/reset_login", token).await;
        assert_eq!(reset["reset_login"], true, "{version}: {reset}");
        let shape = [
            &link,
            &got,
            &listed,
            &one["institution"],
            &found["institutions"][0],
            &reset,
        ]
        .iter()
        .map(|body| keys(body).join(","))
        .collect();
        shapes.push(shape);
    }
    assert!(
        shapes.windows(2).all(|pair| pair[0] == pair[1]),
        "{shapes:#?}"
    );
}
