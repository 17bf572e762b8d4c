//! Link's OpenID Connect logins through HTTP (docs/providers.md), against the minimal provider in
//! `oidc_provider.rs`: the authorization request, a verified login that links, and every way the callback can
//! fail (bad, replayed and expired state; denial; untrusted ID tokens; unknown users; http issuers).

use reqwest::StatusCode;
use serde_json::{Value, json};
use tartan::domain::Environment;

use crate::helpers::{TestApp, config, read, spawn_app_with};
use crate::oidc_provider::{CLIENT_ID, CLIENT_SECRET, Flaw, Plan, TestProvider, query};

const INSTITUTION: &str = "ins_oidc_test";

/// A production server and an API client of it.
async fn production(allow_loopback: bool) -> (TestApp, Client) {
    let mut config = config(Environment::Production);
    config.allow_loopback_oidc_issuers = allow_loopback;
    let app = spawn_app_with(config).await;
    let client = app.another_client().await;
    (app, client)
}

type Client = (String, String);

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

/// The provider's catalogue: the institution logging in at `issuer`, alice (matched by `oidc_subject`) with a
/// checking account, bob (matched by `user_id`) with none; the test client may link the institution.
async fn catalogue(app: &TestApp, client: &Client, issuer: &str) {
    let owner = json!({
        "names": ["Alice Appleseed"],
        "emails": [{"data": "alice@bank.example", "primary": true, "type": "primary"}],
        "phone_numbers": [], "addresses": [],
    });
    for record in [
        json!({"type": "institution", "institution_id": INSTITUTION, "name": "Bank of OIDC",
               "country_codes": ["US"], "products": ["auth", "identity"],
               "login": {"method": "oidc", "issuer": issuer, "client_id": CLIENT_ID,
                         "client_secret": CLIENT_SECRET, "scopes": ["profile"]}}),
        json!({"type": "user", "institution_id": INSTITUTION, "user_id": "u-1001", "oidc_subject": "alice"}),
        json!({"type": "user", "institution_id": INSTITUTION, "user_id": "bob"}),
        json!({"type": "account", "institution_id": INSTITUTION, "user_id": "u-1001",
               "account_id": "alice-checking", "name": "Alice Checking", "mask": "4321",
               "account_type": "depository", "subtype": "checking",
               "balances": {"available": 120.5, "current": 130.5, "limit": null, "iso_currency_code": "USD"},
               "owners": [owner]}),
    ] {
        admin(
            app,
            reqwest::Method::POST,
            "/admin/provider/records",
            record,
        )
        .await;
    }
    admin(
        app,
        reqwest::Method::PUT,
        &format!("/admin/clients/{}/institutions", client.0),
        json!({"institution_ids": [INSTITUTION]}),
    )
    .await;
}

