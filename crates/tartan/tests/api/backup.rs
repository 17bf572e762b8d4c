//! `tartan backup` copies a live SQLite database consistently while Items are being written; restoring the copy
//! serves every Item acknowledged before the backup began.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_backup_taken_under_write_load_restores_every_acknowledged_item() {
    if std::env::var("TARTAN_TEST_BACKEND").as_deref() == Ok("postgres") {
        eprintln!("SKIPPED: backups are SQLite's (PostgreSQL: pg_dump)");
        return;
    }
    let mut app = spawn_app().await;
    let app_ref = Arc::new(app.url(""));
    let stop = Arc::new(AtomicBool::new(false));
    // Counted, not timed: a loaded machine creates Items slowly, so the test waits for writes, not for a clock.
    let created = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for _ in 0..4 {
        let (base, stop, http) = (Arc::clone(&app_ref), Arc::clone(&stop), app.http.clone());
        let created = Arc::clone(&created);
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let token = create_item(&http, &base).await;
                acknowledged.push((std::time::Instant::now(), token));
                created.fetch_add(1, Ordering::Relaxed);
            }
            acknowledged
        }));
    }
    wait_for_items(&created, 11).await;
    let backup_started = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    tartan::store::backup::backup(&app.database, &copy)
        .await
        .unwrap();
    // Writes go on after the backup: one more Item acknowledged once it is done.
    wait_for_items(&created, created.load(Ordering::Relaxed) + 1).await;
    stop.store(true, Ordering::Relaxed);
    let mut before = Vec::new();
    let mut after = 0;
    for writer in writers {
        for (at, token) in writer.await.unwrap() {
            if at < backup_started {
                before.push(token);
            } else {
                after += 1;
            }
        }
    }
    assert!(
        before.len() > 10 && after > 0,
        "{} before, {after} after",
        before.len()
    );

    app.stop().await;
    tartan::store::backup::restore(&app.database, &copy)
        .await
        .unwrap();
    app.start().await;
    for token in &before {
        let (status, body) = app.post("/item/get", json!({"access_token": token})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let refused = tartan::store::backup::backup(&app.database, &copy).await;
    assert!(refused.is_err(), "an existing file is never overwritten");
}

/// Waits until the writers have acknowledged `count` Items (a minute at most, then the test fails).
async fn wait_for_items(created: &AtomicUsize, count: usize) {
    let waited = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        while created.load(Ordering::Relaxed) < count {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(
        waited.is_ok(),
        "fewer than {count} Items created in a minute"
    );
}

async fn create_item(http: &reqwest::Client, base: &str) -> String {
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{base}{path}"))
            .header("PLAID-CLIENT-ID", crate::helpers::CLIENT_ID)
            .header("PLAID-SECRET", crate::helpers::SECRET)
            .json(&body)
            .send()
    };
    let created: serde_json::Value = post(
        "/sandbox/public_token/create",
        json!({"institution_id": "ins_109508", "initial_products": ["auth"]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let exchanged: serde_json::Value = post(
        "/item/public_token/exchange",
        json!({"public_token": created["public_token"]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    exchanged["access_token"].as_str().unwrap().to_owned()
}
