//! The data-provider part of the store contract: the catalogue, Items made from it, revoking, failed logins
//! and the audit log.

use std::sync::Arc;

use chrono::{Duration, Utc};

use super::{account, client, public_token};
use crate::domain::Environment;
use crate::domain::{
    Account, AccountId, AuditEntry, EndUser, InstitutionLogin, ItemId, ItemRecord, Owner, Product,
    ProviderAccount, ProviderInstitution, ProviderLink, ProviderRecord, ProviderSecret,
};
use crate::store::{Grant, MirroredItem, NewItem, RecordOutcome, Store};
use crate::webhooks::{NewWebhook, Payload, Webhook};

fn institution(id: &str) -> ProviderInstitution {
    ProviderInstitution {
        institution_id: id.to_owned(),
        name: format!("Bank {id}"),
        country_codes: vec!["US".into()],
        products: vec![Product::Auth, Product::Identity],
        logo: None,
        primary_color: Some("#123456".into()),
        url: None,
        login: InstitutionLogin::Password { totp: true },
    }
}

fn user(institution_id: &str, user_id: &str) -> EndUser {
    EndUser {
        institution_id: institution_id.to_owned(),
        user_id: user_id.to_owned(),
        password_hash: Some(ProviderSecret::new("$2b$04$hash".into())),
        totp_secret: None,
        oidc_subject: None,
    }
}

fn owner(name: &str) -> Owner {
    Owner {
        names: vec![name.to_owned()],
        phone_numbers: vec![],
        emails: vec![],
        addresses: vec![],
    }
}

fn provider_account(institution_id: &str, user_id: &str, id: &str) -> ProviderAccount {
    let mut account = account(id);
    account.account_id = AccountId::from_stored(id.to_owned());
    account.owners = vec![owner("Ann Lee")];
    ProviderAccount {
        institution_id: institution_id.to_owned(),
        user_id: user_id.to_owned(),
        account,
    }
}

fn no_webhooks(_: &MirroredItem, _: &Account, _: &Account) -> Vec<NewWebhook> {
    Vec::new()
}

const SAVED: RecordOutcome = RecordOutcome::Saved {
    items: 0,
    webhooks: 0,
};

pub async fn the_catalogue_is_upserted_and_dangling_records_rejected(store: Arc<dyn Store>) {
    let outcomes = store
        .apply_provider_records(
            &[
                ProviderRecord::Institution(institution("ins_p1")),
                ProviderRecord::User(user("ins_p1", "alice")),
                ProviderRecord::User(user("ins_nope", "bob")),
                ProviderRecord::Account(provider_account("ins_p1", "alice", "acc-2")),
                ProviderRecord::Account(provider_account("ins_p1", "alice", "acc-1")),
                ProviderRecord::Account(provider_account("ins_p1", "carol", "acc-3")),
                ProviderRecord::Owners {
                    institution_id: "ins_p1".into(),
                    account_id: "acc-9".into(),
                    owners: vec![owner("X")],
                },
            ],
            &no_webhooks,
        )
        .await
        .unwrap();
    assert_eq!(outcomes[..2], [SAVED, SAVED]);
    assert!(matches!(&outcomes[2], RecordOutcome::Rejected(m) if m.contains("ins_nope")));
    assert_eq!(outcomes[3..5], [SAVED, SAVED]);
    assert!(matches!(&outcomes[5], RecordOutcome::Rejected(m) if m.contains("carol")));
    assert!(matches!(&outcomes[6], RecordOutcome::Rejected(m) if m.contains("acc-9")));

    let found = store.find_provider_institution("ins_p1").await.unwrap();
    assert_eq!(found, Some(institution("ins_p1")));
    assert_eq!(store.list_provider_institutions().await.unwrap().len(), 1);
    let accounts = store
        .list_provider_accounts("ins_p1", "alice")
        .await
        .unwrap();
    let ids: Vec<&str> = accounts
        .iter()
        .map(|a| a.account.account_id.as_str())
        .collect();
    assert_eq!(ids, ["acc-2", "acc-1"], "the provider's order");

    // Upserting again changes the data and keeps credentials that the new record leaves out.
    let mut renamed = institution("ins_p1");
    renamed.name = "Renamed".into();
    let bare = EndUser {
        password_hash: None,
        oidc_subject: Some("sub-a".into()),
        ..user("ins_p1", "alice")
    };
    store
        .apply_provider_records(
            &[
                ProviderRecord::Institution(renamed),
                ProviderRecord::User(bare),
                ProviderRecord::User(user("ins_p1", "bob")),
            ],
            &no_webhooks,
        )
        .await
        .unwrap();
    let alice = store
        .find_end_user("ins_p1", "alice")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alice.password_hash, user("ins_p1", "alice").password_hash);
    assert_eq!(
        store
            .find_provider_institution("ins_p1")
            .await
            .unwrap()
            .unwrap()
            .name,
        "Renamed"
    );
    let by_subject = store
        .find_end_user_by_subject("ins_p1", "sub-a")
        .await
        .unwrap();
    assert_eq!(by_subject.unwrap().user_id, "alice");
    let by_user_id = store
        .find_end_user_by_subject("ins_p1", "bob")
        .await
        .unwrap();
    assert_eq!(by_user_id.unwrap().user_id, "bob");
    assert!(
        store
            .find_end_user_by_subject("ins_p1", "zed")
            .await
            .unwrap()
            .is_none()
    );
    let page = store
        .list_end_users("ins_p1", Some("alice"), 10)
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].user_id, "bob");
}

