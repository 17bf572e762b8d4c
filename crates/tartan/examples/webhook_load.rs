//! Webhook delivery under load, on loopback: fires `/sandbox/item/fire_webhook` as fast as the server acks it and
//! measures, for every acknowledged webhook, how long after its ack it reached a healthy receiver.
//!
//! Usage: webhook_load URL CLIENT_ID SECRET [--seconds 10] [--items 40] [--firers 8] [--slow-items 4]
//!   --slow-items N: also N Items whose receiver holds each request 8 s, each fired every 250 ms.
//! Each healthy Item is fired by one task only, so its k-th ack pairs with its k-th arrival (Tartan keeps an
//! Item's webhooks in order). Prints one JSON object with the figures.
use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};

type Arrivals = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

struct Options {
    base: String,
    credentials: (String, String),
    seconds: u64,
    items: usize,
    firers: usize,
    slow_items: usize,
}

fn parse() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, id, secret, rest @ ..] = args.as_slice() else {
        return Err("usage: webhook_load URL CLIENT_ID SECRET [--seconds S] [--items N] [--firers N] [--slow-items N]".into());
    };
    let mut options = Options {
        base: base.clone(),
        credentials: (id.clone(), secret.clone()),
        seconds: 10,
        items: 40,
        firers: 8,
        slow_items: 0,
    };
    for pair in rest.chunks(2) {
        let [flag, value] = pair else {
            return Err(format!("{pair:?}: a flag needs a value"));
        };
        let number: usize = value.parse().map_err(|_| format!("{flag} {value}"))?;
        match flag.as_str() {
            "--seconds" => options.seconds = number as u64,
            "--items" => options.items = number,
            "--firers" => options.firers = number.max(1),
            "--slow-items" => options.slow_items = number,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

async fn receiver(delay: Duration, arrivals: Arrivals) -> Result<String, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|error| error.to_string())?;
    let url = format!(
        "http://{}/hook",
        listener.local_addr().map_err(|error| error.to_string())?
    );
    let router = axum::Router::new()
        .route(
            "/hook",
            post(
                move |State(arrivals): State<Arrivals>, body: axum::body::Bytes| async move {
                    let at = Instant::now();
                    if let Ok(body) = serde_json::from_slice::<Value>(&body) {
                        let item = body["item_id"].as_str().unwrap_or_default().to_owned();
                        arrivals
                            .lock()
                            .map(|mut map| map.entry(item).or_default().push(at))
                            .ok();
                    }
                    tokio::time::sleep(delay).await;
                    "ok"
                },
            ),
        )
        .with_state(arrivals);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}

async fn call(
    http: &reqwest::Client,
    options: &Options,
    path: &str,
    body: Value,
) -> Result<Value, String> {
    let response = http
        .post(format!("{}{path}", options.base))
        .header("PLAID-CLIENT-ID", &options.credentials.0)
        .header("PLAID-SECRET", &options.credentials.1)
        .json(&body)
        .send()
        .await
        .map_err(|error| error.to_string())?;
    let status = response.status();
    let body: Value = response.json().await.map_err(|error| error.to_string())?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(format!("{status}: {body}"))
    }
}

/// Creates an Item whose webhooks go to `url`; returns (item_id, access_token).
async fn item(
    http: &reqwest::Client,
    options: &Options,
    url: &str,
) -> Result<(String, String), String> {
    let created = call(http, options, "/sandbox/public_token/create",
        json!({"institution_id": "ins_109508", "initial_products": ["auth"], "options": {"webhook": url}})).await?;
    let exchanged = call(
        http,
        options,
        "/item/public_token/exchange",
        json!({"public_token": created["public_token"]}),
    )
    .await?;
    let field = |name: &str| {
        exchanged[name]
            .as_str()
            .map(str::to_owned)
            .ok_or(format!("no {name}"))
    };
    Ok((field("item_id")?, field("access_token")?))
}

