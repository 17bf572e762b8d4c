//! `tartan clients …`: register clients, choose their default API version, rotate their secrets.

use anyhow::Context;
use chrono::Utc;
use clap::Subcommand;
use tartan::domain::tokens::ClientSecret;
use tartan::domain::{ApiVersion, ClientId, ClientRecord, Processor};
use tartan::store::Store;

fn api_version(value: &str) -> Result<ApiVersion, String> {
    ApiVersion::parse(value)
}

#[derive(Subcommand)]
pub enum ClientsCommand {
    /// Create a client and print its credentials (the secret is shown only this once).
    Create {
        #[arg(long)]
        name: String,
        /// Register the client as this processor partner (a value of Plaid's `processor` enum, e.g. dwolla):
        /// it may then read accounts through processor tokens made for that processor.
        #[arg(long, value_parser = |value: &str| Processor::parse(value))]
        processor: Option<Processor>,
        /// The Plaid API version answered when a request sends no `Plaid-Version` header.
        #[arg(long, value_parser = api_version, default_value = "2020-09-14")]
        api_version: ApiVersion,
    },
    /// Change a client's settings.
    Set {
        client_id: String,
        /// The Plaid API version answered when a request sends no `Plaid-Version` header.
        #[arg(long, value_parser = api_version)]
        api_version: ApiVersion,
    },
    /// Give a client a new secret (printed once); the old one keeps working for the grace period.
    RotateSecret {
        client_id: String,
        /// Seconds the old secret stays valid (0: it stops working at once).
        #[arg(long, default_value_t = 86_400)]
        grace_seconds: u32,
    },
    /// List clients (never their secrets).
    List,
}

pub async fn clients(store: &dyn Store, command: ClientsCommand) -> anyhow::Result<()> {
    match command {
        ClientsCommand::Create {
            name,
            processor,
            api_version,
        } => {
            let secret = ClientSecret::generate();
            let client = ClientRecord {
                client_id: ClientId::generate(),
                name,
                secret_hash: secret.hash(),
                processor,
                created_at: Utc::now(),
                api_version,
                previous_secret: None,
                clock_offset: tartan::domain::ClockOffset::default(),
                failures: None,
            };
            store.save_client(&client).await?;
            println!(
                "client_id: {}\nsecret:    {}",
                client.client_id,
                secret.expose()
            );
        }
        ClientsCommand::Set {
            client_id,
            api_version,
        } => {
            let client = existing(store, &client_id).await?;
            store
                .save_client(&ClientRecord {
                    api_version,
                    ..client
                })
                .await?;
            println!("client {client_id} now defaults to API version {api_version}");
        }
        ClientsCommand::RotateSecret {
            client_id,
            grace_seconds,
        } => {
            let client = existing(store, &client_id).await?;
            let secret = ClientSecret::generate();
            let grace = chrono::Duration::seconds(i64::from(grace_seconds));
            let rotated = client.rotated(secret.hash(), Utc::now(), grace);
            store.save_client(&rotated).await?;
            let until = rotated
                .previous_secret
                .map(|old| old.expires_at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default();
            println!(
                "new secret: {}\nthe old secret works until {until}",
                secret.expose()
            );
        }
        ClientsCommand::List => list(store).await?,
    }
    Ok(())
}

async fn existing(store: &dyn Store, client_id: &str) -> anyhow::Result<ClientRecord> {
    store
        .find_client(&ClientId::from_stored(client_id.to_owned()))
        .await?
        .with_context(|| format!("no client {client_id}"))
}

async fn list(store: &dyn Store) -> anyhow::Result<()> {
    println!(
        "{:<26}{:<22}{:<18}{:<12}name",
        "client_id", "created_at", "processor", "version"
    );
    for client in store.list_clients().await? {
        let processor = client.processor.as_ref().map_or("-", Processor::as_str);
        let created = client.created_at.format("%Y-%m-%d %H:%M:%S");
        println!(
            "{:<26}{:<22}{:<18}{:<12}{}",
            client.client_id, created, processor, client.api_version, client.name
        );
    }
    Ok(())
}
