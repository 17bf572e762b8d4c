//! The contract every store backend must meet: one suite, run against each backend.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, Utc};

use super::{Grant, NewItem, NewProcessorToken, NewStripeToken, Store, test_support};
use crate::config::DatabaseConfig;
use crate::domain::tokens::{
    AccessToken, ClientSecret, ProcessorToken, PublicToken, SecretHash, StripeBankAccountToken,
};
use crate::domain::{
    Account, AccountId, AccountType, Balances, ClientId, ItemId, Numbers, Product,
};
use crate::domain::{ApiVersion, ClientRecord, Environment, ItemRecord, RetiringSecret};
use crate::domain::{Owner, Processor};
use crate::webhooks::{
    AfterAttempt, Attempt, ClaimLimits, ClaimedWebhook, Finished, NewWebhook, Payload, Webhook,
    WebhookKey,
};
use crate::wire::served::{AccountForm, FormShape};

mod console;
mod link;
mod providers;
mod read_model;
mod reads;
pub use console::{
    a_given_up_webhook_is_found_with_its_signature_and_retried_now,
    console_sessions_last_until_they_expire_or_end, item_errors_balances_and_item_pages_round_trip,
};
mod sandbox;
pub use link::{
    a_session_step_saves_only_over_the_version_it_read,
    an_oidc_login_is_claimed_exactly_once_and_goes_with_its_session,
    expired_link_tokens_are_deleted_with_their_sessions,
    link_tokens_and_their_sessions_come_back_whole,
    login_required_is_set_cleared_and_public_tokens_reach_existing_items,
};
pub use providers::{
    items_show_provider_accounts_and_follow_their_changes,
    login_failures_are_counted_in_their_window_and_audit_kept,
    the_catalogue_is_upserted_and_dangling_records_rejected,
};
pub use reads::{
    a_processor_token_is_read_with_its_account,
    every_read_of_an_item_follows_its_products_login_and_error,
    the_client_and_its_item_are_read_together,
};
pub use sandbox::{
    a_burst_is_taken_exactly_once_per_request,
    a_clock_advance_moves_only_its_clients_offset_and_pending_webhooks,
    failures_are_set_read_with_the_client_and_cleared,
};

fn client(name: &str) -> (ClientRecord, ClientSecret) {
    let secret = ClientSecret::generate();
    let record = ClientRecord {
        client_id: ClientId::generate(),
        name: name.to_owned(),
        secret_hash: secret.hash(),
        processor: None,
        created_at: Utc::now(),
        api_version: ApiVersion::default(),
        previous_secret: None,
        clock_offset: crate::domain::ClockOffset::default(),
        failures: None,
    };
    (record, secret)
}

fn account(name: &str) -> Account {
    Account {
        account_id: AccountId::generate(),
        name: name.to_owned(),
        official_name: None,
        mask: Some("0000".into()),
        account_type: AccountType::Depository,
        subtype: None,
        balances: Balances {
            available: None,
            current: Some("23631.9805".parse().unwrap()),
            limit: None,
            iso_currency_code: Some("USD".into()),
            unofficial_currency_code: None,
        },
        numbers: Numbers::default(),
        owners: Vec::new(),
    }
}

/// The public token a seeded Item was created with.
fn public_of(new: &NewItem) -> &SecretHash {
    match &new.grant {
        Grant::PublicToken { hash, .. } | Grant::AccessToken(hash) => hash,
        Grant::ProcessorToken(token) => &token.hash,
    }
}

fn public_token() -> SecretHash {
    PublicToken::mint(Environment::Sandbox).hash()
}

fn access_token() -> SecretHash {
    AccessToken::mint(Environment::Sandbox).hash()
}

/// A client with one stored Item of three accounts, and the Item's public token.
async fn seeded(store: &dyn Store) -> (ClientRecord, NewItem) {
    let (owner, _) = client("app");
    store.save_client(&owner).await.unwrap();
    let now = Utc::now();
    let new = NewItem {
        item: ItemRecord {
            item_id: ItemId::generate(),
            client_id: owner.client_id.clone(),
            institution_id: Some("ins_109508".into()),
            institution_name: Some("First Platypus Bank".into()),
            webhook: Some("http://127.0.0.1:9/hook".into()),
            products: vec![Product::Auth, Product::Transactions],
            created_at: now,
            login_required: false,
            error: None,
        },
        accounts: vec![account("Checking"), account("Savings"), account("CD")],
        grant: Grant::PublicToken {
            hash: public_token(),
            expires_at: now + Duration::minutes(30),
        },
    };
    store.create_item(&new).await.unwrap();
    (owner, new)
}

