//! Transport: how an HTTP request becomes a typed Plaid request and a failure becomes Plaid's error body.
//! Depends on the state below it; knows nothing of handlers or the router above it.

pub mod admission;
pub mod edge;
pub mod error;
mod extract;
mod json;
pub mod metrics;
pub mod rate_limit;
pub mod request_id;
pub mod versions;

pub use error::ApiError;
pub use extract::{
    AdminAuth, AdminRequest, Base, ClientAddress, DataRequest, HeaderClient, ItemWith, LinkRequest,
    Owners, PlaidRequest, PrefetchedItem, ProcessorWith, Rails,
};
pub use json::{Json, JsonBytes};
