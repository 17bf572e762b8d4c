//! Statement uploads and `/identity/documents/uploads/get`, with PDFs from the analyzer's seeded generator.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tartan_statements::synth::{self, Hostile, Label, Sample};

use crate::helpers::{CLIENT_ID, SECRET, TestApp, assert_plaid_error, read, spawn_app};

const UPLOAD: &str = "/sandbox/identity/documents/upload";

fn samples() -> Vec<Sample> {
    synth::corpus(20_261_121, 3, 1)
}

/// An Item whose first account has `account_number` on file; returns its access token and account id.
async fn item_with_account_number(app: &TestApp, account_number: &str) -> (String, String) {
    let config = json!({"override_accounts": [
        {"type": "depository", "subtype": "checking", "numbers": {"account": account_number, "ach_routing": "011401533"}},
        {"type": "depository", "subtype": "savings", "numbers": {"account": "9900009606", "ach_routing": "011401533"}}
    ]});
    let access_token = app
        .access_token_with(
            json!({"override_username": "user_custom", "override_password": config.to_string()}),
        )
        .await;
    let (_, accounts) = app
        .post("/accounts/get", json!({"access_token": access_token}))
        .await;
    (
        access_token,
        accounts["accounts"][0]["account_id"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

async fn upload(
    app: &TestApp,
    access_token: &str,
    account_id: &str,
    file: Vec<u8>,
) -> (StatusCode, Value) {
    let form = Form::new()
        .text("access_token", access_token.to_owned())
        .text("account_id", account_id.to_owned())
        .part(
            "file",
            Part::bytes(file)
                .file_name("statement.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let request = app
        .http
        .post(app.url(UPLOAD))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET);
    read(request.multipart(form).send().await.unwrap()).await
}

#[tokio::test]
async fn a_genuine_statement_is_read_and_reported_per_account() {
    let app = spawn_app().await;
    let sample = samples()
        .into_iter()
        .find(|sample| matches!(sample.label, Label::Genuine(_)))
        .unwrap();
    let Label::Genuine(truth) = &sample.label else {
        unreachable!()
    };
    let (access_token, account_id) = item_with_account_number(&app, &truth.account_full).await;

    let (status, uploaded) = upload(&app, &access_token, &account_id, sample.bytes.clone()).await;
    assert_eq!(status, StatusCode::OK, "{uploaded}");
    let document_id = uploaded["document_id"].as_str().unwrap();

    let (status, body) = app
        .post(
            "/identity/documents/uploads/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let account = &body["accounts"][0];
    let document = &account["documents"][0];
    assert_eq!(document["document_id"], document_id);
    assert_eq!(document["metadata"]["document_type"], "BANK_STATEMENT");
    assert_eq!(document["metadata"]["page_count"], truth.pages);
    assert_eq!(document["metadata"]["is_account_number_match"], true);
    assert!(
        document["risk_insights"]["risk_summary"]["risk_score"]
            .as_u64()
            .unwrap()
            < 80,
        "{document}"
    );
    assert_eq!(account["owners"][0]["names"], json!(truth.names));
    assert_eq!(account["owners"][0]["document_id"], document_id);
    assert_eq!(
        account["owners"][0]["addresses"][0]["data"]["street"],
        truth.address.street.as_str()
    );
    assert_eq!(
        body["accounts"][1]["documents"],
        Value::Null,
        "no statement for the savings account"
    );
    assert_eq!(body["accounts"][1]["owners"], json!([]));

    let savings = body["accounts"][1]["account_id"].clone();
    let filtered = json!({"access_token": access_token, "options": {"account_ids": [savings]}});
    let (_, only_savings) = app.post("/identity/documents/uploads/get", filtered).await;
    assert_eq!(only_savings["accounts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_statement_for_another_account_number_does_not_match() {
    let app = spawn_app().await;
    let sample = samples()
        .into_iter()
        .find(|sample| matches!(sample.label, Label::Genuine(_)))
        .unwrap();
    let (access_token, account_id) = item_with_account_number(&app, "12345678901").await;
    let (status, _) = upload(&app, &access_token, &account_id, sample.bytes).await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = app
        .post(
            "/identity/documents/uploads/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(
        body["accounts"][0]["documents"][0]["metadata"]["is_account_number_match"],
        false
    );
}

#[tokio::test]
async fn tampered_statements_carry_the_risk_signal_of_their_tampering() {
    let app = spawn_app().await;
    let (access_token, account_id) = item_with_account_number(&app, "12345678901").await;
    let tampered: Vec<Sample> = samples()
        .into_iter()
        .filter(|sample| matches!(sample.label, Label::Tampered(..)))
        .collect();
    assert!(!tampered.is_empty());
    let mut detected = 0;
    for sample in &tampered {
        let Label::Tampered(_, kind) = &sample.label else {
            unreachable!()
        };
        let (status, uploaded) =
            upload(&app, &access_token, &account_id, sample.bytes.clone()).await;
        assert_eq!(status, StatusCode::OK, "{}: {uploaded}", sample.name);
        let (_, body) = app
            .post(
                "/identity/documents/uploads/get",
                json!({"access_token": access_token}),
            )
            .await;
        let document = body["accounts"][0]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|document| document["document_id"] == uploaded["document_id"])
            .unwrap()
            .clone();
        let signals = document["risk_insights"]["risk_signals"]
            .as_array()
            .unwrap();
        if signals.iter().any(|signal| {
            signal["type"] == kind.expected_signal() && signal["has_fraud_risk"] == true
        }) {
            detected += 1;
        }
    }
    // The analyzer's own quality report measures recall on a large corpus; over HTTP, nearly all must show.
    assert!(
        detected * 10 >= tampered.len() * 9,
        "{detected} of {} tampered files flagged",
        tampered.len()
    );
}

#[tokio::test]
async fn hostile_files_are_refused_and_the_server_keeps_serving() {
    let app = spawn_app().await;
    let (access_token, account_id) = item_with_account_number(&app, "12345678901").await;
    for sample in samples() {
        let Label::Hostile(kind, _) = &sample.label else {
            continue;
        };
        let (status, body) = upload(&app, &access_token, &account_id, sample.bytes.clone()).await;
        if *kind == Hostile::OwnerPasswordObjectStreams {
            assert_eq!(
                status,
                StatusCode::OK,
                "an owner-password-only statement opens: {body}"
            );
            continue;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}: {body}", sample.name);
        assert_eq!(body["error_type"], "INVALID_REQUEST", "{}", sample.name);
    }
    let health = app.http.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let (_, body) = app
        .post(
            "/identity/documents/uploads/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(
        body["accounts"][0]["documents"].as_array().unwrap().len(),
        1,
        "only the readable file was stored"
    );
}

#[tokio::test]
async fn malformed_uploads_get_plaid_errors() {
    let app = spawn_app().await;
    let (access_token, account_id) = item_with_account_number(&app, "12345678901").await;
    let send = |form: Form| {
        let request = app
            .http
            .post(app.url(UPLOAD))
            .header("PLAID-CLIENT-ID", CLIENT_ID)
            .header("PLAID-SECRET", SECRET);
        async move { read(request.multipart(form).send().await.unwrap()).await }
    };
    let missing_file = send(
        Form::new()
            .text("access_token", access_token.clone())
            .text("account_id", account_id.clone()),
    )
    .await;
    assert_plaid_error(
        &missing_file,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "MISSING_FIELDS",
    );
    let extra = send(
        Form::new()
            .text("access_token", access_token.clone())
            .text("account_id", account_id.clone())
            .text("colour", "red"),
    )
    .await;
    assert_plaid_error(
        &extra,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "UNKNOWN_FIELDS",
    );

    let json_body = app
        .post(UPLOAD, json!({"access_token": access_token}))
        .await;
    assert_plaid_error(
        &json_body,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_BODY",
    );

    let unknown_account = upload(&app, &access_token, "nope", b"%PDF-1.4".to_vec()).await;
    assert_plaid_error(
        &unknown_account,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCOUNT_ID",
    );
    let (client_id, secret) = app.another_client().await;
    let form = Form::new()
        .text("access_token", access_token.clone())
        .text("account_id", account_id.clone())
        .part("file", Part::bytes(b"%PDF".to_vec()));
    let request = app
        .http
        .post(app.url(UPLOAD))
        .header("PLAID-CLIENT-ID", client_id)
        .header("PLAID-SECRET", secret);
    let foreign = read(request.multipart(form).send().await.unwrap()).await;
    assert_plaid_error(
        &foreign,
        StatusCode::BAD_REQUEST,
        "INVALID_INPUT",
        "INVALID_ACCESS_TOKEN",
    );
    let anonymous = read(
        app.http
            .post(app.url(UPLOAD))
            .multipart(Form::new())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_plaid_error(
        &anonymous,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "MISSING_FIELDS",
    );

    let oversized = upload(
        &app,
        &access_token,
        &account_id,
        vec![b'%'; 11 * 1024 * 1024],
    )
    .await;
    assert_plaid_error(
        &oversized,
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST",
        "INVALID_FIELD",
    );
    assert!(
        oversized.1["error_message"]
            .as_str()
            .unwrap()
            .starts_with("file: "),
        "{}",
        oversized.1
    );
}

/// A statement from the analyzer's held-out corpus (written by independent tools; see its make.py).
fn held_out(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tartan-statements/tests/fixtures/heldout/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Upload `file` and return the stored document as `/identity/documents/uploads/get` reports it.
async fn upload_and_get(app: &TestApp, file: Vec<u8>) -> (Value, Value) {
    let (access_token, account_id) = item_with_account_number(app, "12345678901").await;
    let (status, uploaded) = upload(app, &access_token, &account_id, file).await;
    assert_eq!(status, StatusCode::OK, "{uploaded}");
    let (status, body) = app
        .post(
            "/identity/documents/uploads/get",
            json!({"access_token": access_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let account = body["accounts"][0].clone();
    (account["documents"][0].clone(), account)
}

fn fraud_signals(document: &Value) -> Vec<(String, u64)> {
    document["risk_insights"]["risk_signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["has_fraud_risk"] == true)
        .map(|s| {
            (
                s["type"].as_str().unwrap().to_owned(),
                s["page_number"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_image_only_statement_is_reported_as_flattened() {
    let app = spawn_app().await;
    // Printed by Ghostscript's pdfimage8 device: one 150 dpi greyscale image per page, no text.
    let (document, account) =
        upload_and_get(&app, held_out("tampered-flattened-image-0.pdf")).await;
    let signals = fraud_signals(&document);
    assert!(
        signals.contains(&("FLATTENED_PDF".to_owned(), 1)),
        "{document}"
    );
    let description = document["risk_insights"]["risk_signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["type"] == "FLATTENED_PDF")
        .unwrap()["signal_description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(description.contains("no text layer"), "{description}");
    if cfg!(feature = "ocr") {
        // With Tesseract the page is read: the holder comes back from the picture.
        assert!(description.contains("read by OCR"), "{description}");
        assert_eq!(account["owners"].as_array().unwrap().len(), 1, "{account}");
    } else {
        assert!(
            description.contains("OCR is not available"),
            "{description}"
        );
    }
}

#[tokio::test]
async fn a_date_retyped_in_another_format_is_a_date_format_anomaly() {
    let app = spawn_app().await;
    // One transaction date written differently from every other, printed by the same producer.
    let (document, _) = upload_and_get(&app, held_out("tampered-date-format-0.pdf")).await;
    let signals = fraud_signals(&document);
    assert!(
        signals
            .iter()
            .any(|(kind, page)| kind == "DATE_FORMAT_ANOMALY" && *page >= 1),
        "{document}"
    );
    // The genuine statement from the same producer raises nothing of the kind.
    let (genuine, _) = upload_and_get(&app, held_out("genuine-chromium-00.pdf")).await;
    assert!(fraud_signals(&genuine).is_empty(), "{genuine}");
}
