//! The time one client sees. Every time-dependent decision made for a client (token lifetimes, Item and
//! statement timestamps, balance snapshots) asks its [`Clock`], so `/sandbox/clock/advance` moves exactly that
//! client's notion of now; other clients, the outbox's delivery schedule and operator timestamps keep real
//! time. The offset arrives with the client record (same query), so reading the clock costs no round trip.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{ClientId, ClientRecord, ClockOffset};
use crate::services::state::AppState;
use crate::store::StoreError;

/// Real time shifted by one client's sandbox offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    offset: ClockOffset,
}

impl Clock {
    /// The clock of operators and background work: real time.
    pub fn real() -> Self {
        Self::default()
    }

    /// The clock of `client`, as its record was loaded.
    pub fn of(client: &ClientRecord) -> Self {
        Self {
            offset: client.clock_offset,
        }
    }

    pub fn now(self) -> DateTime<Utc> {
        self.offset.at(Utc::now())
    }

    pub fn offset(self) -> ClockOffset {
        self.offset
    }
}

/// What `/sandbox/clock` shows: the client's now and how far it runs ahead of real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReading {
    pub now: DateTime<Utc>,
    pub offset: ClockOffset,
}

impl From<Clock> for ClockReading {
    fn from(clock: Clock) -> Self {
        Self {
            now: clock.now(),
            offset: clock.offset,
        }
    }
}

/// Why a clock did not move.
#[derive(Debug, thiserror::Error)]
pub enum ClockError {
    /// Zero or negative: sandbox time only moves forward.
    #[error("seconds must be a positive number of seconds")]
    NotForward,
    /// The clock would run further ahead than [`ClockOffset::MAX`] (or the client is gone).
    #[error("the clock may run at most {} days ahead of real time", ClockOffset::MAX.num_days())]
    TooFar,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Moves `client_id`'s clock `by` ahead; its pending webhook retries come due as if that time had passed.
/// Wakes this instance's dispatcher so a retry now due goes out at once (other instances find it on their
/// next poll).
pub async fn advance(
    state: &AppState,
    client_id: &ClientId,
    by: Duration,
) -> Result<ClockReading, ClockError> {
    if by <= Duration::zero() {
        return Err(ClockError::NotForward);
    }
    if by > ClockOffset::MAX {
        return Err(ClockError::TooFar);
    }
    let offset = state
        .store
        .advance_client_clock(client_id, by)
        .await?
        .ok_or(ClockError::TooFar)?;
    state.webhook_wake.notify_one();
    Ok(Clock { offset }.into())
}

/// `client_id`'s clock as stored now (`None`: no such client), for callers that hold no fresh client record.
pub async fn read(state: &AppState, client_id: &ClientId) -> Result<Option<Clock>, StoreError> {
    Ok(state
        .store
        .find_client(client_id)
        .await?
        .as_ref()
        .map(Clock::of))
}

/// The client's now: its sandbox clock, or real time when the client is gone.
pub async fn now_of(state: &AppState, client_id: &ClientId) -> Result<DateTime<Utc>, StoreError> {
    Ok(read(state, client_id)
        .await?
        .map_or_else(|| Clock::real().now(), Clock::now))
}
