//! Link's OpenID Connect logins (docs/providers.md): `POST /link/session/oidc` (the OAuth pane's Continue:
//! where to send the user) and `GET /link/oidc/callback` (where the institution's authorization server sends
//! the user back).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

use super::link::answer;
use crate::http::{ApiError, ClientAddress, LinkRequest};
use crate::services::AppState;
use crate::services::link as link_service;
use crate::services::oidc::{self, Begun, CallbackQuery, CallbackRefused};
use crate::wire::{LinkSessionAnswer, LinkSessionOidcRequest, RequestId};

/// Where the authorization server sends users back: `--public-url` (or the request's host) and the base path.
pub fn callback_url(state: &AppState, headers: &HeaderMap) -> String {
    let base = state.config.base_path.as_deref().unwrap_or("");
    let origin = state.config.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .map_or_else(|| state.config.listen.to_string(), str::to_owned);
        let scheme = headers
            .get("x-forwarded-proto")
            .and_then(|value| value.to_str().ok())
            .filter(|scheme| matches!(*scheme, "http" | "https"))
            .unwrap_or("http");
        format!("{scheme}://{host}")
    });
    format!("{origin}{base}/link/oidc/callback")
}

/// `POST /link/session/oidc {link_token, link_session_id}` → the session answer with `authorization_url`, or
/// with the error pane when the login cannot start.
pub async fn begin(
    State(state): State<AppState>,
    request_id: RequestId,
    headers: HeaderMap,
    LinkRequest(body): LinkRequest<LinkSessionOidcRequest>,
) -> Result<Json<LinkSessionAnswer>, ApiError> {
    let authorized = link_service::authorize(&state, &body.link_token, Utc::now()).await?;
    let session = link_service::find_session(&state, &authorized, &body.link_session_id).await?;
    let callback = callback_url(&state, &headers);
    let session_copy = session.clone();
    Ok(Json(
        match oidc::begin(&state, &authorized, session, &callback).await? {
            Begun::Authorize(url) => {
                let mut shown = answer(&state, &authorized, &session_copy, request_id).await?;
                shown.authorization_url = Some(url.to_string());
                shown
            }
            Begun::Failed(session) => answer(&state, &authorized, &session, request_id).await?,
        },
    ))
}

/// `GET /link/oidc/callback?code&state[&iss]` or `?error&state`: the login goes back into its Link session,
/// then the browser to the app's `redirect_uri` (page-redirect variant) or a page that closes Link's pop-up.
pub async fn callback(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    query: Query<CallbackQuery>,
) -> Response {
    match oidc::callback(&state, query.0, &source).await {
        Ok(returned) => match returned.return_to {
            Some(url) => Redirect::to(&url).into_response(),
            None => page(StatusCode::OK, &finished_page(returned.error.is_some())),
        },
        Err(CallbackRefused::Flow(error)) => {
            tracing::error!(%error, "OpenID Connect callback failed");
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                &refused_page(
                    "Tartan could not finish this login. Go back to the app and try again.",
                ),
            )
        }
        Err(refused) => {
            tracing::info!(reason = %refused, "OpenID Connect callback refused");
            page(
                StatusCode::BAD_REQUEST,
                &refused_page(&format!(
                    "This login link is not valid ({refused}). Go back to the app and start again."
                )),
            )
        }
    }
}

fn page(status: StatusCode, html: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-Wn5wULmWNAS84lRO4JMQ9jE/kYWz1ADWjWy4z2jjosA='",
            ),
        ],
        html.to_owned(),
    )
        .into_response()
}

const CLOSE_SCRIPT: &str = "window.close();";

fn finished_page(failed: bool) -> String {
    let message = if failed {
        "The login did not succeed. Close this window and return to the app to see why."
    } else {
        "You are logged in. Close this window and return to the app to continue."
    };
    shell("Back to the app", message, true)
}

fn refused_page(message: &str) -> String {
    shell("Login not valid", message, false)
}

/// Every text here is Tartan's own (never the request's), so nothing needs escaping.
fn shell(title: &str, message: &str, close: bool) -> String {
    let script = if close {
        format!("<script>{CLOSE_SCRIPT}</script>")
    } else {
        String::new()
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}}</style></head>\
         <body><h1>{title}</h1><p>{message}</p>{script}</body></html>"
    )
}
