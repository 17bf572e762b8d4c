//! The ceiling for `scripts/bench.sh`: a bare axum server that does the work every Plaid endpoint must do and
//! nothing else. Per request it parses the JSON body into a value and serializes a response held in memory:
//! the response Tartan gave for the same request, captured by the script, so both send the same bytes.
//!
//! `tartan-baseline LISTEN ROUTE=RESPONSE.json [ROUTE=RESPONSE.json …]`

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let listen = args
        .next()
        .context("usage: tartan-baseline LISTEN ROUTE=RESPONSE.json …")?;
    let mut router = Router::new();
    for route in args {
        let (path, file) = route
            .split_once('=')
            .with_context(|| format!("`{route}` is not ROUTE=RESPONSE.json"))?;
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?;
        let response: Arc<Value> = Arc::new(serde_json::from_str(&text)?);
        router = router.route(
            path,
            post(move |body: Bytes| answer(Arc::clone(&response), body)),
        );
    }
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}

async fn answer(response: Arc<Value>, body: Bytes) -> Response {
    // Parse the request as Tartan must (a JSON object), then serialize the captured response anew.
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(_)) => match serde_json::to_vec(response.as_ref()) {
            Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}
