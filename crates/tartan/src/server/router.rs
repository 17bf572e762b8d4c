//! The router: every route at the root and under the base path, the fallbacks, and every layer, applied once.

use std::any::Any;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;

use super::catalogue;
use crate::http::admission::{self, Admission};
use crate::http::{ApiError, error, metrics, request_id, versions};
use crate::services::AppState;
use crate::wire::RequestId;

/// Every route at the root and, when configured, under the base path; every layer applied once, here.
/// `closing` turns true on the shutdown signal: from then on `/ready` answers 503.
pub fn router(state: AppState, closing: watch::Receiver<bool>) -> Router {
    let routes = crate::api::routes().route("/health", get(health)).route(
        "/ready",
        get(move |state: State<AppState>, request_id: RequestId| {
            ready(state, request_id, closing.clone())
        }),
    );
    metrics::install();
    let mut router = Router::new()
        .merge(routes.clone())
        .route("/metrics", get(metrics::scrape));
    if let Some(base_path) = &state.config.base_path {
        router = router.nest(base_path, routes);
    }
    let timeout = state.config.request_timeout();
    let base_path = state.config.base_path.clone();
    let capacity = &state.config.capacity;
    let admission = Admission::new(
        capacity.max_in_flight,
        capacity.max_queued,
        std::time::Duration::from_millis(capacity.queue_timeout_ms),
    );
    // One `layer` call with the whole stack, outermost first. Each `Router::layer` call wraps every route in a
    // boxed service of its own, and every request then cloned each box below it (once per layer): one stack of
    // concrete types is cloned without those allocations. The order is what it was: the request id outermost,
    // then the error renderer, version negotiation, admission, panics, the timeout, the body limit.
    let stack = ServiceBuilder::new()
        .layer(middleware::from_fn(request_id::assign))
        .layer(middleware::from_fn(error::render))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            versions::negotiate,
        ))
        .layer(middleware::from_fn_with_state(admission, admission::admit))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(move |request, next| {
            enforce_timeout(timeout, request, next)
        }))
        .layer(DefaultBodyLimit::max(state.config.body_limit_bytes));
    router
        .fallback(move |uri: Uri| not_found(uri, base_path.clone()))
        .method_not_allowed_fallback(|| async { ApiError::NotFound })
        .layer(stack)
        .with_state(state)
}

async fn not_found(uri: Uri, base_path: Option<String>) -> ApiError {
    let path = uri.path();
    let path = base_path
        .as_deref()
        .and_then(|base| path.strip_prefix(base))
        .unwrap_or(path);
    if catalogue::is_plaid_path(path) {
        ApiError::NotServed(path.to_owned())
    } else {
        ApiError::NotFound
    }
}

#[derive(serde::Serialize)]
struct Status {
    status: &'static str,
    request_id: RequestId,
}

/// Liveness: the process answers.
async fn health(request_id: RequestId) -> Json<Status> {
    Json(Status {
        status: "ok",
        request_id,
    })
}

/// Readiness: the database answers and the server is not shutting down.
async fn ready(
    State(state): State<AppState>,
    request_id: RequestId,
    closing: watch::Receiver<bool>,
) -> Response {
    let status = if *closing.borrow() {
        "shutting_down"
    } else {
        match state.store.ping().await {
            Ok(()) => {
                return Json(Status {
                    status: "ok",
                    request_id,
                })
                .into_response();
            }
            Err(error) => {
                tracing::warn!(%error, "not ready");
                "unavailable"
            }
        }
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(Status { status, request_id }),
    )
        .into_response()
}

async fn enforce_timeout(limit: std::time::Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// A panic is a bug; the client still gets a Plaid error and the server keeps serving.
fn panic_response(payload: Box<dyn Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ApiError::Internal(anyhow::anyhow!("handler panicked: {message}")).into_response()
}
