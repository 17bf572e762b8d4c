//! What every handler can reach.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Config;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Arc<dyn Store>,
    /// Wakes this instance's webhook dispatcher when a request enqueued a webhook.
    pub webhook_wake: Arc<Notify>,
}
