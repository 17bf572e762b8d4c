//! A read model of the two hot reads (a client with what an access token or a processor token reaches, in one
//! shape of account forms): the whole answer of a read, kept in memory and served again only after the
//! database itself has said that nothing was committed since it was read.
//!
//! Issue #14 forbids a cache that could serve stale data; this one cannot, because every hit is checked
//! against the database's own commit state by the request that takes it, on every backend and whichever
//! instance or process wrote:
//! - SQLite ([`super::sqlite_reads`]): `PRAGMA data_version` on the read connection, before the lookup; the
//!   model's tag is an epoch that every change a reader notices moves on.
//! - PostgreSQL ([`super::pg_reads`]): the snapshot the answer was read in (`pg_current_snapshot()`, read by
//!   the same statement), compared with a snapshot taken by the request that would be served.
//!
//! The backends' modules give the argument for each. What this module keeps is the same for both: answers
//! tagged with the commit state they were read in, a model holding only answers of one tag (a new tag empties
//! it), and a bound on the number of answers (a full model is emptied, not evicted one by one).
//! Authentication stays with the caller: an answer holds the client's secret hash, compared as before.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::domain::ClientId;
use crate::domain::tokens::SecretHash;
use crate::store::error::StoreError;
use crate::store::records::{ClientWith, ItemForms, ProcessorForm, ReadModelCounts};
use crate::wire::served::FormShape;

/// Most answers held at once. An answer is a client, an Item and its account forms: a few KB for an Item of
/// a dozen accounts, so the bound keeps the model to a few MB. A full model is emptied and refilled by the
/// reads that follow (the hot keys come back first).
const CAPACITY: usize = 2048;

/// Which read an answer is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The client with the Item an access token reaches and its account forms.
    ItemForms,
    /// The client with what a processor token reaches and its account's form.
    ProcessorForm,
}

/// The whole answer of one read: the client (with its secret hash) and what the token reaches, or the absence
/// of either. Always behind an `Arc`, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Answer {
    ItemForms(ClientWith<ItemForms>),
    ProcessorForm(ClientWith<ProcessorForm>),
}

impl Answer {
    pub fn item_forms(&self) -> Result<ClientWith<ItemForms>, StoreError> {
        match self {
            Self::ItemForms(found) => Ok(found.clone()),
            Self::ProcessorForm(_) => Err(mismatch()),
        }
    }

    pub fn processor_form(&self) -> Result<ClientWith<ProcessorForm>, StoreError> {
        match self {
            Self::ProcessorForm(found) => Ok(found.clone()),
            Self::ItemForms(_) => Err(mismatch()),
        }
    }
}

/// An answer of the other kind under a key: cannot happen (the kind is part of the key), reported rather than
/// served.
fn mismatch() -> StoreError {
    StoreError::Corrupt("the read model held an answer of another kind".into())
}

/// What an answer is the answer to.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    pub kind: Kind,
    pub client_id: &'a ClientId,
    pub token: &'a SecretHash,
    pub shape: FormShape,
}

/// One answer, under its token's hash (a token's hash names it alone; the rest of the key is compared).
struct Entry {
    kind: Kind,
    shape: FormShape,
    client_id: Box<str>,
    answer: Arc<Answer>,
}

impl Entry {
    fn answers(&self, key: &Key<'_>) -> bool {
        self.kind == key.kind
            && self.shape == key.shape
            && *self.client_id == *key.client_id.as_str()
    }
}

/// The answers of one commit state, tagged `T` (an epoch on SQLite, a snapshot on PostgreSQL).
pub struct ReadModel<T> {
    state: Mutex<State<T>>,
    hits: AtomicU64,
    misses: AtomicU64,
    checks: AtomicU64,
}

struct State<T> {
    tag: T,
    entries: Entries,
    len: usize,
}

type Entries = HashMap<Box<str>, Vec<Entry>>;

impl<T> State<T> {
    /// Empties the model, handing back what it held so that it is freed after the lock is released.
    fn take(&mut self) -> Entries {
        self.len = 0;
        std::mem::take(&mut self.entries)
    }

    fn find(&self, key: &Key<'_>) -> Option<Arc<Answer>> {
        self.entries
            .get(key.token.as_str())?
            .iter()
            .find(|entry| entry.answers(key))
            .map(|entry| Arc::clone(&entry.answer))
    }

    fn insert(&mut self, key: &Key<'_>, answer: Arc<Answer>) {
        if self.len >= CAPACITY {
            // Freed under the lock: once in CAPACITY inserts.
            drop(self.take());
        }
        let entries = self.entries.entry(key.token.as_str().into()).or_default();
        if let Some(entry) = entries.iter_mut().find(|entry| entry.answers(key)) {
            entry.answer = answer;
            return;
        }
        entries.push(Entry {
            kind: key.kind,
            shape: key.shape,
            client_id: key.client_id.as_str().into(),
            answer,
        });
        self.len += 1;
    }
}

