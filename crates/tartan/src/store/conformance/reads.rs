//! The reads the data requests start with, each in one go: the client with the Item behind its access token,
//! and a processor token with its Item and account.

use std::sync::Arc;

use chrono::Utc;

use super::{access_token, client, processor_token, public_of, seeded};
use crate::domain::{ClientId, ErrorCode, FailureRules, ItemId, Product};
use crate::store::Store;
use crate::store::records::Grant;
use crate::wire::served::FormShape;

pub async fn the_client_and_its_item_are_read_together(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    store
        .add_products(&new.item.item_id, &[Product::Identity])
        .await
        .unwrap();
    let rules = FailureRules::with_burst(0, 0, ErrorCode::InternalServerError, 2).unwrap();
    store
        .set_client_failures(&owner.client_id, Some(&rules))
        .await
        .unwrap();

    // Every column of the client, and the Item with its products in order, as the separate reads give them.
    let (found, item) = store
        .find_client_with_item(&owner.client_id, &access)
        .await
        .unwrap();
    let found = found.unwrap();
    let alone = store.find_client(&owner.client_id).await.unwrap().unwrap();
    assert_eq!(
        format!("{found:?}"),
        format!("{alone:?}"),
        "the client as read alone"
    );
    let alone_client = alone;
    assert_eq!(found.secret_hash.as_str(), owner.secret_hash.as_str());
    assert_eq!(found.failures.unwrap().rate_limit_burst, 2);
    let item = item.unwrap();
    let alone = store
        .find_item_by_access_token(&owner.client_id, &access)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        format!("{item:?}"),
        format!("{alone:?}"),
        "the Item as read alone"
    );
    assert_eq!(
        item.products,
        vec![Product::Auth, Product::Transactions, Product::Identity]
    );
    // With the Item's account forms: the same client and Item.
    let (with_forms, found) = store
        .find_client_with_item_forms(&owner.client_id, &access, FormShape::Owners)
        .await
        .unwrap();
    assert_eq!(
        format!("{:?}", with_forms.unwrap()),
        format!("{alone_client:?}")
    );
    let (with_forms, forms) = found.unwrap();
    assert_eq!(format!("{with_forms:?}"), format!("{item:?}"));
    assert_eq!(forms.len(), new.accounts.len());

    // A token that reaches nothing of this client: the client still, no Item.
    let (stranger, _) = client("stranger");
    store.save_client(&stranger).await.unwrap();
    for (client_id, token) in [
        (&owner.client_id, access_token()),
        (&owner.client_id, public_of(&new).clone()),
        (&stranger.client_id, access.clone()),
    ] {
        let (found, item) = store
            .find_client_with_item(client_id, &token)
            .await
            .unwrap();
        assert_eq!(
            found.map(|client| client.client_id),
            Some(client_id.clone())
        );
        assert!(item.is_none());
        let (found, item) = store
            .find_client_with_item_forms(client_id, &token, FormShape::Base)
            .await
            .unwrap();
        assert_eq!(
            found.map(|client| client.client_id),
            Some(client_id.clone())
        );
        assert!(item.is_none());
    }

    // No client: nothing, even with a valid token of another client.
    let (found, item) = store
        .find_client_with_item(&ClientId::generate(), &access)
        .await
        .unwrap();
    assert!(found.is_none() && item.is_none());
    let (found, item) = store
        .find_client_with_item_forms(&ClientId::generate(), &access, FormShape::Rails)
        .await
        .unwrap();
    assert!(found.is_none() && item.is_none());

    // An Item without accounts: the Item, and no forms, for every shape.
    let bare_access = access_token();
    let mut bare = new.clone();
    bare.item.item_id = ItemId::generate();
    bare.accounts.clear();
    bare.grant = Grant::AccessToken(bare_access.clone());
    store.create_item(&bare).await.unwrap();
    for shape in [FormShape::Base, FormShape::Owners, FormShape::Rails] {
        let (found, item) = store
            .find_client_with_item_forms(&owner.client_id, &bare_access, shape)
            .await
            .unwrap();
        assert!(found.is_some());
        let (item, forms) = item.unwrap();
        assert_eq!(item.item_id, bare.item.item_id);
        assert!(forms.is_empty(), "{shape:?}");
    }

    // A removed Item is gone at once.
    store.remove_item(&new.item.item_id).await.unwrap();
    let (found, item) = store
        .find_client_with_item(&owner.client_id, &access)
        .await
        .unwrap();
    assert!(found.is_some() && item.is_none());
    let (found, item) = store
        .find_client_with_item_forms(&owner.client_id, &access, FormShape::Owners)
        .await
        .unwrap();
    assert!(found.is_some() && item.is_none());
}

