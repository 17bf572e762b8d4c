//! The request-id middleware (every request gets an id, a span and one completion log line), and the extractor
//! that hands a handler its request's id.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{FromRequestParts, MatchedPath, Request};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::domain::ClientId;
use crate::wire::RequestId;

/// Where the extractor leaves the authenticated client's id for the completion log line.
#[derive(Clone, Default)]
pub struct ClientSlot(Arc<OnceLock<ClientId>>);

impl ClientSlot {
    pub fn record(&self, client_id: &ClientId) {
        let _ = self.0.set(client_id.clone());
    }
}

/// Middleware: assigns the id, opens the request's span, echoes the id in `X-Request-Id`, and logs one line
/// when the response is ready: request id, client id, route, status, latency. Never a body, token or secret.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = RequestId::generate();
    let slot = ClientSlot::default();
    request.extensions_mut().insert(id.clone());
    request.extensions_mut().insert(slot.clone());
    // The matched route, not the raw path: it names the operation and never carries identifiers.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_owned(), |path| path.as_str().to_owned());
    let span = tracing::info_span!("request", request_id = %id.as_str(), method = %request.method(), route = %route);
    let mut response = next.run(request).instrument(span.clone()).await;
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert("x-request-id", value);
    }
    let latency = started.elapsed().as_secs_f64();
    span.in_scope(|| {
        tracing::info!(
            client_id = slot.0.get().map(ClientId::as_str),
            status = response.status().as_u16(),
            latency_ms = latency * 1000.0,
            "request completed"
        );
    });
    let status = response.status().as_str().to_owned();
    metrics::counter!("tartan_http_requests_total", "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("tartan_http_request_duration_seconds", "route" => route).record(latency);
    response
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned().unwrap_or_default())
    }
}
