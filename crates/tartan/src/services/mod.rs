//! Application services over the store: what happens beyond one request's handler (identity updates and
//! their webhooks, webhook delivery, upkeep), and the state handlers share.

pub mod clock;
pub mod console_sessions;
pub mod destinations;
pub mod failures;
pub mod identity_updates;
pub mod item_state;
pub mod item_webhooks;
pub mod link;
pub mod maintenance;
pub mod oidc;
pub mod outbox_writer;
pub mod provider;
pub mod state;
pub mod webhook_attempt;
pub mod webhook_dispatcher;
pub mod webhook_retry;

pub use state::AppState;
