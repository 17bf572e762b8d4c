//! The router: every route at the root and under the base path, the fallbacks, and every layer, applied once.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;

use super::catalogue;
use crate::http::admission::Admission;
use crate::http::edge::{EdgeConfig, EdgeLayer};
use crate::http::{ApiError, metrics};
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
    let base_path = state.config.base_path.clone();
    let capacity = &state.config.capacity;
    // One middleware, in front of every route and fallback (`Router::layer` wraps each in it): request id, log
    // line and metrics, the error renderer, version negotiation, admission, panics, the timeout and the body
    // limit, in that order, in one service and one future (see `http::edge`).
    let edge = EdgeLayer::new(EdgeConfig {
        base_path: base_path.clone(),
        admission: Admission::new(
            capacity.max_in_flight,
            capacity.max_queued,
            std::time::Duration::from_millis(capacity.queue_timeout_ms),
        ),
        timeout: state.config.request_timeout(),
        body_limit: state.config.body_limit_bytes,
    });
    router
        .fallback(move |uri: Uri| not_found(uri, base_path.clone()))
        .method_not_allowed_fallback(|| async { ApiError::NotFound })
        .layer(edge)
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
