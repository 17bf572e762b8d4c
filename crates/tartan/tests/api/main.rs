//! HTTP integration tests: a real server on 127.0.0.1:0, spoken to over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

mod helpers;

mod accounts;
mod backup;
mod documents;
mod errors;
mod identity;
mod identity_match;
mod instances;
mod items;
mod link;
mod metrics;
mod outage;
mod overload;
mod persistence;
mod processor;
mod rate_limits;
mod receiver;
mod request_log;
mod sandbox;
mod sandbox_clock;
mod sandbox_failures;
mod secrets;
mod seed;
mod versions;
mod webhook_isolation;
mod webhooks;
