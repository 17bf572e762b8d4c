//! Records delivery outcomes in batches: every worker's finished attempts and handed-back leases go through one
//! task that writes whatever has accumulated in one transaction, so the outbox's write rate does not grow with
//! the delivery rate.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

use crate::store::Store;
use crate::webhooks::Finished;

/// Most records written in one transaction.
const BATCH: usize = 512;

enum Record {
    Finished(Finished),
    Released(String),
}

/// The workers' handle on the writer.
#[derive(Clone)]
pub struct OutboxWriter {
    sender: mpsc::UnboundedSender<Record>,
}

impl OutboxWriter {
    /// Starts the writer for `holder`'s leases; `committed` is notified after each write (leases were freed).
    pub fn spawn(
        store: Arc<dyn Store>,
        holder: String,
        committed: Arc<Notify>,
    ) -> (Self, JoinHandle<()>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(store, holder, receiver, committed));
        (Self { sender }, task)
    }

    pub fn finished(&self, finished: Finished) {
        // The writer outlives every worker (it stops when the last handle is dropped).
        let _ = self.sender.send(Record::Finished(finished));
    }

    pub fn release(&self, webhook_id: String) {
        let _ = self.sender.send(Record::Released(webhook_id));
    }
}

async fn run(
    store: Arc<dyn Store>,
    holder: String,
    mut receiver: mpsc::UnboundedReceiver<Record>,
    committed: Arc<Notify>,
) {
    let mut records = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut records, BATCH).await > 0 {
        let mut finished = Vec::new();
        let mut released = Vec::new();
        for record in records.drain(..) {
            match record {
                Record::Finished(entry) => finished.push(entry),
                Record::Released(webhook_id) => released.push(webhook_id),
            }
        }
        for retry in 0..3_u64 {
            match store
                .finish_webhook_attempts(&holder, &finished, &released)
                .await
            {
                Ok(()) => break,
                // Unrecorded, the leases lapse and the webhooks are sent again: at least once, never lost.
                Err(error) => {
                    tracing::error!(%error, retry, "cannot record webhook attempts");
                    tokio::time::sleep(Duration::from_millis(100 * (retry + 1))).await;
                }
            }
        }
        committed.notify_one();
    }
}
