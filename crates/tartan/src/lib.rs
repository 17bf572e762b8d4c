//! Tartan: a self-hosted, Plaid-compatible API server.
//!
//! The modules form layers that import downwards only (`tests/architecture.rs` checks it; see
//! `docs/architecture.md`):
//!
//! | layer | modules |
//! |---|---|
//! | 0 | [`domain`]: values with their invariants, Plaid's error codes, tokens |
//! | 1 | [`wire`] (the spec's shapes), [`webhooks`] (catalogue, signatures, outbox records), [`sandbox`], [`config`] |
//! | 2 | [`store`]: persistence behind one trait |
//! | 3 | [`services`]: state, identity updates, webhook delivery, upkeep |
//! | 4 | [`http`]: extractors, the error renderer, request ids |
//! | 5 | [`api`]: the handlers |
//! | 6 | [`server`]: router and application; [`telemetry`] |

pub mod api;
pub mod config;
pub mod domain;
pub mod http;
pub mod sandbox;
pub mod server;
pub mod services;
pub mod store;
pub mod telemetry;
pub mod webhooks;
pub mod wire;
