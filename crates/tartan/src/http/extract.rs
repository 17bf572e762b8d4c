//! Plaid request bodies to typed requests, with Plaid's errors for every way a body can be wrong.
//!
//! Order of checks: content type → JSON object → credentials (headers or body) → client authentication →
//! the endpoint's fields (unknown, missing, wrong type). The request type never sees `client_id`/`secret`.

use std::borrow::Cow;
use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderName, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::rate_limit;
use super::request_id::RequestScope;
use crate::domain::tokens::{AccessToken, ClientSecret, ProcessorToken, SecretHash};
use crate::domain::{ClientId, ClientRecord, ItemRecord};
use crate::services::AppState;
use crate::services::failures;
use crate::store::{ClientWith, ItemForms, ProcessorForm, StoreError};
use crate::wire::served::FormShape;

/// A typed Plaid request body together with the client that sent it, and what the token in the body reaches,
/// read with the client (`R`).
pub struct DataRequest<T, R: Reach> {
    pub client: ClientRecord,
    pub body: T,
    pub item: R::Found,
}

/// The requests of every endpoint that is not a data endpoint: the Item an access token reaches comes with the
/// client only where that saves a round trip (see [`Prefetch`]).
pub type PlaidRequest<T> = DataRequest<T, Prefetch>;

impl<T: DeserializeOwned + Send, R: Reach> FromRequest<AppState> for DataRequest<T, R> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        // The headers and the path are taken out of the request, not copied: reading the body needs neither.
        let (mut parts, body) = request.into_parts();
        let headers = std::mem::take(&mut parts.headers);
        let uri = std::mem::take(&mut parts.uri);
        let route = uri.path();
        let slots = Slots::of(&parts.extensions);
        check_content_type(&headers)?;
        let mut fields = json_body(Request::from_parts(parts, body), state).await?;
        let credentials = Credentials::take(&headers, &mut fields)?;
        let client_id = credentials.client_id();
        let token = fields.get(R::TOKEN_FIELD).and_then(Value::as_str);
        let (found, mut item) = R::read(state, &client_id, token).await?;
        let client = accept(found, &credentials.secret)?;
        slots.record(&client);
        let access_token = fields.get("access_token").and_then(Value::as_str);
        rate_limit::check(state, route, &client.client_id, access_token).await?;
        if let Some(code) = failures::apply(state, &client, route).await? {
            return Err(ApiError::Forced(code));
        }
        // A request held back by the client's extra latency reads what its token reaches again, after the wait.
        if client
            .failures
            .as_ref()
            .is_some_and(|rules| rules.latency_ms > 0)
        {
            item = R::read(state, &client_id, token).await?.1;
        }
        let body = typed(fields)?;
        Ok(Self { client, body, item })
    }
}

/// What a request reads along with its client, in the same store read: given the body's token (the field
/// [`Reach::TOKEN_FIELD`], if it is a string), the client and what the token reaches for it. The client is not
/// authenticated yet: [`DataRequest`] checks its secret before anything else of the request is looked at.
pub trait Reach: Send + 'static {
    const TOKEN_FIELD: &'static str;
    type Found: Send;

    fn read(
        state: &AppState,
        client_id: &ClientId,
        token: Option<&str>,
    ) -> impl Future<Output = Result<(Option<ClientRecord>, Self::Found), ApiError>> + Send;
}

/// The Item an access token reaches, with its accounts' served forms of the fragments `F`: all a data
/// endpoint reads (`None`: the token is malformed, unknown, removed or another client's; one error for all).
pub struct ItemWith<F>(PhantomData<F>);

/// What a processor token reaches, with its account's served form of the fragments `F` (`None`: the token is
/// malformed or unknown). Whether the client may use it is the endpoint's check.
pub struct ProcessorWith<F>(PhantomData<F>);

/// Which fragments of the accounts a data endpoint sends ([`FormShape`]).
pub trait Fragments: Send + 'static {
    const SHAPE: FormShape;
}

/// The accounts' base only (`/accounts/get`, `/accounts/balance/get`).
pub struct Base;
/// The base and the owners (Identity).
pub struct Owners;
/// The base and the rails' numbers (Auth).
pub struct Rails;

