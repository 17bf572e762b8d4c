//! Admission control: overload sheds instead of collapsing. At most `max_in_flight` requests are handled at
//! once; up to `max_queued` more wait at most `queue_timeout` for a slot; every other request is answered at once
//! with Plaid's 429 `RATE_LIMIT_EXCEEDED` body. Memory stays bounded (a refused request holds nothing), latency
//! of admitted requests stays that of a server at capacity, and the server recovers as soon as load drops.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use super::error::ApiError;

/// The limits and their live counters, shared by every request.
#[derive(Clone)]
pub struct Admission {
    in_flight: Arc<Semaphore>,
    queued: Arc<Semaphore>,
    queue_timeout: Duration,
}

impl Admission {
    pub fn new(max_in_flight: usize, max_queued: usize, queue_timeout: Duration) -> Self {
        Self {
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
            queued: Arc::new(Semaphore::new(max_queued)),
            queue_timeout,
        }
    }
}

/// Middleware: admits the request, queues it briefly, or sheds it. Probes (`/health`, `/ready`) always pass, so
/// a busy server is not mistaken for a dead one.
pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.ends_with("/health") || path.ends_with("/ready") {
        return next.run(request).await;
    }
    if let Ok(_permit) = admission.in_flight.try_acquire() {
        return next.run(request).await;
    }
    let Ok(place) = admission.queued.try_acquire() else {
        return ApiError::Overloaded.into_response();
    };
    match tokio::time::timeout(admission.queue_timeout, admission.in_flight.acquire()).await {
        Ok(Ok(_permit)) => {
            drop(place);
            next.run(request).await
        }
        Ok(Err(_)) | Err(_) => ApiError::Overloaded.into_response(),
    }
}
