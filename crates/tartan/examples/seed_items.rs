//! Creates N sandbox Items through the public API (create public token, exchange) and prints one access token
//! per line, for load tests. Usage: seed_items URL CLIENT_ID SECRET N
use std::process::ExitCode;

use serde_json::{Value, json};

const CONCURRENCY: usize = 16;

async fn post(
    http: &reqwest::Client,
    url: &str,
    credentials: &(String, String),
    body: Value,
) -> Result<Value, String> {
    let response = http
        .post(url)
        .header("PLAID-CLIENT-ID", &credentials.0)
        .header("PLAID-SECRET", &credentials.1)
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

async fn seed_one(
    http: &reqwest::Client,
    base: &str,
    credentials: &(String, String),
) -> Result<String, String> {
    let created = json!({"institution_id": "ins_109508", "initial_products": ["auth"]});
    let created = post(
        http,
        &format!("{base}/sandbox/public_token/create"),
        credentials,
        created,
    )
    .await?;
    let exchange = json!({"public_token": created["public_token"]});
    let exchanged = post(
        http,
        &format!("{base}/item/public_token/exchange"),
        credentials,
        exchange,
    )
    .await?;
    exchanged["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no access_token".to_owned())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, client_id, secret, count] = args.as_slice() else {
        eprintln!("usage: seed_items URL CLIENT_ID SECRET N");
        return ExitCode::FAILURE;
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("N must be a number");
        return ExitCode::FAILURE;
    };
    let http = reqwest::Client::new();
    let credentials = (client_id.clone(), secret.clone());
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..CONCURRENCY {
        let (http, base, credentials) = (http.clone(), base.clone(), credentials.clone());
        let share = count / CONCURRENCY + usize::from(worker < count % CONCURRENCY);
        tasks.spawn(async move {
            let mut tokens = Vec::with_capacity(share);
            for _ in 0..share {
                tokens.push(seed_one(&http, &base, &credentials).await?);
            }
            Ok::<_, String>(tokens)
        });
    }
    while let Some(result) = tasks.join_next().await {
        match result {
            Ok(Ok(tokens)) => tokens.iter().for_each(|token| println!("{token}")),
            Ok(Err(error)) => {
                eprintln!("seed_items: {error}");
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("seed_items: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