/// Fires on `items` until `until`; returns each Item's ack times.
async fn fire(
    http: reqwest::Client,
    options: Arc<Options>,
    items: Vec<(String, String)>,
    until: Instant,
    pause: Duration,
) -> HashMap<String, Vec<Instant>> {
    let mut acks: HashMap<String, Vec<Instant>> = HashMap::new();
    'outer: loop {
        for (item_id, token) in &items {
            if Instant::now() >= until {
                break 'outer;
            }
            let body = json!({"access_token": token, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"});
            if call(&http, &options, "/sandbox/item/fire_webhook", body)
                .await
                .is_ok()
            {
                acks.entry(item_id.clone())
                    .or_default()
                    .push(Instant::now());
            }
            tokio::time::sleep(pause).await;
        }
    }
    acks
}

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// Waits at most `limit` until `count` webhooks arrived.
async fn wait_for(arrivals: &Arrivals, count: usize, limit: Duration) -> Result<(), String> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        let arrived: usize = arrivals
            .lock()
            .map_err(|e| e.to_string())?
            .values()
            .map(Vec::len)
            .sum();
        if arrived >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Each Item's k-th ack with its k-th arrival: the sorted latencies, and how many acks never arrived.
fn pair(
    acks: &HashMap<String, Vec<Instant>>,
    arrivals: &HashMap<String, Vec<Instant>>,
) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let mut missing = 0;
    for (item_id, item_acks) in acks {
        let item_arrivals = arrivals.get(item_id).cloned().unwrap_or_default();
        for (k, ack) in item_acks.iter().enumerate() {
            match item_arrivals.get(k) {
                Some(arrival) => latencies.push(arrival.saturating_duration_since(*ack)),
                None => missing += 1,
            }
        }
    }
    latencies.sort_unstable();
    (latencies, missing)
}

async fn run(options: Options) -> Result<Value, String> {
    let options = Arc::new(options);
    let http = reqwest::Client::new();
    let healthy_arrivals = Arrivals::default();
    let slow_arrivals = Arrivals::default();
    let healthy_url = receiver(Duration::ZERO, Arc::clone(&healthy_arrivals)).await?;
    let slow_url = receiver(Duration::from_secs(8), Arc::clone(&slow_arrivals)).await?;
    let mut healthy = Vec::new();
    for _ in 0..options.items {
        healthy.push(item(&http, &options, &healthy_url).await?);
    }
    let mut slow = Vec::new();
    for _ in 0..options.slow_items {
        slow.push(item(&http, &options, &slow_url).await?);
    }
    let started = Instant::now();
    let until = started + Duration::from_secs(options.seconds);
    let mut firers = Vec::new();
    for firer in 0..options.firers {
        let mine: Vec<_> = healthy
            .iter()
            .skip(firer)
            .step_by(options.firers)
            .cloned()
            .collect();
        firers.push(tokio::spawn(fire(
            http.clone(),
            Arc::clone(&options),
            mine,
            until,
            Duration::ZERO,
        )));
    }
    let slow_firer = (!slow.is_empty()).then(|| {
        tokio::spawn(fire(
            http.clone(),
            Arc::clone(&options),
            slow.clone(),
            until,
            Duration::from_millis(250 / slow.len().max(1) as u64),
        ))
    });
    let mut acks: HashMap<String, Vec<Instant>> = HashMap::new();
    for firer in firers {
        acks.extend(firer.await.map_err(|error| error.to_string())?);
    }
    let slow_acked: usize = match slow_firer {
        Some(task) => task
            .await
            .map_err(|e| e.to_string())?
            .values()
            .map(Vec::len)
            .sum(),
        None => 0,
    };
    let fired_for = started.elapsed();
    let acked: usize = acks.values().map(Vec::len).sum();
    wait_for(&healthy_arrivals, acked, Duration::from_secs(60)).await?;
    let arrivals = healthy_arrivals.lock().map_err(|e| e.to_string())?.clone();
    let (latencies, missing) = pair(&acks, &arrivals);
    let slow_arrived: usize = slow_arrivals
        .lock()
        .map_err(|e| e.to_string())?
        .values()
        .map(Vec::len)
        .sum();
    Ok(json!({
        "seconds": fired_for.as_secs_f64(),
        "healthy_items": options.items, "firers": options.firers, "slow_items": options.slow_items,
        "acked": acked, "acks_per_s": acked as f64 / fired_for.as_secs_f64(),
        "arrived": latencies.len(), "missing": missing,
        "latency_ms": {"p50": quantile(&latencies, 0.5), "p99": quantile(&latencies, 0.99), "max": quantile(&latencies, 1.0)},
        "slow_acked": slow_acked, "slow_arrived": slow_arrived,
    }))
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match parse() {
        Ok(options) => run(options).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("webhook_load: {error}");
            ExitCode::FAILURE
        }
    }
}
