//! Tartan's sandbox clock: `/sandbox/clock/advance`, `/sandbox/clock/get` and `GET /sandbox/clock`.

use serde::{Deserialize, Serialize};

use super::request_id::RequestId;

#[derive(Debug, Deserialize)]
pub struct SandboxClockAdvanceRequest {
    /// How far to move the client's clock ahead, in whole seconds (positive).
    pub seconds: i64,
}

/// `/sandbox/clock/get` takes nothing but the credentials.
#[derive(Debug, Deserialize)]
pub struct SandboxClockGetRequest {}

/// The client's clock: its now (named as Plaid's transfer test clocks name theirs) and how far it runs ahead.
#[derive(Debug, Serialize)]
pub struct SandboxClockResponse {
    pub virtual_time: String,
    pub real_time: String,
    pub offset_seconds: i64,
    pub request_id: RequestId,
}
