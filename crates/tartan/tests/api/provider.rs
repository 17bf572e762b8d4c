//! A data provider in production, tried as a provider and an app would: the catalogue imported through the
//! CLI binary, a user linked with a password (and another with TOTP) through Link's session API, the data
//! read through the Plaid endpoints and a processor, an address change reaching the app by webhook, a revoke
//! killing the tokens, and the audit log of it all.

use std::io::Write;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::domain::Environment;

use crate::helpers::{ADMIN_TOKEN, TestApp, read, spawn_app, spawn_app_with};
use crate::receiver::Receiver;

pub const INSTITUTION: &str = "ins_tartan_demo";
pub const TOTP_INSTITUTION: &str = "ins_tartan_totp";
pub const TOTP_SEED: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// Runs the `tartan` binary on the app's database; answers (success, stdout, stderr).
pub fn tartan(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tartan"))
        .arg("--database-url")
        .arg(&app.database.url)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub fn owner(name: &str, street: &str) -> Value {
    json!({
        "names": [name],
        "phone_numbers": [{"data": "+1 617 555 0100", "primary": true, "type": "mobile"}],
        "emails": [{"data": "someone@example.com", "primary": true, "type": "primary"}],
        "addresses": [{"data": {"street": street, "city": "Boston", "region": "MA", "postal_code": "02110",
                                "country": "US"}, "primary": true}],
    })
}

pub fn account_line(user: &str, id: &str, subtype: &str, number: &str) -> Value {
    json!({
        "type": "account", "institution_id": INSTITUTION, "user_id": user, "account_id": id,
        "name": format!("Demo {subtype}"), "mask": &number[number.len() - 4..],
        "account_type": "depository", "subtype": subtype,
        "balances": {"available": 1200.5, "current": 1250.75, "limit": null, "iso_currency_code": "USD"},
        "numbers": {"ach": {"account": number, "routing": "011401533", "wire_routing": "021000021"}},
        "owners": [owner(&format!("Owner of {user}"), "1 Main St")],
    })
}

/// The demo institution with 1,000 users (one checking account each; a shared bcrypt hash of `pass_good`),
/// `alice` with a password hashed at import and two accounts, and `tina` at a TOTP institution.
pub fn catalogue() -> String {
    let hash = bcrypt::hash("pass_good", 4).unwrap();
    let mut lines = vec![
        json!({"type": "institution", "institution_id": INSTITUTION, "name": "Tartan Demo Bank",
               "country_codes": ["US"], "products": ["auth", "balance", "identity"],
               "primary_color": "#0a4d8c", "url": "https://bank.example.com",
               "login": {"method": "password", "totp": false}}),
        json!({"type": "institution", "institution_id": TOTP_INSTITUTION, "name": "Tartan TOTP Bank",
               "country_codes": ["US"], "products": ["auth", "balance", "identity"],
               "login": {"method": "password", "totp": true}}),
        json!({"type": "user", "institution_id": INSTITUTION, "user_id": "alice",
               "password": "correct horse battery"}),
        account_line("alice", "alice-chk", "checking", "1111222233334444"),
        account_line("alice", "alice-sav", "savings", "5555666677778888"),
        json!({"type": "user", "institution_id": TOTP_INSTITUTION, "user_id": "tina",
               "password_hash": hash, "totp_secret": TOTP_SEED}),
    ];
    let mut tina = account_line("tina", "tina-chk", "checking", "9999000011112222");
    tina["institution_id"] = json!(TOTP_INSTITUTION);
    lines.push(tina);
    for n in 0..1_000 {
        let user = format!("user{n:04}");
        lines.push(
            json!({"type": "user", "institution_id": INSTITUTION, "user_id": user,
                          "password_hash": hash}),
        );
        lines.push(account_line(
            &user,
            &format!("{user}-chk"),
            "checking",
            &format!("{n:012}"),
        ));
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

pub fn write_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path.to_string_lossy().into_owned()
}

pub async fn admin(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app
        .http
        .request(method, app.url(path))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    read(request.send().await.unwrap()).await
}

/// A production server with the catalogue imported through the CLI and a client allowed both institutions.
pub async fn provider_app() -> (TestApp, String, String, tempfile::TempDir) {
    let mut config = crate::helpers::config(Environment::Production);
    config.allow_private_webhooks = true;
    let app = spawn_app_with(config).await;
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(&dir, "catalogue.ndjson", &catalogue());
    let (ok, stdout, stderr) = tartan(&app, &["import", &file]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("2007 lines: 2007 records saved, 0 failed"),
        "{stdout}"
    );
    let (client_id, secret) = app.another_client().await;
    let (status, body) = admin(
        &app,
        reqwest::Method::PUT,
        &format!("/admin/clients/{client_id}/institutions"),
        Some(json!({"institution_ids": [INSTITUTION, TOTP_INSTITUTION]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (app, client_id, secret, dir)
}

pub async fn link_token(app: &TestApp, client: (&str, &str), webhook: Option<&str>) -> String {
    let (status, body) = app
        .post_as(
            "/link/token/create",
            json!({"client_name": "Budget App", "language": "en", "country_codes": ["US"],
                   "user": {"client_user_id": "app-user-1"}, "products": ["auth", "identity"],
                   "webhook": webhook}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = body["link_token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("link-production-"), "{token}");
    token
}

pub async fn session(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .http
        .post(app.url(&format!("/link/session/{path}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    read(response).await
}

pub async fn step(app: &TestApp, token: &str, id: &str, action: Value) -> Value {
    let mut body = json!({"link_token": token, "link_session_id": id});
    for (key, value) in action.as_object().unwrap() {
        body[key] = value.clone();
    }
    let (status, answer) = session(app, "step", body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

/// A session at the credentials pane of `institution`; answers its id.
pub async fn at_credentials(app: &TestApp, token: &str, institution: &str) -> String {
    let (status, started) = session(app, "start", json!({"link_token": token})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let listed = step(app, token, &id, json!({"action": "consent"})).await;
    assert_eq!(listed["view"]["name"], "SELECT_INSTITUTION");
    let ids: Vec<&str> = listed["view"]["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["institution_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [INSTITUTION, TOTP_INSTITUTION],
        "only the provider's, none of the sandbox's"
    );
    let answer = step(
        app,
        token,
        &id,
        json!({"action": "select_institution", "institution_id": institution}),
    )
    .await;
    assert_eq!(answer["view"]["name"], "CREDENTIAL", "{answer}");
    assert_eq!(answer["view"]["institution"]["institution_id"], institution);
    id
}

pub async fn credentials(
    app: &TestApp,
    token: &str,
    id: &str,
    user: &str,
    password: &str,
) -> Value {
    step(
        app,
        token,
        id,
        json!({"action": "credentials", "username": user, "password": password}),
    )
    .await
}

/// Picks every offered account; answers the CONNECTED answer.
pub async fn pick_all(app: &TestApp, token: &str, id: &str, offered: &Value) -> Value {
    assert_eq!(offered["view"]["name"], "SELECT_ACCOUNT", "{offered}");
    let ids: Vec<Value> = offered["view"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    let answer = step(
        app,
        token,
        id,
        json!({"action": "select_accounts", "account_ids": ids}),
    )
    .await;
    assert_eq!(answer["view"]["name"], "CONNECTED", "{answer}");
    answer
}

pub async fn exchange(app: &TestApp, client: (&str, &str), connected: &Value) -> String {
    let public_token = connected["view"]["public_token"].as_str().unwrap();
    let (status, body) = app
        .post_as(
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_provider_user_links_with_a_password_and_the_app_reads_the_providers_data() {
    let (app, client_id, secret, _dir) = provider_app().await;
    let client = (client_id.as_str(), secret.as_str());
    let receiver = Receiver::start(vec![]).await;
    let token = link_token(&app, client, Some("https://hooks.example.com/plaid")).await;
    let id = at_credentials(&app, &token, INSTITUTION).await;

    // Sandbox credentials mean nothing in production; a wrong password offers "Try again".
    let answer = credentials(&app, &token, &id, "user_good", "pass_good").await;
    assert_eq!(
        answer["view"]["error"]["error_code"], "INVALID_CREDENTIALS",
        "{answer}"
    );
    assert_eq!(answer["view"]["retry"], true);
    step(&app, &token, &id, json!({"action": "retry"})).await;
    let offered = credentials(&app, &token, &id, "alice", "correct horse battery").await;
    let names: Vec<&str> = offered["view"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Demo checking", "Demo savings"]);
    let connected = pick_all(&app, &token, &id, &offered).await;
    assert_eq!(
        connected["view"]["metadata"]["institution"],
        json!({"name": "Tartan Demo Bank", "institution_id": INSTITUTION})
    );
    let access_token = exchange(&app, client, &connected).await;
    assert!(access_token.starts_with("access-production-"));

    let (status, accounts) = app
        .post_as(
            "/accounts/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{accounts}");
    let checking = accounts["accounts"][0].clone();
    assert_eq!(checking["mask"], "4444");
    assert_eq!(checking["balances"]["current"], 1250.75);
    assert_eq!(checking["balances"]["iso_currency_code"], "USD");
    let item_account_id = checking["account_id"].as_str().unwrap().to_owned();
    assert_ne!(
        item_account_id, "alice-chk",
        "the Item shows accounts under ids of its own"
    );
    assert_eq!(accounts["item"]["institution_id"], INSTITUTION);
    assert_eq!(
        accounts["item"]["webhook"],
        "https://hooks.example.com/plaid"
    );
    // Production accepts only https webhooks, and the test's receiver speaks http on loopback: point the
    // Item at it through the store (delivery itself is the real dispatcher's).
    let store = tartan::store::open(&app.database).await.unwrap();
    let item_id = tartan::domain::ItemId::from_stored(
        accounts["item"]["item_id"].as_str().unwrap().to_owned(),
    );
    store
        .set_item_webhook(&item_id, Some(&receiver.url), None)
        .await
        .unwrap();

    let (_, auth) = app
        .post_as(
            "/auth/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        auth["numbers"]["ach"][0]["account"], "1111222233334444",
        "{auth}"
    );
    assert_eq!(auth["numbers"]["ach"][0]["routing"], "011401533");
    let (_, balance) = app
        .post_as(
            "/accounts/balance/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        balance["accounts"][1]["balances"]["available"], 1200.5,
        "{balance}"
    );
    let (_, identity) = app
        .post_as(
            "/identity/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        identity["accounts"][0]["owners"][0]["names"][0], "Owner of alice",
        "{identity}"
    );

    // A processor partner reads the account through a processor token.
    let (processor_id, processor_secret) = app.client_with_processor(Some("dwolla")).await;
    let (status, made) = app
        .post_as(
            "/processor/token/create",
            json!({"access_token": access_token, "account_id": item_account_id, "processor": "dwolla"}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let processor_token = made["processor_token"].as_str().unwrap().to_owned();
    let (status, processor_auth) = app
        .post_as(
            "/processor/auth/get",
            json!({"processor_token": processor_token}),
            &processor_id,
            &processor_secret,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{processor_auth}");
    assert_eq!(
        processor_auth["numbers"]["ach"]["account"], "1111222233334444",
        "{processor_auth}"
    );

    // The provider changes alice's address: the app hears IDENTITY DEFAULT_UPDATE for the Item's account.
    let (status, saved) = admin(
        &app,
        reqwest::Method::POST,
        "/admin/provider/records",
        Some(
            json!({"type": "owners", "institution_id": INSTITUTION, "account_id": "alice-chk",
                    "owners": [owner("Owner of alice", "22 New Road")]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["webhooks_queued"], 1);
    let received = receiver.wait_for_accepted(1).await;
    let webhook = &received[0].body;
    assert_eq!(
        (
            webhook["webhook_type"].as_str(),
            webhook["webhook_code"].as_str()
        ),
        (Some("IDENTITY"), Some("DEFAULT_UPDATE"))
    );
    assert_eq!(
        webhook["account_ids_with_updated_identity"][&item_account_id],
        json!(["ADDRESSES"])
    );
    assert_eq!(webhook["environment"], "production");
    let (_, identity) = app
        .post_as(
            "/identity/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        identity["accounts"][0]["owners"][0]["addresses"][0]["data"]["street"],
        "22 New Road"
    );

    // New routing number and balance: AUTH DEFAULT_UPDATE for the numbers; balances change silently.
    let mut changed = account_line("alice", "alice-chk", "checking", "1111222233334444");
    changed["numbers"]["ach"]["routing"] = json!("021000021");
    changed["balances"]["current"] = json!(99.5);
    changed["owners"] = json!([owner("Owner of alice", "22 New Road")]);
    let (status, saved) = admin(
        &app,
        reqwest::Method::POST,
        "/admin/provider/records",
        Some(changed),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["webhooks_queued"], 1, "{saved}");
    let received = receiver.wait_for_accepted(2).await;
    let webhook = &received[1].body;
    assert_eq!(webhook["webhook_type"], "AUTH", "{webhook}");
    assert_eq!(
        webhook["account_ids_with_updated_auth"][&item_account_id],
        json!(["ROUTING_NUMBER"])
    );
    assert_eq!(webhook["account_ids_with_new_auth"], json!([]));
    let (_, balance) = app
        .post_as(
            "/accounts/balance/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        balance["accounts"][0]["balances"]["current"], 99.5,
        "{balance}"
    );

    // The provider revokes the Item: both tokens die at once, and the app is told.
    let item_id = accounts["item"]["item_id"].as_str().unwrap();
    let (status, revoked) = admin(
        &app,
        reqwest::Method::POST,
        &format!("/admin/items/{item_id}/revoke"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    let (status, body) = app
        .post_as(
            "/accounts/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("INVALID_ACCESS_TOKEN"))
    );
    let (_, body) = app
        .post_as(
            "/processor/auth/get",
            json!({"processor_token": processor_token}),
            &processor_id,
            &processor_secret,
        )
        .await;
    assert_eq!(body["error_code"], "INVALID_PROCESSOR_TOKEN", "{body}");
    let received = receiver.wait_for_accepted(3).await;
    let webhook = &received[2].body;
    assert_eq!(
        webhook["webhook_code"], "USER_PERMISSION_REVOKED",
        "{webhook}"
    );
    assert_eq!(webhook["error"]["error_code"], "USER_PERMISSION_REVOKED");
    assert_eq!(webhook["item_id"], item_id);

    // The audit log has the failed and good logins with their source, the link, the change and the revoke,
    // and never a password or token.
    let (status, audit) = admin(&app, reqwest::Method::GET, "/admin/audit?limit=50", None).await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    let entries = audit["entries"].as_array().unwrap();
    let seen = |action: &str, outcome: &str| {
        entries.iter().any(|e| {
            e["action"] == action
                && e["outcome"].as_str().unwrap().starts_with(outcome)
                && e["source"].as_str().unwrap().contains("127.0.0.1")
        })
    };
    assert!(seen("login", "INVALID_CREDENTIALS"), "{audit}");
    assert!(seen("login", "success"), "{audit}");
    assert!(seen("link", "success"), "{audit}");
    assert!(seen("record.save", "success"), "{audit}");
    assert!(seen("revoke", "success"), "{audit}");
    let text = audit.to_string();
    for secret in [
        "correct horse",
        "pass_good",
        &access_token,
        &processor_token,
        &token,
    ] {
        assert!(!text.contains(secret), "the audit log holds {secret}");
    }
    let (ok, stdout, _) = tartan(&app, &["provider", "audit"]);
    assert!(
        ok && stdout.contains("revoke") && stdout.contains("login"),
        "{stdout}"
    );
}

#[tokio::test]
async fn five_failures_lock_the_user_and_totp_is_the_mfa_pane() {
    let (app, client_id, secret, _dir) = provider_app().await;
    let client = (client_id.as_str(), secret.as_str());
    let token = link_token(&app, client, None).await;
    let id = at_credentials(&app, &token, INSTITUTION).await;
    for attempt in 1..=5 {
        let answer = credentials(&app, &token, &id, "user0007", "wrong").await;
        let expected = if attempt < 5 {
            "INVALID_CREDENTIALS"
        } else {
            "ITEM_LOCKED"
        };
        assert_eq!(
            answer["view"]["error"]["error_code"], expected,
            "attempt {attempt}"
        );
        if attempt < 5 {
            step(&app, &token, &id, json!({"action": "retry"})).await;
        } else {
            assert_eq!(answer["view"]["retry"], false);
        }
    }
    // Locked for every session (and instance: it is counted in the database), even with the right password.
    let token = link_token(&app, client, None).await;
    let id = at_credentials(&app, &token, INSTITUTION).await;
    let answer = credentials(&app, &token, &id, "user0007", "pass_good").await;
    assert_eq!(answer["view"]["error"]["error_code"], "ITEM_LOCKED");
    // Another user is not locked: an imported bcrypt hash works as it is.
    let token = link_token(&app, client, None).await;
    let id = at_credentials(&app, &token, INSTITUTION).await;
    let offered = credentials(&app, &token, &id, "user0008", "pass_good").await;
    assert_eq!(offered["view"]["accounts"][0]["mask"], "0008", "{offered}");

    // TOTP: the right password leads to the MFA pane; a wrong code retries; the right one connects.
    let token = link_token(&app, client, None).await;
    let id = at_credentials(&app, &token, TOTP_INSTITUTION).await;
    let mfa = credentials(&app, &token, &id, "tina", "pass_good").await;
    assert_eq!(mfa["view"]["name"], "MFA", "{mfa}");
    assert_eq!(mfa["view"]["mfa_type"], "device");
    let seed = totp_rs::Secret::Encoded(TOTP_SEED.into())
        .to_bytes()
        .unwrap();
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, seed).unwrap();
    let code = totp.generate_current().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answer = step(
        &app,
        &token,
        &id,
        json!({"action": "mfa", "answers": [wrong]}),
    )
    .await;
    assert_eq!(answer["view"]["error"]["error_code"], "INVALID_MFA");
    let again = step(&app, &token, &id, json!({"action": "retry"})).await;
    assert_eq!(again["view"]["name"], "MFA");
    let code = totp.generate_current().unwrap();
    let offered = step(
        &app,
        &token,
        &id,
        json!({"action": "mfa", "answers": [code]}),
    )
    .await;
    let connected = pick_all(&app, &token, &id, &offered).await;
    let access_token = exchange(&app, client, &connected).await;
    let (_, auth) = app
        .post_as(
            "/auth/get",
            json!({"access_token": access_token}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(auth["numbers"]["ach"][0]["account"], "9999000011112222");
}

#[tokio::test]
async fn institutions_a_client_may_not_link_and_sandbox_servers_show_no_provider_data() {
    let (app, _, _, _dir) = provider_app().await;
    // A client without an allow-list sees no institution and may not pick one.
    let (other_id, other_secret) = app.another_client().await;
    let token = link_token(&app, (&other_id, &other_secret), None).await;
    let (_, started) = session(&app, "start", json!({"link_token": token})).await;
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let listed = step(&app, &token, &id, json!({"action": "consent"})).await;
    assert_eq!(listed["view"]["institutions"], json!([]));
    let (status, refused) = session(
        &app,
        "step",
        json!({"link_token": token, "link_session_id": id, "action": "select_institution",
               "institution_id": INSTITUTION}),
    )
    .await;
    assert_eq!(
        (status, refused["error_code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("INVALID_FIELD"))
    );

    // /institutions/* in production describe the provider's institutions, and only those.
    let client = (other_id.as_str(), other_secret.as_str());
    let (status, found) = app
        .post_as(
            "/institutions/get_by_id",
            json!({"institution_id": INSTITUTION, "country_codes": ["US"],
                   "options": {"include_optional_metadata": true}}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["institution"]["name"], "Tartan Demo Bank");
    assert_eq!(found["institution"]["primary_color"], "#0a4d8c");
    assert_eq!(found["institution"]["oauth"], false);
    let (_, sandbox_one) = app
        .post_as(
            "/institutions/get_by_id",
            json!({"institution_id": "ins_109508", "country_codes": ["US"]}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(sandbox_one["error_code"], "INVALID_INSTITUTION");
    let (_, listed) = app
        .post_as(
            "/institutions/get",
            json!({"count": 10, "offset": 0, "country_codes": ["US"]}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(listed["total"], 2, "{listed}");
    let (_, searched) = app
        .post_as(
            "/institutions/search",
            json!({"query": "totp", "country_codes": ["US"]}),
            client.0,
            client.1,
        )
        .await;
    assert_eq!(
        searched["institutions"][0]["institution_id"], TOTP_INSTITUTION,
        "{searched}"
    );
    assert_eq!(searched["institutions"].as_array().unwrap().len(), 1);

    // A sandbox server on a database with the provider's catalogue still runs only the sandbox.
    let sandbox = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        &dir,
        "c.ndjson",
        catalogue()[..2_000].rsplit_once('\n').unwrap().0,
    );
    tartan(&sandbox, &["import", &file]);
    let (status, body) = sandbox
        .post(
            "/link/token/create",
            json!({"client_name": "App", "language": "en", "country_codes": ["US"],
                   "user": {"client_user_id": "u"}, "products": ["auth"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = body["link_token"].as_str().unwrap();
    let (_, started) = session(&sandbox, "start", json!({"link_token": token})).await;
    let id = started["link_session_id"].as_str().unwrap();
    step(&sandbox, token, id, json!({"action": "consent"})).await;
    let (status, refused) = session(
        &sandbox,
        "step",
        json!({"link_token": token, "link_session_id": id, "action": "select_institution",
               "institution_id": INSTITUTION}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (_, found) = session(
        &sandbox,
        "institutions",
        json!({"link_token": token, "query": "Tartan"}),
    )
    .await;
    let found = found["institutions"].to_string();
    assert!(
        !found.contains(INSTITUTION) && !found.contains("Tartan Demo"),
        "{found}"
    );
}
