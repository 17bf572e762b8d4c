//! A webhook receiver on loopback that verifies every webhook the way Plaid's docs tell apps to: decode the
//! JWT header, require ES256, fetch the key by `kid` with `/webhook_verification_key/get`, verify the signature
//! with a standard JWT library, check `iat` is under 5 minutes old and the body's SHA-256.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::TestApp;

/// What the receiver saw.
#[derive(Debug, Clone)]
pub struct Received {
    pub body: Value,
    pub raw: Vec<u8>,
    pub verification: Option<String>,
    pub answered: StatusCode,
}

#[derive(Clone, Default)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    /// Statuses to answer, in order; once used up, 200.
    script: Arc<Mutex<Vec<StatusCode>>>,
    /// How long to hold each request before answering.
    delay: Duration,
}

pub struct Receiver {
    pub url: String,
    shared: Shared,
}

impl Receiver {
    /// A receiver that answers `failures` first, then 200.
    pub async fn start(failures: Vec<StatusCode>) -> Self {
        Self::start_with(failures, Duration::ZERO).await
    }

    /// A receiver that holds every request `delay` before it answers 200.
    pub async fn slow(delay: Duration) -> Self {
        Self::start_with(vec![], delay).await
    }

    async fn start_with(failures: Vec<StatusCode>, delay: Duration) -> Self {
        let shared = Shared {
            received: Arc::default(),
            script: Arc::new(Mutex::new(failures)),
            delay,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/plaid/webhook", listener.local_addr().unwrap());
        let router = axum::Router::new()
            .route("/plaid/webhook", post(receive))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, shared }
    }

    /// Answers `status` to every later webhook.
    pub fn answer_from_now_on(&self, statuses: Vec<StatusCode>) {
        *self.shared.script.lock().unwrap() = statuses;
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `count` webhooks were answered 200; returns those.
    pub async fn wait_for_accepted(&self, count: usize) -> Vec<Received> {
        self.wait_for_accepted_within(count, Duration::from_secs(10))
            .await
    }

    /// Waits at most `limit` until `count` webhooks were answered 200 (received, for a slow receiver).
    pub async fn wait_for_accepted_within(&self, count: usize, limit: Duration) -> Vec<Received> {
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            let accepted: Vec<Received> = self
                .received()
                .into_iter()
                .filter(|received| received.answered == StatusCode::OK)
                .collect();
            if accepted.len() >= count {
                return accepted;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {count} accepted webhooks, got {:?}",
            self.received()
        );
    }
}

async fn receive(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let answered = {
        let mut script = shared.script.lock().unwrap();
        if script.is_empty() {
            StatusCode::OK
        } else {
            script.remove(0)
        }
    };
    let received = Received {
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        raw: body.to_vec(),
        verification: headers
            .get("plaid-verification")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
        answered,
    };
    shared.received.lock().unwrap().push(received);
    tokio::time::sleep(shared.delay).await;
    answered
}

/// Verifies a received webhook as an app would; panics with the reason if it is not genuine.
pub async fn verify(app: &TestApp, received: &Received) {
    let token = received
        .verification
        .as_deref()
        .expect("no Plaid-Verification header");
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
    let kid = header.kid.expect("no kid in the JWT header");
    let (status, key) = app
        .post("/webhook_verification_key/get", json!({"key_id": kid}))
        .await;
    assert_eq!(status, StatusCode::OK, "{key}");
    let jwk = &key["key"];
    assert_eq!(
        (
            jwk["kty"].as_str(),
            jwk["crv"].as_str(),
            jwk["alg"].as_str()
        ),
        (Some("EC"), Some("P-256"), Some("ES256"))
    );
    let decoding =
        DecodingKey::from_ec_components(jwk["x"].as_str().unwrap(), jwk["y"].as_str().unwrap())
            .unwrap();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(token, &decoding, &validation)
        .expect("signature does not verify")
        .claims;
    let issued = claims["iat"].as_i64().unwrap();
    let age = chrono::Utc::now().timestamp() - issued;
    assert!((0..300).contains(&age), "iat is {age} s old");
    assert_eq!(
        claims["request_body_sha256"],
        hex::encode(Sha256::digest(&received.raw))
    );
}