impl Fragments for Base {
    const SHAPE: FormShape = FormShape::Base;
}
impl Fragments for Owners {
    const SHAPE: FormShape = FormShape::Owners;
}
impl Fragments for Rails {
    const SHAPE: FormShape = FormShape::Rails;
}

impl<F: Fragments> Reach for ItemWith<F> {
    const TOKEN_FIELD: &'static str = "access_token";
    type Found = Option<ItemForms>;

    async fn read(
        state: &AppState,
        client_id: &ClientId,
        token: Option<&str>,
    ) -> Result<(Option<ClientRecord>, Self::Found), ApiError> {
        let hash = token
            .and_then(|token| AccessToken::parse(token, state.config.environment))
            .map(|token| token.hash());
        client_with(state, client_id, hash, |hash| async move {
            state
                .store
                .find_client_with_item_forms(client_id, &hash, F::SHAPE)
                .await
        })
        .await
    }
}

impl<F: Fragments> Reach for ProcessorWith<F> {
    const TOKEN_FIELD: &'static str = "processor_token";
    type Found = Option<ProcessorForm>;

    async fn read(
        state: &AppState,
        client_id: &ClientId,
        token: Option<&str>,
    ) -> Result<(Option<ClientRecord>, Self::Found), ApiError> {
        let hash = token
            .and_then(|token| ProcessorToken::parse(token, state.config.environment))
            .map(|token| token.hash());
        client_with(state, client_id, hash, |hash| async move {
            state
                .store
                .find_client_with_processor_form(client_id, &hash, F::SHAPE)
                .await
        })
        .await
    }
}

/// The client, with what the token of hash `hash` reaches for it (`find`, one store read); the client alone
/// when the body holds no well-formed token, which then reaches nothing.
async fn client_with<T, Read>(
    state: &AppState,
    client_id: &ClientId,
    hash: Option<SecretHash>,
    find: impl FnOnce(SecretHash) -> Read,
) -> Result<ClientWith<T>, ApiError>
where
    Read: Future<Output = Result<ClientWith<T>, StoreError>>,
{
    match hash {
        Some(hash) => Ok(find(hash).await?),
        None => Ok((state.store.find_client(client_id).await?, None)),
    }
}

/// The Item an access token reaches, read with the client where the store saves a round trip by it (a
/// database over the network), for endpoints that read more or other than the served forms.
pub struct Prefetch;

impl Reach for Prefetch {
    const TOKEN_FIELD: &'static str = "access_token";
    type Found = PrefetchedItem;

    async fn read(
        state: &AppState,
        client_id: &ClientId,
        presented: Option<&str>,
    ) -> Result<(Option<ClientRecord>, Self::Found), ApiError> {
        let token = presented
            .filter(|_| state.store.reads_item_with_client())
            .and_then(|presented| {
                AccessToken::parse(presented, state.config.environment)
                    .map(|token| (presented, token))
            });
        let Some((presented, token)) = token else {
            return Ok((
                state.store.find_client(client_id).await?,
                PrefetchedItem::none(),
            ));
        };
        let (client, item) = state
            .store
            .find_client_with_item(client_id, &token.hash())
            .await?;
        Ok((client, PrefetchedItem(Some((presented.to_owned(), item)))))
    }
}

/// The Item the body's access token reached when the client was read, so that the endpoint does not look it
/// up again. Only ever handed on for an authenticated client.
#[derive(Default)]
pub struct PrefetchedItem(Option<(String, Option<ItemRecord>)>);

impl PrefetchedItem {
    /// Nothing read: the endpoint looks the Item up itself.
    pub fn none() -> Self {
        Self(None)
    }

    /// What was read for `access_token`: `Some(None)` when it reaches no Item of the client, `None` when nothing
    /// was read for that token.
    pub fn take(self, access_token: &str) -> Option<Option<ItemRecord>> {
        self.0
            .filter(|(token, _)| token == access_token)
            .map(|(_, item)| item)
    }
}

/// What the edge wants to know of the authenticated client: its id for the log line, its default API version
/// for the response.
struct Slots(Option<RequestScope>);

