//! `GET /metrics`: Prometheus's text format, from one process-wide recorder.
//!
//! Requests (by route and status) and their latency are recorded by the edge (`super::edge`), through handles
//! cached per route ([`RouteMetrics`]); webhook
//! deliveries by the dispatcher; statement analyses by the upload handler. The outbox depth and the
//! database pool are gauges read from the store at scrape time, and so are the read model's hits and misses
//! (`tartan_read_model_hits_total`, `tartan_read_model_misses_total`: counted by the store with atomics, so the
//! request path does not go through the recorder for them).

use std::sync::{OnceLock, PoisonError, RwLock};

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use metrics::{Counter, Histogram};
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
    if let Some(counts) = state.store.read_model_counts() {
        metrics::counter!("tartan_read_model_hits_total").absolute(counts.hits);
        metrics::counter!("tartan_read_model_misses_total").absolute(counts.misses);
        metrics::counter!("tartan_read_model_checks_total").absolute(counts.checks);
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

const REQUESTS: &str = "tartan_http_requests_total";
const DURATION: &str = "tartan_http_request_duration_seconds";

/// The request counters (one per status) and the latency histogram of one route, registered with the recorder
/// the first time they are used and then kept: looking them up in the recorder's registry built a key of owned
/// label strings and hashed it on every request. A handle is the registry's own entry, so what `/metrics`
/// shows is the same. The edge keeps one per route service; should a service ever answer for another route
/// than the first it saw, that request goes through the registry as before.
#[derive(Default)]
pub struct RouteMetrics(OnceLock<Handles>);

struct Handles {
    route: Box<str>,
    duration: Histogram,
    /// By status: a route answers with a handful of them.
    requests: RwLock<Vec<(StatusCode, Counter)>>,
}

impl RouteMetrics {
    /// One request to `route`, answered with `status` after `latency` seconds.
    pub fn record(&self, route: &str, status: StatusCode, latency: f64) {
        let handles = self.0.get_or_init(|| Handles {
            route: route.into(),
            duration: metrics::histogram!(DURATION, "route" => route.to_owned()),
            requests: RwLock::default(),
        });
        if *handles.route != *route {
            metrics::counter!(REQUESTS, "route" => route.to_owned(), "status" => status.as_str().to_owned())
                .increment(1);
            metrics::histogram!(DURATION, "route" => route.to_owned()).record(latency);
            return;
        }
        handles.count(status);
        handles.duration.record(latency);
    }
}

impl Handles {
    fn count(&self, status: StatusCode) {
        let known = self.requests.read().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, counter)) = known.iter().find(|(known, _)| *known == status) {
            counter.increment(1);
            return;
        }
        drop(known);
        let mut known = self
            .requests
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        // Another request may have registered it in between: the registry hands out the same counter anyway.
        let counter = match known.iter().find(|(known, _)| *known == status) {
            Some((_, counter)) => counter.clone(),
            None => {
                let route = self.route.to_string();
                let counter = metrics::counter!(REQUESTS, "route" => route, "status" => status.as_str().to_owned());
                known.push((status, counter.clone()));
                counter
            }
        };
        counter.increment(1);
    }
}
