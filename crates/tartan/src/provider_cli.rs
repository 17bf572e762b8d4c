//! `tartan import FILE.ndjson` and `tartan provider …`: a data provider's catalogue, the institutions each
//! client may link, revoking Items and reading the audit log, over the same services as the admin API.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use tartan::domain::{ClientId, Environment, ItemId};
use tartan::services::provider::audit::{self, Actor};
use tartan::services::provider::import::{self, LineError};
use tartan::services::provider::{catalogue, records, revoke};
use tartan::store::{RecordOutcome, Store};

#[derive(Subcommand)]
pub enum ProviderCommand {
    /// Create or update one record given as JSON in the import format (`{"type": "institution", …}`).
    Set {
        record: String,
        /// The environment named in webhooks (the server's `--env`).
        #[arg(long = "env", env = "TARTAN_ENV", value_enum, default_value_t = Environment::Production)]
        environment: Environment,
    },
    /// List the provider's institutions.
    Institutions,
    /// List an institution's end users (never their credentials).
    Users {
        institution_id: String,
        #[arg(long)]
        after: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// An end user's accounts and the Items their logins created.
    User {
        institution_id: String,
        user_id: String,
    },
    /// Set the institutions a client may link (replaces the list; none: it may link nothing).
    Allow {
        client_id: String,
        institution_ids: Vec<String>,
    },
    /// Revoke an Item: its tokens stop working at once and ITEM USER_PERMISSION_REVOKED fires.
    Revoke {
        item_id: String,
        #[arg(long = "env", env = "TARTAN_ENV", value_enum, default_value_t = Environment::Production)]
        environment: Environment,
    },
    /// The audit log, newest first.
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

/// `tartan import FILE.ndjson`: prints each failed line, then a summary; fails if any line failed.
pub async fn import_file(
    store: &dyn Store,
    file: &PathBuf,
    environment: Environment,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let reader = std::io::BufReader::with_capacity(
        256 * 1024,
        std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?,
    );
    let report = |error: &LineError| eprintln!("line {}: {}", error.line, error.message);
    let summary = import::import(store, environment, reader, &Actor::cli(), report).await?;
    println!(
        "{} lines: {} records saved, {} failed, {} webhooks queued, in {:.1} s",
        summary.lines,
        summary.saved,
        summary.failed,
        summary.webhooks,
        started.elapsed().as_secs_f64()
    );
    if summary.failed > 0 {
        bail!("{} line(s) of {} failed", summary.failed, file.display());
    }
    Ok(())
}

pub async fn provider(store: &dyn Store, command: ProviderCommand) -> anyhow::Result<()> {
    match command {
        ProviderCommand::Set {
            record,
            environment,
        } => set(store, &record, environment).await,
        ProviderCommand::Institutions => {
            println!(
                "{:<24}{:<10}{:<10}name",
                "institution_id", "login", "countries"
            );
            for institution in store.list_provider_institutions().await? {
                let login = match institution.login {
                    tartan::domain::InstitutionLogin::Password { totp: true } => "password+totp",
                    tartan::domain::InstitutionLogin::Password { totp: false } => "password",
                    tartan::domain::InstitutionLogin::Oidc { .. } => "oidc",
                };
                println!(
                    "{:<24}{login:<10}{:<10}{}",
                    institution.institution_id,
                    institution.country_codes.join(","),
                    institution.name
                );
            }
            Ok(())
        }
        ProviderCommand::Users {
            institution_id,
            after,
            limit,
        } => {
            println!(
                "{:<32}{:<10}{:<6}oidc_subject",
                "user_id", "password", "totp"
            );
            for user in store
                .list_end_users(&institution_id, after.as_deref(), limit)
                .await?
            {
                println!(
                    "{:<32}{:<10}{:<6}{}",
                    user.user_id,
                    yes(user.password_hash.is_some()),
                    yes(user.totp_secret.is_some()),
                    user.oidc_subject.unwrap_or_default()
                );
            }
            Ok(())
        }
        ProviderCommand::User {
            institution_id,
            user_id,
        } => show_user(store, &institution_id, &user_id).await,
        ProviderCommand::Allow {
            client_id,
            institution_ids,
        } => allow(store, client_id, institution_ids).await,
        ProviderCommand::Revoke {
            item_id,
            environment,
        } => {
            let item_id = ItemId::from_stored(item_id);
            let queued = revoke::revoke(store, environment, &item_id, &Actor::cli()).await?;
            let webhook = if queued {
                "ITEM USER_PERMISSION_REVOKED queued"
            } else {
                "the Item had no webhook"
            };
            println!("item {item_id} revoked; {webhook}");
            Ok(())
        }
        ProviderCommand::Audit { limit } => print_audit(store, limit).await,
    }
}

fn yes(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

async fn set(store: &dyn Store, record: &str, environment: Environment) -> anyhow::Result<()> {
    let record = records::parse(record)
        .and_then(records::RecordLine::into_record)
        .map_err(|message| anyhow::anyhow!("{message}"))?;
    let key = record.key();
    let outcomes = catalogue::apply(store, environment, &[record]).await?;
    match outcomes.first() {
        Some(RecordOutcome::Saved { items, webhooks }) => {
            audit::record(store, &Actor::cli(), "record.save", &key, "success").await;
            println!("{key} saved; {items} Item(s) updated, {webhooks} webhook(s) queued");
            Ok(())
        }
        Some(RecordOutcome::Rejected(message)) => {
            audit::record(store, &Actor::cli(), "record.save", &key, "REJECTED").await;
            bail!("{key}: {message}")
        }
        None => bail!("{key}: not applied"),
    }
}

async fn show_user(store: &dyn Store, institution_id: &str, user_id: &str) -> anyhow::Result<()> {
    let user = store
        .find_end_user(institution_id, user_id)
        .await?
        .with_context(|| format!("no user {user_id} at {institution_id}"))?;
    println!(
        "user {} at {} (password: {}, totp: {})",
        user.user_id,
        user.institution_id,
        yes(user.password_hash.is_some()),
        yes(user.totp_secret.is_some())
    );
    for account in store
        .list_provider_accounts(institution_id, user_id)
        .await?
    {
        let account = account.account;
        println!(
            "  account {} {} {}",
            account.account_id,
            account.name,
            account.mask.unwrap_or_default()
        );
    }
    for item in store.list_provider_items(institution_id, user_id).await? {
        println!(
            "  item {} of client {} since {}",
            item.item_id,
            item.client_id,
            item.created_at.format("%Y-%m-%d %H:%M:%S")
        );
    }
    Ok(())
}

async fn allow(
    store: &dyn Store,
    client_id: String,
    institution_ids: Vec<String>,
) -> anyhow::Result<()> {
    let client_id = ClientId::from_stored(client_id);
    store
        .find_client(&client_id)
        .await?
        .with_context(|| format!("no client {client_id}"))?;
    for id in &institution_ids {
        if store.find_provider_institution(id).await?.is_none() {
            bail!("no institution {id}");
        }
    }
    store
        .set_client_institutions(&client_id, &institution_ids)
        .await?;
    let subject = format!("client/{client_id}");
    audit::record(
        store,
        &Actor::cli(),
        "client.institutions",
        &subject,
        "success",
    )
    .await;
    println!(
        "client {client_id} may link: {}",
        if institution_ids.is_empty() {
            "nothing".to_owned()
        } else {
            institution_ids.join(", ")
        }
    );
    Ok(())
}

async fn print_audit(store: &dyn Store, limit: i64) -> anyhow::Result<()> {
    println!(
        "{:<22}{:<28}{:<20}{:<40}{:<24}outcome",
        "at", "actor", "action", "subject", "from"
    );
    for entry in store.list_audit(limit).await? {
        println!(
            "{:<22}{:<28}{:<20}{:<40}{:<24}{}",
            entry.at.format("%Y-%m-%d %H:%M:%S"),
            entry.actor,
            entry.action,
            entry.subject,
            entry.source,
            entry.outcome
        );
    }
    Ok(())
}
