//! The Link part of the store contract: link tokens, sessions, and Items waiting for update mode.

use std::sync::Arc;

use chrono::{Duration, Utc};

use super::{access_token, public_token, seeded};
use crate::domain::tokens::{LinkToken, LoginSecret};
use crate::domain::{
    Environment, ExitMetadata, LinkExit, LinkOutcome, LinkSettings, LinkSuccess, Product,
    SuccessMetadata,
};
use crate::sandbox::link::Stage;
use crate::store::{LinkSessionRecord, LinkTokenRecord, OidcAuthorization, OidcClaim, Store};

fn settings() -> LinkSettings {
    LinkSettings {
        client_name: "App".into(),
        language: "en".into(),
        country_codes: vec!["US".into()],
        client_user_id: "user-1".into(),
        products: vec![Product::Auth],
        webhook: Some("http://127.0.0.1:9/hook".into()),
        redirect_uri: None,
        account_filters: None,
        update: None,
        hosted_link: None,
        identity: None,
    }
}

async fn token(store: &dyn Store) -> LinkTokenRecord {
    let (client, _) = seeded(store).await;
    let now = Utc::now();
    let record = LinkTokenRecord {
        hash: LinkToken::mint(Environment::Sandbox).hash(),
        client_id: client.client_id,
        settings: settings(),
        created_at: now,
        expires_at: now + Duration::hours(4),
        used_at: None,
    };
    store.create_link_token(&record).await.unwrap();
    record
}

fn session(token: &LinkTokenRecord, id: &str, minutes_ago: i64) -> LinkSessionRecord {
    LinkSessionRecord {
        link_session_id: id.to_owned(),
        token_hash: token.hash.clone(),
        started_at: Utc::now() - Duration::minutes(minutes_ago),
        finished_at: None,
        version: 0,
        stage: Stage::Consent,
        outcome: None,
    }
}

fn same_millis(a: chrono::DateTime<Utc>, b: chrono::DateTime<Utc>) -> bool {
    a.timestamp_millis() == b.timestamp_millis()
}

pub async fn link_tokens_and_their_sessions_come_back_whole(store: Arc<dyn Store>) {
    let token = token(store.as_ref()).await;
    let found = store.find_link_token(&token.hash).await.unwrap().unwrap();
    assert_eq!(found.settings, token.settings);
    assert_eq!(found.client_id, token.client_id);
    assert!(same_millis(found.expires_at, token.expires_at));
    assert!(found.used_at.is_none());
    assert!(
        store
            .find_link_token(&public_token())
            .await
            .unwrap()
            .is_none()
    );

    store
        .create_link_session(&session(&token, "later", 1))
        .await
        .unwrap();
    store
        .create_link_session(&session(&token, "earlier", 5))
        .await
        .unwrap();
    let listed = store.list_link_sessions(&token.hash).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|s| s.link_session_id.as_str()).collect();
    assert_eq!(ids, ["earlier", "later"]);
    assert_eq!(listed[0].stage, Stage::Consent);
    let other = self::token(store.as_ref()).await;
    assert!(
        store
            .find_link_session(&other.hash, "later")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .find_link_session(&token.hash, "later")
            .await
            .unwrap()
            .is_some()
    );
}

