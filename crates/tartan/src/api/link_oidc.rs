//! Link's OpenID Connect logins (docs/providers.md): `POST /link/session/oidc` (the OAuth pane's Continue:
//! where to send the user), `GET /link/oidc/callback` (where the institution's authorization server sends
//! the user back; it hands the answer to the Link frame) and `POST /link/session/oidc/complete` (the frame
//! presents the answer with its own session).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::link::answer;
use crate::http::{ApiError, ClientAddress, LinkRequest};
use crate::services::AppState;
use crate::services::link::{self as link_service, LinkFlowError};
use crate::services::oidc::{self, Begun, CallbackQuery, CallbackRefused};
use crate::wire::{
    LinkSessionAnswer, LinkSessionOidcCompleteRequest, LinkSessionOidcRequest, RequestId,
};

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
    let authorized = link_service::authorize(&state, &body.link_token).await?;
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

/// `POST /link/session/oidc/complete {link_token, link_session_id, state, code|error, …}`: the Link frame that
/// started the login presents the callback's answer (handed over by its pop-up) with its own session; the
/// session moves on (or shows the login's error). Another session's answer is refused and audited.
pub async fn complete(
    State(state): State<AppState>,
    request_id: RequestId,
    ClientAddress(source): ClientAddress,
    LinkRequest(body): LinkRequest<LinkSessionOidcCompleteRequest>,
) -> Result<Json<LinkSessionAnswer>, ApiError> {
    let authorized = link_service::authorize(&state, &body.link_token).await?;
    let query = CallbackQuery {
        state: Some(body.state),
        code: body.code,
        error: body.error,
        error_description: body.error_description,
        iss: body.iss,
    };
    match oidc::complete(&state, &authorized, &body.link_session_id, query, &source).await {
        Ok(session) => Ok(Json(
            answer(&state, &authorized, &session, request_id).await?,
        )),
        Err(CallbackRefused::Flow(error)) => Err(error.into()),
        Err(refused) => {
            tracing::info!(reason = %refused, "OpenID Connect completion refused");
            Err(LinkFlowError::Refused(refused.to_string()).into())
        }
    }
}

/// `GET /link/oidc/callback?code&state[&iss]` or `?error&state`: checks the state names a waiting login, then
/// a page hands the query to the Link frame that opened this pop-up (`window.opener`, Tartan's origin only)
/// and closes. The callback alone completes nothing: a login URL sent to someone else's browser comes back
/// to no frame of the session that started it.
pub async fn callback(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    query: Query<CallbackQuery>,
) -> Response {
    match oidc::callback(&state, &query.0, &source).await {
        Ok(()) => page(StatusCode::OK, &handover_page()),
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
            (header::CONTENT_SECURITY_POLICY, HANDOVER_CSP),
        ],
        html.to_owned(),
    )
        .into_response()
}

/// Hands the callback's query to the window that opened this one, only if that window is at Tartan's own
/// origin (the Link frame), then closes. Static (the query is read from `location`), so the CSP can pin it.
const HANDOVER_SCRIPT: &str = "(function(){var p=new URLSearchParams(location.search),o=window.opener;\
if(!o)return;var m={source:\"tartan-oidc\",state:p.get(\"state\"),code:p.get(\"code\"),error:p.get(\"error\"),\
error_description:p.get(\"error_description\"),iss:p.get(\"iss\")};\
try{o.postMessage(m,location.origin);}catch(e){return;}window.close();})();";

/// `script-src` allows exactly [`HANDOVER_SCRIPT`] (its SHA-256; a test recomputes it).
pub const HANDOVER_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-7jyjaWZpnby5puFFsQfcQfLJB6t7qY2OhK5NDixrh9o='";

fn handover_page() -> String {
    shell(
        "Back to the app",
        "Return to the app to finish. If this window stays open, close it and start the login again from the app.",
        true,
    )
}

fn refused_page(message: &str) -> String {
    shell("Login not valid", message, false)
}

/// Every text here is Tartan's own (never the request's), so nothing needs escaping.
fn shell(title: &str, message: &str, handover: bool) -> String {
    let script = if handover {
        format!("<script>{HANDOVER_SCRIPT}</script>")
    } else {
        String::new()
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}}</style></head>\
         <body><h1>{title}</h1><p>{message}</p>{script}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_csp_pins_the_handover_script() {
        let digest = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(super::HANDOVER_SCRIPT.as_bytes()));
        assert!(
            super::HANDOVER_CSP.contains(&format!("'sha256-{digest}'")),
            "{digest}"
        );
    }
}
