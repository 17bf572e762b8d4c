//! The sandbox controls of the store contract: a client's clock and failures.

use std::sync::Arc;

use chrono::Duration;

use super::{outbox_entry_to, seeded};
use crate::domain::{ClockOffset, ErrorCode, FailureRules};
use crate::store::Store;

pub async fn a_clock_advance_moves_only_its_clients_offset_and_pending_webhooks(
    store: Arc<dyn Store>,
) {
    let (mine, my_item) = seeded(store.as_ref()).await;
    let (theirs, their_item) = seeded(store.as_ref()).await;
    let url = "http://127.0.0.1:9/hook";
    store
        .enqueue_webhook(&outbox_entry_to(&my_item, url, 0))
        .await
        .unwrap();
    store
        .enqueue_webhook(&outbox_entry_to(&their_item, url, 0))
        .await
        .unwrap();
    let before = next_attempts(&store).await;

    let offset = store
        .advance_client_clock(&mine.client_id, Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(offset, ClockOffset::from_millis(7_200_000));
    let again = store
        .advance_client_clock(&mine.client_id, Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(again, ClockOffset::from_millis(7_201_000));
    let found = store.find_client(&mine.client_id).await.unwrap().unwrap();
    assert_eq!(found.clock_offset.millis(), 7_201_000);
    let listed = store.list_clients().await.unwrap();
    assert!(
        listed
            .iter()
            .any(|client| client.clock_offset.millis() == 7_201_000)
    );
    let other = store.find_client(&theirs.client_id).await.unwrap().unwrap();
    assert_eq!(other.clock_offset, ClockOffset::default());

    let after = next_attempts(&store).await;
    let moved = |item_id: &str| {
        let find = |list: &[(String, i64, i64)]| {
            list.iter()
                .find(|(id, _, _)| id == item_id)
                .map(|(_, next, created)| (*next, *created))
                .unwrap()
        };
        let (next_before, created_before) = find(&before);
        let (next_after, created_after) = find(&after);
        (next_before - next_after, created_before - created_after)
    };
    assert_eq!(moved(my_item.item.item_id.as_str()), (7_201_000, 7_201_000));
    assert_eq!(moved(their_item.item.item_id.as_str()), (0, 0));

    // Past the ten-year bound nothing moves; a save of the client keeps its clock.
    let too_far = store
        .advance_client_clock(&mine.client_id, ClockOffset::MAX)
        .await
        .unwrap();
    assert!(too_far.is_none());
    store.save_client(&found).await.unwrap();
    let kept = store.find_client(&mine.client_id).await.unwrap().unwrap();
    assert_eq!(kept.clock_offset.millis(), 7_201_000);
}

async fn next_attempts(store: &Arc<dyn Store>) -> Vec<(String, i64, i64)> {
    store
        .list_webhooks(100)
        .await
        .unwrap()
        .into_iter()
        .map(|webhook| {
            (
                webhook.item_id,
                webhook.next_attempt_at.timestamp_millis(),
                webhook.created_at.timestamp_millis(),
            )
        })
        .collect()
}

pub async fn failures_are_set_read_with_the_client_and_cleared(store: Arc<dyn Store>) {
    let (mine, _) = seeded(store.as_ref()).await;
    let (theirs, _) = seeded(store.as_ref()).await;
    let rules = FailureRules::new(250, 50, ErrorCode::PlannedMaintenance)
        .and_then(|rules| rules.with_webhooks(5, true, false))
        .and_then(|rules| {
            rules.with_institution_errors(
                [("ins_109508".to_owned(), ErrorCode::InstitutionDown)].into(),
            )
        })
        .unwrap();
    store
        .set_client_failures(&mine.client_id, Some(&rules))
        .await
        .unwrap();
    let found = store.find_client(&mine.client_id).await.unwrap().unwrap();
    assert_eq!(found.failures, Some(rules.clone()));
    let other = store.find_client(&theirs.client_id).await.unwrap().unwrap();
    assert_eq!(other.failures, None);
    store.save_client(&found).await.unwrap();
    let kept = store.find_client(&mine.client_id).await.unwrap().unwrap();
    assert_eq!(kept.failures, Some(rules), "a save keeps the failures");
    store
        .set_client_failures(&mine.client_id, None)
        .await
        .unwrap();
    let cleared = store.find_client(&mine.client_id).await.unwrap().unwrap();
    assert_eq!(cleared.failures, None);
}

pub async fn a_burst_is_taken_exactly_once_per_request(store: Arc<dyn Store>) {
    let (mine, _) = seeded(store.as_ref()).await;
    let rules = FailureRules::with_burst(0, 0, ErrorCode::InternalServerError, 5).unwrap();
    store
        .set_client_failures(&mine.client_id, Some(&rules))
        .await
        .unwrap();
    let takes = (0..12).map(|_| {
        let store = Arc::clone(&store);
        let client_id = mine.client_id.clone();
        tokio::spawn(async move { store.take_rate_limit_burst(&client_id).await.unwrap() })
    });
    let mut taken = 0;
    for take in takes {
        taken += usize::from(take.await.unwrap());
    }
    assert_eq!(taken, 5);
    let found = store.find_client(&mine.client_id).await.unwrap().unwrap();
    assert_eq!(found.failures.map(|rules| rules.rate_limit_burst), Some(0));
}
