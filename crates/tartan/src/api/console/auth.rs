//! Who may use the console: nobody unless an admin token is configured (then `/console` is 404 like any
//! unserved path), and then only a browser holding a live session cookie, opened by presenting the admin token.
//! Every state-changing form carries the session's CSRF token.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::html;
use serde::Deserialize;

use super::layout::{Notice, bare_page, page_error};
use super::refusal::Refusal;
use super::session::{COOKIE, Console, Operator};
use crate::domain::tokens::ConsoleSessionId;
use crate::http::ApiError;
use crate::services::AppState;
use crate::services::console_sessions::{self, SignInError};

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

/// Refuses a form without this session's CSRF token.
pub fn check_csrf(operator: &Operator, presented: &str) -> Result<(), Refusal> {
    if console_sessions::csrf_matches(&operator.session, presented) {
        Ok(())
    } else {
        Err(page_error(
            operator,
            StatusCode::FORBIDDEN,
            "This form is missing its CSRF token or it belongs to another session. Reload the page and try again.",
        ))
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
    if let Err(refused) = check_csrf(&operator, &form.csrf) {
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
