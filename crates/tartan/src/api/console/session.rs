//! The console's request context: whether it is on (and under which base path), and the signed-in operator.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;

use super::refusal::Refusal;
use crate::domain::tokens::ConsoleSessionId;
use crate::http::ApiError;
use crate::services::AppState;
use crate::services::console_sessions;

/// The session cookie's name.
pub const COOKIE: &str = "tartan_console";

/// The console is on; `base` is the base path the request came in under ("" at the root).
pub struct Console {
    pub base: String,
}

impl Console {
    /// A console URL under the request's base path.
    pub fn url(&self, path: &str) -> String {
        format!("{}/console{path}", self.base)
    }
}

impl FromRequestParts<AppState> for Console {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if !console_sessions::enabled(state) {
            return Err(ApiError::NotFound);
        }
        // Nested under the base path, the router strips it from `uri`; the original keeps it.
        let original = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.path().to_owned(), |uri| uri.path().to_owned());
        let base = original
            .strip_suffix(parts.uri.path())
            .unwrap_or_default()
            .to_owned();
        Ok(Self { base })
    }
}

/// A signed-in operator: the console is on and the cookie names a live session.
pub struct Operator {
    pub console: Console,
    pub session: ConsoleSessionId,
}

impl Operator {
    pub fn url(&self, path: &str) -> String {
        self.console.url(path)
    }

    /// The CSRF token every form of this session carries.
    pub fn csrf(&self) -> String {
        self.session.csrf_token().as_str().to_owned()
    }
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refusal> {
        let console = Console::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let presented = session_cookie(parts);
        let session = match presented {
            Some(value) => console_sessions::find(state, value, Utc::now())
                .await
                .map_err(|error| ApiError::from(error).into_response())?,
            None => None,
        };
        match session {
            Some(session) => Ok(Self { console, session }),
            None => Err(Redirect::to(&console.url("/sign-in"))
                .into_response()
                .into()),
        }
    }
}

fn session_cookie(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}
