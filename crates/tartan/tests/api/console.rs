//! The operator console: who may reach it, and that every button has the effect the API shows.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};
use tartan::domain::Environment;

use crate::helpers::{ADMIN_TOKEN, TestApp, assert_plaid_error, config, spawn_app, spawn_app_with};
use crate::receiver::Receiver;

/// A browser of the console: no redirects followed, the session cookie sent by hand.
struct Browser<'a> {
    app: &'a TestApp,
    http: reqwest::Client,
    cookie: Option<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            app,
            http,
            cookie: None,
        }
    }

    async fn sign_in(app: &'a TestApp) -> Self {
        let mut browser = Self::new(app);
        let response = browser
            .form("/console/sign-in", &[("token", ADMIN_TOKEN)])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age="] {
            assert!(set_cookie.contains(attribute), "{set_cookie}");
        }
        let pair = set_cookie.split(';').next().unwrap().to_owned();
        assert!(pair.starts_with("tartan_console=") && pair.len() == "tartan_console=".len() + 64);
        browser.cookie = Some(pair);
        browser
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        let mut request = self.http.get(self.app.url(path));
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        request.send().await.unwrap()
    }

    async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        response.text().await.unwrap()
    }

    async fn form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.http.post(self.app.url(path)).form(fields);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        request.send().await.unwrap()
    }

    /// The CSRF token the console's pages put in their forms.
    async fn csrf(&self) -> String {
        let page = self.page("/console").await;
        let marker = "name=\"csrf\" value=\"";
        let start = page.find(marker).expect("a form with a CSRF token") + marker.len();
        page[start..start + 64].to_owned()
    }

    /// Submits an action form with the CSRF token; expects the console's redirect back, and returns where.
    async fn act(&self, path: &str, fields: &[(&str, &str)]) -> String {
        let csrf = self.csrf().await;
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let response = self.form(path, &all).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(
            !location.contains("failed="),
            "{path} was refused: {location}"
        );
        location
    }
}

async fn item_id(app: &TestApp, access_token: &str) -> String {
    let (status, body) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["item"]["item_id"].as_str().unwrap().to_owned()
}

