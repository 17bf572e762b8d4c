//! Seeds a database with N sandbox Items straight through the store, in transactions of BATCH Items, for
//! size tests (a million Items in minutes; through the public API it would take hours). Every Item is
//! `user_good` at First Platypus Bank with the Auth and Identity products, reachable by its own access token.
//! The first PRINT Items (default 1,000) keep every account and their access tokens are printed, one per
//! line; the others keep their first account only, so that a million Items stay a few GB on disk.
//!
//! Usage: seed_bulk DATABASE_URL CLIENT_ID N [PRINT]   (the client must exist: start `tartan serve` once)
use std::process::ExitCode;

use chrono::Utc;
use tartan::config::DatabaseConfig;
use tartan::domain::tokens::AccessToken;
use tartan::domain::{Environment, ItemId, ItemRecord, Product};
use tartan::sandbox::{institutions, sandbox_accounts};
use tartan::store::{self, Grant, NewItem};

const BATCH: usize = 2_000;

fn item(client_id: &str, full: bool) -> Result<(NewItem, AccessToken), String> {
    let institution = institutions::find("ins_109508").ok_or("no ins_109508")?;
    let mut accounts =
        sandbox_accounts(institution, None, None).map_err(|error| error.to_string())?;
    if !full {
        accounts.truncate(1);
    }
    let token = AccessToken::mint(Environment::Sandbox);
    let new = NewItem {
        item: ItemRecord {
            item_id: ItemId::generate(),
            client_id: tartan::domain::ClientId::from_stored(client_id.to_owned()),
            institution_id: Some(institution.id.to_owned()),
            institution_name: Some(institution.name.to_owned()),
            webhook: None,
            products: vec![Product::Auth, Product::Identity],
            created_at: Utc::now(),
            login_required: false,
            error: None,
        },
        accounts,
        grant: Grant::AccessToken(token.hash()),
    };
    Ok((new, token))
}

async fn seed(url: &str, client_id: &str, count: usize, print: usize) -> Result<(), String> {
    let store = store::open(&DatabaseConfig::new(url))
        .await
        .map_err(|error| error.to_string())?;
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < count {
        let size = BATCH.min(count - done);
        let mut batch = Vec::with_capacity(size);
        for index in done..done + size {
            let (new, token) = item(client_id, index < print)?;
            if index < print {
                println!("{}", token.expose());
            }
            batch.push(new);
        }
        store
            .create_items(&batch)
            .await
            .map_err(|error| error.to_string())?;
        done += size;
        if done % 100_000 < BATCH {
            eprintln!("seed_bulk: {done} Items, {:.0?}", started.elapsed());
        }
    }
    eprintln!("seed_bulk: {done} Items in {:.1?}", started.elapsed());
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (url, client_id, count, print) = match args.as_slice() {
        [url, client_id, count] => (url, client_id, count, "1000"),
        [url, client_id, count, print] => (url, client_id, count, print.as_str()),
        _ => {
            eprintln!("usage: seed_bulk DATABASE_URL CLIENT_ID N [PRINT]");
            return ExitCode::FAILURE;
        }
    };
    let (Ok(count), Ok(print)) = (count.parse::<usize>(), print.parse::<usize>()) else {
        eprintln!("N and PRINT are numbers");
        return ExitCode::FAILURE;
    };
    match seed(url, client_id, count, print).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("seed_bulk: {error}");
            ExitCode::FAILURE
        }
    }
}
