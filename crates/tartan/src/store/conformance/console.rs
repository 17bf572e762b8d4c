//! The console's part of the store contract: sessions, Item errors, account edits, Item pages and single
//! webhooks retried on request.

use std::sync::Arc;

use chrono::{Duration, Utc};

use super::{claim_one, finish_one, outbox_entry, seeded};
use crate::domain::tokens::ConsoleSessionId;
use crate::domain::{ErrorCode, ItemId, Money};
use crate::store::{ConsoleSessionRecord, Store};
use crate::webhooks::{AfterAttempt, Attempt, Webhook};

pub async fn console_sessions_last_until_they_expire_or_end(store: Arc<dyn Store>) {
    let now = Utc::now();
    let (live, lapsed) = (ConsoleSessionId::generate(), ConsoleSessionId::generate());
    for (id, expires_at) in [
        (&live, now + Duration::hours(1)),
        (&lapsed, now - Duration::seconds(1)),
    ] {
        let record = ConsoleSessionRecord {
            hash: id.hash(),
            created_at: now - Duration::hours(2),
            expires_at,
        };
        store.create_console_session(&record).await.unwrap();
    }
    let found = store
        .find_console_session(&live.hash(), now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        found.expires_at.timestamp_millis(),
        (now + Duration::hours(1)).timestamp_millis()
    );
    assert!(
        store
            .find_console_session(&lapsed.hash(), now)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.delete_expired_console_sessions(now).await.unwrap(), 1);
    store.delete_console_session(&live.hash()).await.unwrap();
    assert!(
        store
            .find_console_session(&live.hash(), now)
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn item_errors_balances_and_item_pages_round_trip(store: Arc<dyn Store>) {
    let (_, first) = seeded(store.as_ref()).await;
    let (_, second) = seeded(store.as_ref()).await;
    let item_id = &first.item.item_id;
    let error_of = |store: Arc<dyn Store>, item_id: ItemId| async move {
        store.find_item(&item_id).await.unwrap().unwrap().error
    };
    assert_eq!(error_of(Arc::clone(&store), item_id.clone()).await, None);
    for code in [ErrorCode::ItemLocked, ErrorCode::InstitutionDown] {
        store
            .set_item_error(item_id, Some((code, Utc::now())))
            .await
            .unwrap();
        assert_eq!(
            error_of(Arc::clone(&store), item_id.clone()).await,
            Some(code)
        );
    }
    store.set_item_error(item_id, None).await.unwrap();
    assert_eq!(error_of(Arc::clone(&store), item_id.clone()).await, None);

    let mut account = first.accounts[0].clone();
    account.balances.available = Some(Money::new("12.34".parse().unwrap()));
    assert!(store.replace_account(item_id, &account).await.unwrap());
    let stored = store.list_accounts(item_id).await.unwrap();
    assert_eq!(stored[0].balances.available, account.balances.available);
    assert!(
        !store
            .replace_account(&second.item.item_id, &account)
            .await
            .unwrap(),
        "not that Item's"
    );

    let page = store.list_items(1, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (2, 1));
    let rest = store.list_items(1, 1).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_ne!(page.items[0].item_id, rest.items[0].item_id);
}

pub async fn a_given_up_webhook_is_found_with_its_signature_and_retried_now(store: Arc<dyn Store>) {
    let (_, item) = seeded(store.as_ref()).await;
    let webhook = outbox_entry(&item, Webhook::LoginRepaired {});
    store.enqueue_webhook(&webhook).await.unwrap();
    let now = Utc::now();
    let claimed = claim_one(&store, "a", now, now + Duration::seconds(30))
        .await
        .unwrap()
        .unwrap();
    let leased = store
        .find_webhook(&claimed.webhook_id)
        .await
        .unwrap()
        .unwrap();
    assert!(leased.leased);
    assert!(
        !store
            .retry_webhook_now(&claimed.webhook_id, now)
            .await
            .unwrap(),
        "in flight"
    );
    let attempt = Attempt {
        number: 1,
        attempted_at: now,
        status_code: Some(500),
        error: Some("receiver answered 500".into()),
        duration_ms: 4,
        signature: Some("eyJhbGciOiJFUzI1NiJ9.e30.c2ln".into()),
    };
    finish_one(
        &store,
        &claimed.webhook_id,
        "a",
        &attempt,
        AfterAttempt::GaveUp,
    )
    .await
    .unwrap();
    let failed = store
        .find_webhook(&claimed.webhook_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (failed.summary.status.as_str(), failed.leased),
        ("failed", false)
    );
    assert_eq!(failed.body, webhook.body);
    let attempts = store
        .list_webhook_attempts(&claimed.webhook_id)
        .await
        .unwrap();
    assert_eq!(attempts[0].signature, attempt.signature);
    assert_eq!(
        store
            .list_item_webhooks(&item.item.item_id, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    assert!(
        store
            .retry_webhook_now(&claimed.webhook_id, now)
            .await
            .unwrap()
    );
    let again = claim_one(&store, "b", now, now + Duration::seconds(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.webhook_id.as_str(), again.attempts),
        (claimed.webhook_id.as_str(), 1)
    );
    finish_one(
        &store,
        &again.webhook_id,
        "b",
        &Attempt {
            number: 2,
            ..attempt
        },
        AfterAttempt::Delivered,
    )
    .await
    .unwrap();
    assert!(
        !store
            .retry_webhook_now(&claimed.webhook_id, now)
            .await
            .unwrap(),
        "delivered"
    );
    assert!(!store.retry_webhook_now("unknown", now).await.unwrap());
}
