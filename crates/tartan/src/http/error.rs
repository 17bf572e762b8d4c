//! The one error vocabulary of the API and its one renderer.
//!
//! Every failure a request can meet becomes an [`ApiError`]. Its Plaid identity (`error_type`, `error_code`, HTTP
//! status) is fixed by exhaustive matches here and nowhere else. Handlers return the error; `IntoResponse` only
//! attaches it to the response, and [`render`], called by the edge (`super::edge`), which knows the request id, writes the
//! `PlaidError` body and logs internal causes once.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::ErrorCode;
use crate::sandbox::SandboxError;
use crate::store::StoreError;
use crate::wire::RequestId;

/// The media type of every JSON response, errors and successes alike (Plaid's own).
pub const JSON_UTF8: &str = "application/json; charset=utf-8";

/// Everything that can go wrong with a request, named after the Plaid error it becomes.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, not an object, or not sent as `application/json`.
    #[error("{0}")]
    InvalidBody(String),
    /// The body is larger than the server accepts (400 like every Plaid INVALID_REQUEST; Plaid never sends 413).
    #[error("request body is larger than the limit of {limit} bytes")]
    BodyTooLarge { limit: usize },
    /// A required header (in practice `Content-Type`) is missing.
    #[error("{0}")]
    InvalidHeaders(String),
    /// Required fields are absent.
    #[error("the following required fields are missing: {}", .0.join(", "))]
    MissingFields(Vec<String>),
    /// The body has fields the endpoint does not know.
    #[error("the following fields are not recognized by this endpoint: {}", .0.join(", "))]
    UnknownFields(Vec<String>),
    /// A field has the wrong type or an unacceptable value; the message names the field.
    #[error("{0}")]
    InvalidField(String),
    /// No route with this path.
    #[error("not found")]
    NotFound,
    /// A path of Plaid's API that Tartan does not serve.
    #[error(
        "{0} is part of Plaid's API but is not served by Tartan; see Tartan's compatibility table"
    )]
    NotServed(String),
    /// A sandbox-only route called on a production server.
    #[error("access to {0} is only available in the sandbox environment")]
    SandboxOnly(String),
    /// Unknown client, wrong secret, or conflicting credentials in headers and body.
    #[error("invalid client_id or secret provided")]
    InvalidApiKeys,
    /// Unknown, removed, malformed or another client's access token.
    #[error("could not find matching access token")]
    InvalidAccessToken,
    /// Unknown, used, expired or another client's public token.
    #[error("could not find matching public token")]
    InvalidPublicToken,
    /// Unknown, malformed, revoked, or not this client's to use.
    #[error("invalid processor_token provided")]
    InvalidProcessorToken,
    /// Stripe accepts only US bank accounts, i.e. accounts with ACH numbers.
    #[error(
        "Stripe bank account tokens need an account with ACH numbers (a US checking or savings account)"
    )]
    InvalidStripeAccount,
    /// No account of the request has payment numbers.
    #[error("no valid accounts with account and routing numbers were found for this request")]
    NoAuthAccounts,
    /// `min_last_updated_datetime` asks for a balance fresher than any there can be.
    #[error("no balance is at least as recent as min_last_updated_datetime")]
    LastUpdatedDatetimeOutOfRange,
    /// `key_id` names no webhook verification key.
    #[error("invalid key_id provided")]
    InvalidWebhookVerificationKeyId,
    /// A sandbox webhook was asked for an Item without a webhook URL.
    #[error(
        "Webhook for this item is either not set up, or invalid. Please update the item's webhook and try again."
    )]
    SandboxWebhookInvalid,
    /// A sandbox operation needs a product the Item does not have.
    #[error("The {0} product is not enabled on this item")]
    SandboxProductNotEnabled(&'static str),
    /// The admin API needs the operator's bearer token.
    #[error("the admin API needs `Authorization: Bearer <TARTAN_ADMIN_TOKEN>`")]
    AdminUnauthorized,
    /// An `account_id` that is not an account of the Item.
    #[error("failed to find requested account ID for requested item")]
    InvalidAccountId,
    /// Unknown, expired, used, malformed or another client's link token.
    #[error("invalid link_token provided")]
    InvalidLinkToken,
    /// A product Link cannot be initialised with (e.g. `balance`), or no product at all.
    #[error("{0}")]
    InvalidProduct(String),
    /// The Item's login must be repaired in Link update mode.
    #[error(
        "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state"
    )]
    ItemLoginRequired,
    /// An `institution_id` Tartan does not know.
    #[error("invalid institution_id provided")]
    InvalidInstitution,
    /// Sandbox credentials that make Plaid's sandbox answer with an Item or institution error.
    #[error("{0}")]
    Sandbox(#[from] SandboxError),
    /// The request took longer than the server allows.
    #[error("the request timed out")]
    Timeout,
    /// The server is at capacity: answered at once instead of queueing without bound.
    #[error("the server is handling too many requests; please try again later")]
    Overloaded,
    /// A Plaid rate limit (`--rate-limits plaid`) was reached; the code names the limit.
    #[error("rate limit exceeded for attempts to access this item. please try again later")]
    RateLimited(ErrorCode),
    /// A failure the client asked for (`/sandbox/failures/set`): Plaid's outage errors.
    #[error("{}", forced_message(*.0))]
    Forced(ErrorCode),
    /// A fault of the server (storage, a bug). The cause is logged, never sent.
    #[error("an unexpected error occurred")]
    Internal(#[source] anyhow::Error),
}

/// Plaid's messages for the errors a client can force.
fn forced_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::PlannedMaintenance => {
            "the Plaid API is undergoing scheduled maintenance; please try again later"
        }
        ErrorCode::RateLimit => {
            "rate limit exceeded for attempts to access this item. please try again later"
        }
        _ => "an unexpected error occurred",
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        Self::Internal(error.into())
    }
}

