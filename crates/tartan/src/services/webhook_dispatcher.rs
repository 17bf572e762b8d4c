//! Delivers the outbox with many deliveries in flight, isolated per receiver.
//!
//! Each round leases due webhooks in one claim (so exactly one instance sends each): up to `concurrency` Items
//! at once, each Item's webhooks delivered in order by one worker, at most `destination_concurrency` workers per
//! receiver (one while it fails, none while it backs off). A slow or dead receiver therefore holds only its own
//! slots; every other receiver's webhooks keep flowing. Outcomes are recorded in batches (`outbox_writer`).
//!
//! On stop, no new webhook is started; workers finish the attempt in hand (bounded by the HTTP timeout), and
//! every lease still held is handed back so another instance takes those webhooks at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::destinations::Destinations;
use super::outbox_writer::OutboxWriter;
use super::webhook_attempt::Deliverer;
use crate::config::WebhookConfig;
use crate::store::{Store, StoreError};
use crate::webhooks::{AfterAttempt, ClaimLimits, ClaimedWebhook};

/// Most webhooks of one Item one worker takes at a time.
const PER_ITEM: usize = 16;
/// The longest a failing receiver is left alone before the next try.
const MAX_PAUSE: Duration = Duration::from_secs(30);

pub struct Dispatcher {
    store: Arc<dyn Store>,
    deliverer: Arc<Deliverer>,
    config: WebhookConfig,
    instance: String,
}

/// What a worker reports when it ends.
struct WorkerEnd {
    destination: String,
    healthy: bool,
}

impl Dispatcher {
    pub fn new(
        store: Arc<dyn Store>,
        config: WebhookConfig,
        instance: String,
    ) -> Result<Self, reqwest::Error> {
        Ok(Self {
            store,
            deliverer: Arc::new(Deliverer::new(config.clone())?),
            config,
            instance,
        })
    }

    /// A lease covers two attempts: a worker starts an attempt only while one more fits before it lapses.
    fn lease_length(&self) -> Duration {
        Duration::from_secs(2 * self.config.timeout_secs + 5)
    }

    /// Delivers until `stop` turns true, then hands back what it holds; woken early when this instance
    /// enqueues (`wake`), and polling for other instances' webhooks.
    pub async fn run(self, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
        let (writer, writer_task) = OutboxWriter::spawn(
            Arc::clone(&self.store),
            self.instance.clone(),
            Arc::clone(&wake),
        );
        let mut destinations = Destinations::new(
            self.config.destination_concurrency,
            Duration::from_millis(self.config.retry_base_ms.min(1000)),
            MAX_PAUSE,
        );
        let mut workers: JoinSet<WorkerEnd> = JoinSet::new();
        let poll = Duration::from_millis(self.config.poll_ms);
        while !*stop.borrow() {
            if let Err(error) = self
                .fill(&mut workers, &mut destinations, &writer, &stop)
                .await
            {
                tracing::error!(%error, "webhook dispatch failed");
            }
            let now = Instant::now();
            let pause = destinations
                .next_resume(now)
                .map_or(poll, |at| (at - now).min(poll));
            tokio::select! {
                Some(ended) = workers.join_next(), if !workers.is_empty() => {
                    if let Ok(end) = ended {
                        destinations.ended(&end.destination, end.healthy, Instant::now());
                    }
                }
                () = wake.notified() => {}
                () = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {}
            }
        }
        self.hand_back(workers, writer, writer_task).await;
    }