async fn admin(app: &TestApp, method: reqwest::Method, path: &str, body: Value) -> Value {
    let response = app
        .http
        .request(method, app.url(&format!("/plaid-compatible{path}")))
        .bearer_auth(crate::helpers::ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// A Link session of a new production token, at the OAuth pane of the OIDC institution.
async fn at_login_pane(app: &TestApp, client: &Client) -> (String, String) {
    let (status, created) = app
        .post_as(
            "/link/token/create",
            json!({
                "client_name": "OIDC App", "language": "en", "country_codes": ["US"],
                "user": {"client_user_id": "user-1"}, "products": ["identity"],
            }),
            &client.0,
            &client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let token = created["link_token"].as_str().unwrap().to_owned();
    let (status, started) = session(app, "start", json!({"link_token": token})).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let id = started["link_session_id"].as_str().unwrap().to_owned();
    let step = |action: Value| {
        let mut body = json!({"link_token": token, "link_session_id": id});
        for (key, value) in action.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    let (_, consented) = session(app, "step", step(json!({"action": "consent"}))).await;
    assert_eq!(
        consented["view"]["name"], "SELECT_INSTITUTION",
        "{consented}"
    );
    let (status, chosen) = session(
        app,
        "step",
        step(json!({"action": "select_institution", "institution_id": INSTITUTION})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{chosen}");
    assert_eq!(chosen["view"]["name"], "OAUTH", "{chosen}");
    assert_eq!(chosen["view"]["oidc"], true, "{chosen}");
    assert_eq!(
        chosen["view"]["institution"]["name"], "Bank of OIDC",
        "{chosen}"
    );
    (token, id)
}

/// Makes every waiting login of the database expired.
async fn expire_logins(app: &TestApp) {
    let pool = sqlx::AnyPool::connect(&app.database.url).await.unwrap();
    sqlx::any::install_default_drivers();
    sqlx::query("UPDATE oidc_authorizations SET expires_at = 0")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

/// `POST /link/session/oidc`: the answer.
async fn begin(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, answer) = session(
        app,
        "oidc",
        json!({"link_token": token, "link_session_id": id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

async fn callback(app: &TestApp, query: &str) -> (StatusCode, String) {
    let response = app
        .http
        .get(app.url(&format!("/plaid-compatible/link/oidc/callback?{query}")))
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    (status, response.text().await.unwrap())
}

/// What the callback page hands to Link's frame: the callback's query, as fields of the completion.
fn handed_over(query: &str) -> serde_json::Map<String, Value> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), Value::String(value.into_owned())))
        .collect()
}

/// `POST /link/session/oidc/complete`: the frame of session (`token`, `id`) presents a callback's query.
async fn complete(app: &TestApp, token: &str, id: &str, query: &str) -> (StatusCode, Value) {
    let mut body = handed_over(query);
    body.insert("link_token".into(), json!(token));
    body.insert("link_session_id".into(), json!(id));
    session(app, "oidc/complete", Value::Object(body)).await
}

/// The browser comes back to the callback (which hands the answer over), and the frame that started the
/// login completes it: the session's view after that.
async fn come_back(app: &TestApp, started: &Started, query: &str) -> Value {
    let (status, page) = callback(app, query).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("window.opener"), "{page}");
    let (status, answer) = complete(app, &started.token, &started.id, query).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["view"].clone()
}

/// The session where it is now (what Link's frame sees when it asks).
async fn resumed(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, answer) = session(
        app,
        "start",
        json!({"link_token": token, "link_session_id": id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["view"].clone()
}

fn plan(url: &str, sub: &str, flaw: Flaw) -> Plan {
    let params = query(url);
    Plan {
        sub: sub.to_owned(),
        nonce: params["nonce"].clone(),
        code_challenge: params["code_challenge"].clone(),
        flaw,
    }
}

fn assert_error(view: &Value, code: &str) {
    assert_eq!(view["name"], "ERROR", "{view}");
    assert_eq!(view["error"]["error_code"], code, "{view}");
    assert_eq!(view["retry"], true, "{view}");
}

#[tokio::test]
async fn a_callback_naming_no_waiting_login_is_refused_and_changes_nothing() {
    let (app, _) = production(true).await;
    for query in [
        "",
        "code=abc",
        "state=not-a-login&code=abc",
        "state=x&error=access_denied",
    ] {
        let (status, page) = callback(&app, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.contains("not valid"), "{query}: {page}");
    }
}

/// A started login: the session, the authorization URL's parameters, and the callback's query for a code.
struct Started {
    token: String,
    id: String,
    url: String,
    state: String,
}

async fn start(app: &TestApp, client: &Client) -> Started {
    let (token, id) = at_login_pane(app, client).await;
    let answer = begin(app, &token, &id).await;
    assert_eq!(answer["view"]["name"], "OAUTH", "{answer}");
    let url = answer["authorization_url"].as_str().unwrap().to_owned();
    let state = query(&url)["state"].clone();
    Started {
        token,
        id,
        url,
        state,
    }
}

fn code_query(started: &Started, issuer: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("code", "one-time-code")
        .append_pair("state", &started.state)
        .append_pair("iss", issuer);
    query.finish()
}

#[tokio::test]
async fn a_verified_login_links_the_end_user_its_sub_names_once() {
    let provider = TestProvider::start().await;
    let (app, client) = production(true).await;
    catalogue(&app, &client, &provider.issuer).await;
    let started = start(&app, &client).await;

    let params = query(&started.url);
    assert!(
        started
            .url
            .starts_with(&format!("{}/auth?", provider.issuer))
    );
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["client_id"], CLIENT_ID);
    assert_eq!(
        params["redirect_uri"],
        app.url("/plaid-compatible/link/oidc/callback")
    );
    let scopes: Vec<&str> = params["scope"].split(' ').collect();
    assert!(
        scopes.contains(&"openid") && scopes.contains(&"profile"),
        "{scopes:?}"
    );
    assert_eq!(params["code_challenge_method"], "S256");
    assert_eq!(params["code_challenge"].len(), 43);
    assert_eq!(params["prompt"], "login");
    for random in ["state", "nonce"] {
        assert!(params[random].len() >= 43, "{random}: 256 bits, base64url");
    }
    let again = start(&app, &client).await;
    assert_ne!(query(&again.url)["state"], params["state"]);
    assert_ne!(query(&again.url)["nonce"], params["nonce"]);

    provider.plan(plan(&started.url, "alice", Flaw::None));
    let view = come_back(&app, &started, &code_query(&started, &provider.issuer)).await;
    assert_eq!(view["name"], "SELECT_ACCOUNT", "{view}");
    assert_eq!(
        resumed(&app, &started.token, &started.id).await["name"],
        "SELECT_ACCOUNT"
    );
    let accounts = view["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{view}");
    assert_eq!(accounts[0]["mask"], "4321");

    // The same callback again (a replay, a reload): refused, and the session stays where it is.
    provider.plan(plan(&started.url, "bob", Flaw::None));
    let (status, page) = callback(&app, &code_query(&started, &provider.issuer)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("already came back"), "{page}");
    let (status, refused) = complete(
        &app,
        &started.token,
        &started.id,
        &code_query(&started, &provider.issuer),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["error_message"]
            .as_str()
            .unwrap()
            .contains("already came back"),
        "{refused}"
    );
    let view = resumed(&app, &started.token, &started.id).await;
    assert_eq!(view["accounts"][0]["mask"], "4321", "{view}");

    // Account select → an Item of alice's; the app reads her identity.
    let (status, connected) = session(
        &app,
        "step",
        json!({"link_token": started.token, "link_session_id": started.id,
               "action": "select_accounts", "account_ids": [view["accounts"][0]["id"]]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    assert_eq!(connected["view"]["name"], "CONNECTED", "{connected}");
    let public_token = connected["view"]["public_token"].as_str().unwrap();
    let (status, exchanged) = app
        .post_as(
            "/item/public_token/exchange",
            json!({"public_token": public_token}),
            &client.0,
            &client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{exchanged}");
    let (status, identity) = app
        .post_as(
            "/identity/get",
            json!({"access_token": exchanged["access_token"]}),
            &client.0,
            &client.1,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{identity}");
    assert_eq!(identity["item"]["institution_id"], INSTITUTION);
    assert_eq!(identity["accounts"][0]["mask"], "4321");
    assert_eq!(
        identity["accounts"][0]["owners"][0]["names"][0],
        "Alice Appleseed"
    );
}

#[tokio::test]
async fn denial_expiry_and_unknown_users_end_in_plaids_errors() {
    let provider = TestProvider::start().await;
    let (app, client) = production(true).await;
    catalogue(&app, &client, &provider.issuer).await;

    let denied = start(&app, &client).await;
    let view = come_back(
        &app,
        &denied,
        &format!(
            "error=access_denied&error_description=End-User+aborted&state={}",
            denied.state
        ),
    )
    .await;
    assert_eq!(view, resumed(&app, &denied.token, &denied.id).await);
    assert_error(&view, "ACCESS_NOT_GRANTED");
    assert_eq!(view["error"]["error_type"], "ITEM_ERROR");
    let (_, retried) = session(
        &app,
        "step",
        json!({"link_token": denied.token, "link_session_id": denied.id, "action": "retry"}),
    )
    .await;
    assert_eq!(
        retried["view"]["name"], "OAUTH",
        "Try again: the login pane"
    );

    let expired = start(&app, &client).await;
    expire_logins(&app).await;
    provider.plan(plan(&expired.url, "alice", Flaw::None));
    let view = come_back(&app, &expired, &code_query(&expired, &provider.issuer)).await;
    assert_error(&view, "USER_INPUT_TIMEOUT");
    let (status, _) = callback(&app, &code_query(&expired, &provider.issuer)).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an expired login is used up too"
    );

    let stranger = start(&app, &client).await;
    provider.plan(plan(&stranger.url, "mallory", Flaw::None));
    let view = come_back(&app, &stranger, &code_query(&stranger, &provider.issuer)).await;
    assert_error(&view, "NO_ACCOUNTS");

    // bob is found by user_id, but has no accounts (the provider flow's own NO_ACCOUNTS, without retry).
    let bob = start(&app, &client).await;
    provider.plan(plan(&bob.url, "bob", Flaw::None));
    let view = come_back(&app, &bob, &code_query(&bob, &provider.issuer)).await;
    assert_eq!(view["error"]["error_code"], "NO_ACCOUNTS", "{view}");
    assert_eq!(
        view["error"]["error_message"],
        "no valid accounts were found for this item"
    );
}

/// Login CSRF: an attacker starts a login in their own Link session (A) and gets a victim's browser to the
/// authorization URL. The victim's callback hands the answer to no frame of A, so A does not move on; and the
/// answer presented with another session (B) is refused, audited, and moves neither.
#[tokio::test]
async fn only_the_session_that_started_a_login_can_complete_it() {
    let provider = TestProvider::start().await;
    let (app, client) = production(true).await;
    catalogue(&app, &client, &provider.issuer).await;
    let a = start(&app, &client).await;
    let b = start(&app, &client).await;
    provider.plan(plan(&a.url, "alice", Flaw::None));
    let answer = code_query(&a, &provider.issuer);

    // The victim's browser comes back with A's valid state and code: the page completes nothing.
    let (status, page) = callback(&app, &answer).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(!page.contains("one-time-code"), "{page}");
    assert_eq!(resumed(&app, &a.token, &a.id).await["name"], "OAUTH");

    // The answer presented with B's session (another link token): refused, and it moves neither session.
    let (status, refused) = complete(&app, &b.token, &b.id, &answer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["error_type"], "INVALID_REQUEST", "{refused}");
    assert!(
        refused["error_message"]
            .as_str()
            .unwrap()
            .contains("another Link session"),
        "{refused}"
    );
    assert_eq!(resumed(&app, &a.token, &a.id).await["name"], "OAUTH");
    assert_eq!(resumed(&app, &b.token, &b.id).await["name"], "OAUTH");
    // The login is used up by then: not even A can take it over afterwards.
    let (status, refused) = complete(&app, &a.token, &a.id, &answer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(resumed(&app, &a.token, &a.id).await["name"], "OAUTH");

    // A's link token with another session's id is another session too.
    let again = begin(&app, &a.token, &a.id).await;
    let url = again["authorization_url"].as_str().unwrap().to_owned();
    let a2 = Started {
        state: query(&url)["state"].clone(),
        token: a.token.clone(),
        id: a.id.clone(),
        url,
    };
    provider.plan(plan(&a2.url, "alice", Flaw::None));
    let answer = code_query(&a2, &provider.issuer);
    let (status, refused) = complete(&app, &a.token, &b.id, &answer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(resumed(&app, &a.token, &a.id).await["name"], "OAUTH");

    let audit = admin(
        &app,
        reqwest::Method::GET,
        "/admin/audit?limit=50",
        json!({}),
    )
    .await;
    let refusals = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["action"] == "login.oidc"
                && e["outcome"] == "refused: this login was started by another Link session"
        })
        .count();
    assert_eq!(refusals, 2, "{audit}");

    // A fresh login of B, completed by B's own frame, links.
    let fresh = start(&app, &client).await;
    provider.plan(plan(&fresh.url, "alice", Flaw::None));
    let view = come_back(&app, &fresh, &code_query(&fresh, &provider.issuer)).await;
    assert_eq!(view["name"], "SELECT_ACCOUNT", "{view}");
}

#[tokio::test]
async fn untrusted_answers_end_in_unsupported_response() {
    let provider = TestProvider::start().await;
    let (app, client) = production(true).await;
    catalogue(&app, &client, &provider.issuer).await;
    let mut reasons = Vec::new();
    for flaw in [
        Flaw::WrongNonce,
        Flaw::WrongAudience,
        Flaw::WrongIssuer,
        Flaw::Expired,
        Flaw::HmacSigned,
        Flaw::BadSignature,
    ] {
        let started = start(&app, &client).await;
        provider.plan(plan(&started.url, "alice", flaw));
        let view = come_back(&app, &started, &code_query(&started, &provider.issuer)).await;
        assert_error(&view, "UNSUPPORTED_RESPONSE");
        assert_eq!(view["error"]["error_type"], "INSTITUTION_ERROR", "{flaw:?}");
        reasons.push(view["error"]["error_message"].as_str().unwrap().to_owned());
    }
    let mut distinct = reasons.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        reasons.len(),
        "each flaw is caught for its own reason: {reasons:#?}"
    );

    // A callback from another issuer (RFC 9207 `iss`), though its token would be fine.
    let started = start(&app, &client).await;
    provider.plan(plan(&started.url, "alice", Flaw::None));
    let view = come_back(
        &app,
        &started,
        &code_query(&started, "https://mix-up.example"),
    )
    .await;
    assert_error(&view, "UNSUPPORTED_RESPONSE");
}

#[tokio::test]
async fn an_http_issuer_is_refused_unless_loopback_is_allowed() {
    let provider = TestProvider::start().await;
    let (app, client) = production(false).await;
    catalogue(&app, &client, &provider.issuer).await;
    let (token, id) = at_login_pane(&app, &client).await;
    let answer = begin(&app, &token, &id).await;
    assert!(answer.get("authorization_url").is_none(), "{answer}");
    assert_error(&answer["view"], "INSTITUTION_NOT_RESPONDING");
    assert!(
        answer["view"]["error"]["error_message"]
            .as_str()
            .unwrap()
            .contains("https"),
        "{answer}"
    );
}