impl Slots {
    fn of(extensions: &Extensions) -> Self {
        Self(extensions.get().cloned())
    }

    fn record(&self, client: &ClientRecord) {
        if let Some(scope) = &self.0 {
            scope.record(&client.client_id, client.api_version);
        }
    }
}

/// The client named by the `PLAID-CLIENT-ID` / `PLAID-SECRET` headers, for requests whose body is not JSON
/// (multipart uploads).
pub struct HeaderClient(pub ClientRecord);

impl FromRequestParts<AppState> for HeaderClient {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let credentials = Credentials::take(&parts.headers, &mut Map::new())?;
        let client = authenticate(state, credentials).await?;
        Slots::of(&parts.extensions).record(&client);
        Ok(Self(client))
    }
}

/// A typed body of the admin API, sent with the operator's bearer token.
pub struct AdminRequest<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for AdminRequest<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        check_admin(request.headers(), state)?;
        Ok(Self(typed(json_object(request, state).await?)?))
    }
}

/// The operator's bearer token on an admin request without a body.
pub struct AdminAuth;

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        check_admin(&parts.headers, state)?;
        Ok(Self)
    }
}

fn check_admin(headers: &HeaderMap, state: &AppState) -> Result<(), ApiError> {
    // The admin API does not exist unless an operator configured a token.
    let Some(expected) = &state.config.admin_token else {
        return Err(ApiError::NotFound);
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(ApiError::AdminUnauthorized)?;
    let matches =
        ClientSecret::hash_presented(presented).matches(&ClientSecret::hash_presented(expected));
    if matches {
        Ok(())
    } else {
        Err(ApiError::AdminUnauthorized)
    }
}

/// Where a request came from, for the audit log: the peer's address, and what `X-Forwarded-For` claims when a
/// proxy sent it (recorded as claimed, never trusted alone).
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .map(str::trim)
            .filter(|value| !value.is_empty() && value.len() <= 64);
        Ok(Self(match forwarded {
            Some(claimed) => format!("{claimed} via {peer}"),
            None => peer,
        }))
    }
}

/// A typed JSON body sent without client credentials: the Link frame's session requests, which the link
/// token in the body authorises.
pub struct LinkRequest<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for LinkRequest<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(typed(json_object(request, state).await?)?))
    }
}

/// The body as a JSON object, within the size limit, sent as `application/json`.
async fn json_object(request: Request, state: &AppState) -> Result<Map<String, Value>, ApiError> {
    check_content_type(request.headers())?;
    json_body(request, state).await
}

/// The body as a JSON object, within the size limit (the content type already checked).
async fn json_body(request: Request, state: &AppState) -> Result<Map<String, Value>, ApiError> {
    let bytes = Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::BodyTooLarge {
                    limit: state.config.body_limit_bytes,
                }
            } else {
                ApiError::InvalidBody("body could not be read".into())
            }
        })?;
    parse_object(&bytes)
}

fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(ApiError::InvalidHeaders(
            "the Content-Type header is missing; send application/json".into(),
        ));
    };
    let media_type = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    if media_type.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::InvalidBody(format!(
            "body could not be parsed as JSON: Content-Type must be application/json, got `{media_type}`"
        )))
    }
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(ApiError::InvalidBody(
            "body could not be parsed as JSON: expected a JSON object".into(),
        )),
        Err(error) => Err(ApiError::InvalidBody(format!(
            "body could not be parsed as JSON: {error}"
        ))),
    }
}

static PLAID_CLIENT_ID: HeaderName = HeaderName::from_static("plaid-client-id");
static PLAID_SECRET: HeaderName = HeaderName::from_static("plaid-secret");

/// `client_id` and `secret`, from the `PLAID-CLIENT-ID`/`PLAID-SECRET` headers or the body: borrowed from the
/// headers when they came from there (no copy of either is made per request).
struct Credentials<'a> {
    client_id: Cow<'a, str>,
    secret: Cow<'a, str>,
}

