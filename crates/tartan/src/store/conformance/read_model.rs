//! The read model (`store/sql/read_model.rs`) across two stores on one database, as two instances would be:
//! a read on one store after a write on the other returns the write, at once; reads while the other store
//! writes never go back to an older state. Run on an SQLite file and, with `TARTAN_TEST_POSTGRES_URL`, on
//! PostgreSQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::Utc;

use super::{access_token, client, processor_token, public_of, seeded};
use crate::config::{DatabaseConfig, ReadModelSwitch};
use crate::domain::tokens::{ClientSecret, SecretHash};
use crate::domain::{ClientRecord, ErrorCode, Product};
use crate::store::{ClientWith, ItemForms, NewItem, ProcessorForm, ReadModelCounts, Store};
use crate::wire::served::FormShape;

const SHAPES: [FormShape; 3] = [FormShape::Base, FormShape::Owners, FormShape::Rails];

/// What the tests read: one client, its Item's access token and a processor token of one of its accounts.
struct Reads {
    owner: ClientRecord,
    new: NewItem,
    access: SecretHash,
    processor: SecretHash,
}

impl Reads {
    async fn seed(store: &dyn Store) -> Self {
        let (owner, new) = seeded(store).await;
        let access = access_token();
        store
            .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
            .await
            .unwrap();
        let token = processor_token(&new, &owner, None);
        store.create_processor_token(&token).await.unwrap();
        Self {
            owner,
            new,
            access,
            processor: token.hash,
        }
    }

    async fn item(&self, store: &dyn Store, shape: FormShape) -> ClientWith<ItemForms> {
        store
            .find_client_with_item_forms(&self.owner.client_id, &self.access, shape)
            .await
            .unwrap()
    }

    async fn processor(&self, store: &dyn Store, shape: FormShape) -> ClientWith<ProcessorForm> {
        store
            .find_client_with_processor_form(&self.owner.client_id, &self.processor, shape)
            .await
            .unwrap()
    }
}

/// How many times a repeated read is tried before a hit is required of it (see its use).
const REPEATS_FOR_A_HIT: usize = 200;

fn counts(store: &dyn Store) -> ReadModelCounts {
    store
        .read_model_counts()
        .expect("the read model is on by default")
}

/// Both reads in every shape, after a write on the other store: each is a miss (never a hit), and `check`
/// holds for each answer.
async fn after_write(
    reader: &dyn Store,
    reads: &Reads,
    what: &str,
    check: impl Fn(&ClientWith<ItemForms>, &ClientWith<ProcessorForm>),
) {
    let before = counts(reader);
    for shape in SHAPES {
        let item = reads.item(reader, shape).await;
        let processor = reads.processor(reader, shape).await;
        check(&item, &processor);
        if shape == FormShape::Base {
            assert_eq!(
                counts(reader).hits,
                before.hits,
                "{what}: the first reads after the write are not answered from memory"
            );
        }
    }
}