pub async fn clients_are_saved_found_listed_and_rekeyed(store: Arc<dyn Store>) {
    let (first, secret) = client("first");
    store.save_client(&first).await.unwrap();
    let found = store.find_client(&first.client_id).await.unwrap().unwrap();
    assert_eq!(found.name, "first");
    assert!(found.secret_hash.matches(&secret.hash()));
    assert!(
        store
            .find_client(&ClientId::generate())
            .await
            .unwrap()
            .is_none()
    );

    let rekeyed_secret = ClientSecret::generate();
    store
        .save_client(&ClientRecord {
            secret_hash: rekeyed_secret.hash(),
            ..first.clone()
        })
        .await
        .unwrap();
    let found = store.find_client(&first.client_id).await.unwrap().unwrap();
    assert!(found.secret_hash.matches(&rekeyed_secret.hash()));
    assert_eq!(found.api_version, ApiVersion::V2020_09_14);
    assert!(found.previous_secret.is_none());
    assert_eq!(store.list_clients().await.unwrap().len(), 1);
}

pub async fn a_clients_version_and_retiring_secret_round_trip(store: Arc<dyn Store>) {
    let (client, old) = client("versioned");
    store.save_client(&client).await.unwrap();
    let now = Utc::now();
    let new = ClientSecret::generate();
    let changed = ClientRecord {
        api_version: ApiVersion::V2018_05_22,
        ..client.rotated(new.hash(), now, Duration::minutes(10))
    };
    store.save_client(&changed).await.unwrap();
    let found = store.find_client(&client.client_id).await.unwrap().unwrap();
    assert_eq!(found.api_version, ApiVersion::V2018_05_22);
    let Some(RetiringSecret { hash, expires_at }) = &found.previous_secret else {
        panic!("the previous secret was not kept");
    };
    assert!(hash.matches(&old.hash()));
    assert_eq!(
        expires_at.timestamp_millis(),
        (now + Duration::minutes(10)).timestamp_millis()
    );
    assert!(found.accepts_secret(&old.hash(), now) && found.accepts_secret(&new.hash(), now));
    let listed = store.list_clients().await.unwrap();
    assert_eq!(listed[0].api_version, ApiVersion::V2018_05_22);

    // The next save without a retiring secret clears it.
    store
        .save_client(&ClientRecord {
            previous_secret: None,
            ..found
        })
        .await
        .unwrap();
    let found = store.find_client(&client.client_id).await.unwrap().unwrap();
    assert!(found.previous_secret.is_none());
}

pub async fn a_public_token_is_exchanged_exactly_once(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let access = access_token();
    let item_id = store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    assert_eq!(item_id, Some(new.item.item_id.clone()));
    let again = store
        .exchange_public_token(
            &owner.client_id,
            public_of(&new),
            &access_token(),
            Utc::now(),
        )
        .await;
    assert_eq!(again.unwrap(), None);

    let item = store
        .find_item_by_access_token(&owner.client_id, &access)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(item.item_id, new.item.item_id);
    assert_eq!(item.products, vec![Product::Auth, Product::Transactions]);
    assert_eq!(item.webhook.as_deref(), Some("http://127.0.0.1:9/hook"));
}

pub async fn expired_or_foreign_public_tokens_are_refused(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let (stranger, _) = client("stranger");
    store.save_client(&stranger).await.unwrap();
    let access = access_token();
    let foreign =
        store.exchange_public_token(&stranger.client_id, public_of(&new), &access, Utc::now());
    assert_eq!(foreign.await.unwrap(), None);
    let late = Utc::now() + Duration::minutes(31);
    let expired = store.exchange_public_token(&owner.client_id, public_of(&new), &access, late);
    assert_eq!(expired.await.unwrap(), None);
    let never_issued = public_token();
    let unknown = store.exchange_public_token(&owner.client_id, &never_issued, &access, Utc::now());
    assert_eq!(unknown.await.unwrap(), None);
    // After all that, the owner can still exchange it once.
    let claimed =
        store.exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now());
    assert_eq!(claimed.await.unwrap(), Some(new.item.item_id.clone()));
}

