//! Operator commands that act on the database directly: webhook keys, the webhook outbox, identity updates.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Subcommand;
use serde::Deserialize;
use tartan::domain::{AccountId, Environment, ItemId, Owner};
use tartan::services::identity_updates::{self, IdentityUpdate};
use tartan::store::Store;
use tartan::webhooks::{OutboxStats, WebhookKey};

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make a new webhook signing key current; older keys stay verifiable through /webhook_verification_key/get.
    Rotate,
}

#[derive(Subcommand)]
pub enum WebhooksCommand {
    /// The most recent webhooks and their delivery state.
    List {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Every delivery attempt of one webhook.
    Attempts { webhook_id: String },
}

#[derive(Subcommand)]
pub enum IdentityCommand {
    /// Replace one account's owners with those in a JSON file (`[Owner, …]` or `{"owners": [Owner, …]}`).
    Set {
        #[arg(long)]
        item: String,
        #[arg(long)]
        account: String,
        /// JSON file with the owners, in Plaid's `Owner` shape.
        #[arg(long)]
        owners: PathBuf,
        /// The environment named in webhooks (the server's `--env`).
        #[arg(long = "env", env = "TARTAN_ENV", value_enum, default_value_t = Environment::Sandbox)]
        environment: Environment,
    },
    /// Apply an NDJSON file of `{"item_id", "account_id", "owners"}` lines; reports each line.
    Import {
        file: PathBuf,
        #[arg(long = "env", env = "TARTAN_ENV", value_enum, default_value_t = Environment::Sandbox)]
        environment: Environment,
    },
}

pub async fn keys(store: &dyn Store, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Rotate => {
            let key = WebhookKey::generate(Utc::now());
            store.rotate_webhook_key(&key).await?;
            println!("webhooks are now signed with key {}", key.key_id);
        }
    }
    Ok(())
}

pub async fn webhooks(store: &dyn Store, command: WebhooksCommand) -> anyhow::Result<()> {
    match command {
        WebhooksCommand::List { limit } => {
            print_outbox_stats(&store.webhook_outbox_stats(Utc::now()).await?);
            println!(
                "{:<38}{:<11}{:<9}{:<36}{:<22}next attempt / last error",
                "webhook_id", "status", "attempts", "type/code", "created"
            );
            for webhook in store.list_webhooks(limit).await? {
                let kind = format!("{}/{}", webhook.webhook_type, webhook.webhook_code);
                let after = match webhook.status.as_str() {
                    "pending" => webhook
                        .next_attempt_at
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string(),
                    _ => webhook.last_error.unwrap_or_default(),
                };
                let created = webhook.created_at.format("%Y-%m-%d %H:%M:%S");
                println!(
                    "{:<38}{:<11}{:<9}{:<36}{:<22}{after}",
                    webhook.webhook_id, webhook.status, webhook.attempts, kind, created
                );
            }
        }
        WebhooksCommand::Attempts { webhook_id } => {
            println!(
                "{:<9}{:<22}{:<8}{:<10}error",
                "attempt", "at", "status", "ms"
            );
            for attempt in store.list_webhook_attempts(&webhook_id).await? {
                let status = attempt
                    .status_code
                    .map_or_else(|| "-".to_owned(), |code| code.to_string());
                let at = attempt.attempted_at.format("%Y-%m-%d %H:%M:%S");
                println!(
                    "{:<9}{:<22}{:<8}{:<10}{}",
                    attempt.number,
                    at,
                    status,
                    attempt.duration_ms,
                    attempt.error.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

/// The outbox's depth and recent delivery latency, above the list.
fn print_outbox_stats(stats: &OutboxStats) {
    let oldest = stats
        .oldest_due_age
        .map_or_else(|| "-".to_owned(), |age| format!("{} ms", age.as_millis()));
    println!(
        "outbox: {} pending ({} due, {} in delivery; oldest due waited {oldest}), {} failed",
        stats.pending, stats.due, stats.leased, stats.failed
    );
    match stats.latency {
        Some((p50, p99, count)) => println!(
            "delivery latency (enqueue to delivery, last {count}): p50 {} ms, p99 {} ms\n",
            p50.as_millis(),
            p99.as_millis()
        ),
        None => println!("delivery latency: nothing delivered yet\n"),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OwnersFile {
    Bare(Vec<Owner>),
    Wrapped { owners: Vec<Owner> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportLine {
    item_id: String,
    account_id: String,
    owners: Vec<Owner>,
}

pub async fn identity(store: &dyn Store, command: IdentityCommand) -> anyhow::Result<()> {
    match command {
        IdentityCommand::Set {
            item,
            account,
            owners,
            environment,
        } => {
            let text = std::fs::read_to_string(&owners)
                .with_context(|| format!("reading {}", owners.display()))?;
            let owners = match serde_json::from_str(&text)
                .with_context(|| format!("parsing {}", owners.display()))?
            {
                OwnersFile::Bare(owners) | OwnersFile::Wrapped { owners } => owners,
            };
            let update = apply(store, environment, item, account, &owners).await?;
            report(None, &update);
        }
        IdentityCommand::Import { file, environment } => {
            let reader = std::io::BufReader::new(
                std::fs::File::open(&file)
                    .with_context(|| format!("opening {}", file.display()))?,
            );
            let mut failures = 0;
            for (index, line) in reader.lines().enumerate() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let outcome = match serde_json::from_str::<ImportLine>(&line) {
                    Ok(entry) => {
                        apply(
                            store,
                            environment,
                            entry.item_id,
                            entry.account_id,
                            &entry.owners,
                        )
                        .await
                    }
                    Err(error) => Err(anyhow::anyhow!("not an identity line: {error}")),
                };
                match outcome {
                    Ok(update) => report(Some(index + 1), &update),
                    Err(error) => {
                        failures += 1;
                        eprintln!("line {}: {error:#}", index + 1);
                    }
                }
            }
            if failures > 0 {
                bail!("{failures} line(s) of {} failed", file.display());
            }
        }
    }
    Ok(())
}

async fn apply(
    store: &dyn Store,
    environment: Environment,
    item: String,
    account: String,
    owners: &[Owner],
) -> anyhow::Result<IdentityUpdate> {
    let (item, account) = (ItemId::from_stored(item), AccountId::from_stored(account));
    Ok(identity_updates::replace_identity(store, environment, &item, &account, owners).await?)
}

fn report(line: Option<usize>, update: &IdentityUpdate) {
    let prefix = line
        .map(|line| format!("line {line}: "))
        .unwrap_or_default();
    if update.changed.is_empty() {
        println!("{prefix}unchanged");
    } else {
        let changed: Vec<String> = update
            .changed
            .iter()
            .map(|category| format!("{category:?}").to_uppercase())
            .collect();
        let webhook = if update.webhook_queued {
            "; IDENTITY DEFAULT_UPDATE queued"
        } else {
            "; the Item has no webhook"
        };
        println!("{prefix}updated {}{webhook}", changed.join(", "));
    }
}
