//! `GET /metrics`: Prometheus's text format, from one process-wide recorder.
//!
//! Requests (by route and status) and their latency are recorded by the request-id middleware; webhook
//! deliveries by the dispatcher; statement analyses by the upload handler. The outbox depth and the
//! database pool are gauges read from the store at scrape time.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use super::error::ApiError;
use crate::services::AppState;

/// Request and analysis durations, in seconds: 1 ms to 30 s.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the recorder once per process (several servers in one test process share it). `None` if another
/// recorder was installed first, in which case `/metrics` says so.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&BUCKETS)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// How often recorded histogram samples are folded into their buckets. The recorder keeps every sample of a
/// histogram (8 bytes a request) until it is drained, which otherwise happens only when `/metrics` is scraped:
/// a server nobody scrapes grew by megabytes under load and never gave them back. Five seconds is the interval
/// the exporter's own upkeep task uses.
const UPKEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

/// Drains the histograms' samples every [`UPKEEP_INTERVAL`], for as long as the task runs (the server aborts it
/// at shutdown).
pub async fn upkeep() {
    let Some(handle) = install() else {
        return;
    };
    let mut ticks = tokio::time::interval(UPKEEP_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        handle.run_upkeep();
    }
}

/// `GET /metrics`.
pub async fn scrape(State(state): State<AppState>) -> Result<Response, ApiError> {
    let handle = install().ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!("the metrics recorder is not installed"))
    })?;
    // A database that does not answer must not make the scrape fail: the pool gauges still tell why.
    match state.store.pending_webhook_count().await {
        Ok(pending) => {
            #[allow(clippy::cast_precision_loss)]
            metrics::gauge!("tartan_webhook_outbox_pending").set(pending as f64);
        }
        Err(error) => tracing::warn!(%error, "cannot count pending webhooks"),
    }
    let (in_use, max) = state.store.connections_in_use();
    metrics::gauge!("tartan_db_connections_in_use").set(f64::from(in_use));
    metrics::gauge!("tartan_db_connections_max").set(f64::from(max));
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}