    /// Claims due webhooks and starts workers until the slots are full or nothing more is due.
    async fn fill(
        &self,
        workers: &mut JoinSet<WorkerEnd>,
        destinations: &mut Destinations,
        writer: &OutboxWriter,
        stop: &watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        loop {
            let free = self.config.concurrency.saturating_sub(workers.len());
            if free == 0 {
                return Ok(());
            }
            let limits = ClaimLimits {
                items: free,
                per_item: PER_ITEM,
                per_destination: destinations.limit(),
                slots: destinations.slots(Instant::now()),
            };
            let now = Utc::now();
            let lease_until = now
                + chrono::Duration::from_std(self.lease_length()).unwrap_or(chrono::Duration::MAX);
            let claimed = self
                .store
                .claim_due_webhooks(&self.instance, now, lease_until, &limits)
                .await?;
            if claimed.is_empty() {
                return Ok(());
            }
            for batch in by_item(claimed) {
                destinations.started(&batch[0].destination);
                let worker = Worker {
                    store: Arc::clone(&self.store),
                    deliverer: Arc::clone(&self.deliverer),
                    writer: writer.clone(),
                    stop: stop.clone(),
                    must_end_by: Instant::now() + self.lease_length()
                        - Duration::from_secs(self.config.timeout_secs + 1),
                };
                workers.spawn(worker.deliver_in_order(batch));
            }
        }
    }

    /// Lets workers finish the attempt in hand (bounded), records everything, and releases leftover leases.
    async fn hand_back(
        &self,
        mut workers: JoinSet<WorkerEnd>,
        writer: OutboxWriter,
        writer_task: tokio::task::JoinHandle<()>,
    ) {
        let bound = Duration::from_secs(self.config.timeout_secs + 1);
        let drained = tokio::time::timeout(bound, async {
            while workers.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            workers.abort_all();
            while workers.join_next().await.is_some() {}
        }
        drop(writer);
        let _ = writer_task.await;
        match self.store.release_webhook_leases(&self.instance).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "handed webhook leases back"),
            Err(error) => tracing::error!(%error, "cannot hand webhook leases back; they lapse"),
        }
    }
}

/// Claimed webhooks grouped by Item, each group in claim order; webhooks without an Item (LINK) go alone.
fn by_item(claimed: Vec<ClaimedWebhook>) -> Vec<Vec<ClaimedWebhook>> {
    let mut batches: Vec<Vec<ClaimedWebhook>> = Vec::new();
    for webhook in claimed {
        match batches
            .iter_mut()
            .find(|batch| !webhook.item_id.is_empty() && batch[0].item_id == webhook.item_id)
        {
            Some(batch) => batch.push(webhook),
            None => batches.push(vec![webhook]),
        }
    }
    batches
}

/// Delivers one Item's leased webhooks in order.
struct Worker {
    store: Arc<dyn Store>,
    deliverer: Arc<Deliverer>,
    writer: OutboxWriter,
    stop: watch::Receiver<bool>,
    /// After this no attempt starts: it might outlast the lease.
    must_end_by: Instant,
}

impl Worker {
    /// Stops at the first failure (the receiver is in trouble: the rest wait for its back-off), at shutdown, or
    /// when the lease runs short, and hands the unattempted rest back.
    async fn deliver_in_order(self, batch: Vec<ClaimedWebhook>) -> WorkerEnd {
        let destination = batch[0].destination.clone();
        let mut healthy = true;
        let mut rest = batch.into_iter().peekable();
        match self.store.current_webhook_key().await {
            Ok(Some(key)) => {
                while let Some(webhook) =
                    rest.next_if(|_| !*self.stop.borrow() && Instant::now() < self.must_end_by)
                {
                    match self.deliverer.attempt(&key, &webhook).await {
                        Ok(finished) => {
                            healthy = finished.next == AfterAttempt::Delivered;
                            self.writer.finished(finished);
                        }
                        Err(error) => {
                            tracing::error!(%error, "cannot sign webhooks");
                            self.writer.release(webhook.webhook_id);
                            break;
                        }
                    }
                    if !healthy {
                        break;
                    }
                }
            }
            Ok(None) => tracing::error!("no webhook signing key is stored"),
            Err(error) => tracing::error!(%error, "cannot read the webhook signing key"),
        }
        for webhook in rest {
            self.writer.release(webhook.webhook_id);
        }
        WorkerEnd {
            destination,
            healthy,
        }
    }
}