async fn with_webhook(app: &TestApp, receiver: &Receiver) -> (String, String) {
    let access_token = app.access_token().await;
    let (status, body) = app
        .post(
            "/item/webhook/update",
            json!({"access_token": access_token, "webhook": receiver.url}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    receiver.wait_for_accepted(1).await;
    let item_id = item_id(app, &access_token).await;
    (access_token, item_id)
}

#[tokio::test]
async fn the_console_is_off_without_an_admin_token() {
    let mut config = config(Environment::Sandbox);
    config.admin_token = None;
    let app = spawn_app_with(config).await;
    let browser = Browser::new(&app);
    for path in [
        "/console",
        "/console/sign-in",
        "/plaid-compatible/console/items",
    ] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_plaid_error(
            &(StatusCode::NOT_FOUND, body),
            StatusCode::NOT_FOUND,
            "INVALID_REQUEST",
            "NOT_FOUND",
        );
    }
    let response = browser.form("/console/sign-in", &[("token", "")]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_admin_token_signs_in_and_pages_want_a_session() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    for path in [
        "/console",
        "/console/items",
        "/console/webhooks",
        "/console/link-sessions",
    ] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(response.headers()[LOCATION], "/console/sign-in");
    }
    let response = browser.get("/plaid-compatible/console").await;
    assert_eq!(
        response.headers()[LOCATION],
        "/plaid-compatible/console/sign-in"
    );

    for wrong in [
        "",
        "nope",
        &ADMIN_TOKEN[..ADMIN_TOKEN.len() - 1],
        &format!("{ADMIN_TOKEN}x"),
    ] {
        let response = browser.form("/console/sign-in", &[("token", wrong)]).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{wrong}");
        assert!(response.headers().get(SET_COOKIE).is_none());
    }
    // A made-up session id is no session.
    let mut forged = Browser::new(&app);
    forged.cookie = Some(format!("tartan_console={}", "ab".repeat(32)));
    assert_eq!(forged.get("/console").await.status(), StatusCode::SEE_OTHER);

    let signed_in = Browser::sign_in(&app).await;
    let page = signed_in.page("/console").await;
    assert!(page.contains("Clients") && page.contains(crate::helpers::CLIENT_ID));

    // Signing out ends the session for good.
    let csrf = signed_in.csrf().await;
    let response = signed_in
        .form("/console/sign-out", &[("csrf", &csrf)])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        signed_in.get("/console").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_form_without_its_sessions_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let access_token = app.access_token().await;
    let item_id = item_id(&app, &access_token).await;
    let browser = Browser::sign_in(&app).await;
    let other = Browser::sign_in(&app).await;
    let others_csrf = other.csrf().await;
    let path = format!("/console/items/{item_id}/remove");
    for fields in [
        vec![],
        vec![("csrf", "")],
        vec![("csrf", others_csrf.as_str())],
    ] {
        let response = browser.form(&path, &fields).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let (status, body) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK, "the Item is still there: {body}");
}

#[tokio::test]
async fn setting_an_item_error_shows_on_item_get_and_data_endpoints_until_cleared() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, item_id) = with_webhook(&app, &receiver).await;
    let browser = Browser::sign_in(&app).await;
    let page = browser.page(&format!("/console/items/{item_id}")).await;
    assert!(
        page.contains("Fires ITEM ERROR (ITEM_LOGIN_REQUIRED) to"),
        "the effect is named"
    );

    browser
        .act(
            &format!("/console/items/{item_id}/error"),
            &[("error_code", "ITEM_LOGIN_REQUIRED")],
        )
        .await;
    let (status, body) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "ITEM_LOGIN_REQUIRED",
    );
    let (_, item) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(item["item"]["error"]["error_code"], "ITEM_LOGIN_REQUIRED");
    let webhook = &receiver.wait_for_accepted(2).await[1];
    assert_eq!(webhook.body["webhook_code"], "ERROR");
    assert_eq!(webhook.body["error"]["error_code"], "ITEM_LOGIN_REQUIRED");

    browser
        .act(
            &format!("/console/items/{item_id}/error"),
            &[("error_code", "INSTITUTION_DOWN")],
        )
        .await;
    // A broken login still comes first; clearing repairs it and the institution error remains cleared too.
    browser
        .act(
            &format!("/console/items/{item_id}/error"),
            &[("error_code", "")],
        )
        .await;
    let (status, _) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        receiver.wait_for_accepted(3).await[2].body["webhook_code"],
        "LOGIN_REPAIRED"
    );

    browser
        .act(
            &format!("/console/items/{item_id}/error"),
            &[("error_code", "ITEM_LOCKED")],
        )
        .await;
    let (status, body) = app
        .post("/auth/get", json!({"access_token": access_token}))
        .await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "ITEM_LOCKED",
    );
    let (_, item) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_eq!(item["item"]["error"]["error_code"], "ITEM_LOCKED");
    let webhook = &receiver.wait_for_accepted(4).await[3];
    assert_eq!(webhook.body["error"]["error_code"], "ITEM_LOCKED");

    browser
        .act(
            &format!("/console/items/{item_id}/error"),
            &[("error_code", "INSTITUTION_NOT_RESPONDING")],
        )
        .await;
    let (status, body) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "INSTITUTION_ERROR",
        "INSTITUTION_NOT_RESPONDING",
    );

    // A code the sandbox does not leave Items in is refused.
    let csrf = browser.csrf().await;
    let response = browser
        .form(
            &format!("/console/items/{item_id}/error"),
            &[("csrf", &csrf), ("error_code", "INVALID_API_KEYS")],
        )
        .await;
    assert!(
        response.headers()[LOCATION]
            .to_str()
            .unwrap()
            .contains("failed=")
    );
}

#[tokio::test]
async fn reset_login_and_fire_webhook_act_as_the_sandbox_endpoints() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, item_id) = with_webhook(&app, &receiver).await;
    let browser = Browser::sign_in(&app).await;

    browser
        .act(
            &format!("/console/items/{item_id}/fire-webhook"),
            &[("webhook", "ITEM NEW_ACCOUNTS_AVAILABLE")],
        )
        .await;
    let webhook = &receiver.wait_for_accepted(2).await[1];
    assert_eq!(webhook.body["webhook_code"], "NEW_ACCOUNTS_AVAILABLE");
    crate::receiver::verify(&app, webhook).await;

    browser
        .act(&format!("/console/items/{item_id}/reset-login"), &[])
        .await;
    let (status, body) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "ITEM_ERROR",
        "ITEM_LOGIN_REQUIRED",
    );
}

