//! A minimal OpenID provider inside the test process, for the callback's failure cases: discovery, keys, and a
//! token endpoint that checks the PKCE verifier and answers the ID token the test asks for (well signed, or
//! wrong in one way). The browser test logs in at a real one (sdk-tests/oidc).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "tartan";
pub const CLIENT_SECRET: &str = "test-client-secret-4f1c2a9b7e";
const SIGNING_KEY: &str = include_str!("../fixtures/oidc/test-signing-key.pem");
const JWKS: &str = include_str!("../fixtures/oidc/test-jwks.json");

/// What the token endpoint answers next.
#[derive(Debug, Clone)]
pub struct Plan {
    pub sub: String,
    /// The nonce and PKCE challenge of the authorization request the test read.
    pub nonce: String,
    pub code_challenge: String,
    pub flaw: Flaw,
}

/// One way an ID token can be wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    None,
    WrongNonce,
    WrongAudience,
    WrongIssuer,
    Expired,
    /// HS256 keyed by the client secret: valid per OpenID Connect, refused by Tartan.
    HmacSigned,
    /// Signed by a key the issuer does not publish (the payload altered after signing).
    BadSignature,
}

#[derive(Clone)]
struct Provider {
    issuer: String,
    plan: Arc<Mutex<Option<Plan>>>,
}

pub struct TestProvider {
    pub issuer: String,
    plan: Arc<Mutex<Option<Plan>>>,
}

impl TestProvider {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        let issuer = format!("http://{address}");
        let plan = Arc::new(Mutex::new(None));
        let state = Provider {
            issuer: issuer.clone(),
            plan: Arc::clone(&plan),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route(
                "/jwks",
                get(|| async { ([("content-type", "application/json")], JWKS) }),
            )
            .route("/token", post(token))
            .with_state(state);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { issuer, plan }
    }

    pub fn plan(&self, plan: Plan) {
        *self.plan.lock().unwrap() = Some(plan);
    }
}

async fn discovery(State(provider): State<Provider>) -> Json<Value> {
    let issuer = &provider.issuer;
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "HS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
    }))
}

async fn token(
    State(provider): State<Provider>,
    headers: axum::http::HeaderMap,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    let refuse =
        |error: &str| (StatusCode::BAD_REQUEST, Json(json!({"error": error}))).into_response();
    let expected_auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected_auth.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let Some(plan) = provider.plan.lock().unwrap().take() else {
        return refuse("invalid_grant");
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) != plan.code_challenge
        || form.get("grant_type").map(String::as_str) != Some("authorization_code")
    {
        return refuse("invalid_grant");
    }
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({
        "iss": provider.issuer,
        "sub": plan.sub,
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": plan.nonce,
    });
    match plan.flaw {
        Flaw::WrongNonce => claims["nonce"] = json!("another-login"),
        Flaw::WrongAudience => claims["aud"] = json!("someone-else"),
        Flaw::WrongIssuer => claims["iss"] = json!("https://evil.example"),
        Flaw::Expired => {
            claims["iat"] = json!(now - 3600);
            claims["exp"] = json!(now - 1800);
        }
        Flaw::None | Flaw::HmacSigned | Flaw::BadSignature => {}
    }
    let id_token = match plan.flaw {
        Flaw::HmacSigned => jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(CLIENT_SECRET.as_bytes()),
        )
        .unwrap(),
        _ => {
            let mut header = Header::new(Algorithm::RS256);
            header.kid = Some("test-key-1".into());
            let key = EncodingKey::from_rsa_pem(SIGNING_KEY.as_bytes()).unwrap();
            let signed = jsonwebtoken::encode(&header, &claims, &key).unwrap();
            if plan.flaw == Flaw::BadSignature {
                // The same signature over another subject.
                let mut parts: Vec<String> = signed.split('.').map(str::to_owned).collect();
                claims["sub"] = json!("someone-else");
                parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
                parts.join(".")
            } else {
                signed
            }
        }
    };
    Json(json!({
        "access_token": "at-not-used-by-tartan",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
    }))
    .into_response()
}

/// The query parameters of an authorization URL.
pub fn query(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
