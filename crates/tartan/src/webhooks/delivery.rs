//! What the dispatcher and the outbox exchange: how much to claim, what an attempt ended in, how deep the
//! outbox is, and the destination a URL belongs to.

use std::collections::HashMap;
use std::time::Duration;

/// The receiver a webhook URL names: its scheme, host and port. Concurrency and back-off are per destination,
/// so one slow or dead receiver holds up only its own webhooks.
pub fn destination_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => parsed.origin().ascii_serialization(),
        // Unparseable URLs fail on delivery; each is its own destination so it blocks nothing else.
        Err(_) => url.to_owned(),
    }
}

/// How many due webhooks one claim may lease.
#[derive(Debug, Clone)]
pub struct ClaimLimits {
    /// Items at most (each Item's due webhooks are delivered in order by one worker).
    pub items: usize,
    /// Webhooks at most per Item.
    pub per_item: usize,
    /// Items at most per destination, for destinations not in `slots`.
    pub per_destination: usize,
    /// Items at most for the destinations the dispatcher is busy with (0: skip it, e.g. while backing off).
    pub slots: HashMap<String, usize>,
}

impl ClaimLimits {
    /// How many more Items of `destination` this claim may take.
    pub fn free_at(&self, destination: &str) -> usize {
        self.slots
            .get(destination)
            .copied()
            .unwrap_or(self.per_destination)
    }

    /// The destinations this claim must skip entirely.
    pub fn excluded(&self) -> Vec<&str> {
        let mut excluded: Vec<&str> = self
            .slots
            .iter()
            .filter(|(_, free)| **free == 0)
            .map(|(destination, _)| destination.as_str())
            .collect();
        excluded.sort_unstable();
        excluded
    }
}

/// How deep the outbox is and how fast it drains, for operators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxStats {
    /// Pending webhooks (due now or waiting for a retry).
    pub pending: i64,
    /// Pending webhooks due now.
    pub due: i64,
    /// Pending webhooks leased by an instance right now.
    pub leased: i64,
    /// Webhooks that were given up.
    pub failed: i64,
    /// How long the oldest due webhook has waited.
    pub oldest_due_age: Option<Duration>,
    /// From enqueue to delivery, over the most recent deliveries: (p50, p99, how many).
    pub latency: Option<(Duration, Duration, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destination_is_the_urls_origin() {
        assert_eq!(
            destination_of("https://App.example.com/hooks/plaid?x=1"),
            "https://app.example.com"
        );
        assert_eq!(
            destination_of("http://127.0.0.1:9000/a"),
            destination_of("http://127.0.0.1:9000/b")
        );
        assert_ne!(
            destination_of("http://127.0.0.1:9000/a"),
            destination_of("http://127.0.0.1:9001/a")
        );
        assert_eq!(destination_of("not a url"), "not a url");
    }
}