pub async fn a_session_step_saves_only_over_the_version_it_read(store: Arc<dyn Store>) {
    let token = token(store.as_ref()).await;
    let mut first = session(&token, "s1", 0);
    store.create_link_session(&first).await.unwrap();
    let mut second = first.clone();
    first.stage = Stage::SelectInstitution;
    assert!(store.save_link_session(&first).await.unwrap());
    second.stage = Stage::Exited;
    assert!(
        !store.save_link_session(&second).await.unwrap(),
        "a stale step must lose"
    );
    let stored = store
        .find_link_session(&token.hash, "s1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.version, &stored.stage),
        (1, &Stage::SelectInstitution)
    );

    let exit = LinkExit {
        error: None,
        metadata: ExitMetadata {
            institution: None,
            status: None,
            link_session_id: "s1".into(),
            request_id: None,
        },
    };
    let mut exited = stored.clone();
    exited.stage = Stage::Exited;
    exited.finished_at = Some(Utc::now());
    exited.outcome = Some(LinkOutcome::Exit(exit.clone()));
    assert!(store.save_link_session(&exited).await.unwrap());
    assert!(
        store
            .find_link_token(&token.hash)
            .await
            .unwrap()
            .unwrap()
            .used_at
            .is_none(),
        "an exit does not use the token"
    );
    let stored = store
        .find_link_session(&token.hash, "s1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.outcome, Some(LinkOutcome::Exit(exit)));
    assert!(stored.finished_at.is_some());

    let mut succeeded = session(&token, "s2", 0);
    store.create_link_session(&succeeded).await.unwrap();
    succeeded.stage = Stage::Connected;
    succeeded.finished_at = Some(Utc::now());
    succeeded.outcome = Some(LinkOutcome::Success(LinkSuccess {
        public_token: "public-sandbox-x".into(),
        metadata: SuccessMetadata {
            institution: None,
            accounts: vec![],
            link_session_id: "s2".into(),
            public_token: "public-sandbox-x".into(),
            transfer_status: None,
        },
    }));
    assert!(store.save_link_session(&succeeded).await.unwrap());
    assert!(
        store
            .find_link_token(&token.hash)
            .await
            .unwrap()
            .unwrap()
            .used_at
            .is_some(),
        "a success uses the token"
    );
}

pub async fn login_required_is_set_cleared_and_public_tokens_reach_existing_items(
    store: Arc<dyn Store>,
) {
    let (client, item) = seeded(store.as_ref()).await;
    let item_id = &item.item.item_id;
    let login_required = |store: Arc<dyn Store>, item_id: crate::domain::ItemId| async move {
        store
            .find_item(&item_id)
            .await
            .unwrap()
            .unwrap()
            .login_required
    };
    assert!(!login_required(Arc::clone(&store), item_id.clone()).await);
    store
        .set_login_required(item_id, Some(Utc::now()))
        .await
        .unwrap();
    store
        .set_login_required(item_id, Some(Utc::now()))
        .await
        .unwrap();
    assert!(login_required(Arc::clone(&store), item_id.clone()).await);
    store.set_login_required(item_id, None).await.unwrap();
    assert!(!login_required(Arc::clone(&store), item_id.clone()).await);

    let now = Utc::now();
    let public = public_token();
    store
        .create_public_token(
            item_id,
            &client.client_id,
            &public,
            now,
            now + Duration::minutes(30),
        )
        .await
        .unwrap();
    let exchanged = store
        .exchange_public_token(&client.client_id, &public, &access_token(), now)
        .await
        .unwrap();
    assert_eq!(exchanged.as_ref(), Some(item_id));
}

pub async fn expired_link_tokens_are_deleted_with_their_sessions(store: Arc<dyn Store>) {
    let live = token(store.as_ref()).await;
    let mut expired = token(store.as_ref()).await;
    expired.hash = LinkToken::mint(Environment::Sandbox).hash();
    expired.expires_at = Utc::now() - Duration::days(2);
    store.create_link_token(&expired).await.unwrap();
    store
        .create_link_session(&session(&expired, "old", 200))
        .await
        .unwrap();
    store
        .create_link_session(&session(&live, "new", 1))
        .await
        .unwrap();

    let deleted = store
        .delete_expired_link_tokens(Utc::now() - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert!(
        store
            .find_link_token(&expired.hash)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .list_link_sessions(&expired.hash)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.find_link_token(&live.hash).await.unwrap().is_some());
    assert_eq!(store.list_link_sessions(&live.hash).await.unwrap().len(), 1);
}

fn oidc_login(token: &LinkTokenRecord, link_session_id: &str) -> OidcAuthorization {
    let now = Utc::now();
    OidcAuthorization {
        state_hash: LoginSecret::mint().hash(),
        token_hash: token.hash.clone(),
        link_session_id: link_session_id.to_owned(),
        institution_id: "ins_provider".into(),
        nonce_hash: LoginSecret::mint().hash(),
        pkce_verifier: "verifier".into(),
        redirect_uri: "https://tartan.example/link/oidc/callback".into(),
        return_to: Some("https://app.example/oauth?oauth_state_id=s1".into()),
        created_at: now,
        expires_at: now + Duration::minutes(10),
    }
}

pub async fn an_oidc_login_is_claimed_exactly_once_and_goes_with_its_session(
    store: Arc<dyn Store>,
) {
    let token = token(store.as_ref()).await;
    store
        .create_link_session(&session(&token, "oidc-1", 0))
        .await
        .unwrap();
    let login = oidc_login(&token, "oidc-1");
    store.create_oidc_authorization(&login).await.unwrap();
    let unknown = LoginSecret::mint().hash();
    assert_eq!(
        store
            .claim_oidc_authorization(&unknown, Utc::now())
            .await
            .unwrap(),
        OidcClaim::Unknown
    );
    // The callback page checks without using the login up.
    assert_eq!(
        store.oidc_authorization_consumed(&unknown).await.unwrap(),
        None
    );
    for _ in 0..2 {
        assert_eq!(
            store
                .oidc_authorization_consumed(&login.state_hash)
                .await
                .unwrap(),
            Some(false)
        );
    }

    let claims = (0..6).map(|_| {
        let store = Arc::clone(&store);
        let state = login.state_hash.clone();
        tokio::spawn(async move { store.claim_oidc_authorization(&state, Utc::now()).await })
    });
    let mut won = Vec::new();
    let mut replayed = 0;
    for claim in claims {
        match claim.await.unwrap().unwrap() {
            OidcClaim::Claimed(found) => won.push(*found),
            OidcClaim::AlreadyUsed => replayed += 1,
            OidcClaim::Unknown => panic!("the login vanished"),
        }
    }
    assert_eq!((won.len(), replayed), (1, 5), "exactly one callback wins");
    assert_eq!(
        store
            .oidc_authorization_consumed(&login.state_hash)
            .await
            .unwrap(),
        Some(true)
    );
    let found = &won[0];
    assert_eq!(found.link_session_id, "oidc-1");
    assert_eq!(found.return_to, login.return_to);
    assert!(found.nonce_hash.matches(&login.nonce_hash));
    assert_eq!(found.pkce_verifier, login.pkce_verifier);
    assert!(same_millis(found.expires_at, login.expires_at));

    // A login goes with its session when the sweep deletes the expired token.
    let mut expired = token.clone();
    expired.hash = LinkToken::mint(Environment::Sandbox).hash();
    expired.expires_at = Utc::now() - Duration::days(2);
    store.create_link_token(&expired).await.unwrap();
    store
        .create_link_session(&session(&expired, "oidc-old", 200))
        .await
        .unwrap();
    let old = oidc_login(&expired, "oidc-old");
    store.create_oidc_authorization(&old).await.unwrap();
    store
        .delete_expired_link_tokens(Utc::now() - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(
        store
            .claim_oidc_authorization(&old.state_hash, Utc::now())
            .await
            .unwrap(),
        OidcClaim::Unknown
    );
}
