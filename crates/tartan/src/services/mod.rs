//! Application services over the store: what happens beyond one request's handler (identity updates and
//! their webhooks, webhook delivery, upkeep), and the state handlers share.

pub mod clock;
pub mod destinations;
pub mod failures;
pub mod identity_updates;
pub mod link;
pub mod maintenance;
pub mod outbox_writer;
pub mod state;
pub mod webhook_attempt;
pub mod webhook_dispatcher;

pub use state::AppState;
