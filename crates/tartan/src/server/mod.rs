//! The top of the stack: building and running the server (start-up tasks, listener, router, graceful
//! shutdown).

mod catalogue;
mod idle_memory;
mod router;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;
use tokio::net::TcpListener;

use tokio::sync::{Notify, watch};

use crate::config::{Config, DatabaseConfig};
use crate::domain::tokens::ClientSecret;
use crate::domain::{ClientId, ClientRecord, Environment};
use crate::services::webhook_dispatcher::Dispatcher;
use crate::services::{AppState, maintenance};
use crate::store::{self, Store};
use crate::webhooks::WebhookKey;

/// A bound, ready server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config, database: &DatabaseConfig) -> anyhow::Result<Self> {
        if let Some(seed) = config.seed {
            anyhow::ensure!(
                config.environment == Environment::Sandbox,
                "--seed makes tokens guessable: it is refused in the production environment"
            );
            if !crate::domain::entropy::seed(seed) {
                tracing::warn!("this process was already seeded; the first seed stays");
            }
            tracing::warn!(
                seed,
                "deterministic mode: ids and tokens derive from the seed and are guessable"
            );
        }
        let store = store::open(database)
            .await
            .context("opening the database")?;
        if config.environment == Environment::Sandbox {
            ensure_sandbox_client(&config, store.as_ref()).await?;
        }
        // libphonenumber's metadata and the compiled +1 numbering plan (16 MB together, ~70 ms) load on the first
        // `/identity/match` that carries a phone number, not here: a server that never scores a phone number
        // does not hold them (docs/performance.md, "Memory").
        if store.current_webhook_key().await?.is_none() {
            store
                .rotate_webhook_key(&WebhookKey::generate(Utc::now()))
                .await?;
        }
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        Ok(Self {
            listener,
            state: AppState::new(Arc::new(config), store, Arc::new(Notify::new())),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves; then stops accepting, hands this instance's webhook leases back, and
    /// finishes the requests in flight (for at most the shutdown grace period).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let instance = maintenance::instance_id();
        let upkeep = tokio::spawn(maintenance::run(
            Arc::clone(&self.state.store),
            instance.clone(),
        ));
        let metrics_upkeep = tokio::spawn(crate::http::metrics::upkeep());
        let memory_release = tokio::spawn(idle_memory::release_when_idle(Arc::clone(
            &self.state.store,
        )));
        let dispatcher = Dispatcher::new(
            Arc::clone(&self.state.store),
            self.state.config.webhooks.clone(),
            instance,
        )
        .context("building the webhook HTTP client")?;
        let (closing, closed) = watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = closing.send(true);
        });
        let delivery =
            tokio::spawn(dispatcher.run(Arc::clone(&self.state.webhook_wake), closed.clone()));
        let grace = self.state.config.shutdown_grace();
        let delay = self.state.config.shutdown_delay();
        let router = router::router(self.state, closed.clone());
        tracing::info!(address = %self.listener.local_addr()?, "tartan is listening");
        // During the delay `/ready` already answers 503 and everything else is still served, so a balancer
        // moves new requests away before the listener closes (connections it had accepted are then reset).
        let stop_accepting = {
            let closed = closed.clone();
            async move {
                signalled(closed).await;
                tokio::time::sleep(delay).await;
            }
        };
        let serve = axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(stop_accepting);
        let served = tokio::select! {
            served = serve => served,
            () = async { signalled(closed).await; tokio::time::sleep(delay + grace).await } => {
                tracing::warn!(grace_secs = grace.as_secs(), "requests still in flight at the end of the grace period");
                Ok(())
            }
        };
        upkeep.abort();
        metrics_upkeep.abort();
        memory_release.abort();
        // The dispatcher stopped claiming at the signal; it ends within one webhook timeout, leases handed back.
        let _ = delivery.await;
        served?;
        tracing::info!("tartan stopped");
        Ok(())
    }
}

async fn signalled(mut closed: watch::Receiver<bool>) {
    let _ = closed.wait_for(|closed| *closed).await;
}

/// A newcomer's first request must work: in sandbox there is always a client. Configured credentials are
/// (re)applied on every start; otherwise a client is generated once, when the database has none.
async fn ensure_sandbox_client(config: &Config, store: &dyn Store) -> anyhow::Result<()> {
    let (client_id, secret, generated) = match (&config.sandbox_client_id, &config.sandbox_secret) {
        (Some(id), Some(secret)) => (
            ClientId::from_stored(id.clone()),
            ClientSecret::from_presented(secret.clone()),
            false,
        ),
        _ if store.list_clients().await?.is_empty() => {
            (ClientId::generate(), ClientSecret::generate(), true)
        }
        _ => return Ok(()),
    };
    // Re-applying the secret keeps what an operator set since (the default API version).
    let existing = store.find_client(&client_id).await?;
    let client = ClientRecord {
        client_id: client_id.clone(),
        name: "sandbox development client".into(),
        secret_hash: secret.hash(),
        processor: None,
        created_at: Utc::now(),
        api_version: existing
            .map(|client| client.api_version)
            .unwrap_or_default(),
        previous_secret: None,
        clock_offset: crate::domain::ClockOffset::default(),
        failures: None,
    };
    store.save_client(&client).await?;
    if generated {
        // Printed once, to the terminal of whoever started the server; it is never logged or stored.
        println!(
            "Created a sandbox client (shown only this once):\n  PLAID_CLIENT_ID={client_id}\n  PLAID_SECRET={}",
            secret.expose()
        );
    }
    Ok(())
}
