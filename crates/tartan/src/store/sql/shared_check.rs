//! One check of the database at a time, shared by every caller that began before it did.
//!
//! The PostgreSQL read model asks the database for its current snapshot on every hit (`pg_reads`): a round
//! trip and a statement on a backend, about as costly as the read it saves on a small answer. What a caller
//! needs is weaker than a check of its own: *a* check that began after the caller did, because such a check
//! sees every commit that completed before the caller began, on any instance. So checks are combined, as a
//! database combines the commits of concurrent transactions into one flush:
//! - a caller takes a ticket, the number of checks begun so far;
//! - if a check numbered at or above its ticket (so begun after it) has finished, it takes that check's
//!   result;
//! - else, if no check is running, it runs one itself;
//! - else it waits for the running one to finish and looks again: that check began before the caller, so its
//!   result is not enough, but whoever looks first after it starts the next one, for everyone who waited.
//!
//! Under load, every caller that arrives while a check runs is answered by the next one, so checks run back to
//! back, each answering as many callers as arrived during the one before. With one caller at a time nothing
//! changes: it runs its own check.
//!
//! A runner that is cancelled (its request dropped) gives the turn back, and the waiters start another check.

use std::pin::pin;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

/// See the module's documentation. `T` is a check's result (`None`: the check failed, and callers fall back
/// to doing without it).
pub struct SharedCheck<T> {
    state: Mutex<State<T>>,
    finished: Notify,
}

struct State<T> {
    /// Checks begun so far; the next check's number.
    begun: u64,
    running: bool,
    /// The number and result of the last check that finished.
    last: Option<(u64, Option<T>)>,
}

impl<T: Clone> SharedCheck<T> {
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State {
                begun: 0,
                running: false,
                last: None,
            }),
            finished: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // The state is a few plain fields, each written whole: a panic elsewhere leaves it consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The result of a check that began after this call began: run by this caller (`check`, at most once), or
    /// by another caller and shared. `None` when that check failed.
    pub async fn begun_after_now<F>(&self, check: impl FnOnce() -> F) -> Option<T>
    where
        F: Future<Output = Option<T>>,
    {
        let ticket = self.lock().begun;
        loop {
            // Registered before the state is read, so a check finishing in between still wakes this caller.
            let mut finished = pin!(self.finished.notified());
            finished.as_mut().enable();
            let number = {
                let mut state = self.lock();
                if let Some((number, result)) = &state.last
                    && *number >= ticket
                {
                    return result.clone();
                }
                if state.running {
                    None
                } else {
                    state.running = true;
                    state.begun += 1;
                    Some(state.begun - 1)
                }
            };
            let Some(number) = number else {
                finished.await;
                continue;
            };
            // This caller's own check began after its ticket was taken: its result is the answer, and no later
            // check can have finished before it (one runs at a time).
            let turn = Turn {
                shared: self,
                number,
                result: None,
            };
            let result = check().await;
            turn.finish(result.clone());
            return result;
        }
    }
}

/// The running check's turn: on finishing (or on being dropped unfinished, when its caller was cancelled) the
/// next check may begin, and the waiters are woken.
struct Turn<'a, T: Clone> {
    shared: &'a SharedCheck<T>,
    number: u64,
    /// `Some` once the check finished, with its result.
    result: Option<Option<T>>,
}

impl<T: Clone> Turn<'_, T> {
    fn finish(mut self, result: Option<T>) {
        self.result = Some(result);
    }
}

impl<T: Clone> Drop for Turn<'_, T> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.running = false;
        if let Some(result) = self.result.take() {
            state.last = Some((self.number, result));
        }
        drop(state);
        self.shared.finished.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use tokio::sync::oneshot;

    use super::*;

    /// A check that counts itself and returns the number of checks begun before it finished: a caller given a
    /// result below the count at its own start was answered by a check that began before it.
    struct Database {
        begun: AtomicU64,
    }

    impl Database {
        async fn check(&self) -> Option<u64> {
            let number = self.begun.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(5)).await;
            Some(number)
        }
    }

    #[tokio::test]
    async fn a_lone_caller_runs_its_own_check_each_time() {
        let shared = SharedCheck::new();
        let database = Database {
            begun: AtomicU64::new(0),
        };
        for expected in 0..3 {
            assert_eq!(
                shared.begun_after_now(|| database.check()).await,
                Some(expected)
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_checks_and_none_gets_one_begun_before_it() {
        let shared = Arc::new(SharedCheck::new());
        let database = Arc::new(Database {
            begun: AtomicU64::new(0),
        });
        let mut callers = Vec::new();
        for _ in 0..64 {
            let (shared, database) = (Arc::clone(&shared), Arc::clone(&database));
            callers.push(tokio::spawn(async move {
                let mut answers = Vec::new();
                for _ in 0..20 {
                    // Checks begun before this call: the answer must come from a later one.
                    let before = database.begun.load(Ordering::SeqCst);
                    let answer = shared.begun_after_now(|| database.check()).await;
                    answers.push((before, answer));
                }
                answers
            }));
        }
        let mut calls = 0;
        for caller in callers {
            for (before, answer) in caller.await.expect("caller") {
                let answer = answer.expect("checks do not fail here");
                assert!(
                    answer >= before,
                    "a check begun before the call answered it"
                );
                calls += 1;
            }
        }
        let checks = database.begun.load(Ordering::SeqCst);
        assert!(
            checks * 4 <= calls,
            "{checks} checks for {calls} calls: not shared"
        );
    }

    #[tokio::test]
    async fn a_cancelled_runner_hands_the_turn_to_a_waiter() {
        let shared = Arc::new(SharedCheck::new());
        let (started, runner_started) = oneshot::channel();
        let runner = tokio::spawn({
            let shared = Arc::clone(&shared);
            async move {
                shared
                    .begun_after_now(|| async move {
                        let _ = started.send(());
                        std::future::pending::<Option<u64>>().await
                    })
                    .await
            }
        });
        runner_started.await.expect("the runner's check began");
        let waiter = tokio::spawn({
            let shared = Arc::clone(&shared);
            async move { shared.begun_after_now(|| async { Some(7) }).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(
            !waiter.is_finished(),
            "the waiter waits for the running check"
        );
        runner.abort();
        let answer = tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("the waiter ran a check after the runner was cancelled")
            .expect("waiter");
        assert_eq!(answer, Some(7));
    }

    #[tokio::test]
    async fn a_failed_check_answers_none() {
        let shared = SharedCheck::<u64>::new();
        assert_eq!(shared.begun_after_now(|| async { None }).await, None);
        assert_eq!(shared.begun_after_now(|| async { Some(1) }).await, Some(1));
    }
}
