//! Giving memory back once the server goes quiet.
//!
//! A burst of requests fills SQLite's page caches (up to 2 MB a connection) and leaves the allocator holding
//! what they used; after the burst that memory stayed resident although nothing read it (docs/performance.md,
//! "Idle memory"). This task looks at how busy the async workers were, from the busy time tokio keeps per
//! worker anyway, so nothing is counted on the request path. After some work, the first quiet interval asks the
//! store to drop its unused cached pages; mimalloc, which also serves SQLite's C allocations (the `override`
//! feature), hands the freed pages back to the OS. The next requests read their pages again from the OS's file
//! cache.

use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Handle;

use crate::store::Store;

/// How often the workers' busy time is looked at.
const CHECK_INTERVAL: Duration = Duration::from_secs(1);
/// An interval is quiet when the workers together were busy less than this during it (1 % of one core). The
/// server's own timers cost far less; a load of a few hundred requests a second costs more.
const QUIET_BELOW: Duration = Duration::from_millis(10);
/// Busy time since the last release before another one is worth it: an idle server's timers alone take minutes
/// to add up to this, so an idle server does not release over and over.
const WORK_BEFORE_RELEASE: Duration = Duration::from_millis(50);

/// Decides, interval by interval, when to release.
#[derive(Debug, Default)]
pub(crate) struct IdleWatch {
    busy_since_release: Duration,
}

impl IdleWatch {
    /// Takes the workers' busy time during the last interval; true when memory should be released now.
    pub(crate) fn quiet_after_work(&mut self, busy: Duration) -> bool {
        self.busy_since_release += busy;
        if busy < QUIET_BELOW && self.busy_since_release >= WORK_BEFORE_RELEASE {
            self.busy_since_release = Duration::ZERO;
            true
        } else {
            false
        }
    }
}

/// The async workers' busy time so far, all workers together.
fn workers_busy() -> Duration {
    let metrics = Handle::current().metrics();
    (0..metrics.num_workers())
        .map(|worker| metrics.worker_total_busy_duration(worker))
        .sum()
}

/// Runs for as long as the task lives (the server aborts it at shutdown).
pub async fn release_when_idle(store: Arc<dyn Store>) {
    let mut watch = IdleWatch::default();
    let mut ticks = tokio::time::interval(CHECK_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut busy_before = workers_busy();
    loop {
        ticks.tick().await;
        let busy_now = workers_busy();
        let busy = busy_now.saturating_sub(busy_before);
        busy_before = busy_now;
        if watch.quiet_after_work(busy)
            && let Err(error) = store.release_idle_memory().await
        {
            tracing::warn!(%error, "cannot release the database's cached pages");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUSY: Duration = Duration::from_millis(800);
    const TIMERS: Duration = Duration::from_micros(200);

    #[test]
    fn releases_once_on_the_first_quiet_interval_after_a_burst() {
        let mut watch = IdleWatch::default();
        assert!(!watch.quiet_after_work(BUSY), "busy: not yet");
        assert!(!watch.quiet_after_work(BUSY), "still busy");
        assert!(watch.quiet_after_work(TIMERS), "the first quiet interval");
        assert!(!watch.quiet_after_work(TIMERS), "already released");
        assert!(!watch.quiet_after_work(Duration::ZERO));
    }

    #[test]
    fn an_idle_server_releases_rarely() {
        let mut watch = IdleWatch::default();
        let releases = (0..60).filter(|_| watch.quiet_after_work(TIMERS)).count();
        assert_eq!(releases, 0, "a minute of timers alone is not work");
    }

    #[test]
    fn a_trickle_of_requests_adds_up_to_one_release() {
        let mut watch = IdleWatch::default();
        let trickle = Duration::from_millis(5);
        let releases: Vec<bool> = (0..10).map(|_| watch.quiet_after_work(trickle)).collect();
        assert_eq!(
            releases,
            [
                false, false, false, false, false, false, false, false, false, true
            ]
        );
    }
}
