//! The console's list pages: clients, Items (paginated) and recent Link sessions.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::layout::{NoticeQuery, page, status_badge, time};
use super::session::Operator;
use crate::domain::{LinkOutcome, Processor};
use crate::http::ApiError;
use crate::sandbox::link::Stage;
use crate::services::AppState;

/// Items per page of the Items list.
const ITEMS_PER_PAGE: i64 = 50;
/// Link sessions listed, the most recent.
const LINK_SESSIONS_SHOWN: i64 = 100;

/// `GET /console`: the clients.
pub async fn clients(
    State(state): State<AppState>,
    operator: Operator,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, ApiError> {
    let clients = state.store.list_clients().await?;
    let body = html! {
        h1 { "Clients" }
        p.muted { "Every client that can call this server. Secrets are kept only as hashes and never shown." }
        div.table-wrap { table {
            thead { tr { th { "client_id" } th { "Name" } th { "Processor" } th { "API version" } th { "Created" } } }
            tbody {
                @for client in &clients {
                    tr {
                        td.mono { (client.client_id) }
                        td { (client.name) }
                        td { (client.processor.as_ref().map_or("—", Processor::as_str)) }
                        td { (client.api_version.as_str()) }
                        td.nowrap { (time(client.created_at)) }
                    }
                }
            }
        } }
    };
    Ok(page(&operator, "Clients", "", notice.notice(), &body))
}

#[derive(Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: u32,
    #[serde(flatten)]
    notice: NoticeQuery,
}

/// `GET /console/items?page=N`: every client's Items, newest first.
pub async fn items(
    State(state): State<AppState>,
    operator: Operator,
    Query(query): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let offset = i64::from(query.page) * ITEMS_PER_PAGE;
    let listed = state.store.list_items(ITEMS_PER_PAGE, offset).await?;
    let shown_to = offset + i64::try_from(listed.items.len()).unwrap_or(0);
    let body = html! {
        h1 { "Items" }
        p.muted { (listed.total) " Items in all; showing " (if shown_to > offset { offset + 1 } else { 0 }) "–" (shown_to) ", newest first." }
        div.table-wrap { table {
            thead { tr { th { "Item" } th { "Client" } th { "Institution" } th { "Products" } th { "Status" } th { "Created" } } }
            tbody {
                @for item in &listed.items {
                    tr {
                        td.mono { a href=(operator.url(&format!("/items/{}", item.item_id))) { (item.item_id) } }
                        td.mono { (item.client_id) }
                        td { (item.institution_name.as_deref().unwrap_or("—")) " " span.muted { (item.institution_id.as_deref().unwrap_or("")) } }
                        td { (item.products.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")) }
                        td {
                            @match item.current_error() {
                                Some(code) => { (status_badge("error")) " " code { (code.as_str()) } }
                                None => { (status_badge("ok")) }
                            }
                        }
                        td.nowrap { (time(item.created_at)) }
                    }
                }
            }
        } }
        nav.pager aria-label="Pages" {
            @if query.page > 0 {
                a href=(operator.url(&format!("/items?page={}", query.page - 1))) { "← Newer" }
            }
            @if shown_to < listed.total {
                a href=(operator.url(&format!("/items?page={}", query.page + 1))) { "Older →" }
            }
        }
    };
    Ok(page(
        &operator,
        "Items",
        "/items",
        query.notice.notice(),
        &body,
    ))
}

/// `GET /console/link-sessions`: the most recent Link sessions, where each stands and how it ended.
pub async fn link_sessions(
    State(state): State<AppState>,
    operator: Operator,
) -> Result<Response, ApiError> {
    let sessions = state
        .store
        .list_recent_link_sessions(LINK_SESSIONS_SHOWN)
        .await?;
    let body = html! {
        h1 { "Link sessions" }
        p.muted {
            "The " (LINK_SESSIONS_SHOWN) " most recent sessions. Tartan records the step each session is at and how it ended "
            "(the onSuccess or onExit metadata). The events Link reports to the page (onEvent) happen in the browser and are not stored."
        }
        div.table-wrap { table {
            thead { tr { th { "Session" } th { "Client" } th { "Mode" } th { "Started" } th { "Finished" } th { "Step / outcome" } } }
            tbody {
                @for listing in &sessions {
                    @let session = &listing.session;
                    tr {
                        td.mono { (session.link_session_id) }
                        td.mono { (listing.token.client_id) }
                        td { (if listing.token.settings.update.is_some() { "update" } else { "new Item" }) }
                        td.nowrap { (time(session.started_at)) }
                        td.nowrap { (session.finished_at.map_or_else(|| "—".to_owned(), time)) }
                        td {
                            @match &session.outcome {
                                Some(LinkOutcome::Success(success)) => {
                                    (status_badge("success")) " "
                                    (success.metadata.institution.as_ref().map_or("", |i| i.name.as_str()))
                                    ", " (success.metadata.accounts.len()) " account(s)"
                                }
                                Some(LinkOutcome::Exit(exit)) => {
                                    (status_badge("exit")) " "
                                    (exit.metadata.status.as_deref().unwrap_or(""))
                                    @if let Some(error) = &exit.error { " " code { (error.error_code) } }
                                }
                                None => { (status_badge("open")) " at " code { (stage_name(&session.stage)) } }
                            }
                        }
                    }
                }
            }
        } }
    };
    Ok(page(&operator, "Link sessions", "/link-sessions", None, &body).into_response())
}

/// The step a session is at, as stored (`consent`, `credentials`, …); never its contents (credentials, tokens).
fn stage_name(stage: &Stage) -> String {
    serde_json::to_value(stage)
        .ok()
        .and_then(|value| value.get("stage")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}