pub async fn access_tokens_reach_only_their_clients_item(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let (stranger, _) = client("stranger");
    store.save_client(&stranger).await.unwrap();
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    assert!(
        store
            .find_item_by_access_token(&stranger.client_id, &access)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .find_item_by_access_token(&owner.client_id, &access_token())
            .await
            .unwrap()
            .is_none()
    );
    // The public token is not an access token.
    assert!(
        store
            .find_item_by_access_token(&owner.client_id, public_of(&new))
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn accounts_come_back_whole_in_the_institutions_order(store: Arc<dyn Store>) {
    let (_, new) = seeded(store.as_ref()).await;
    let accounts = store.list_accounts(&new.item.item_id).await.unwrap();
    assert_eq!(accounts, new.accounts);
    assert!(
        store
            .list_accounts(&ItemId::generate())
            .await
            .unwrap()
            .is_empty()
    );
}

/// The served form keeps the owners as stored text: it must serialize to the very bytes the parsed form does,
/// and parse back to the same account.
pub async fn served_accounts_serialize_exactly_as_parsed_ones(store: Arc<dyn Store>) {
    let (_, new) = seeded(store.as_ref()).await;
    let item_id = &new.item.item_id;
    let parsed = store.list_accounts(item_id).await.unwrap();
    let served = store.list_served_accounts(item_id).await.unwrap();
    assert_eq!(
        serde_json::to_string(&served).unwrap(),
        serde_json::to_string(&parsed).unwrap()
    );
    for (served, parsed) in served.into_iter().zip(&parsed) {
        let one = store
            .find_served_account(item_id, &parsed.account_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            serde_json::to_string(&one).unwrap(),
            serde_json::to_string(parsed).unwrap()
        );
        assert_eq!(&served.with_parsed_owners().unwrap(), parsed);
        let elsewhere = store
            .find_served_account(&ItemId::generate(), &parsed.account_id)
            .await
            .unwrap();
        assert!(elsewhere.is_none());
    }
    assert!(!parsed.is_empty());
}

/// The served form stored with each account is what the account, parsed, gives: after it is created and after
/// each way it is rewritten; and rows written before the form existed still serve theirs.
pub async fn account_forms_are_those_of_the_parsed_accounts(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let item_id = &new.item.item_id;
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    let processor = ProcessorToken::mint(Environment::Sandbox).hash();
    store
        .create_processor_token(&NewProcessorToken {
            hash: processor.clone(),
            item_id: item_id.clone(),
            account_id: new.accounts[1].account_id.clone(),
            processor: Some(Processor::parse("dwolla").unwrap()),
            client_id: owner.client_id.clone(),
            created_at: Utc::now(),
        })
        .await
        .unwrap();
    let check = async |store: &dyn Store| {
        let parsed = store.list_accounts(item_id).await.unwrap();
        let expected: Vec<AccountForm> = parsed
            .iter()
            .map(|account| AccountForm::of(account).unwrap())
            .collect();
        // Each shape reads its fragments only; the others are empty.
        for shape in [FormShape::Base, FormShape::Owners, FormShape::Rails] {
            let shaped: Vec<AccountForm> = expected
                .iter()
                .map(|form| form.clone().shaped(shape))
                .collect();
            let (client, found) = store
                .find_client_with_item_forms(&owner.client_id, &access, shape)
                .await
                .unwrap();
            assert_eq!(client.unwrap().client_id, owner.client_id);
            let (item, forms) = found.unwrap();
            assert_eq!(&item.item_id, item_id);
            assert_eq!(forms, shaped, "{shape:?}");
            let (client, found) = store
                .find_client_with_processor_form(&owner.client_id, &processor, shape)
                .await
                .unwrap();
            assert_eq!(client.unwrap().client_id, owner.client_id);
            let (record, form) = found.unwrap();
            assert_eq!(&record.item.item_id, item_id);
            assert_eq!(form.as_ref(), Some(&shaped[1]), "{shape:?}");
        }
        parsed
    };
    let parsed = check(store.as_ref()).await;
    assert!(!parsed.is_empty());
    let mut changed = parsed[0].clone();
    changed.name = "Renamed \"checking\"".into();
    changed.balances.current = None;
    assert!(store.replace_account(item_id, &changed).await.unwrap());
    let after = check(store.as_ref()).await;
    assert_eq!(after[0], changed);
    let mut owners = after[1].owners.clone();
    owners.reverse();
    owners.push(Owner {
        names: vec!["Ada \"Nom\" Lovelace".into()],
        phone_numbers: Vec::new(),
        emails: Vec::new(),
        addresses: Vec::new(),
    });
    let previous = store
        .replace_owners(item_id, &after[1].account_id, &owners, &|_| None)
        .await
        .unwrap();
    assert!(previous.is_some());
    let after = check(store.as_ref()).await;
    assert_eq!(after[1].owners, owners);
}

/// Bulk seeding: many Items in one transaction, each reachable at once by its access token.
pub async fn items_are_created_in_bulk_with_their_access_tokens(store: Arc<dyn Store>) {
    let (owner, template) = seeded(store.as_ref()).await;
    let batch: Vec<(NewItem, SecretHash)> = (0..3)
        .map(|_| {
            let access = access_token();
            let mut new = template.clone();
            new.item.item_id = ItemId::generate();
            for account in &mut new.accounts {
                account.account_id = AccountId::generate();
            }
            new.grant = Grant::AccessToken(access.clone());
            (new, access)
        })
        .collect();
    let items: Vec<NewItem> = batch.iter().map(|(new, _)| new.clone()).collect();
    store.create_items(&items).await.unwrap();
    for (new, access) in &batch {
        let found = store
            .find_item_by_access_token(&owner.client_id, access)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.item_id, new.item.item_id);
        let accounts = store.list_accounts(&new.item.item_id).await.unwrap();
        assert_eq!(accounts, new.accounts);
    }
}

pub async fn products_are_added_once_in_order(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    store
        .add_products(&new.item.item_id, &[Product::Identity, Product::Auth])
        .await
        .unwrap();
    store
        .add_products(&new.item.item_id, &[Product::Identity])
        .await
        .unwrap();
    let item = store
        .find_item_by_access_token(&owner.client_id, &access)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        item.products,
        vec![Product::Auth, Product::Transactions, Product::Identity]
    );
}

