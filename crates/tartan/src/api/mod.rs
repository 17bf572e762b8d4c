//! Plaid endpoints, one file per product family. Handlers are thin: authorise, call the store or an engine,
//! shape the Plaid response.

mod access;
mod accounts;
mod admin;
mod admin_clients;
mod admin_providers;
mod auth;
mod balance;
mod console;
mod documents;
mod guards;
mod identity;
mod identity_match;
mod institutions;
mod institutions_provider;
mod items;
mod link;
mod link_assets;
mod link_oidc;
mod link_settings;
mod processor;
mod sandbox;
mod sandbox_clock;
mod sandbox_failures;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

use crate::services::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(console::routes())
        .route(
            "/sandbox/public_token/create",
            post(sandbox::public_token_create),
        )
        .route(
            "/item/public_token/exchange",
            post(items::public_token_exchange),
        )
        .route("/item/get", post(items::get))
        .route("/item/remove", post(items::remove))
        .route("/accounts/get", post(accounts::get))
        .route("/identity/get", post(identity::get))
        .route("/identity/match", post(identity_match::identity_match))
        .route(
            "/identity/documents/uploads/get",
            post(documents::uploads_get),
        )
        .route(
            "/sandbox/identity/documents/upload",
            // Room for the largest statement plus the form around it.
            post(documents::upload)
                .layer(DefaultBodyLimit::max(documents::MAX_FILE_BYTES + 64 * 1024)),
        )
        .route(
            "/processor/identity/match",
            post(identity_match::processor_identity_match),
        )
        .route("/auth/get", post(auth::auth_get))
        .route("/accounts/balance/get", post(auth::balance_get))
        .route(
            "/sandbox/processor_token/create",
            post(sandbox::processor_token_create),
        )
        .route("/processor/token/create", post(processor::token_create))
        .route(
            "/processor/stripe/bank_account_token/create",
            post(processor::stripe_bank_account_token_create),
        )
        .route("/processor/auth/get", post(processor::auth_get))
        .route("/processor/balance/get", post(processor::balance_get))
        .route("/processor/identity/get", post(processor::identity_get))
        .route("/processor/account/get", post(processor::account_get))
        .route("/item/webhook/update", post(webhooks::item_webhook_update))
        .route(
            "/webhook_verification_key/get",
            post(webhooks::verification_key_get),
        )
        .route("/sandbox/item/fire_webhook", post(webhooks::sandbox_fire))
        .route("/institutions/get", post(institutions::get))
        .route("/institutions/get_by_id", post(institutions::get_by_id))
        .route("/institutions/search", post(institutions::search))
        .route("/sandbox/item/reset_login", post(link::sandbox_reset_login))
        .route(
            "/admin/items/{item_id}/accounts/{account_id}/identity",
            put(admin::put_identity),
        )
        .route(
            "/admin/clients/{client_id}/api_version",
            put(admin_clients::put_api_version),
        )
        .route(
            "/admin/clients/{client_id}/rotate_secret",
            post(admin_clients::rotate_secret),
        )
        .merge(provider_admin_routes())
        .merge(link_routes())
        .merge(oidc_routes())
        .merge(sandbox_controls())
}

/// Link: its tokens, the session protocol its frame speaks, and its assets (docs/link.md).
fn link_routes() -> Router<AppState> {
    Router::new()
        .route("/link/token/create", post(link::token_create))
        .route("/link/token/get", post(link::token_get))
        .route("/link/session/start", post(link::session_start))
        .route("/link/session/step", post(link::session_step))
        .route(
            "/link/session/document",
            post(link::session_document)
                .layer(DefaultBodyLimit::max(documents::MAX_FILE_BYTES + 64 * 1024)),
        )
        .route(
            "/link/session/institutions",
            post(link::session_institutions),
        )
        .route("/link/v2/stable/{file}", get(link_assets::asset))
}

/// Link's OpenID Connect logins (docs/providers.md).
fn oidc_routes() -> Router<AppState> {
    Router::new()
        .route("/link/session/oidc", post(link_oidc::begin))
        .route("/link/session/oidc/complete", post(link_oidc::complete))
        .route("/link/oidc/callback", get(link_oidc::callback))
}

/// The admin API of a data provider's catalogue, revocations and audit log (docs/providers.md).
fn provider_admin_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/clients/{client_id}/institutions",
            put(admin_providers::put_client_institutions)
                .get(admin_providers::get_client_institutions),
        )
        .route(
            "/admin/provider/records",
            post(admin_providers::post_record),
        )
        .route(
            "/admin/provider/institutions",
            get(admin_providers::list_institutions),
        )
        .route(
            "/admin/provider/institutions/{institution_id}/users",
            get(admin_providers::list_users),
        )
        .route(
            "/admin/provider/institutions/{institution_id}/users/{user_id}",
            get(admin_providers::get_user),
        )
        .route(
            "/admin/items/{item_id}/revoke",
            post(admin_providers::revoke_item),
        )
        .route("/admin/audit", get(admin_providers::list_audit))
}

/// Tartan's own sandbox controls for testing apps: the client's clock and failures on demand.
fn sandbox_controls() -> Router<AppState> {
    Router::new()
        .route("/sandbox/clock", get(sandbox_clock::show))
        .route("/sandbox/clock/get", post(sandbox_clock::get))
        .route("/sandbox/clock/advance", post(sandbox_clock::advance))
        .route("/sandbox/failures/set", post(sandbox_failures::set))
        .route("/sandbox/failures/get", post(sandbox_failures::get))
        .route("/sandbox/failures/clear", post(sandbox_failures::clear))
}