pub async fn items_show_provider_accounts_and_follow_their_changes(store: Arc<dyn Store>) {
    let (app, _) = client("app");
    store.save_client(&app).await.unwrap();
    store
        .set_client_institutions(&app.client_id, &["ins_p1".into(), "ins_p2".into()])
        .await
        .unwrap();
    assert_eq!(
        store
            .list_client_institutions(&app.client_id)
            .await
            .unwrap(),
        ["ins_p1", "ins_p2"]
    );
    let source = provider_account("ins_p1", "alice", "acc-1");
    store
        .apply_provider_records(
            &[
                ProviderRecord::Institution(institution("ins_p1")),
                ProviderRecord::User(user("ins_p1", "alice")),
                ProviderRecord::Account(source.clone()),
            ],
            &no_webhooks,
        )
        .await
        .unwrap();
    let item_id = ItemId::generate();
    let shown = Account {
        account_id: AccountId::generate(),
        ..source.account.clone()
    };
    let now = Utc::now();
    let new = NewItem {
        item: ItemRecord {
            item_id: item_id.clone(),
            client_id: app.client_id.clone(),
            institution_id: Some("ins_p1".into()),
            institution_name: Some("Bank ins_p1".into()),
            webhook: Some("http://127.0.0.1:9/hook".into()),
            products: vec![Product::Identity],
            created_at: now,
            login_required: false,
        },
        accounts: vec![shown.clone()],
        grant: Grant::PublicToken {
            hash: public_token(),
            expires_at: now + Duration::minutes(30),
        },
    };
    let link = ProviderLink {
        institution_id: "ins_p1".into(),
        user_id: "alice".into(),
        accounts: vec![(shown.account_id.clone(), "acc-1".into())],
    };
    store.create_provider_item(&new, &link).await.unwrap();
    let items = store.list_provider_items("ins_p1", "alice").await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].item_id, item_id);

    // The provider changes the owners: the Item's copy follows, under its own id, with the webhook.
    let seen = std::sync::Mutex::new(Vec::new());
    let webhooks_for = |item: &MirroredItem, before: &Account, after: &Account| {
        seen.lock().unwrap().push((
            item.item_id.clone(),
            before.owners.clone(),
            after.account_id.clone(),
        ));
        let payload = Payload::new(
            item.item_id.to_string(),
            Environment::Production,
            Webhook::NewAccountsAvailable { error: None },
        );
        vec![NewWebhook::new("http://127.0.0.1:9/hook", &payload, Utc::now()).unwrap()]
    };
    let outcomes = store
        .apply_provider_records(
            &[ProviderRecord::Owners {
                institution_id: "ins_p1".into(),
                account_id: "acc-1".into(),
                owners: vec![owner("Ann Smith")],
            }],
            &webhooks_for,
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        [RecordOutcome::Saved {
            items: 1,
            webhooks: 1
        }]
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [(
            item_id.clone(),
            vec![owner("Ann Lee")],
            shown.account_id.clone()
        )]
    );
    let copy = store.list_accounts(&item_id).await.unwrap();
    assert_eq!(copy[0].account_id, shown.account_id);
    assert_eq!(copy[0].owners, vec![owner("Ann Smith")]);
    assert_eq!(store.list_webhooks(10).await.unwrap().len(), 1);

    // Revoking deletes the Item and queues its notice together.
    let payload = Payload::new(
        item_id.to_string(),
        Environment::Production,
        Webhook::permission_revoked(),
    );
    let notice = NewWebhook::new("http://127.0.0.1:9/hook", &payload, Utc::now()).unwrap();
    assert!(store.revoke_item(&item_id, Some(&notice)).await.unwrap());
    assert!(store.find_item(&item_id).await.unwrap().is_none());
    assert!(!store.revoke_item(&item_id, None).await.unwrap());
    let webhooks = store.list_webhooks(10).await.unwrap();
    assert_eq!(webhooks.len(), 2);
    assert!(
        store
            .list_provider_items("ins_p1", "alice")
            .await
            .unwrap()
            .is_empty()
    );
    // Later changes reach no Item.
    let outcomes = store
        .apply_provider_records(&[ProviderRecord::Account(source)], &webhooks_for)
        .await
        .unwrap();
    assert_eq!(outcomes, [SAVED]);
}

pub async fn login_failures_are_counted_in_their_window_and_audit_kept(store: Arc<dyn Store>) {
    let now = Utc::now();
    for minutes in [20, 10, 5, 1] {
        store
            .record_login_failure("ins_p1", "alice", now - Duration::minutes(minutes))
            .await
            .unwrap();
    }
    store
        .record_login_failure("ins_p1", "bob", now)
        .await
        .unwrap();
    let since = now - Duration::minutes(15);
    assert_eq!(
        store
            .count_login_failures("ins_p1", "alice", since)
            .await
            .unwrap(),
        3
    );
    let swept = store.delete_login_failures_before(since).await.unwrap();
    assert_eq!(swept, 1, "the one outside the window");
    store.clear_login_failures("ins_p1", "alice").await.unwrap();
    assert_eq!(
        store
            .count_login_failures("ins_p1", "alice", since)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .count_login_failures("ins_p1", "bob", since)
            .await
            .unwrap(),
        1
    );

    for (offset, action) in [(2, "login"), (1, "link")] {
        store
            .record_audit(&AuditEntry {
                at: now - Duration::seconds(offset),
                actor: "user:ins_p1/alice".into(),
                action: action.into(),
                subject: "user/ins_p1/alice".into(),
                source: "127.0.0.1".into(),
                outcome: "success".into(),
            })
            .await
            .unwrap();
    }
    let entries = store.list_audit(10).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["link", "login"], "newest first");
    assert_eq!(
        entries[0].at.timestamp_millis(),
        (now - Duration::seconds(1)).timestamp_millis()
    );
}
