//! Who may use the console: nobody unless an admin token is configured (then `/console` is 404 like any
//! unserved path), and then only a browser holding a live session cookie, opened by presenting the admin token.
//! Every state-changing form carries the session's CSRF token.

use axum::Form;
use axum::extract::{FromRequestParts, OriginalUri, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::html;
use serde::Deserialize;

use super::layout::{Notice, Refusal, bare_page, page_error};
use crate::domain::tokens::ConsoleSessionId;
use crate::http::ApiError;
use crate::services::AppState;
use crate::services::console_sessions::{self, SignInError};

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

    /// Refuses a form without this session's CSRF token.
    pub fn check_csrf(&self, presented: &str) -> Result<(), Refusal> {
        if console_sessions::csrf_matches(&self.session, presented) {
            Ok(())
        } else {
            Err(page_error(
                self,
                StatusCode::FORBIDDEN,
                "This form is missing its CSRF token or it belongs to another session. Reload the page and try again.",
            ))
        }
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

/// `Set-Cookie` for the session (or, with `None`, one that deletes it).
fn cookie(console: &Console, session: Option<&ConsoleSessionId>) -> Option<HeaderValue> {
    let path = console.url("");
    let value = match session {
        Some(id) => format!(
            "{COOKIE}={}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={}",
            id.expose(),
            console_sessions::SESSION_LIFETIME.num_seconds()
        ),
        None => format!("{COOKIE}=; Path={path}; HttpOnly; SameSite=Strict; Max-Age=0"),
    };
    HeaderValue::from_str(&value).ok()
}

/// `GET /console/sign-in`
pub async fn sign_in_page(console: Console) -> Response {
    sign_in_form(&console, None, StatusCode::OK)
}

fn sign_in_form(console: &Console, notice: Option<Notice>, status: StatusCode) -> Response {
    let body = html! {
        div.card.narrow {
            h1 { "Tartan console" }
            p.muted { "Sign in with the server's admin token (" code { "TARTAN_ADMIN_TOKEN" } ")." }
            form method="post" action=(console.url("/sign-in")) {
                label for="token" { "Admin token" }
                input #token type="password" name="token" autocomplete="current-password" required autofocus;
                p { button type="submit" { "Sign in" } }
            }
        }
    };
    (status, bare_page(console, "Sign in", notice, body)).into_response()
}

#[derive(Deserialize)]
pub struct SignInForm {
    token: String,
}

/// `POST /console/sign-in`: the admin token opens a session.
pub async fn sign_in(
    State(state): State<AppState>,
    console: Console,
    Form(form): Form<SignInForm>,
) -> Response {
    match console_sessions::sign_in(&state, &form.token, Utc::now()).await {
        Ok((session, _)) => {
            let mut response = Redirect::to(&console.url("")).into_response();
            if let Some(cookie) = cookie(&console, Some(&session)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            tracing::info!("console sign-in");
            response
        }
        Err(SignInError::WrongToken) => {
            tracing::warn!("console sign-in refused");
            sign_in_form(
                &console,
                Some(Notice::error("That is not the admin token.")),
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(SignInError::Disabled) => ApiError::NotFound.into_response(),
        Err(SignInError::Store(error)) => ApiError::from(error).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /console/sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    operator: Operator,
    Form(form): Form<CsrfOnly>,
) -> Response {
    if let Err(refused) = operator.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    if let Err(error) = console_sessions::sign_out(&state, &operator.session).await {
        return ApiError::from(error).into_response();
    }
    let mut response = Redirect::to(&operator.url("/sign-in")).into_response();
    if let Some(cookie) = cookie(&operator.console, None) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