impl std::fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl<'a> Credentials<'a> {
    /// Removes the credential fields from the body and reconciles them with the headers. Both sources may be
    /// used; if both are and they disagree, the request is refused rather than one silently winning.
    fn take(headers: &'a HeaderMap, fields: &mut Map<String, Value>) -> Result<Self, ApiError> {
        let client_id = reconcile(
            header_value(headers, &PLAID_CLIENT_ID)?,
            body_value(fields, "client_id")?,
        )?;
        let secret = reconcile(
            header_value(headers, &PLAID_SECRET)?,
            body_value(fields, "secret")?,
        )?;
        match (client_id, secret) {
            (Some(client_id), Some(secret)) => Ok(Self { client_id, secret }),
            (client_id, secret) => {
                let missing = [
                    ("client_id", client_id.is_none()),
                    ("secret", secret.is_none()),
                ];
                Err(ApiError::MissingFields(
                    missing
                        .iter()
                        .filter(|(_, absent)| *absent)
                        .map(|(name, _)| (*name).to_owned())
                        .collect(),
                ))
            }
        }
    }

    /// The client id, taking the body's copy where there is one.
    fn client_id(&self) -> ClientId {
        ClientId::from_stored(self.client_id.clone().into_owned())
    }
}

fn header_value<'a>(
    headers: &'a HeaderMap,
    name: &HeaderName,
) -> Result<Option<&'a str>, ApiError> {
    headers
        .get(name)
        .map(|value| {
            value.to_str().map_err(|_| {
                ApiError::InvalidHeaders(format!(
                    "the {} header must be visible ASCII",
                    name.as_str()
                ))
            })
        })
        .transpose()
}

fn body_value(fields: &mut Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if !value.is_empty() => Ok(Some(value)),
        Some(_) => Err(ApiError::InvalidField(format!(
            "{name} must be a properly formatted, non-empty string"
        ))),
    }
}

fn reconcile<'a>(
    from_header: Option<&'a str>,
    from_body: Option<String>,
) -> Result<Option<Cow<'a, str>>, ApiError> {
    match (from_header, from_body) {
        (Some(header), Some(body)) if header != body => Err(ApiError::InvalidApiKeys),
        (Some(header), _) if !header.is_empty() => Ok(Some(Cow::Borrowed(header))),
        (_, body) => Ok(body.filter(|value| !value.is_empty()).map(Cow::Owned)),
    }
}

async fn authenticate(
    state: &AppState,
    credentials: Credentials<'_>,
) -> Result<ClientRecord, ApiError> {
    let found = state.store.find_client(&credentials.client_id()).await?;
    accept(found, &credentials.secret)
}

/// The client, if the secret presented is one of its own (compared in constant time).
fn accept(found: Option<ClientRecord>, secret: &str) -> Result<ClientRecord, ApiError> {
    match found {
        Some(client)
            if client.accepts_secret(&ClientSecret::hash_presented(secret), chrono::Utc::now()) =>
        {
            Ok(client)
        }
        _ => Err(ApiError::InvalidApiKeys),
    }
}

/// Deserializes the endpoint's fields, reporting every unknown field at once and the path of a bad one.
///
/// A well-formed body is read once without tracking the path (serde_path_to_error's wrappers were a third of
/// this function's instructions, callgrind); only a body that fails is read again with it, for the message.
/// The unknown fields are the same either way: serde_ignored finds them, and it reads the same fields in both.
pub fn typed<T: DeserializeOwned>(fields: Map<String, Value>) -> Result<T, ApiError> {
    let value = Value::Object(fields);
    let mut unknown = Vec::new();
    let mut record_unknown = |path: serde_ignored::Path<'_>| unknown.push(dotted(&path));
    let fast = T::deserialize(serde_ignored::Deserializer::new(
        &value,
        &mut record_unknown,
    ));
    match fast {
        Ok(_) if !unknown.is_empty() => Err(ApiError::UnknownFields(unknown)),
        Ok(typed) => Ok(typed),
        Err(_) => typed_with_path(&value),
    }
}

/// [`typed`] with the path of the failing field tracked, for the error.
fn typed_with_path<T: DeserializeOwned>(value: &Value) -> Result<T, ApiError> {
    let mut unknown = Vec::new();
    let mut record_unknown = |path: serde_ignored::Path<'_>| unknown.push(dotted(&path));
    let ignoring = serde_ignored::Deserializer::new(value, &mut record_unknown);
    let result: Result<T, _> = serde_path_to_error::deserialize(ignoring);
    if !unknown.is_empty() {
        return Err(ApiError::UnknownFields(unknown));
    }
    result.map_err(|error| classify(&error.path().to_string(), error.inner()))
}

