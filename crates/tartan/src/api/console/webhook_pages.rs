//! Webhooks: the outbox, newest first; one webhook with its exact body, every attempt with the
//! `Plaid-Verification` header it sent, and "retry now".

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::auth::{CsrfOnly, check_csrf};
use super::item_actions::back;
use super::layout::{Action, NoticeQuery, action_form, page, page_error, status_badge, time};
use super::refusal::Refusal;
use super::session::Operator;
use crate::http::ApiError;
use crate::services::{AppState, webhook_retry};

/// Webhooks listed, the most recent.
const WEBHOOKS_SHOWN: i64 = 100;

/// `GET /console/webhooks`
pub async fn list(
    State(state): State<AppState>,
    operator: Operator,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, ApiError> {
    let webhooks = state.store.list_webhooks(WEBHOOKS_SHOWN).await?;
    let body = html! {
        h1 { "Webhooks" }
        p.muted { "The " (WEBHOOKS_SHOWN) " most recent webhooks, newest first. Open one for its payload, signature and attempts." }
        div.table-wrap { table {
            thead { tr { th { "Webhook" } th { "Item" } th { "To" } th { "Status" } th { "Attempts" } th { "Next attempt" } th { "Last error" } } }
            tbody { @for webhook in &webhooks { tr {
                td { a href=(operator.url(&format!("/webhooks/{}", webhook.webhook_id))) { (webhook.webhook_type) " " (webhook.webhook_code) } }
                td.mono { @if webhook.item_id.is_empty() { "—" } @else { a href=(operator.url(&format!("/items/{}", webhook.item_id))) title=(webhook.item_id) { (short(&webhook.item_id)) "…" } } }
                td.mono { (webhook.url) }
                td { (status_badge(&webhook.status)) }
                td { (webhook.attempts) }
                td.nowrap { @if webhook.status == "pending" { (time(webhook.next_attempt_at)) } @else { "—" } }
                td.wrap { (webhook.last_error.as_deref().unwrap_or("")) }
            } } }
        } }
    };
    Ok(page(
        &operator,
        "Webhooks",
        "/webhooks",
        notice.notice(),
        &body,
    ))
}

/// `GET /console/webhooks/{webhook_id}`
pub async fn show(
    State(state): State<AppState>,
    operator: Operator,
    Path(webhook_id): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, Refusal> {
    let internal = |error| ApiError::from(error).into_response();
    let Some(detail) = state
        .store
        .find_webhook(&webhook_id)
        .await
        .map_err(internal)?
    else {
        return Err(page_error(
            &operator,
            StatusCode::NOT_FOUND,
            "No such webhook.",
        ));
    };
    let attempts = state
        .store
        .list_webhook_attempts(&webhook_id)
        .await
        .map_err(internal)?;
    let summary = &detail.summary;
    let payload = serde_json::from_str::<serde_json::Value>(&detail.body)
        .and_then(|value| serde_json::to_string_pretty(&value))
        .unwrap_or_else(|_| detail.body.clone());
    let retryable = summary.status != "delivered" && !detail.leased;
    let body = html! {
        h1 { (summary.webhook_type) " " (summary.webhook_code) }
        div.card { dl.facts {
            dt { "Webhook id" } dd.mono { (summary.webhook_id) }
            dt { "Item" } dd.mono { @if summary.item_id.is_empty() { "— (a LINK webhook)" } @else { a href=(operator.url(&format!("/items/{}", summary.item_id))) { (summary.item_id) } } }
            dt { "To" } dd.mono { (summary.url) }
            dt { "Status" } dd { (status_badge(&summary.status)) @if detail.leased { " (being attempted now)" } }
            dt { "Created" } dd { (time(summary.created_at)) }
            dt { "Next retry" } dd { @if summary.status == "pending" { (time(summary.next_attempt_at)) } @else { "—" } }
            dt { "Delivered" } dd { (detail.delivered_at.map_or_else(|| "—".to_owned(), time)) }
        } }
        @if retryable {
            div.actions { (action_form(&operator, &Action {
                url: operator.url(&format!("/webhooks/{}/retry", summary.webhook_id)),
                title: "Retry now",
                effect: format!("Makes this webhook due now: the dispatcher POSTs it to {} again (once its destination is not backing off), as attempt {}.", summary.url, summary.attempts + 1),
                button: "Retry now",
                danger: false,
            }, &html! {})) }
        }
        h2 { "Payload" }
        p.muted { "The exact body POSTed (with Content-Type: application/json); its SHA-256 is the signature's request_body_sha256." }
        pre #payload { (payload) }
        h2 { "Attempts" }
        @if attempts.is_empty() { p.muted { "No attempt yet." } }
        @else {
            div.table-wrap { table {
                thead { tr { th { "#" } th { "At" } th { "Answer" } th { "Took" } th { "Plaid-Verification header sent" } } }
                tbody { @for attempt in &attempts { tr {
                    td { (attempt.number) }
                    td.nowrap { (time(attempt.attempted_at)) }
                    td {
                        @match (attempt.status_code, &attempt.error) {
                            (Some(code), None) => { (status_badge("delivered")) " HTTP " (code) }
                            (_, Some(error)) => { (status_badge("failed")) " " (error) }
                            (None, None) => { "—" }
                        }
                    }
                    td { (attempt.duration_ms) " ms" }
                    td.mono.sig { (attempt.signature.as_deref().unwrap_or("(not recorded: attempt made before signatures were kept)")) }
                } } }
            } }
        }
    };
    Ok(page(
        &operator,
        "Webhook",
        "/webhooks",
        notice.notice(),
        &body,
    ))
}

/// `POST /console/webhooks/{webhook_id}/retry`
pub async fn retry(
    State(state): State<AppState>,
    operator: Operator,
    Path(webhook_id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let path = format!("/webhooks/{webhook_id}");
    let due = webhook_retry::retry_now(&state, &webhook_id)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    Ok(if due {
        back(
            &operator,
            &path,
            "Due now: the dispatcher is sending it.",
            false,
        )
    } else {
        back(
            &operator,
            &path,
            "Not retried: it was delivered, is being attempted right now, or is unknown.",
            true,
        )
    })
}

/// The start of a long id, enough to tell Items apart in a list (the full id is in the link's title).
fn short(id: &str) -> &str {
    id.char_indices().nth(10).map_or(id, |(end, _)| &id[..end])
}
