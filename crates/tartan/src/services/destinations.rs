//! Per-destination admission for the webhook dispatcher: how many deliveries each receiver has in flight, and
//! its back-off after failures. A failing receiver gets one delivery at a time, and none until its pause ends;
//! its first success restores its full share.

use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
struct Destination {
    in_flight: usize,
    failures: u32,
    paused_until: Option<Instant>,
}

#[derive(Debug)]
pub struct Destinations {
    limit: usize,
    first_pause: Duration,
    max_pause: Duration,
    known: HashMap<String, Destination>,
}

impl Destinations {
    /// `limit` deliveries at once per destination; after `n` failures in a row, a pause of
    /// `first_pause × 2^(n-1)`, at most `max_pause`.
    pub fn new(limit: usize, first_pause: Duration, max_pause: Duration) -> Self {
        Self {
            limit: limit.max(1),
            first_pause,
            max_pause,
            known: HashMap::new(),
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Free slots of every destination that has any delivery in flight or is backing off.
    pub fn slots(&self, now: Instant) -> HashMap<String, usize> {
        self.known
            .iter()
            .map(|(name, state)| {
                let free = if state.paused_until.is_some_and(|until| until > now) {
                    0
                } else {
                    let limit = if state.failures > 0 { 1 } else { self.limit };
                    limit.saturating_sub(state.in_flight)
                };
                (name.clone(), free)
            })
            .collect()
    }

    pub fn started(&mut self, destination: &str) {
        self.known
            .entry(destination.to_owned())
            .or_default()
            .in_flight += 1;
    }

    /// A worker for `destination` ended; `healthy` unless an attempt failed.
    pub fn ended(&mut self, destination: &str, healthy: bool, now: Instant) {
        let Some(state) = self.known.get_mut(destination) else {
            return;
        };
        state.in_flight = state.in_flight.saturating_sub(1);
        if healthy {
            state.failures = 0;
            state.paused_until = None;
        } else {
            state.failures = state.failures.saturating_add(1);
            let factor = 2_u32.saturating_pow(state.failures.saturating_sub(1).min(16));
            let pause = self.first_pause.saturating_mul(factor).min(self.max_pause);
            state.paused_until = Some(now + pause);
        }
        if state.in_flight == 0 && state.failures == 0 {
            self.known.remove(destination);
        }
    }

    /// When the earliest pause ends, if any destination is paused.
    pub fn next_resume(&self, now: Instant) -> Option<Instant> {
        self.known
            .values()
            .filter_map(|state| state.paused_until)
            .filter(|until| *until > now)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_destination_pauses_then_gets_one_slot_until_it_recovers() {
        let second = Duration::from_secs(1);
        let mut destinations = Destinations::new(4, second, 8 * second);
        let now = Instant::now();
        destinations.started("a");
        destinations.started("a");
        destinations.started("b");
        assert_eq!(destinations.slots(now)["a"], 2);
        assert_eq!(destinations.slots(now)["b"], 3);
        destinations.ended("a", false, now);
        assert_eq!(destinations.slots(now)["a"], 0, "paused");
        assert_eq!(destinations.next_resume(now), Some(now + second));
        let later = now + 2 * second;
        assert_eq!(
            destinations.slots(later)["a"],
            0,
            "one in flight, one allowed"
        );
        destinations.ended("a", false, later);
        assert_eq!(
            destinations.next_resume(later),
            Some(later + 2 * second),
            "doubles"
        );
        assert_eq!(destinations.slots(later + 3 * second)["a"], 1);
        destinations.started("a");
        destinations.ended("a", true, later);
        assert!(!destinations.slots(later).contains_key("a"), "recovered");
        destinations.ended("b", true, later);
        assert!(destinations.slots(later).is_empty());
    }

    #[test]
    fn pauses_are_capped() {
        let mut destinations = Destinations::new(1, Duration::from_secs(1), Duration::from_secs(5));
        let now = Instant::now();
        for _ in 0..40 {
            destinations.started("a");
            destinations.ended("a", false, now);
        }
        assert_eq!(
            destinations.next_resume(now),
            Some(now + Duration::from_secs(5))
        );
    }
}
