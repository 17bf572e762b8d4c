//! HTTP integration tests: a real server on 127.0.0.1:0, spoken to over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

mod helpers;

mod accounts;
mod backup;
mod console;
mod documents;
mod errors;
mod identity;
mod identity_match;
mod instances;
mod items;
mod link;
mod metrics;
mod oidc;
mod oidc_provider;
mod outage;
mod overload;
mod persistence;
mod processor;
mod provider;
mod provider_import;
mod rate_limits;
mod read_model;
mod receiver;
mod request_log;
mod sandbox;
mod sandbox_clock;
mod sandbox_failures;
mod secrets;
mod seed;
mod shutdown;
mod versions;
mod webhook_isolation;
mod webhooks;
