//! Failures on demand: `/sandbox/failures/set`, `/sandbox/failures/get`, `/sandbox/failures/clear`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::request_id::RequestId;

#[derive(Debug, Deserialize)]
pub struct SandboxFailuresSetRequest {
    /// Extra latency before each request, 0–30000 ms.
    pub latency_ms: Option<u32>,
    /// The share of requests answered with `error_code`, 0–100.
    pub error_percent: Option<u8>,
    /// `INTERNAL_SERVER_ERROR` (default) or `PLANNED_MAINTENANCE`.
    pub error_code: Option<String>,
    /// How many of the next requests answer `RATE_LIMIT_EXCEEDED` (`RATE_LIMIT`), at most 100000.
    pub rate_limit_burst: Option<u32>,
    /// Webhooks of the client's Items arrive this many seconds late, at most 3600.
    pub webhook_delay_seconds: Option<u32>,
    /// Webhooks of the client's Items arrive twice.
    pub webhook_duplicate: Option<bool>,
    /// Webhooks of the client's Items are each held back a random 0–2 s, so those fired close together
    /// arrive out of order.
    pub webhook_out_of_order: Option<bool>,
    /// Institution id → `INSTITUTION_DOWN` or `INSTITUTION_NOT_RESPONDING`: the client's Items there answer it.
    pub institution_errors: Option<BTreeMap<String, String>>,
}

/// `/sandbox/failures/get` and `/sandbox/failures/clear` take nothing but the credentials.
#[derive(Debug, Deserialize)]
pub struct SandboxFailuresEmptyRequest {}

#[derive(Debug, Serialize)]
pub struct SandboxFailures {
    pub latency_ms: u32,
    pub error_percent: u8,
    pub error_code: &'static str,
    /// What is left of the burst.
    pub rate_limit_burst: u32,
    pub webhook_delay_seconds: u32,
    pub webhook_duplicate: bool,
    pub webhook_out_of_order: bool,
    pub institution_errors: BTreeMap<String, &'static str>,
}

#[derive(Debug, Serialize)]
pub struct SandboxFailuresResponse {
    /// `null`: no failures are set.
    pub failures: Option<SandboxFailures>,
    pub request_id: RequestId,
}