pub async fn a_removed_item_takes_its_tokens_and_accounts_with_it(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    store.remove_item(&new.item.item_id).await.unwrap();
    assert!(
        store
            .find_item_by_access_token(&owner.client_id, &access)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .list_accounts(&new.item.item_id)
            .await
            .unwrap()
            .is_empty()
    );
    // Removing again is harmless.
    store.remove_item(&new.item.item_id).await.unwrap();
}

pub async fn concurrent_exchanges_of_one_token_succeed_exactly_once(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let attempts = (0..16).map(|_| {
        let store = Arc::clone(&store);
        let client_id = owner.client_id.clone();
        let public = public_of(&new).clone();
        tokio::spawn(async move {
            store
                .exchange_public_token(&client_id, &public, &access_token(), Utc::now())
                .await
        })
    });
    let mut winners = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        if attempt.await.unwrap().unwrap().is_some() {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

pub async fn one_instance_at_a_time_holds_a_lease(store: Arc<dyn Store>) {
    let now = Utc::now();
    let ttl = Duration::seconds(60);
    assert!(
        store
            .try_acquire_lease("sweep", "a", now, ttl)
            .await
            .unwrap()
    );
    assert!(
        !store
            .try_acquire_lease("sweep", "b", now, ttl)
            .await
            .unwrap()
    );
    assert!(
        store
            .try_acquire_lease("sweep", "a", now, ttl)
            .await
            .unwrap(),
        "the holder renews"
    );
    assert!(
        store
            .try_acquire_lease("other", "b", now, ttl)
            .await
            .unwrap(),
        "leases are independent"
    );
    let lapsed = now + Duration::seconds(61);
    assert!(
        store
            .try_acquire_lease("sweep", "b", lapsed, ttl)
            .await
            .unwrap(),
        "a lapsed lease is taken over"
    );
    assert!(
        !store
            .try_acquire_lease("sweep", "a", lapsed, ttl)
            .await
            .unwrap()
    );

    let contenders = (0..8).map(|i| {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            store
                .try_acquire_lease("race", &format!("i{i}"), Utc::now(), ttl)
                .await
        })
    });
    let mut winners = 0;
    for contender in contenders.collect::<Vec<_>>() {
        winners += usize::from(contender.await.unwrap().unwrap());
    }
    assert_eq!(winners, 1);
}

pub async fn spent_public_tokens_are_swept_and_live_ones_kept(store: Arc<dyn Store>) {
    let (owner, used) = seeded(store.as_ref()).await;
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&used), &access, Utc::now())
        .await
        .unwrap();
    let (_, live) = seeded(store.as_ref()).await;
    let (_, _expiring) = seeded(store.as_ref()).await;

    let swept = store.delete_spent_public_tokens(Utc::now()).await.unwrap();
    assert_eq!(swept, 1, "only the exchanged token");
    let later = Utc::now() + Duration::minutes(31);
    assert_eq!(
        store.delete_spent_public_tokens(later).await.unwrap(),
        2,
        "then the expired ones"
    );
    // The access token is untouched, and the swept token cannot be exchanged.
    assert!(
        store
            .find_item_by_access_token(&owner.client_id, &access)
            .await
            .unwrap()
            .is_some()
    );
    let fresh_access = access_token();
    let again = store.exchange_public_token(
        &live.item.client_id,
        public_of(&live),
        &fresh_access,
        Utc::now(),
    );
    assert_eq!(again.await.unwrap(), None);
}

fn processor_token(
    new: &NewItem,
    client: &ClientRecord,
    processor: Option<&str>,
) -> NewProcessorToken {
    NewProcessorToken {
        hash: ProcessorToken::mint(Environment::Sandbox).hash(),
        item_id: new.item.item_id.clone(),
        account_id: new.accounts[1].account_id.clone(),
        processor: processor.map(|name| Processor::parse(name).unwrap()),
        client_id: client.client_id.clone(),
        created_at: Utc::now(),
    }
}

