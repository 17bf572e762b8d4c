//! The Item buttons: fire a webhook, reset login, set or clear an error, remove. Each calls the service the
//! API handler calls, then goes back to the page with a notice saying what happened.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{CsrfOnly, check_csrf};
use super::layout::page_error;
use super::refusal::Refusal;
use super::session::Operator;
use crate::domain::{ErrorCode, ItemId, ItemRecord};
use crate::http::ApiError;
use crate::services::item_state::{self, ItemStateError};
use crate::services::item_webhooks::{self, FireError};
use crate::services::{AppState, clock, link};

/// Back to `path` with a notice (`failed` for a refusal).
pub fn back(operator: &Operator, path: &str, text: &str, failed: bool) -> Response {
    let key = if failed { "failed" } else { "done" };
    let text: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    Redirect::to(&operator.url(&format!("{path}?{key}={text}"))).into_response()
}

/// The Item, or the console's "not found" page.
pub async fn find_item(
    state: &AppState,
    operator: &Operator,
    item_id: String,
) -> Result<ItemRecord, Refusal> {
    match state.store.find_item(&ItemId::from_stored(item_id)).await {
        Ok(Some(item)) => Ok(item),
        Ok(None) => Err(page_error(
            operator,
            StatusCode::NOT_FOUND,
            "No such Item (it may have been removed).",
        )),
        Err(error) => Err(ApiError::from(error).into_response().into()),
    }
}

fn item_path(item: &ItemRecord) -> String {
    format!("/items/{}", item.item_id)
}

#[derive(Deserialize)]
pub struct FireForm {
    #[serde(default)]
    csrf: String,
    /// `TYPE CODE`, e.g. `ITEM ERROR`.
    webhook: String,
}

/// `POST /console/items/{item_id}/fire-webhook`
pub async fn fire_webhook(
    State(state): State<AppState>,
    operator: Operator,
    Path(item_id): Path<String>,
    Form(form): Form<FireForm>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let item = find_item(&state, &operator, item_id).await?;
    let (kind, code) = form
        .webhook
        .split_once(' ')
        .unwrap_or(("ITEM", &form.webhook));
    let path = item_path(&item);
    let now = clock::now_of(&state, &item.client_id)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    Ok(
        match item_webhooks::fire(&state, &item, now, Some(kind), code).await {
            Ok(fired) => back(
                &operator,
                &path,
                &format!("Queued {kind} {code} to {}.", fired.url),
                false,
            ),
            Err(FireError::Store(error)) => {
                return Err(ApiError::from(error).into_response().into());
            }
            Err(refused) => back(&operator, &path, &refused.to_string(), true),
        },
    )
}

/// `POST /console/items/{item_id}/reset-login`: `/sandbox/item/reset_login`.
pub async fn reset_login(
    State(state): State<AppState>,
    operator: Operator,
    Path(item_id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let item = find_item(&state, &operator, item_id).await?;
    let now = clock::now_of(&state, &item.client_id)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    link::reset_login(&state, &item, now)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    Ok(back(
        &operator,
        &item_path(&item),
        "Login reset: data endpoints answer ITEM_LOGIN_REQUIRED.",
        false,
    ))
}

#[derive(Deserialize)]
pub struct ErrorForm {
    #[serde(default)]
    csrf: String,
    /// A code of `settable_item_errors`, or empty to clear.
    #[serde(default)]
    error_code: String,
}

/// `POST /console/items/{item_id}/error`: sets (or, empty, clears) the Item's error.
pub async fn set_error(
    State(state): State<AppState>,
    operator: Operator,
    Path(item_id): Path<String>,
    Form(form): Form<ErrorForm>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let item = find_item(&state, &operator, item_id).await?;
    let path = item_path(&item);
    if form.error_code.is_empty() {
        item_state::clear_error(&state, &item)
            .await
            .map_err(internal)?;
        return Ok(back(&operator, &path, "Error cleared.", false));
    }
    let Some(code) = ErrorCode::parse(&form.error_code) else {
        return Ok(back(&operator, &path, "Unknown error code.", true));
    };
    match item_state::set_error(&state, &item, code).await {
        Ok(()) => Ok(back(
            &operator,
            &path,
            &format!("The Item is now in error {code}."),
            false,
        )),
        Err(refused @ ItemStateError::NotSettable(_)) => {
            Ok(back(&operator, &path, &refused.to_string(), true))
        }
        Err(error) => Err(internal(error).into()),
    }
}

/// `POST /console/items/{item_id}/remove`: `/item/remove`.
pub async fn remove(
    State(state): State<AppState>,
    operator: Operator,
    Path(item_id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, Refusal> {
    check_csrf(&operator, &form.csrf)?;
    let item = find_item(&state, &operator, item_id).await?;
    item_state::remove(&state, &item)
        .await
        .map_err(|error| ApiError::from(error).into_response())?;
    Ok(back(
        &operator,
        "/items",
        &format!("Removed Item {}.", item.item_id),
        false,
    ))
}

pub fn internal(error: ItemStateError) -> Response {
    ApiError::Internal(error.into()).into_response()
}