/// `options.bar`, `items[2].name`: the path as a client wrote it (serde_ignored would print `options.?.bar`).
fn dotted(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", dotted(parent)),
        Path::Map { parent, key } => match dotted(parent) {
            prefix if prefix.is_empty() => key.clone(),
            prefix => format!("{prefix}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => dotted(parent),
    }
}

fn classify(path: &str, error: &serde_json::Error) -> ApiError {
    let message = error.to_string();
    let qualified = |field: &str| {
        if path == "." || path.is_empty() {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        }
    };
    if let Some(field) = backticked_after(&message, "missing field ") {
        return ApiError::MissingFields(vec![qualified(field)]);
    }
    let field = if path == "." || path.is_empty() {
        "body"
    } else {
        path
    };
    ApiError::InvalidField(format!("{field} is invalid: {message}"))
}

fn backticked_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message
        .strip_prefix(prefix)?
        .strip_prefix('`')?
        .split('`')
        .next()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Example {
        #[allow(dead_code)]
        access_token: String,
        #[allow(dead_code)]
        options: Option<ExampleOptions>,
    }

    #[derive(Debug, Deserialize)]
    struct ExampleOptions {
        #[allow(dead_code)]
        account_ids: Option<Vec<String>>,
    }

    fn fields(json: &str) -> Map<String, Value> {
        parse_object(json.as_bytes()).unwrap()
    }

    #[test]
    fn every_unknown_field_is_reported_with_its_path() {
        let error = typed::<Example>(fields(
            r#"{"access_token":"a","foo":1,"options":{"bar":2}}"#,
        ))
        .unwrap_err();
        assert_eq!(error.error_code(), "UNKNOWN_FIELDS");
        assert_eq!(
            error.to_string(),
            "the following fields are not recognized by this endpoint: foo, options.bar"
        );
    }

    #[test]
    fn missing_fields_name_the_field() {
        let error = typed::<Example>(fields(r#"{"options":{}}"#)).unwrap_err();
        assert_eq!(error.error_code(), "MISSING_FIELDS");
        assert_eq!(
            error.to_string(),
            "the following required fields are missing: access_token"
        );
    }

    #[test]
    fn wrong_types_are_invalid_fields_naming_the_path() {
        let error = typed::<Example>(fields(
            r#"{"access_token":"a","options":{"account_ids":[1]}}"#,
        ))
        .unwrap_err();
        assert_eq!(error.error_code(), "INVALID_FIELD");
        assert!(
            error
                .to_string()
                .starts_with("options.account_ids[0] is invalid"),
            "{error}"
        );
    }

    #[test]
    fn non_objects_and_garbage_are_invalid_bodies() {
        for body in ["[]", "\"x\"", "{", "", "\u{0}"] {
            assert_eq!(
                parse_object(body.as_bytes()).unwrap_err().error_code(),
                "INVALID_BODY",
                "{body:?}"
            );
        }
    }

    #[test]
    fn credentials_may_come_from_headers_or_body_but_must_agree() {
        let mut headers = HeaderMap::new();
        headers.insert("plaid-client-id", "abc".parse().unwrap());
        let mut body = fields(r#"{"secret":"s3","access_token":"a"}"#);
        let credentials = Credentials::take(&headers, &mut body).unwrap();
        assert_eq!(
            (&*credentials.client_id, &*credentials.secret),
            ("abc", "s3")
        );
        assert!(!body.contains_key("secret"));

        let mut conflicting = fields(r#"{"client_id":"other","secret":"s3"}"#);
        assert_eq!(
            Credentials::take(&headers, &mut conflicting)
                .unwrap_err()
                .error_code(),
            "INVALID_API_KEYS"
        );

        let error = Credentials::take(&HeaderMap::new(), &mut fields("{}")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the following required fields are missing: client_id, secret"
        );
    }
}
