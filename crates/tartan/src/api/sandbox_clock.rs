//! The client's sandbox clock: `POST /sandbox/clock/advance`, and its reading, `GET /sandbox/clock` (Plaid's
//! credential headers) or `POST /sandbox/clock/get` (credentials in the JSON body, as the SDKs send them).

use axum::Json;
use axum::extract::State;
use chrono::{Duration, SecondsFormat};

use super::guards::require_sandbox;
use crate::http::{ApiError, HeaderClient, PlaidRequest};
use crate::services::AppState;
use crate::services::clock::{self, Clock, ClockError, ClockReading};
use crate::wire::{
    RequestId, SandboxClockAdvanceRequest, SandboxClockGetRequest, SandboxClockResponse,
};

/// `POST /sandbox/clock/advance {seconds}`: the caller's clock moves ahead; nobody else's does.
pub async fn advance(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<SandboxClockAdvanceRequest>,
) -> Result<Json<SandboxClockResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/clock/advance")?;
    let by = Duration::try_seconds(body.seconds).ok_or_else(|| invalid_seconds(body.seconds))?;
    let reading = clock::advance(&state, &client.client_id, by)
        .await
        .map_err(|error| match error {
            ClockError::Store(error) => error.into(),
            other => ApiError::InvalidField(format!("{other}, got {}", body.seconds)),
        })?;
    Ok(Json(answer(reading, request_id)))
}

/// `POST /sandbox/clock/get`.
pub async fn get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, .. }: PlaidRequest<SandboxClockGetRequest>,
) -> Result<Json<SandboxClockResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/clock/get")?;
    Ok(Json(answer(Clock::of(&client).into(), request_id)))
}

/// `GET /sandbox/clock` with `PLAID-CLIENT-ID` and `PLAID-SECRET` headers.
pub async fn show(
    State(state): State<AppState>,
    request_id: RequestId,
    HeaderClient(client): HeaderClient,
) -> Result<Json<SandboxClockResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/clock")?;
    Ok(Json(answer(Clock::of(&client).into(), request_id)))
}

fn invalid_seconds(seconds: i64) -> ApiError {
    ApiError::InvalidField(format!(
        "seconds must be a positive number of seconds, got {seconds}"
    ))
}

fn answer(reading: ClockReading, request_id: RequestId) -> SandboxClockResponse {
    SandboxClockResponse {
        virtual_time: reading.now.to_rfc3339_opts(SecondsFormat::Millis, true),
        real_time: (reading.now - reading.offset.duration())
            .to_rfc3339_opts(SecondsFormat::Millis, true),
        offset_seconds: reading.offset.duration().num_seconds(),
        request_id,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    #[test]
    fn the_reading_shows_both_times() {
        let reading = ClockReading {
            now: Utc::now(),
            offset: crate::domain::ClockOffset::from_millis(90_000).unwrap(),
        };
        let shown = answer(reading, RequestId::generate());
        assert_eq!(shown.offset_seconds, 90);
        assert!(shown.virtual_time > shown.real_time);
    }
}