#[tokio::test]
async fn changing_an_address_fires_identity_default_update_and_balances_show_in_accounts_get() {
    let app = spawn_app().await;
    let receiver = Receiver::start(vec![]).await;
    let (access_token, item_id) = with_webhook(&app, &receiver).await;
    let (_, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    let account_id = accounts["accounts"][0]["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = Browser::sign_in(&app).await;

    browser
        .act(
            &format!("/console/items/{item_id}/accounts/{account_id}/address"),
            &[
                ("owner", "0"),
                ("street", "1 Console Way"),
                ("city", "Edinburgh"),
                ("region", ""),
                ("postal_code", "EH1 1AA"),
                ("country", "GB"),
            ],
        )
        .await;
    let webhook = &receiver.wait_for_accepted(2).await[1];
    assert_eq!(webhook.body["webhook_type"], "IDENTITY");
    assert_eq!(webhook.body["webhook_code"], "DEFAULT_UPDATE");
    assert_eq!(
        webhook.body["account_ids_with_updated_identity"][&account_id],
        json!(["ADDRESSES"])
    );
    let (_, identity) = app
        .post("/identity/get", json!({"access_token": access_token}))
        .await;
    let primary = identity["accounts"][0]["owners"][0]["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|address| address["primary"] == true)
        .unwrap()
        .clone();
    assert_eq!(primary["data"]["street"], "1 Console Way");
    assert_eq!(primary["data"]["region"], Value::Null);

    browser
        .act(
            &format!("/console/items/{item_id}/accounts/{account_id}/balances"),
            &[("available", "12.34"), ("current", "56.78"), ("limit", "")],
        )
        .await;
    let (_, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    let balances = &accounts["accounts"][0]["balances"];
    assert_eq!(
        (balances["available"].as_f64(), balances["current"].as_f64()),
        (Some(12.34), Some(56.78))
    );
    assert_eq!(balances["limit"], Value::Null);

    browser
        .act(&format!("/console/items/{item_id}/remove"), &[])
        .await;
    let (status, body) = app
        .post("/item/get", json!({"access_token": access_token}))
        .await;
    assert_plaid_error(
        &(status, body),
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCESS_TOKEN",
    );
}

#[tokio::test]
async fn a_webhook_that_gave_up_is_retried_from_the_console_with_its_signature_shown() {
    let mut config = config(Environment::Sandbox);
    // Give up after the first failure, so the retry is the console's alone.
    config.webhooks.retry_window_secs = 0;
    let app = spawn_app_with(config).await;
    let receiver = Receiver::start(vec![StatusCode::INTERNAL_SERVER_ERROR]).await;
    let access_token = app.access_token().await;
    let (status, _) = app
        .post(
            "/item/webhook/update",
            json!({"access_token": access_token, "webhook": receiver.url}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let browser = Browser::sign_in(&app).await;

    let mut webhook_id = String::new();
    for _ in 0..100 {
        let page = browser.page("/console/webhooks").await;
        if page.contains(">failed<") {
            let start = page.find("/console/webhooks/").unwrap() + "/console/webhooks/".len();
            webhook_id = page[start..start + 36].to_owned();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!webhook_id.is_empty(), "the webhook gave up");
    let page = browser
        .page(&format!("/console/webhooks/{webhook_id}"))
        .await;
    assert!(page.contains("WEBHOOK_UPDATE_ACKNOWLEDGED") && page.contains("Retry now"));
    let sent = receiver.received()[0].verification.clone().unwrap();
    assert!(
        page.contains(&sent),
        "the Plaid-Verification header as sent is shown"
    );

    browser
        .act(&format!("/console/webhooks/{webhook_id}/retry"), &[])
        .await;
    let delivered = receiver.wait_for_accepted(1).await;
    assert_eq!(
        delivered[0].body["webhook_code"],
        "WEBHOOK_UPDATE_ACKNOWLEDGED"
    );
    for _ in 0..100 {
        if browser
            .page(&format!("/console/webhooks/{webhook_id}"))
            .await
            .contains(">delivered<")
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the retried webhook was not marked delivered");
}