pub async fn a_write_on_one_store_is_read_at_once_on_the_other(url: String) {
    let reader = crate::store::open(&DatabaseConfig::new(url.clone()))
        .await
        .unwrap();
    let writer = crate::store::open(&DatabaseConfig::new(url)).await.unwrap();
    let reads = Reads::seed(writer.as_ref()).await;
    let item_id = &reads.new.item.item_id;

    // Read again without a write in between: answered from memory, the same answer. On PostgreSQL the commit
    // state is the whole server's, so a write of a test running beside this one may come in between (the read
    // is then a miss, which is correct): a repeat is tried until one is a hit, each answer the same.
    let first = reads.item(reader.as_ref(), FormShape::Rails).await;
    let mut hit = false;
    for _ in 0..REPEATS_FOR_A_HIT {
        let before = counts(reader.as_ref());
        let again = reads.item(reader.as_ref(), FormShape::Rails).await;
        let after = counts(reader.as_ref());
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        assert_eq!(after.hits + after.misses, before.hits + before.misses + 1);
        if after.hits == before.hits + 1 {
            hit = true;
            break;
        }
    }
    assert!(hit, "a repeated read is answered from memory");
    for shape in SHAPES {
        reads.item(reader.as_ref(), shape).await;
        reads.processor(reader.as_ref(), shape).await;
    }

    // A rotated secret: the next read has the new hash.
    let rotated = ClientSecret::generate();
    writer
        .save_client(&ClientRecord {
            secret_hash: rotated.hash(),
            ..reads.owner.clone()
        })
        .await
        .unwrap();
    after_write(reader.as_ref(), &reads, "secret", |item, processor| {
        for client in [&item.0, &processor.0] {
            let client = client.as_ref().unwrap();
            assert!(client.secret_hash.matches(&rotated.hash()), "new secret");
            assert!(!client.secret_hash.matches(&reads.owner.secret_hash));
        }
    })
    .await;

    writer
        .add_products(item_id, &[Product::Identity])
        .await
        .unwrap();
    after_write(reader.as_ref(), &reads, "products", |item, processor| {
        let products = [
            &item.1.as_ref().unwrap().0.products,
            &processor.1.as_ref().unwrap().0.item.products,
        ];
        for products in products {
            assert!(products.contains(&Product::Identity), "{products:?}");
        }
    })
    .await;

    let mut renamed = reads.new.accounts[1].clone();
    renamed.name = "Renamed on the other store".into();
    assert!(writer.replace_account(item_id, &renamed).await.unwrap());
    after_write(reader.as_ref(), &reads, "account", |item, processor| {
        let forms = &item.1.as_ref().unwrap().1;
        assert!(forms[1].base.contains("Renamed on the other store"));
        let form = processor.1.as_ref().unwrap().1.as_ref().unwrap();
        assert!(form.base.contains("Renamed on the other store"));
    })
    .await;

    writer
        .set_login_required(item_id, Some(Utc::now()))
        .await
        .unwrap();
    after_write(reader.as_ref(), &reads, "login", |item, processor| {
        assert!(item.1.as_ref().unwrap().0.login_required);
        assert!(processor.1.as_ref().unwrap().0.item.login_required);
    })
    .await;

    writer
        .set_item_error(item_id, Some((ErrorCode::ItemLocked, Utc::now())))
        .await
        .unwrap();
    after_write(reader.as_ref(), &reads, "error", |item, _| {
        assert_eq!(
            item.1.as_ref().unwrap().0.error,
            Some(ErrorCode::ItemLocked)
        );
    })
    .await;

    // A removed Item: its tokens reach nothing at once.
    writer.remove_item(item_id).await.unwrap();
    after_write(reader.as_ref(), &reads, "removal", |item, processor| {
        assert!(item.0.is_some() && item.1.is_none(), "{item:?}");
        assert!(processor.0.is_some() && processor.1.is_none());
    })
    .await;

    // A client created on the other store is found at once, also after it was looked up in vain.
    let (created, _) = client("created elsewhere");
    let lookup = async || {
        reader
            .find_client_with_item_forms(&created.client_id, &reads.access, FormShape::Base)
            .await
            .unwrap()
    };
    assert!(lookup().await.0.is_none());
    assert!(lookup().await.0.is_none());
    writer.save_client(&created).await.unwrap();
    assert!(lookup().await.0.is_some());
}

