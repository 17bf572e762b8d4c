//! The console's routes. Room for more controls (the sandbox clock, failures on demand) goes under
//! `/console/sandbox/…` with pages and actions of their own, added here.

use axum::Router;
use axum::routing::{get, post};

use super::{account_actions, assets, auth, item_actions, item_page, lists, webhook_pages};
use crate::services::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console", get(lists::clients))
        .route(
            "/console/sign-in",
            get(auth::sign_in_page).post(auth::sign_in),
        )
        .route("/console/sign-out", post(auth::sign_out))
        .route("/console/assets/{file}", get(assets::asset))
        .route("/console/items", get(lists::items))
        .route("/console/items/{item_id}", get(item_page::show))
        .route(
            "/console/items/{item_id}/fire-webhook",
            post(item_actions::fire_webhook),
        )
        .route(
            "/console/items/{item_id}/reset-login",
            post(item_actions::reset_login),
        )
        .route(
            "/console/items/{item_id}/error",
            post(item_actions::set_error),
        )
        .route(
            "/console/items/{item_id}/remove",
            post(item_actions::remove),
        )
        .route(
            "/console/items/{item_id}/accounts/{account_id}/balances",
            post(account_actions::set_balances),
        )
        .route(
            "/console/items/{item_id}/accounts/{account_id}/address",
            post(account_actions::set_address),
        )
        .route("/console/link-sessions", get(lists::link_sessions))
        .route("/console/webhooks", get(webhook_pages::list))
        .route("/console/webhooks/{webhook_id}", get(webhook_pages::show))
        .route(
            "/console/webhooks/{webhook_id}/retry",
            post(webhook_pages::retry),
        )
}
