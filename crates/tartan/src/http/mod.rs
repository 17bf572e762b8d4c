//! Transport: how an HTTP request becomes a typed Plaid request and a failure becomes Plaid's error body.
//! Depends on the state below it; knows nothing of handlers or the router above it.

pub mod admission;
pub mod error;
mod extract;
mod json;
pub mod metrics;
pub mod rate_limit;
pub mod request_id;
pub mod versions;

pub use error::ApiError;
pub use extract::{
    AdminAuth, AdminRequest, ClientAddress, HeaderClient, LinkRequest, PlaidRequest, PrefetchedItem,
};
pub use json::{Json, JsonBytes};
