//! Admission control: overload sheds instead of collapsing. At most `max_in_flight` requests are handled at
//! once; up to `max_queued` more wait at most `queue_timeout` for a slot; every other request is answered at once
//! with Plaid's 429 `RATE_LIMIT_EXCEEDED` body. Memory stays bounded (a refused request holds nothing), latency
//! of admitted requests stays that of a server at capacity, and the server recovers as soon as load drops.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

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

    /// A free slot, if there is one now (what [`Admission::admit`] tries first, without building its future).
    pub fn try_admit(&self) -> Option<SemaphorePermit<'_>> {
        self.in_flight.try_acquire().ok()
    }

    /// Admits a request (the permit is its slot: held until the handler has answered), queues it briefly, or
    /// sheds it. Probes never ask (see [`is_probe`]).
    pub async fn admit(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        if let Ok(permit) = self.in_flight.try_acquire() {
            return Ok(permit);
        }
        let Ok(place) = self.queued.try_acquire() else {
            return Err(ApiError::Overloaded);
        };
        match tokio::time::timeout(self.queue_timeout, self.in_flight.acquire()).await {
            Ok(Ok(permit)) => {
                drop(place);
                Ok(permit)
            }
            Ok(Err(_)) | Err(_) => Err(ApiError::Overloaded),
        }
    }
}

/// Probes (`/health`, `/ready`) always pass without a slot, so a busy server is not mistaken for a dead one.
pub fn is_probe(path: &str) -> bool {
    path.ends_with("/health") || path.ends_with("/ready")
}