impl<T: PartialEq> ReadModel<T> {
    pub fn new(tag: T) -> Self {
        Self {
            state: Mutex::new(State {
                tag,
                entries: HashMap::new(),
                len: 0,
            }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            checks: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // Nothing is left half-done under the lock by a panic that matters: at worst an answer is missing.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `answer`, read in the commit state `tag`, if the model still holds that state's answers: an answer
    /// of another state is dropped (the model has moved on since the read began, or the read is older than
    /// what the model holds).
    pub fn insert_if_current(&self, tag: &T, key: &Key<'_>, answer: Arc<Answer>) {
        let mut state = self.lock();
        if state.tag == *tag {
            state.insert(key, answer);
        }
    }

    /// Empties the model (`release_idle_memory`), keeping its tag.
    pub fn clear(&self) {
        let emptied = self.lock().take();
        drop(emptied);
    }

    pub fn count_hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }

    /// A question to the database whether it changed (on PostgreSQL one may answer several requests).
    pub fn count_check(&self) {
        self.checks.fetch_add(1, Ordering::Relaxed);
    }

    /// Hits, misses and checks so far.
    pub fn counts(&self) -> ReadModelCounts {
        ReadModelCounts {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            checks: self.checks.load(Ordering::Relaxed),
        }
    }
}

/// SQLite: the tag is an epoch, moved on whenever a read connection notices a commit.
impl ReadModel<u64> {
    /// After a read connection's check of the database: `changed` when it noticed a commit (or made its first
    /// check); then the model moves to a new epoch and forgets every answer. Returns the epoch the caller's
    /// read belongs to, and the answer to `key` if the model has one.
    pub fn after_check(&self, changed: bool, key: &Key<'_>) -> (u64, Option<Arc<Answer>>) {
        let mut state = self.lock();
        if changed {
            state.tag = state.tag.wrapping_add(1);
            let (epoch, emptied) = (state.tag, state.take());
            drop(state);
            drop(emptied);
            return (epoch, None);
        }
        (state.tag, state.find(key))
    }
}

/// PostgreSQL: the tag is the text of the snapshot the answers were read in (`None` before the first read).
impl ReadModel<Option<Arc<str>>> {
    /// The answer to `key` with the snapshot it was read in, if the model has one.
    pub fn find(&self, key: &Key<'_>) -> Option<(Arc<str>, Arc<Answer>)> {
        let state = self.lock();
        let tag = state.tag.as_ref()?;
        Some((Arc::clone(tag), state.find(key)?))
    }

    /// The snapshot the database is in now, as a read or a check saw it: the model keeps only answers read in
    /// it, forgetting the others (a snapshot never comes back once the database has moved on).
    pub fn moved_to(&self, snapshot: &str) {
        let mut state = self.lock();
        if state.tag.as_deref() != Some(snapshot) {
            state.tag = Some(snapshot.into());
            let emptied = state.take();
            drop(state);
            drop(emptied);
        }
    }

    /// Keeps `answer`, read in `snapshot`, which becomes the model's snapshot.
    pub fn insert_read_in(&self, snapshot: &str, key: &Key<'_>, answer: Arc<Answer>) {
        let mut state = self.lock();
        let emptied = if state.tag.as_deref() == Some(snapshot) {
            None
        } else {
            state.tag = Some(snapshot.into());
            Some(state.take())
        };
        state.insert(key, answer);
        drop(state);
        drop(emptied);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Environment;
    use crate::domain::tokens::AccessToken;

    fn token() -> SecretHash {
        AccessToken::mint(Environment::Sandbox).hash()
    }

    fn answer() -> Arc<Answer> {
        Arc::new(Answer::ItemForms((None, None)))
    }

    #[test]
    fn an_epoch_moves_on_at_a_change_and_drops_answers_of_the_one_before() {
        let model = ReadModel::new(0_u64);
        let (client, token) = (ClientId::generate(), token());
        let key = Key {
            kind: Kind::ItemForms,
            client_id: &client,
            token: &token,
            shape: FormShape::Base,
        };
        let (first, found) = model.after_check(true, &key);
        assert!(found.is_none());
        model.insert_if_current(&first, &key, answer());
        assert!(model.after_check(false, &key).1.is_some(), "same epoch");
        let other_shape = Key {
            shape: FormShape::Rails,
            ..key
        };
        assert!(model.after_check(false, &other_shape).1.is_none());
        let other_kind = Key {
            kind: Kind::ProcessorForm,
            ..key
        };
        assert!(model.after_check(false, &other_kind).1.is_none());
        let other_client = ClientId::generate();
        let other_client = Key {
            client_id: &other_client,
            ..key
        };
        assert!(model.after_check(false, &other_client).1.is_none());

        // A read that began in the first epoch and ends after a change is not kept.
        let (second, found) = model.after_check(true, &key);
        assert!(found.is_none(), "a change empties the model");
        assert_ne!(first, second);
        model.insert_if_current(&first, &key, answer());
        assert!(model.after_check(false, &key).1.is_none());
    }

    #[test]
    fn a_snapshot_holds_only_its_own_answers() {
        let model: ReadModel<Option<Arc<str>>> = ReadModel::new(None);
        let (client, token) = (ClientId::generate(), token());
        let key = Key {
            kind: Kind::ProcessorForm,
            client_id: &client,
            token: &token,
            shape: FormShape::Owners,
        };
        assert!(model.find(&key).is_none());
        model.insert_read_in("10:10:", &key, answer());
        let (tag, _) = model.find(&key).unwrap();
        assert_eq!(&*tag, "10:10:");
        model.moved_to("10:10:");
        assert!(model.find(&key).is_some(), "the same snapshot keeps it");
        model.moved_to("10:11:");
        assert!(model.find(&key).is_none());
    }

    #[test]
    fn a_full_model_is_emptied_before_it_grows_past_its_bound() {
        let model = ReadModel::new(0_u64);
        let client = ClientId::generate();
        let tokens: Vec<SecretHash> = (0..=CAPACITY).map(|_| token()).collect();
        let key = |token| Key {
            kind: Kind::ItemForms,
            client_id: &client,
            token,
            shape: FormShape::Base,
        };
        for token in &tokens {
            model.insert_if_current(&0, &key(token), answer());
        }
        let state = model.lock();
        assert_eq!(state.len, 1, "emptied at the bound, then the last one kept");
        assert!(state.find(&key(&tokens[CAPACITY])).is_some());
    }
}
