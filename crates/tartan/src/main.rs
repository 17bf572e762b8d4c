//! The `tartan` command: serve the API, manage clients.

mod clients_cli;
mod commands;
mod provider_cli;

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tartan::config::{Config, DatabaseConfig, LogFormat};
use tartan::server::Application;
use tartan::store;
use tartan::telemetry;

/// mimalloc rather than glibc's malloc: per request the server allocates and frees a few hundred small values,
/// and mimalloc's thread-local free lists make each of those a fraction of glibc's cost (measured with
/// `scripts/bench/instructions.sh`, see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "tartan",
    version,
    about = "A self-hosted, Plaid-compatible API server"
)]
struct Cli {
    #[command(flatten)]
    database: DatabaseConfig,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API server.
    Serve(Config),
    /// Apply pending database migrations and exit (`serve` also applies them on start).
    Migrate,
    /// Write a consistent copy of the SQLite database to a new file, while the server runs.
    Backup { path: std::path::PathBuf },
    /// Replace the SQLite database with a backup (stop the server first).
    Restore { path: std::path::PathBuf },
    /// Manage API clients (client_id / secret pairs).
    #[command(subcommand)]
    Clients(clients_cli::ClientsCommand),
    /// Webhook signing keys.
    #[command(subcommand)]
    Keys(commands::KeysCommand),
    /// Inspect webhook deliveries.
    #[command(subcommand)]
    Webhooks(commands::WebhooksCommand),
    /// Change accounts' identity data (as a data provider); apps are told by webhook.
    #[command(subcommand)]
    Identity(commands::IdentityCommand),
    /// A data provider's catalogue, client allow-lists, revoking Items, the audit log (production).
    #[command(subcommand)]
    Provider(provider_cli::ProviderCommand),
    /// Load a data provider's records from an NDJSON file (docs/providers.md), streamed and idempotent.
    Import {
        file: std::path::PathBuf,
        /// The environment named in webhooks (the server's `--env`).
        #[arg(long = "env", env = "TARTAN_ENV", value_enum, default_value_t = tartan::domain::Environment::Production)]
        environment: tartan::domain::Environment,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tartan: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tartan: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(config) => {
            telemetry::init(config.log_format);
            tracing::info!(?config, "starting");
            let app = Application::build(config, &cli.database).await?;
            app.run_until(shutdown_signal()).await
        }
        Command::Migrate => {
            telemetry::init(LogFormat::Text);
            store::migrate(&cli.database)
                .await
                .context("migrating the database")?;
            println!("database is up to date");
            Ok(())
        }
        Command::Backup { path } => {
            telemetry::init(LogFormat::Text);
            store::backup::backup(&cli.database, &path).await?;
            println!("backed up to {}", path.display());
            Ok(())
        }
        Command::Restore { path } => {
            telemetry::init(LogFormat::Text);
            store::backup::restore(&cli.database, &path).await?;
            println!("restored from {}", path.display());
            Ok(())
        }
        Command::Keys(command) => {
            commands::keys(open(&cli.database).await?.as_ref(), command).await
        }
        Command::Webhooks(command) => {
            commands::webhooks(open(&cli.database).await?.as_ref(), command).await
        }
        Command::Identity(command) => {
            commands::identity(open(&cli.database).await?.as_ref(), command).await
        }
        Command::Provider(command) => {
            provider_cli::provider(open(&cli.database).await?.as_ref(), command).await
        }
        Command::Import { file, environment } => {
            provider_cli::import_file(open(&cli.database).await?.as_ref(), &file, environment).await
        }
        Command::Clients(command) => {
            clients_cli::clients(open(&cli.database).await?.as_ref(), command).await
        }
    }
}

async fn open(
    database: &DatabaseConfig,
) -> anyhow::Result<std::sync::Arc<dyn tartan::store::Store>> {
    telemetry::init(LogFormat::Text);
    store::open(database).await.context("opening the database")
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
