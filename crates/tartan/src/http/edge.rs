//! The edge: the one middleware every route's requests pass through, doing in one service and one future what
//! were seven layers (five of them `from_fn` futures nested in one another, each boxed with a boxed `Next`).
//! In order, outermost first, as the layers were:
//!
//! 1. the request id: a [`RequestScope`] extension, a span, `X-Request-Id` on the response, one completion
//!    log line (request id, client id, route, status, latency; never a body, token or secret) and the request
//!    metrics, by matched route and status;
//! 2. the error renderer: an [`ApiError`] attached to the response becomes Plaid's body with the request id;
//! 3. version negotiation: an unknown `Plaid-Version` is refused, the response is answered in the version asked
//!    for (else the client's default);
//! 4. admission control (see [`Admission`]);
//! 5. a panic in the handler becomes Plaid's 500, and the server keeps serving;
//! 6. the request timeout: Plaid's 500 `INTERNAL_SERVER_ERROR` after `timeout`;
//! 7. the default body limit of axum's body extractors.

use std::any::Any;
use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};
use tracing::{Instrument, Span};

use super::admission::{self, Admission};
use super::error::{self, ApiError};
use super::metrics::RouteMetrics;
use super::request_id::RequestScope;
use super::versions;
use crate::domain::{ApiVersion, ClientId};
use crate::wire::RequestId;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The target of the request's span and completion line: the module that wrote them before the edge, so that
/// a `RUST_LOG` directive naming it keeps selecting them.
const LOG_TARGET: &str = "tartan::http::request_id";

/// The route label of a request no route matched.
const UNMATCHED: &str = "(unmatched)";

/// What every route's edge is configured with.
pub struct EdgeConfig {
    pub base_path: Option<String>,
    pub admission: Admission,
    pub timeout: Duration,
    pub body_limit: usize,
}

/// Puts an [`Edge`] in front of a service (with `Router::layer`: of every route and fallback).
#[derive(Clone)]
pub struct EdgeLayer(Arc<EdgeConfig>);

impl EdgeLayer {
    pub fn new(config: EdgeConfig) -> Self {
        Self(Arc::new(config))
    }
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Edge {
            inner,
            config: self.0.clone(),
            metrics: Arc::default(),
        }
    }
}

/// See the module's documentation.
#[derive(Clone)]
pub struct Edge<S> {
    inner: S,
    config: Arc<EdgeConfig>,
    /// This route's metric handles (`Router::layer` makes one edge per route service).
    metrics: Arc<RouteMetrics>,
}

impl<S> Service<Request> for Edge<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    /// Always ready, as axum's `from_fn` middlewares were: the inner service is axum's `Route`, which always is.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let started = Instant::now();
        let scope = RequestScope::new(RequestId::generate());
        request.extensions_mut().insert(scope.clone());
        // The matched route, not the raw path: it names the operation and never carries identifiers.
        let matched = request.extensions().get::<MatchedPath>().cloned();
        let route = matched.as_ref().map_or(UNMATCHED, MatchedPath::as_str);
        let span = tracing::info_span!(target: LOG_TARGET, "request", request_id = %scope.id().as_str(), method = %request.method(), route = %route);
        // Only a request no route matched is rewritten by its path (never, in practice: it is answered with an
        // error); the copy is made for those alone.
        let unmatched_path = matched.is_none().then(|| request.uri().path().to_owned());
        let probe = admission::is_probe(request.uri().path());
        // An unknown `Plaid-Version` is answered before the handler is called. Nothing of the handler runs
        // before its future is polled, which is after admission.
        let handler = versions::requested_version(request.headers()).map(|requested| {
            DefaultBodyLimit::max(self.config.body_limit).apply(&mut request);
            let handler = catch_unwind(AssertUnwindSafe(|| self.inner.call(request)));
            (requested, handler)
        });
        let exchange = Exchange {
            config: self.config.clone(),
            metrics: self.metrics.clone(),
            started,
            scope,
            matched,
            unmatched_path,
            probe,
        };
        Box::pin(exchange.finish(handler, span))
    }
}

