//! Tartan: a self-hosted, Plaid-compatible API server.

pub mod api;
pub mod app;
pub mod config;
pub mod domain;
pub mod http;
pub mod identity_updates;
pub mod maintenance;
pub mod sandbox;
pub mod store;
pub mod telemetry;
pub mod tokens;
pub mod webhooks;
pub mod wire;
