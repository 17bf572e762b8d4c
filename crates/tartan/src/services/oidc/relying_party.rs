//! Tartan as an OpenID Connect relying party of a provider's authorization server: discovery, the
//! authorization request (code flow, PKCE S256, `state`, `nonce`), and the code exchange whose ID token is
//! verified (signature against the issuer's keys, `iss`, `aud`, `exp`, `nonce`) before its `sub` is believed.

use std::sync::OnceLock;
use std::time::Duration;

use openidconnect::core::{
    CoreAuthPrompt, CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm,
    CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse as _,
};

use super::error::OidcError;
use super::issuer::{IssuerPolicy, check_endpoint};
use crate::domain::tokens::{LoginSecret, SecretHash};

/// A whole exchange with the authorization server (discovery, token request) gives up after this long.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The signatures an ID token may carry (never `none`, never a MAC keyed by the client secret).
const ID_TOKEN_ALGORITHMS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// How Tartan is registered at an institution's authorization server.
#[derive(Debug, Clone)]
pub struct Registration<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub client_secret: Option<&'a str>,
    /// Scopes beyond `openid` (always asked for).
    pub scopes: &'a [String],
}

/// What the authorization request needs remembered until the callback.
pub struct Started {
    /// Where the browser goes.
    pub authorization_url: url::Url,
    pub state: LoginSecret,
    pub nonce_hash: SecretHash,
    pub pkce_verifier: String,
}

type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// One HTTP client for every authorization server: timeouts, and no redirects (a redirect would let a
/// compromised endpoint steer Tartan's requests elsewhere).
fn http() -> Result<&'static reqwest::Client, OidcError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| OidcError::Unreachable(format!("HTTP client: {e}")))?;
    Ok(CLIENT.get_or_init(|| client))
}

/// Discovers the issuer (its metadata and signing keys) and makes a client registered as `registration`,
/// returning to `redirect_uri`.
async fn client(
    registration: &Registration<'_>,
    redirect_uri: &str,
    policy: IssuerPolicy,
) -> Result<DiscoveredClient, OidcError> {
    policy.check(registration.issuer)?;
    let issuer = IssuerUrl::new(registration.issuer.to_owned())
        .map_err(|e| OidcError::Misconfigured(format!("issuer: {e}")))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http()?)
        .await
        .map_err(|e| OidcError::Unreachable(format!("discovery: {}", chain(&e))))?;
    check_endpoint(
        policy,
        "authorization_endpoint",
        metadata.authorization_endpoint().url(),
    )?;
    if let Some(token) = metadata.token_endpoint() {
        check_endpoint(policy, "token_endpoint", token.url())?;
    }
    check_endpoint(policy, "jwks_uri", metadata.jwks_uri().url())?;
    let redirect = RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|e| OidcError::Misconfigured(format!("redirect URI: {e}")))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(registration.client_id.to_owned()),
        registration
            .client_secret
            .map(|secret| ClientSecret::new(secret.to_owned())),
    )
    .set_redirect_uri(redirect))
}

/// The authorization request for one login: a fresh `state` and `nonce` (256 random bits each) and a PKCE
/// S256 challenge.
pub async fn start(
    registration: &Registration<'_>,
    redirect_uri: &str,
    policy: IssuerPolicy,
) -> Result<Started, OidcError> {
    let client = client(registration, redirect_uri, policy).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let state = LoginSecret::mint();
    let nonce = LoginSecret::mint();
    let sent_state = state.expose().to_owned();
    let sent_nonce = nonce.expose().to_owned();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(sent_state),
            move || Nonce::new(sent_nonce),
        )
        .set_pkce_challenge(challenge)
        // Link always asks who is logging in: on a shared computer, a session left at the provider must not
        // link someone else's accounts.
        .add_prompt(CoreAuthPrompt::Login);
    for scope in registration
        .scopes
        .iter()
        .filter(|s| s.as_str() != "openid")
    {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (authorization_url, _, _) = request.url();
    Ok(Started {
        authorization_url,
        state,
        nonce_hash: nonce.hash(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// Exchanges the callback's `code` (with the PKCE verifier) and verifies the ID token; answers its `sub`.
pub async fn finish(
    registration: &Registration<'_>,
    redirect_uri: &str,
    policy: IssuerPolicy,
    code: String,
    pkce_verifier: String,
    nonce_hash: &SecretHash,
) -> Result<String, OidcError> {
    let client = client(registration, redirect_uri, policy).await?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| OidcError::Misconfigured(format!("no token endpoint: {e}")))?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
        .request_async(http()?)
        .await
        .map_err(token_error)?;
    let id_token = response
        .id_token()
        .ok_or_else(|| OidcError::Untrusted("the token response has no id_token".into()))?;
    let verifier = client
        .id_token_verifier()
        .set_allowed_algs(ID_TOKEN_ALGORITHMS);
    let nonce_matches = |nonce: Option<&Nonce>| match nonce {
        Some(nonce)
            if LoginSecret::from_presented(nonce.secret().clone())
                .hash()
                .matches(nonce_hash) =>
        {
            Ok(())
        }
        Some(_) => Err("nonce mismatch".to_owned()),
        None => Err("missing nonce claim".to_owned()),
    };
    let claims = id_token
        .claims(&verifier, nonce_matches)
        .map_err(|e| OidcError::Untrusted(chain(&e)))?;
    Ok(claims.subject().as_str().to_owned())
}

fn token_error<RE>(
    error: openidconnect::RequestTokenError<
        RE,
        openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    >,
) -> OidcError
where
    RE: std::error::Error + 'static,
{
    use openidconnect::RequestTokenError;
    match error {
        RequestTokenError::ServerResponse(response) => {
            OidcError::Refused(response.error().as_ref().to_owned())
        }
        RequestTokenError::Request(e) => OidcError::Unreachable(chain(&e)),
        RequestTokenError::Parse(e, _) => OidcError::Untrusted(format!("token response: {e}")),
        RequestTokenError::Other(e) => OidcError::Unreachable(e),
    }
}

/// An error with its causes, for messages and the log (never a secret: these are transport and parse errors).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