pub async fn processor_tokens_and_stripe_tokens_live_and_die_with_their_item(
    store: Arc<dyn Store>,
) {
    let (owner, new) = seeded(store.as_ref()).await;
    let token = processor_token(&new, &owner, Some("dwolla"));
    store.create_processor_token(&token).await.unwrap();
    let stripe = NewStripeToken {
        hash: StripeBankAccountToken::mint().hash(),
        item_id: new.item.item_id.clone(),
        account_id: new.accounts[0].account_id.clone(),
        client_id: owner.client_id.clone(),
        created_at: Utc::now(),
    };
    store.create_stripe_token(&stripe).await.unwrap();

    let found = store
        .find_processor_token(&token.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.item.item_id, new.item.item_id);
    assert_eq!(found.item.products, new.item.products);
    assert_eq!(found.account_id, new.accounts[1].account_id);
    assert_eq!(
        found.processor.as_ref().map(Processor::as_str),
        Some("dwolla")
    );
    assert_eq!(found.creator, owner.client_id);
    assert!(store.stripe_token_exists(&stripe.hash).await.unwrap());
    assert!(
        store
            .find_processor_token(&access_token())
            .await
            .unwrap()
            .is_none()
    );

    store.remove_item(&new.item.item_id).await.unwrap();
    assert!(
        store
            .find_processor_token(&token.hash)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!store.stripe_token_exists(&stripe.hash).await.unwrap());
}

pub async fn an_item_can_be_created_with_a_processor_token(store: Arc<dyn Store>) {
    let (partner, _) = client("partner");
    let partner = ClientRecord {
        processor: Some(Processor::parse("galileo").unwrap()),
        ..partner
    };
    store.save_client(&partner).await.unwrap();
    assert_eq!(
        store
            .find_client(&partner.client_id)
            .await
            .unwrap()
            .unwrap()
            .processor,
        partner.processor
    );

    let (_, template) = seeded(store.as_ref()).await;
    let mut item = template.item.clone();
    item.item_id = ItemId::generate();
    item.client_id = partner.client_id.clone();
    let accounts: Vec<Account> = template.accounts.iter().map(|_| account("Fresh")).collect();
    let mut new = NewItem {
        item,
        accounts,
        grant: template.grant.clone(),
    };
    let token = processor_token(&new, &partner, None);
    new.grant = Grant::ProcessorToken(token.clone());
    store.create_item(&new).await.unwrap();
    let found = store
        .find_processor_token(&token.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.item.item_id, found.processor),
        (new.item.item_id, None)
    );
}

fn outbox_entry(item: &NewItem, webhook: Webhook) -> NewWebhook {
    let payload = Payload::new(item.item.item_id.to_string(), Environment::Sandbox, webhook);
    NewWebhook::new(
        "http://127.0.0.1:9/hook",
        &payload,
        Utc::now() - Duration::seconds(1),
    )
    .unwrap()
}

/// Leases at most one due webhook (as one dispatcher worker would).
async fn claim_one(
    store: &Arc<dyn Store>,
    holder: &str,
    now: chrono::DateTime<Utc>,
    lease_until: chrono::DateTime<Utc>,
) -> Result<Option<ClaimedWebhook>, super::StoreError> {
    let limits = ClaimLimits {
        items: 1,
        per_item: 1,
        per_destination: 1,
        slots: HashMap::new(),
    };
    let mut claimed = store
        .claim_due_webhooks(holder, now, lease_until, &limits)
        .await?;
    assert!(claimed.len() <= 1, "{claimed:?}");
    Ok(claimed.pop())
}

async fn finish_one(
    store: &Arc<dyn Store>,
    webhook_id: &str,
    holder: &str,
    attempt: &Attempt,
    next: AfterAttempt,
) -> Result<(), super::StoreError> {
    let finished = Finished {
        webhook_id: webhook_id.to_owned(),
        attempt: attempt.clone(),
        next,
    };
    store
        .finish_webhook_attempts(holder, &[finished], &[])
        .await
}

fn outbox_entry_to(item: &NewItem, url: &str, age_ms: i64) -> NewWebhook {
    let payload = Payload::new(
        item.item.item_id.to_string(),
        Environment::Sandbox,
        Webhook::LoginRepaired {},
    );
    NewWebhook::new(url, &payload, Utc::now() - Duration::milliseconds(age_ms)).unwrap()
}