impl ApiError {
    /// The Plaid code this error is answered with; its type and status follow from it.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidBody(_) | Self::BodyTooLarge { .. } => ErrorCode::InvalidBody,
            Self::InvalidHeaders(_) => ErrorCode::InvalidHeaders,
            Self::MissingFields(_) => ErrorCode::MissingFields,
            Self::UnknownFields(_) => ErrorCode::UnknownFields,
            Self::InvalidField(_) => ErrorCode::InvalidField,
            Self::NotFound | Self::NotServed(_) => ErrorCode::NotFound,
            Self::SandboxOnly(_) => ErrorCode::SandboxOnly,
            Self::InvalidApiKeys | Self::AdminUnauthorized => ErrorCode::InvalidApiKeys,
            Self::InvalidAccessToken => ErrorCode::InvalidAccessToken,
            Self::InvalidPublicToken => ErrorCode::InvalidPublicToken,
            Self::InvalidAccountId => ErrorCode::InvalidAccountId,
            Self::InvalidProcessorToken => ErrorCode::InvalidProcessorToken,
            Self::InvalidWebhookVerificationKeyId => ErrorCode::InvalidWebhookVerificationKeyId,
            Self::SandboxWebhookInvalid => ErrorCode::SandboxWebhookInvalid,
            Self::SandboxProductNotEnabled(_) => ErrorCode::SandboxProductNotEnabled,
            Self::InvalidStripeAccount => ErrorCode::InvalidStripeAccount,
            Self::NoAuthAccounts => ErrorCode::NoAuthAccounts,
            Self::LastUpdatedDatetimeOutOfRange => ErrorCode::LastUpdatedDatetimeOutOfRange,
            Self::InvalidInstitution => ErrorCode::InvalidInstitution,
            Self::InvalidLinkToken => ErrorCode::InvalidLinkToken,
            Self::InvalidProduct(_) => ErrorCode::InvalidProduct,
            Self::ItemLoginRequired => ErrorCode::ItemLoginRequired,
            Self::Sandbox(error) => error.code(),
            Self::Overloaded => ErrorCode::RateLimit,
            Self::RateLimited(code) | Self::Forced(code) => *code,
            Self::Timeout | Self::Internal(_) => ErrorCode::InternalServerError,
        }
    }

    pub fn error_type(&self) -> &'static str {
        self.code().error_type().as_str()
    }

    pub fn error_code(&self) -> &'static str {
        self.code().as_str()
    }

    pub fn status(&self) -> StatusCode {
        // The admin API is Tartan's own: a bad bearer token is HTTP's 401, not one of Plaid's statuses.
        if matches!(self, Self::AdminUnauthorized) {
            return StatusCode::UNAUTHORIZED;
        }
        StatusCode::from_u16(self.code().http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn documentation_url(&self) -> String {
        let section = self.error_type().to_ascii_lowercase().replace('_', "-");
        format!(
            "https://plaid.com/docs/errors/{section}/#{}",
            self.error_code().to_ascii_lowercase()
        )
    }
}

/// Carries the error from the handler to [`render`], which has the request id.
#[derive(Clone)]
struct PendingError(Arc<ApiError>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response
            .extensions_mut()
            .insert(PendingError(Arc::new(self)));
        response
    }
}

/// Plaid's `PlaidError` object, every key present.
#[derive(Serialize)]
struct PlaidErrorBody<'a> {
    error_type: &'static str,
    error_code: &'static str,
    error_code_reason: Option<&'static str>,
    error_message: String,
    display_message: Option<String>,
    documentation_url: String,
    suggested_action: Option<&'static str>,
    request_id: &'a str,
}

/// Turns an [`ApiError`] attached to a response into Plaid's JSON body with the request id; any other response
/// is left as it is. The edge calls it on every response.
pub(super) fn render(mut response: Response, request_id: RequestId) -> Response {
    let Some(PendingError(error)) = response.extensions_mut().remove::<PendingError>() else {
        return response;
    };
    match error.as_ref() {
        ApiError::Internal(cause) => tracing::error!(error.cause_chain = ?cause, "internal error"),
        other => tracing::info!(error_code = other.error_code(), "request refused"),
    }
    let body = PlaidErrorBody {
        error_type: error.error_type(),
        error_code: error.error_code(),
        error_code_reason: None,
        error_message: error.to_string(),
        display_message: None,
        documentation_url: error.documentation_url(),
        suggested_action: None,
        request_id: request_id.as_str(),
    };
    match serde_json::to_vec(&body) {
        Ok(bytes) => {
            let (mut parts, _) = response.into_parts();
            parts
                .headers
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, bytes.into())
        }
        Err(cause) => {
            tracing::error!(%cause, "could not serialize an error body");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_plaid() {
        assert_eq!(ApiError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(ApiError::InvalidApiKeys.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            ApiError::Internal(anyhow::anyhow!("disk")).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn messages_list_every_field() {
        let error = ApiError::MissingFields(vec!["client_id".into(), "secret".into()]);
        assert_eq!(
            error.to_string(),
            "the following required fields are missing: client_id, secret"
        );
        assert_eq!(error.error_type(), "INVALID_REQUEST");
    }

    #[test]
    fn internal_causes_are_never_in_the_message() {
        let error = ApiError::Internal(anyhow::anyhow!("database is locked at /var/secret"));
        assert_eq!(error.to_string(), "an unexpected error occurred");
    }
}
