//! Deterministic mode: `tartan serve --seed N` on a fresh database gives the same ids on every run.

use std::net::SocketAddr;
use std::process::Stdio;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{CLIENT_ID, SECRET, read};

/// A server process on a fresh SQLite database, killed when dropped.
struct Seeded {
    address: SocketAddr,
    _child: Child,
    _dir: tempfile::TempDir,
}

async fn start(args: &[&str]) -> Result<Seeded, String> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("seeded.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_tartan"))
        .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
        .args(args)
        .env("TARTAN_DATABASE_URL", url)
        .env("TARTAN_SANDBOX_CLIENT_ID", CLIENT_ID)
        .env("TARTAN_SANDBOX_SECRET", SECRET)
        .env_remove("TARTAN_SEED")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    let address = loop {
        let Some(line) = lines.next_line().await.unwrap() else {
            return Err(seen.join("\n"));
        };
        seen.push(line.clone());
        let Ok(event) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if event["message"] == "tartan is listening" {
            break event["address"].as_str().unwrap().parse().unwrap();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(Seeded {
        address,
        _child: child,
        _dir: dir,
    })
}

async fn post(server: &Seeded, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("http://{}{path}", server.address))
        .header("PLAID-CLIENT-ID", CLIENT_ID)
        .header("PLAID-SECRET", SECRET)
        .json(&body)
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Links two Items and returns what a snapshot test would record: tokens, item ids, account ids.
async fn snapshot(server: &Seeded) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..2 {
        let created = post(
            server,
            "/sandbox/public_token/create",
            json!({"institution_id": "ins_109508", "initial_products": ["auth"]}),
        )
        .await;
        let exchanged = post(
            server,
            "/item/public_token/exchange",
            json!({"public_token": created["public_token"]}),
        )
        .await;
        let accounts = post(
            server,
            "/accounts/get",
            json!({"access_token": exchanged["access_token"]}),
        )
        .await;
        seen.push(created["public_token"].as_str().unwrap().to_owned());
        seen.push(exchanged["access_token"].as_str().unwrap().to_owned());
        seen.push(exchanged["item_id"].as_str().unwrap().to_owned());
        for account in accounts["accounts"].as_array().unwrap() {
            seen.push(account["account_id"].as_str().unwrap().to_owned());
        }
    }
    seen
}

#[tokio::test]
async fn the_same_seed_gives_the_same_ids_and_another_seed_others() {
    let first = snapshot(&start(&["--seed", "42"]).await.unwrap()).await;
    let again = snapshot(&start(&["--seed", "42"]).await.unwrap()).await;
    let other = snapshot(&start(&["--seed", "43"]).await.unwrap()).await;
    let unseeded = snapshot(&start(&[]).await.unwrap()).await;
    assert_eq!(first, again);
    assert!(first.len() > 6, "{first:?}");
    for (a, b) in first.iter().zip(&other) {
        assert_ne!(a, b);
    }
    for (a, b) in first.iter().zip(&unseeded) {
        assert_ne!(a, b);
    }
}

#[tokio::test]
async fn production_refuses_a_seed() {
    let refused = start(&["--seed", "1", "--env", "production"]).await;
    let Err(log) = refused else {
        panic!("a production server started with --seed");
    };
    assert!(log.contains("--seed"), "{log}");
}