pub async fn claims_keep_items_in_order_and_share_destinations(store: Arc<dyn Store>) {
    let (_, a) = seeded(store.as_ref()).await;
    let (_, b) = seeded(store.as_ref()).await;
    let (_, c) = seeded(store.as_ref()).await;
    let x = "http://127.0.0.1:9/x";
    let y = "http://127.0.0.1:10/y";
    let entries = [
        outbox_entry_to(&a, x, 9000),
        outbox_entry_to(&b, x, 8000),
        outbox_entry_to(&a, x, 7000),
        outbox_entry_to(&a, x, 6000),
        outbox_entry_to(&c, y, 5000),
        outbox_entry_to(&b, x, 4000),
    ];
    for entry in &entries {
        store.enqueue_webhook(entry).await.unwrap();
    }
    let ids = |claimed: &[ClaimedWebhook]| -> Vec<String> {
        claimed.iter().map(|w| w.webhook_id.clone()).collect()
    };
    let expected = |indexes: &[usize]| -> Vec<String> {
        indexes
            .iter()
            .map(|&i| entries[i].webhook_id.clone())
            .collect()
    };
    let now = Utc::now();
    let lease = now + Duration::seconds(60);
    let limits = ClaimLimits {
        items: 10,
        per_item: 2,
        per_destination: 1,
        slots: HashMap::new(),
    };
    let first = store
        .claim_due_webhooks("one", now, lease, &limits)
        .await
        .unwrap();
    assert_eq!(
        ids(&first),
        expected(&[0, 2, 4]),
        "A's two oldest; one Item per destination"
    );
    assert_eq!(first[0].destination, "http://127.0.0.1:9");
    let busy = ClaimLimits {
        slots: HashMap::from([("http://127.0.0.1:9".to_owned(), 0)]),
        ..limits.clone()
    };
    let skipped = store
        .claim_due_webhooks("two", now, lease, &busy)
        .await
        .unwrap();
    assert!(
        skipped.is_empty(),
        "x is excluded, A and C are in flight: {skipped:?}"
    );
    let second = store
        .claim_due_webhooks("two", now, lease, &limits)
        .await
        .unwrap();
    assert_eq!(
        ids(&second),
        expected(&[1, 5]),
        "A is in flight: B goes next"
    );

    let delivered = Finished {
        webhook_id: entries[0].webhook_id.clone(),
        attempt: Attempt {
            number: 1,
            attempted_at: now,
            status_code: Some(200),
            error: None,
            duration_ms: 1,
            signature: Some("header.claims.signature".to_owned()),
        },
        next: AfterAttempt::Delivered,
    };
    store
        .finish_webhook_attempts("one", &[delivered], &[entries[2].webhook_id.clone()])
        .await
        .unwrap();
    let stats = store.webhook_outbox_stats(now).await.unwrap();
    assert_eq!(
        (stats.pending, stats.due, stats.leased, stats.failed),
        (5, 5, 3, 0),
        "{stats:?}"
    );
    assert_eq!(stats.latency.map(|(_, _, n)| n), Some(1));
    let third = store
        .claim_due_webhooks("three", now, lease, &limits)
        .await
        .unwrap();
    assert_eq!(
        ids(&third),
        expected(&[2, 3]),
        "A's handed-back webhook, then its next; B and C are leased"
    );
    assert_eq!(store.release_webhook_leases("two").await.unwrap(), 2);
    let fourth = store
        .claim_due_webhooks("four", now, lease, &limits)
        .await
        .unwrap();
    assert_eq!(ids(&fourth), expected(&[1, 5]), "B's, handed back");
}

pub async fn rate_limit_windows_count_every_hit_once(store: Arc<dyn Store>) {
    let window = Utc::now() - Duration::seconds(30);
    let hits = (0..20).map(|_| {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            store
                .count_rate_limit_hit("client:/item/get:a", window)
                .await
        })
    });
    let mut counts = Vec::new();
    for hit in hits.collect::<Vec<_>>() {
        counts.push(hit.await.unwrap().unwrap());
    }
    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=20).collect::<Vec<i64>>(),
        "each hit sees its own count"
    );
    let next = window + Duration::minutes(1);
    assert_eq!(
        store
            .count_rate_limit_hit("client:/item/get:a", next)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .count_rate_limit_hit("client:/item/get:b", window)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .delete_rate_limit_windows_before(window + Duration::seconds(1))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .count_rate_limit_hit("client:/item/get:a", window)
            .await
            .unwrap(),
        1
    );
}

