//! What every handler can reach.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Config;
use crate::store::Store;

/// One `Arc` around what handlers share: axum clones the state for every request (the route's handler service,
/// then the `State` extractor), and one reference count is one atomic update on a cache line both workers
/// touch, where three `Arc`s side by side were three.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub config: Arc<Config>,
    pub store: Arc<dyn Store>,
    /// Wakes this instance's webhook dispatcher when a request enqueued a webhook.
    pub webhook_wake: Arc<Notify>,
}

impl AppState {
    pub fn new(config: Arc<Config>, store: Arc<dyn Store>, webhook_wake: Arc<Notify>) -> Self {
        Self(Arc::new(Shared {
            config,
            store,
            webhook_wake,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