/// The version an account form was read at: its name, `v12`, in the served JSON.
fn account_version(base: &str) -> u64 {
    const NAME: &str = "\"name\":\"v";
    let start = base
        .find(NAME)
        .map(|at| at + NAME.len())
        .expect("a versioned name");
    base[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// The version a client was read at: its name, `v12`.
fn client_version(client: Option<ClientRecord>) -> u64 {
    client
        .unwrap()
        .name
        .trim_start_matches('v')
        .parse()
        .unwrap()
}

async fn write_account(writer: &dyn Store, reads: &Reads, version: u64) {
    let mut account = reads.new.accounts[1].clone();
    account.name = format!("v{version}");
    let item_id = &reads.new.item.item_id;
    assert!(writer.replace_account(item_id, &account).await.unwrap());
}

async fn write_client(writer: &dyn Store, reads: &Reads, version: u64) {
    let client = ClientRecord {
        name: format!("v{version}"),
        ..reads.owner.clone()
    };
    writer.save_client(&client).await.unwrap();
}

async fn write_version(writer: &dyn Store, reads: &Reads, version: u64) {
    write_account(writer, reads, version).await;
    write_client(writer, reads, version).await;
}

/// The last version each write had committed when it returned, and whether the writer is done.
#[derive(Default)]
struct Written {
    account: AtomicU64,
    client: AtomicU64,
    done: AtomicBool,
}

/// Readers at once, so that they share the database's checks where a backend does (PostgreSQL).
const CONCURRENT_READERS: usize = 6;

pub async fn reads_never_go_back_while_another_store_writes(url: String) {
    const WRITES: u64 = 60;
    let reader = crate::store::open(&DatabaseConfig::new(url.clone()))
        .await
        .unwrap();
    let writer = crate::store::open(&DatabaseConfig::new(url)).await.unwrap();
    let reads = Arc::new(Reads::seed(writer.as_ref()).await);
    write_version(writer.as_ref(), &reads, 0).await;
    let written = Arc::new(Written::default());
    let writing = {
        let (reads, written) = (Arc::clone(&reads), Arc::clone(&written));
        tokio::spawn(async move {
            for version in 1..=WRITES {
                write_account(writer.as_ref(), &reads, version).await;
                written.account.store(version, Ordering::SeqCst);
                write_client(writer.as_ref(), &reads, version).await;
                written.client.store(version, Ordering::SeqCst);
                tokio::task::yield_now().await;
            }
            written.done.store(true, Ordering::SeqCst);
        })
    };
    let readers: Vec<_> = (0..CONCURRENT_READERS)
        .map(|_| {
            let (reader, reads, written) = (
                Arc::clone(&reader),
                Arc::clone(&reads),
                Arc::clone(&written),
            );
            tokio::spawn(async move { read_while_written(reader.as_ref(), &reads, &written).await })
        })
        .collect();
    writing.await.unwrap();
    for reader in readers {
        let (last, checked) = reader.await.unwrap();
        assert_eq!(last, (WRITES, WRITES));
        assert!(checked > 1, "reads ran while the writer wrote");
    }
}

/// Reads until the writer is done; each read never below what was written before it began, nor below what
/// this reader's earlier reads saw. Returns the last versions seen and the number of rounds.
async fn read_while_written(
    reader: &dyn Store,
    reads: &Reads,
    written: &Written,
) -> ((u64, u64), u64) {
    let (mut last_account, mut last_client, mut checked) = (0, 0, 0);
    let mut shapes = SHAPES.iter().cycle();
    loop {
        let done = written.done.load(Ordering::SeqCst);
        let (account_floor, client_floor) = (
            written.account.load(Ordering::SeqCst),
            written.client.load(Ordering::SeqCst),
        );
        let shape = *shapes.next().unwrap();
        let (client, item) = reads.item(reader, shape).await;
        let seen_by_item = (
            account_version(&item.unwrap().1[1].base),
            client_version(client),
        );
        let (client, processor) = reads.processor(reader, shape).await;
        let seen_by_processor = (
            account_version(&processor.unwrap().1.unwrap().base),
            client_version(client),
        );
        // In the order the reads were made: never below what was written before they began, never below
        // what an earlier read saw.
        for (account, client) in [seen_by_item, seen_by_processor] {
            assert!(
                account >= account_floor && client >= client_floor,
                "a read after version {account_floor}/{client_floor} was written saw {account}/{client}"
            );
            assert!(
                account >= last_account && client >= last_client,
                "reads went back from {last_account}/{last_client} to {account}/{client}"
            );
            (last_account, last_client) = (account, client);
        }
        checked += 1;
        if done {
            return ((last_account, last_client), checked);
        }
        // SQLite's reads run inline and a hit never waits: without a yield, readers on every worker would
        // keep the writer from ever being polled (a server's requests end and give the worker back).
        tokio::task::yield_now().await;
    }
}

/// Many reads at once of an answer the model holds: on SQLite each asks its connection whether anything was
/// committed (a check a read); on PostgreSQL the reads that wait for a check at the same time share one
/// (`store/sql/shared_check.rs`), so there are far fewer checks than reads.
pub async fn concurrent_reads_are_each_checked_and_share_checks_on_postgres(url: String) {
    const TASKS: u64 = 32;
    const READS: u64 = 25;
    let shares = url.starts_with("postgres");
    let store = crate::store::open(&DatabaseConfig::new(url)).await.unwrap();
    let reads = Arc::new(Reads::seed(store.as_ref()).await);
    reads.item(store.as_ref(), FormShape::Rails).await;
    let before = counts(store.as_ref());
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (store, reads) = (Arc::clone(&store), Arc::clone(&reads));
            tokio::spawn(async move {
                for _ in 0..READS {
                    assert!(
                        reads
                            .item(store.as_ref(), FormShape::Rails)
                            .await
                            .1
                            .is_some()
                    );
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let after = counts(store.as_ref());
    let made = after.hits + after.misses - before.hits - before.misses;
    let checks = after.checks - before.checks;
    assert_eq!(made, TASKS * READS);
    assert!(after.hits > before.hits, "reads were answered from memory");
    if shares {
        assert!(
            checks * 2 < made,
            "{checks} checks for {made} reads: not shared"
        );
    } else {
        assert_eq!(checks, made, "every read is checked on its connection");
    }
}

/// With the read model off, every read goes to the database: no counts at all.
pub async fn with_the_read_model_off_nothing_is_answered_from_memory(url: String) {
    let config = DatabaseConfig {
        read_model: ReadModelSwitch::Off,
        ..DatabaseConfig::new(url)
    };
    let store = crate::store::open(&config).await.unwrap();
    let reads = Reads::seed(store.as_ref()).await;
    for _ in 0..3 {
        assert!(
            reads
                .item(store.as_ref(), FormShape::Base)
                .await
                .1
                .is_some()
        );
        assert!(
            reads
                .processor(store.as_ref(), FormShape::Base)
                .await
                .1
                .is_some()
        );
    }
    assert_eq!(store.read_model_counts(), None);
}

/// The tests above on one backend: `$url` gives a database URL (and what must live as long as it), or `None`.
macro_rules! read_model_suite {
    ($backend:ident, $url:expr) => {
        mod $backend {
            read_model_suite!(@tests $url;
                a_write_on_one_store_is_read_at_once_on_the_other,
                reads_never_go_back_while_another_store_writes,
                concurrent_reads_are_each_checked_and_share_checks_on_postgres,
                with_the_read_model_off_nothing_is_answered_from_memory
            );
        }
    };
    (@tests $url:expr; $($test:ident),+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $test() {
                let Some((url, _guard)) = $url.await else { return };
                super::$test(url).await;
            }
        )+
    };
}

async fn sqlite_file() -> Option<(String, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("read_model.db").display());
    Some((url, dir))
}

async fn postgres_schema() -> Option<(String, ())> {
    let Some(server) = crate::store::test_support::postgres_url() else {
        eprintln!("SKIPPED: PostgreSQL read model; set TARTAN_TEST_POSTGRES_URL");
        return None;
    };
    let url = crate::store::test_support::fresh_postgres_schema(&server)
        .await
        .unwrap();
    Some((url, ()))
}

read_model_suite!(sqlite, super::sqlite_file());
read_model_suite!(postgres, super::postgres_schema());