pub async fn each_due_webhook_is_claimed_by_exactly_one_instance(store: Arc<dyn Store>) {
    for _ in 0..5 {
        let (_, item) = seeded(store.as_ref()).await;
        store
            .enqueue_webhook(&outbox_entry(
                &item,
                Webhook::NewAccountsAvailable { error: None },
            ))
            .await
            .unwrap();
    }
    let lease = Utc::now() + Duration::seconds(60);
    // Twelve instances claim at once, each until it finds nothing (on PostgreSQL a claimer may skip rows another
    // has locked, so one empty answer is not the end); no webhook may be leased twice.
    let claims = (0..12).map(|i| {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let mut mine = Vec::new();
            let mut empty = 0;
            while empty < 3 {
                match claim_one(&store, &format!("instance-{i}"), Utc::now(), lease)
                    .await
                    .unwrap()
                {
                    Some(webhook) => mine.push(webhook.webhook_id),
                    None => empty += 1,
                }
            }
            mine
        })
    });
    let mut claimed = Vec::new();
    for claim in claims.collect::<Vec<_>>() {
        claimed.extend(claim.await.unwrap());
    }
    while let Some(webhook) = claim_one(&store, "late", Utc::now(), lease).await.unwrap() {
        claimed.push(webhook.webhook_id);
    }
    claimed.sort();
    let before = claimed.len();
    claimed.dedup();
    assert_eq!(
        (before, claimed.len()),
        (5, 5),
        "five webhooks, each claimed once"
    );
}

pub async fn attempts_move_webhooks_on_and_a_lost_lease_changes_nothing(store: Arc<dyn Store>) {
    let (_, item) = seeded(store.as_ref()).await;
    let webhook = outbox_entry(&item, Webhook::LoginRepaired {});
    store.enqueue_webhook(&webhook).await.unwrap();
    let now = Utc::now();
    let claimed = claim_one(&store, "a", now, now + Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (claimed.attempts, claimed.body.as_str()),
        (0, webhook.body.as_str())
    );
    let attempt = |number| Attempt {
        number,
        attempted_at: now,
        status_code: Some(503),
        error: Some("503".into()),
        duration_ms: 3,
        signature: None,
    };
    let retry_at = now + Duration::seconds(30);
    finish_one(
        &store,
        &claimed.webhook_id,
        "a",
        &attempt(1),
        AfterAttempt::RetryAt(retry_at),
    )
    .await
    .unwrap();
    assert!(
        claim_one(&store, "b", now, now + Duration::seconds(60))
            .await
            .unwrap()
            .is_none(),
        "not due yet"
    );

    let later = retry_at + Duration::seconds(1);
    let again = claim_one(&store, "b", later, later + Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.attempts, 1);
    // "a" no longer holds the lease: its late report is ignored.
    finish_one(
        &store,
        &again.webhook_id,
        "a",
        &attempt(2),
        AfterAttempt::GaveUp,
    )
    .await
    .unwrap();
    finish_one(
        &store,
        &again.webhook_id,
        "b",
        &Attempt {
            status_code: Some(200),
            error: None,
            ..attempt(2)
        },
        AfterAttempt::Delivered,
    )
    .await
    .unwrap();
    let listed = store.list_webhooks(10).await.unwrap();
    assert_eq!(
        (listed[0].status.as_str(), listed[0].attempts),
        ("delivered", 2)
    );
    let codes: Vec<Option<u16>> = store
        .list_webhook_attempts(&again.webhook_id)
        .await
        .unwrap()
        .iter()
        .map(|a| a.status_code)
        .collect();
    assert_eq!(codes, [Some(503), Some(200)]);
    assert!(
        claim_one(&store, "c", later + Duration::days(2), later)
            .await
            .unwrap()
            .is_none(),
        "delivered is final"
    );
}

pub async fn owners_are_replaced_with_their_webhook_in_one_step(store: Arc<dyn Store>) {
    let (_, item) = seeded(store.as_ref()).await;
    let account = &item.accounts[0];
    let owner = Owner {
        names: vec!["Ann Lee".into()],
        phone_numbers: vec![],
        emails: vec![],
        addresses: vec![],
    };
    let webhook = outbox_entry(&item, Webhook::NewAccountsAvailable { error: None });
    let previous = store
        .replace_owners(
            &item.item.item_id,
            &account.account_id,
            std::slice::from_ref(&owner),
            &|old: &[Owner]| {
                assert!(old.is_empty());
                Some(webhook.clone())
            },
        )
        .await
        .unwrap();
    assert_eq!(previous, Some(vec![]));
    let stored = store.list_accounts(&item.item.item_id).await.unwrap();
    assert_eq!(stored[0].owners, vec![owner]);
    assert_eq!(stored[1].owners, item.accounts[1].owners);
    assert_eq!(store.list_webhooks(10).await.unwrap().len(), 1);
    let missing = store
        .replace_owners(
            &item.item.item_id,
            &AccountId::generate(),
            &[],
            &|_: &[Owner]| None,
        )
        .await;
    assert_eq!(missing.unwrap(), None);
}