/// One request's state between the call and its response.
struct Exchange {
    config: Arc<EdgeConfig>,
    metrics: Arc<RouteMetrics>,
    started: Instant,
    scope: RequestScope,
    matched: Option<MatchedPath>,
    unmatched_path: Option<String>,
    probe: bool,
}

type Payload = Box<dyn Any + Send + 'static>;

impl Exchange {
    async fn finish<F>(
        self,
        handler: Result<(Option<ApiVersion>, Result<F, Payload>), ApiError>,
        span: Span,
    ) -> Result<Response, Infallible>
    where
        F: Future<Output = Result<Response, Infallible>>,
    {
        let id = self.scope.id();
        let mut response = async {
            let response = match handler {
                Ok((requested, handler)) => {
                    let mut response = self.admitted(handler).await;
                    let version = requested
                        .or_else(|| self.scope.default_version())
                        .unwrap_or_default();
                    if versions::needs_rewrite(&mut response, version) {
                        let base_path = self.config.base_path.as_deref();
                        response =
                            versions::rewritten(response, version, self.operation(), base_path)
                                .await;
                    }
                    response
                }
                Err(error) => error.into_response(),
            };
            error::render(response, id)
        }
        .instrument(span.clone())
        .await;
        if let Ok(value) = HeaderValue::from_bytes(id.as_bytes()) {
            response.headers_mut().insert(X_REQUEST_ID.clone(), value);
        }
        let latency = self.started.elapsed().as_secs_f64();
        span.in_scope(|| {
            tracing::info!(
                target: LOG_TARGET,
                client_id = self.scope.client_id().map(ClientId::as_str),
                status = response.status().as_u16(),
                latency_ms = latency * 1000.0,
                "request completed"
            );
        });
        let route = self.matched.as_ref().map_or(UNMATCHED, MatchedPath::as_str);
        self.metrics.record(route, response.status(), latency);
        Ok(response)
    }

    /// Admission, then the handler with its panics caught and its time limited.
    async fn admitted<F>(&self, handler: Result<F, Payload>) -> Response
    where
        F: Future<Output = Result<Response, Infallible>>,
    {
        let admission = &self.config.admission;
        let _permit = if self.probe {
            None
        } else if let Some(permit) = admission.try_admit() {
            Some(permit)
        } else {
            match admission.admit().await {
                Ok(permit) => Some(permit),
                Err(error) => return error.into_response(),
            }
        };
        let handler = match handler {
            Ok(handler) => handler,
            Err(payload) => return panic_response(payload),
        };
        let mut limited = pin!(tokio::time::timeout(self.config.timeout, handler));
        let outcome =
            poll_fn(
                |cx| match catch_unwind(AssertUnwindSafe(|| limited.as_mut().poll(cx))) {
                    Ok(Poll::Pending) => Poll::Pending,
                    Ok(Poll::Ready(outcome)) => Poll::Ready(Ok(outcome)),
                    Err(payload) => Poll::Ready(Err(payload)),
                },
            )
            .await;
        match outcome {
            Ok(Ok(Ok(response))) => response,
            Ok(Ok(Err(never))) => match never {},
            Ok(Err(_elapsed)) => ApiError::Timeout.into_response(),
            Err(payload) => panic_response(payload),
        }
    }

    /// The path the request was routed by, base path included.
    fn operation(&self) -> &str {
        self.matched.as_ref().map_or_else(
            || self.unmatched_path.as_deref().unwrap_or_default(),
            MatchedPath::as_str,
        )
    }
}

/// A panic is a bug; the client still gets a Plaid error and the server keeps serving.
fn panic_response(payload: Payload) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ApiError::Internal(anyhow::anyhow!("handler panicked: {message}")).into_response()
}
