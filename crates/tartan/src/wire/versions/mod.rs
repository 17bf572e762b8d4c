//! Older API versions' shapes, made from today's (2020-09-14) serialized response in one place.
//!
//! Handlers build one response; [`adapt`] rewrites its JSON for the version the request asked for, so a
//! version is a transformation at the wire boundary, never a copy of a handler.

mod adapt;
mod legacy_identity;
mod numbers;

pub use adapt::adapt;
