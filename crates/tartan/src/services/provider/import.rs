//! `tartan import FILE.ndjson`: the catalogue from a stream of records, one per line, read as it comes (the
//! file is never held whole). Each record is idempotent by its id (an upsert); a bad line is reported with its
//! number and skipped, the rest go on. Records are applied in batches, each batch in one transaction, so a
//! million accounts load in minutes; a batch the database refuses is retried record by record so only the
//! offending record is lost.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::BufRead;

use super::audit::{self, Actor};
use super::catalogue;
use super::records::parse;
use crate::domain::{Environment, ProviderRecord};
use crate::store::{RecordOutcome, Store, StoreError};

/// Longest line read; a longer one is reported and skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// Records per transaction.
pub const BATCH: usize = 1_000;

/// How an import went.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub lines: u64,
    pub saved: u64,
    pub failed: u64,
    pub webhooks: u64,
}

/// A line that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: u64,
    pub message: String,
}

/// Imports `reader`'s records; `on_error` hears each failed line as it is found.
pub async fn import(
    store: &dyn Store,
    environment: Environment,
    reader: impl BufRead,
    actor: &Actor,
    mut on_error: impl FnMut(&LineError),
) -> Result<ImportSummary, ImportError> {
    let mut run = Run {
        store,
        environment,
        summary: ImportSummary::default(),
        seen: HashMap::new(),
        hasher: RandomState::new(),
        batch: Vec::with_capacity(BATCH),
    };
    let mut lines = LimitedLines::new(reader);
    let mut text = Vec::new();
    while let Some(read) = lines.next_line(&mut text)? {
        run.summary.lines = read.number;
        let result = match read.too_long {
            Some(length) => Err(format!(
                "line is longer than {MAX_LINE_BYTES} bytes (at least {length}); skipped"
            )),
            None => run.prepare(read.number, &text),
        };
        match result {
            Ok(Some(record)) => run.batch.push((read.number, record)),
            Ok(None) => {}
            Err(message) => run.fail(read.number, message, &mut on_error),
        }
        if run.batch.len() >= BATCH {
            run.flush(&mut on_error).await?;
        }
    }
    run.flush(&mut on_error).await?;
    let summary = run.summary;
    let outcome = format!(
        "{} saved, {} failed of {} lines",
        summary.saved, summary.failed, summary.lines
    );
    audit::record(store, actor, "import", "catalogue", &outcome).await;
    Ok(summary)
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("reading the input: {0}")]
    Read(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

struct Run<'a> {
    store: &'a dyn Store,
    environment: Environment,
    summary: ImportSummary,
    /// Record keys seen in this file (hashed, so a million take a few megabytes) → the line they were on.
    seen: HashMap<u64, u64>,
    hasher: RandomState,
    batch: Vec<(u64, ProviderRecord)>,
}

impl Run<'_> {
    /// The record on a line, `None` for a blank line.
    fn prepare(&mut self, number: u64, text: &[u8]) -> Result<Option<ProviderRecord>, String> {
        let text = std::str::from_utf8(text).map_err(|_| "line is not UTF-8".to_owned())?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        let record = parse(text)?.into_record()?;
        let key = record.key();
        if let Some(first) = self.seen.insert(self.hasher.hash_one(&key), number) {
            self.seen.insert(self.hasher.hash_one(&key), first);
            return Err(format!(
                "duplicate id: {key} is already on line {first}; the line is skipped"
            ));
        }
        Ok(Some(record))
    }

    fn fail(&mut self, line: u64, message: String, on_error: &mut impl FnMut(&LineError)) {
        self.summary.failed += 1;
        on_error(&LineError { line, message });
    }

    async fn flush(&mut self, on_error: &mut impl FnMut(&LineError)) -> Result<(), ImportError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let records: Vec<ProviderRecord> = batch.iter().map(|(_, r)| r.clone()).collect();
        match catalogue::apply(self.store, self.environment, &records).await {
            Ok(outcomes) => {
                for ((line, _), outcome) in batch.iter().zip(outcomes) {
                    self.count(*line, outcome, on_error);
                }
            }
            Err(error) => {
                tracing::warn!(%error, "a batch failed; retrying its records one by one");
                for (line, record) in batch {
                    match catalogue::apply(self.store, self.environment, &[record]).await {
                        Ok(outcomes) => {
                            for outcome in outcomes {
                                self.count(line, outcome, on_error);
                            }
                        }
                        Err(error) => self.fail(line, format!("not stored: {error}"), on_error),
                    }
                }
            }
        }
        self.batch = Vec::with_capacity(BATCH);
        Ok(())
    }

    fn count(&mut self, line: u64, outcome: RecordOutcome, on_error: &mut impl FnMut(&LineError)) {
        match outcome {
            RecordOutcome::Saved { webhooks, .. } => {
                self.summary.saved += 1;
                self.summary.webhooks += webhooks as u64;
            }
            RecordOutcome::Rejected(message) => self.fail(line, message, on_error),
        }
    }
}

/// A line read by [`LimitedLines`].
struct ReadLine {
    number: u64,
    /// `Some(bytes seen)` when the line was over the limit (its text is then not kept).
    too_long: Option<usize>,
}

/// Lines of a reader, each at most [`MAX_LINE_BYTES`]; the rest of a longer line is read and dropped chunk by
/// chunk, never buffered.
struct LimitedLines<R> {
    reader: R,
    number: u64,
}

impl<R: BufRead> LimitedLines<R> {
    fn new(reader: R) -> Self {
        Self { reader, number: 0 }
    }

    fn next_line(&mut self, text: &mut Vec<u8>) -> std::io::Result<Option<ReadLine>> {
        text.clear();
        let mut length = 0usize;
        let mut started = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            started = true;
            let (part, found_end) = match chunk.iter().position(|b| *b == b'\n') {
                Some(end) => (&chunk[..end], true),
                None => (chunk, false),
            };
            length += part.len();
            if length <= MAX_LINE_BYTES {
                text.extend_from_slice(part);
            } else if !text.is_empty() {
                text.clear();
                text.shrink_to(64 * 1024);
            }
            let consumed = part.len() + usize::from(found_end);
            self.reader.consume(consumed);
            if found_end {
                break;
            }
        }
        self.number += 1;
        if text.last() == Some(&b'\r') {
            text.pop();
        }
        Ok(Some(ReadLine {
            number: self.number,
            too_long: (length > MAX_LINE_BYTES).then_some(length),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_measured_and_dropped_and_the_next_line_read() {
        let mut input = vec![b'x'; MAX_LINE_BYTES + 10];
        input.extend_from_slice(b"\nshort\r\nlast");
        let mut lines = LimitedLines::new(std::io::BufReader::with_capacity(4096, &input[..]));
        let mut text = Vec::new();
        let first = lines.next_line(&mut text).unwrap().unwrap();
        assert_eq!(first.too_long, Some(MAX_LINE_BYTES + 10));
        assert!(text.is_empty());
        assert!(text.capacity() <= MAX_LINE_BYTES + 4096);
        let second = lines.next_line(&mut text).unwrap().unwrap();
        assert_eq!(
            (second.number, second.too_long, &text[..]),
            (2, None, &b"short"[..])
        );
        let third = lines.next_line(&mut text).unwrap().unwrap();
        assert_eq!((third.number, &text[..]), (3, &b"last"[..]));
        assert!(lines.next_line(&mut text).unwrap().is_none());
    }
}
