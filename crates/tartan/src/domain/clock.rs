//! A client's sandbox clock: how far its notion of now runs ahead of real time.

use chrono::{DateTime, Duration, Utc};

/// How far a client's clock runs ahead of real time. Never negative: sandbox time only moves forward, so a
/// token that expired stays expired.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockOffset(Duration);

impl ClockOffset {
    /// The furthest a clock may run ahead: ten years, far past every lifetime Tartan knows (the longest is
    /// the 24-hour webhook retry window) and far from any overflow.
    pub const MAX: Duration = Duration::days(3650);

    /// An offset as stored, in milliseconds; `None` for a negative or too large value.
    pub fn from_millis(millis: i64) -> Option<Self> {
        let duration = Duration::try_milliseconds(millis)?;
        (duration >= Duration::zero() && duration <= Self::MAX).then_some(Self(duration))
    }

    pub fn millis(self) -> i64 {
        self.0.num_milliseconds()
    }

    pub fn duration(self) -> Duration {
        self.0
    }

    /// The client's now when real time is `real`.
    pub fn at(self, real: DateTime<Utc>) -> DateTime<Utc> {
        real + self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_forward_and_bounded() {
        assert_eq!(ClockOffset::from_millis(0), Some(ClockOffset::default()));
        assert!(ClockOffset::from_millis(-1).is_none());
        assert!(ClockOffset::from_millis(ClockOffset::MAX.num_milliseconds() + 1).is_none());
        let offset = ClockOffset::from_millis(1_800_000).unwrap();
        let real = Utc::now();
        assert_eq!(offset.at(real) - real, Duration::minutes(30));
        assert_eq!(offset.millis(), 1_800_000);
    }
}