pub async fn webhook_keys_rotate_and_stay_findable(store: Arc<dyn Store>) {
    assert!(store.current_webhook_key().await.unwrap().is_none());
    let first = WebhookKey::generate(Utc::now() - Duration::seconds(10));
    store.rotate_webhook_key(&first).await.unwrap();
    assert_eq!(
        store.current_webhook_key().await.unwrap().unwrap().key_id,
        first.key_id
    );
    let second = WebhookKey::generate(Utc::now());
    store.rotate_webhook_key(&second).await.unwrap();
    let current = store.current_webhook_key().await.unwrap().unwrap();
    assert_eq!(
        (current.key_id.as_str(), current.private_key.as_str()),
        (second.key_id.as_str(), second.private_key.as_str())
    );
    let old = store
        .find_webhook_key(&first.key_id)
        .await
        .unwrap()
        .unwrap();
    assert!(old.expired_at.is_some());
    assert!(store.find_webhook_key("nope").await.unwrap().is_none());
}

/// Runs every conformance test against stores made by `$open`, one `#[tokio::test]` each.
macro_rules! conformance_suite {
    ($backend:ident, $open:expr) => {
        mod $backend {
            use super::*;
            conformance_suite!(@tests $open;
                clients_are_saved_found_listed_and_rekeyed,
                a_clients_version_and_retiring_secret_round_trip,
                a_public_token_is_exchanged_exactly_once,
                expired_or_foreign_public_tokens_are_refused,
                access_tokens_reach_only_their_clients_item,
                the_client_and_its_item_are_read_together,
                a_processor_token_is_read_with_its_account,
                accounts_come_back_whole_in_the_institutions_order,
                served_accounts_serialize_exactly_as_parsed_ones,
                account_forms_are_those_of_the_parsed_accounts,
                items_are_created_in_bulk_with_their_access_tokens,
                products_are_added_once_in_order,
                every_read_of_an_item_follows_its_products_login_and_error,
                a_removed_item_takes_its_tokens_and_accounts_with_it,
                concurrent_exchanges_of_one_token_succeed_exactly_once,
                one_instance_at_a_time_holds_a_lease,
                spent_public_tokens_are_swept_and_live_ones_kept,
                processor_tokens_and_stripe_tokens_live_and_die_with_their_item,
                an_item_can_be_created_with_a_processor_token,
                each_due_webhook_is_claimed_by_exactly_one_instance,
                claims_keep_items_in_order_and_share_destinations,
                rate_limit_windows_count_every_hit_once,
                attempts_move_webhooks_on_and_a_lost_lease_changes_nothing,
                owners_are_replaced_with_their_webhook_in_one_step,
                webhook_keys_rotate_and_stay_findable,
                link_tokens_and_their_sessions_come_back_whole,
                a_session_step_saves_only_over_the_version_it_read,
                login_required_is_set_cleared_and_public_tokens_reach_existing_items,
                expired_link_tokens_are_deleted_with_their_sessions,
                an_oidc_login_is_claimed_exactly_once_and_goes_with_its_session,
                the_catalogue_is_upserted_and_dangling_records_rejected,
                items_show_provider_accounts_and_follow_their_changes,
                login_failures_are_counted_in_their_window_and_audit_kept,
                console_sessions_last_until_they_expire_or_end,
                item_errors_balances_and_item_pages_round_trip,
                a_given_up_webhook_is_found_with_its_signature_and_retried_now,
                a_clock_advance_moves_only_its_clients_offset_and_pending_webhooks,
                failures_are_set_read_with_the_client_and_cleared,
                a_burst_is_taken_exactly_once_per_request
            );
        }
    };
    (@tests $open:expr; $($test:ident),+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $test() {
                let Some((store, _guard)) = $open.await else { return };
                super::$test(store).await;
            }
        )+
    };
}

async fn sqlite_file() -> Option<(Arc<dyn Store>, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("conformance.db").display());
    Some((super::open(&DatabaseConfig::new(url)).await.unwrap(), dir))
}

async fn postgres_schema() -> Option<(Arc<dyn Store>, ())> {
    let Some(server) = test_support::postgres_url() else {
        eprintln!(
            "SKIPPED: PostgreSQL conformance; set TARTAN_TEST_POSTGRES_URL (scripts/test.sh does)"
        );
        return None;
    };
    let url = test_support::fresh_postgres_schema(&server).await.unwrap();
    Some((super::open(&DatabaseConfig::new(url)).await.unwrap(), ()))
}

conformance_suite!(sqlite, sqlite_file());
conformance_suite!(postgres, postgres_schema());
