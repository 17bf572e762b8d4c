//! The console's page frame, notices and action forms: every value goes through maud, which escapes it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use super::refusal::Refusal;
use super::session::{Console, Operator};

/// A line shown above a page: what an action did, or why it was refused.
pub struct Notice {
    text: String,
    error: bool,
}

impl Notice {
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: true,
        }
    }
}

/// `?done=…` / `?failed=…`: the notice an action redirects with.
#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    done: Option<String>,
    failed: Option<String>,
}

impl NoticeQuery {
    pub fn notice(self) -> Option<Notice> {
        let limit = |text: String| text.chars().take(300).collect::<String>();
        match (self.done, self.failed) {
            (_, Some(text)) => Some(Notice::error(limit(text))),
            (Some(text), None) => Some(Notice {
                text: limit(text),
                error: false,
            }),
            (None, None) => None,
        }
    }
}

/// The console's sections, in the navigation's order: (path, label).
const SECTIONS: [(&str, &str); 4] = [
    ("", "Clients"),
    ("/items", "Items"),
    ("/link-sessions", "Link sessions"),
    ("/webhooks", "Webhooks"),
];

/// A signed-in page: navigation, sign-out, the notice and `body`.
pub fn page(
    operator: &Operator,
    title: &str,
    section: &str,
    notice: Option<Notice>,
    body: &Markup,
) -> Response {
    let header = html! {
        header.top {
            span.brand { "Tartan console" }
            nav aria-label="Console sections" {
                @for (path, label) in SECTIONS {
                    @if path == section {
                        a href=(operator.url(path)) aria-current="page" { (label) }
                    } @else {
                        a href=(operator.url(path)) { (label) }
                    }
                }
            }
            form method="post" action=(operator.url("/sign-out")) {
                (csrf_field(operator))
                button type="submit" { "Sign out" }
            }
        }
    };
    document(&operator.console, title, &header, notice, body)
}

/// A page outside the session (sign-in).
pub fn bare_page(console: &Console, title: &str, notice: Option<Notice>, body: Markup) -> Response {
    document(console, title, &html! {}, notice, &body)
}

fn document(
    console: &Console,
    title: &str,
    header: &Markup,
    notice: Option<Notice>,
    body: &Markup,
) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Tartan console" }
                link rel="stylesheet" href=(console.url("/assets/console.css"));
                script src=(console.url("/assets/console.js")) defer {}
            }
            body {
                (header)
                main {
                    @if let Some(notice) = notice {
                        div.notice.error[notice.error] role=(if notice.error { "alert" } else { "status" }) {
                            (notice.text)
                        }
                    }
                    (body)
                }
            }
        }
    };
    let mut response = Html(markup.into_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A page that says why an action was refused.
pub fn page_error(operator: &Operator, status: StatusCode, message: &str) -> Refusal {
    let body = html! {
        h1 { "Not done" }
        p { (message) }
        p { a href=(operator.url("")) { "Back to the console" } }
    };
    let mut response = page(
        operator,
        "Not done",
        "",
        Some(Notice::error(message)),
        &body,
    );
    *response.status_mut() = status;
    response.into()
}

pub fn csrf_field(operator: &Operator) -> Markup {
    html! { input type="hidden" name="csrf" value=(operator.csrf()); }
}

/// What an action button does, shown beside it and asked again before it is sent.
pub struct Action<'a> {
    pub url: String,
    pub title: &'a str,
    pub effect: String,
    pub button: &'a str,
    pub danger: bool,
}

/// An action's card: its effect in words, its fields and its button.
pub fn action_form(operator: &Operator, action: &Action<'_>, fields: &Markup) -> Markup {
    html! {
        div.action.danger[action.danger] {
            h3 { (action.title) }
            p.effect { (action.effect) }
            form method="post" action=(action.url) data-confirm=(action.effect) {
                (csrf_field(operator))
                (fields)
                p { button.danger[action.danger] type="submit" { (action.button) } }
            }
        }
    }
}

pub fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn status_badge(status: &str) -> Markup {
    let class = match status {
        "delivered" | "ok" | "success" => "badge ok",
        "failed" | "error" | "exit" => "badge bad",
        _ => "badge wait",
    };
    html! { span class=(class) { (status) } }
}