pub async fn a_processor_token_is_read_with_its_account(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let token = processor_token(&new, &owner, Some("dwolla"));
    store.create_processor_token(&token).await.unwrap();

    let (record, account) = store
        .find_processor_token_with_account(&token.hash)
        .await
        .unwrap()
        .unwrap();
    let alone = store
        .find_processor_token(&token.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        format!("{record:?}"),
        format!("{alone:?}"),
        "the token as read alone"
    );
    assert_eq!(record.item.products, new.item.products);
    // With the client, and the account's served form.
    let (client, found) = store
        .find_client_with_processor_form(&owner.client_id, &token.hash, FormShape::Rails)
        .await
        .unwrap();
    assert_eq!(client.unwrap().client_id, owner.client_id);
    let (with_client, form) = found.unwrap();
    assert_eq!(format!("{with_client:?}"), format!("{alone:?}"));
    assert_eq!(form.unwrap().account_id, new.accounts[1].account_id);
    let (client, found) = store
        .find_client_with_processor_form(&ClientId::generate(), &token.hash, FormShape::Rails)
        .await
        .unwrap();
    assert!(client.is_none() && found.is_none());
    let (client, found) = store
        .find_client_with_processor_form(&owner.client_id, &access_token(), FormShape::Base)
        .await
        .unwrap();
    assert!(client.is_some() && found.is_none());
    assert_eq!(
        serde_json::to_string(&account.unwrap()).unwrap(),
        serde_json::to_string(&new.accounts[1]).unwrap()
    );

    assert!(
        store
            .find_processor_token_with_account(&access_token())
            .await
            .unwrap()
            .is_none()
    );
    store.remove_item(&new.item.item_id).await.unwrap();
    assert!(
        store
            .find_processor_token_with_account(&token.hash)
            .await
            .unwrap()
            .is_none()
    );
    let (client, found) = store
        .find_client_with_processor_form(&owner.client_id, &token.hash, FormShape::Owners)
        .await
        .unwrap();
    assert!(client.is_some() && found.is_none());
}

/// Every read of an Item (alone, by its access token, with its client, with its forms, behind a processor token)
/// shows its products, login state and error as the last write left them: on PostgreSQL the hot reads find
/// them copied onto the Item's row by triggers, which must follow every write, concurrent ones too.
pub async fn every_read_of_an_item_follows_its_products_login_and_error(store: Arc<dyn Store>) {
    let (owner, new) = seeded(store.as_ref()).await;
    let item_id = &new.item.item_id;
    let access = access_token();
    store
        .exchange_public_token(&owner.client_id, public_of(&new), &access, Utc::now())
        .await
        .unwrap();
    let token = processor_token(&new, &owner, Some("dwolla"));
    store.create_processor_token(&token).await.unwrap();
    let check = async |products: &[Product], login_required: bool, error: Option<ErrorCode>| {
        let mut items = vec![
            store.find_item(item_id).await.unwrap().unwrap(),
            store
                .find_item_by_access_token(&owner.client_id, &access)
                .await
                .unwrap()
                .unwrap(),
            store
                .find_client_with_item(&owner.client_id, &access)
                .await
                .unwrap()
                .1
                .unwrap(),
            store
                .find_processor_token(&token.hash)
                .await
                .unwrap()
                .unwrap()
                .item,
            store
                .find_processor_token_with_account(&token.hash)
                .await
                .unwrap()
                .unwrap()
                .0
                .item,
        ];
        for shape in [FormShape::Base, FormShape::Owners, FormShape::Rails] {
            let (_, found) = store
                .find_client_with_item_forms(&owner.client_id, &access, shape)
                .await
                .unwrap();
            items.push(found.unwrap().0);
            let (_, found) = store
                .find_client_with_processor_form(&owner.client_id, &token.hash, shape)
                .await
                .unwrap();
            items.push(found.unwrap().0.item);
        }
        for (read, item) in items.iter().enumerate() {
            assert_eq!(item.products, products, "read {read}");
            assert_eq!(item.login_required, login_required, "read {read}");
            assert_eq!(item.error, error, "read {read}");
        }
    };
    let mut products = vec![Product::Auth, Product::Transactions];
    check(&products, false, None).await;
    store
        .add_products(item_id, &[Product::Identity, Product::Auth])
        .await
        .unwrap();
    products.push(Product::Identity);
    check(&products, false, None).await;
    store
        .set_login_required(item_id, Some(Utc::now()))
        .await
        .unwrap();
    check(&products, true, None).await;
    store
        .set_item_error(item_id, Some((ErrorCode::ItemLocked, Utc::now())))
        .await
        .unwrap();
    check(&products, true, Some(ErrorCode::ItemLocked)).await;
    store
        .set_item_error(item_id, Some((ErrorCode::InstitutionDown, Utc::now())))
        .await
        .unwrap();
    store.set_login_required(item_id, None).await.unwrap();
    check(&products, false, Some(ErrorCode::InstitutionDown)).await;
    store.set_item_error(item_id, None).await.unwrap();
    check(&products, false, None).await;

    // Products added at once by several writers: every one of them is read back.
    let added = [
        Product::Assets,
        Product::Balance,
        Product::Investments,
        Product::Liabilities,
        Product::Income,
        Product::Signal,
    ];
    let writers: Vec<_> = added
        .iter()
        .map(|product| {
            let store = Arc::clone(&store);
            let item_id = item_id.clone();
            let product = *product;
            tokio::spawn(async move { store.add_products(&item_id, &[product]).await })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    let mut read = store.find_item(item_id).await.unwrap().unwrap().products;
    assert_eq!(read.len(), products.len() + added.len(), "{read:?}");
    read.sort_by_key(|product| product.as_str());
    let mut expected: Vec<Product> = products.iter().chain(&added).copied().collect();
    expected.sort_by_key(|product| product.as_str());
    assert_eq!(read, expected);
}
