//! Items, their accounts and products, and the tokens that reach them, in the SQL both backends share.

use chrono::{DateTime, Utc};
use sqlx::{Any, AnyPool, Row, Transaction};

use super::codec::{from_millis, millis, to_json};
use crate::domain::tokens::SecretHash;
use crate::domain::{AccountId, ClientId, ItemId, ItemRecord, Processor, Product};
use crate::store::error::StoreError;
use crate::store::records::{Grant, NewItem, NewProcessorToken, ProcessorTokenRecord};

pub async fn insert_processor_token<'e>(
    executor: impl sqlx::Executor<'e, Database = Any>,
    token: &NewProcessorToken,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO processor_tokens (token_hash, item_id, account_id, processor, client_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.hash.as_str())
    .bind(token.item_id.as_str())
    .bind(token.account_id.as_str())
    .bind(token.processor.as_ref().map(Processor::as_str))
    .bind(token.client_id.as_str())
    .bind(millis(token.created_at))
    .execute(executor)
    .await?;
    Ok(())
}

/// Adds products an Item does not have yet after those it has.
pub async fn insert_products(
    tx: &mut Transaction<'_, Any>,
    item_id: &ItemId,
    products: &[Product],
) -> Result<(), StoreError> {
    for product in products {
        sqlx::query(
            "INSERT INTO item_products (item_id, product, position)
             SELECT $1, $2, COALESCE(MAX(position) + 1, 0) FROM item_products WHERE item_id = $1
             ON CONFLICT DO NOTHING",
        )
        .bind(item_id.as_str())
        .bind(product.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn item(pool: &AnyPool, item_id: String) -> Result<Option<ItemRecord>, StoreError> {
    let row = sqlx::query(
            "SELECT client_id, institution_id, institution_name, webhook, created_at FROM items WHERE item_id = $1",
        )
        .bind(&item_id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(ItemRecord {
        products: products(pool, &item_id).await?,
        item_id: ItemId::from_stored(item_id),
        client_id: ClientId::from_stored(row.try_get("client_id")?),
        institution_id: row.try_get("institution_id")?,
        institution_name: row.try_get("institution_name")?,
        webhook: row.try_get("webhook")?,
        created_at: from_millis(row.try_get("created_at")?)?,
    }))
}

async fn products(pool: &AnyPool, item_id: &str) -> Result<Vec<Product>, StoreError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT product FROM item_products WHERE item_id = $1 ORDER BY position, product",
    )
    .bind(item_id)
    .fetch_all(pool)
    .await?;
    names
        .into_iter()
        .map(|name| {
            serde_json::from_value(serde_json::Value::String(name))
                .map_err(|error| StoreError::Corrupt(error.to_string()))
        })
        .collect()
}

pub async fn create(pool: &AnyPool, new: &NewItem) -> Result<(), StoreError> {
    let item = &new.item;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO items (item_id, client_id, institution_id, institution_name, webhook, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(item.item_id.as_str())
    .bind(item.client_id.as_str())
    .bind(item.institution_id.as_deref())
    .bind(item.institution_name.as_deref())
    .bind(item.webhook.as_deref())
    .bind(millis(item.created_at))
    .execute(&mut *tx)
    .await?;
    insert_products(&mut tx, &item.item_id, &item.products).await?;
    for (position, account) in (0_i64..).zip(&new.accounts) {
        sqlx::query(
            "INSERT INTO accounts (account_id, item_id, position, data) VALUES ($1, $2, $3, $4)",
        )
        .bind(account.account_id.as_str())
        .bind(item.item_id.as_str())
        .bind(position)
        .bind(to_json(account)?)
        .execute(&mut *tx)
        .await?;
    }
    match &new.grant {
        Grant::PublicToken { hash, expires_at } => {
            sqlx::query(
                "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at, expires_at)
                 VALUES ($1, 'public', $2, $3, $4, $5)",
            )
            .bind(hash.as_str())
            .bind(item.item_id.as_str())
            .bind(item.client_id.as_str())
            .bind(millis(item.created_at))
            .bind(millis(*expires_at))
            .execute(&mut *tx)
            .await?;
        }
        Grant::ProcessorToken(token) => insert_processor_token(&mut *tx, token).await?,
    }
    tx.commit().await?;
    Ok(())
}

pub async fn exchange_public_token(
    pool: &AnyPool,
    client_id: &ClientId,
    public_token: &SecretHash,
    access_token: &SecretHash,
    now: DateTime<Utc>,
) -> Result<Option<ItemId>, StoreError> {
    let mut tx = pool.begin().await?;
    // The conditional UPDATE is the claim: under concurrency exactly one transaction sees the row unused.
    let claimed: Option<String> = sqlx::query_scalar(
        "UPDATE tokens SET used_at = $1
         WHERE token_hash = $2 AND kind = 'public' AND client_id = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING item_id",
    )
    .bind(millis(now))
    .bind(public_token.as_str())
    .bind(client_id.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(item_id) = claimed else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at) VALUES ($1, 'access', $2, $3, $4)",
    )
    .bind(access_token.as_str())
    .bind(&item_id)
    .bind(client_id.as_str())
    .bind(millis(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(ItemId::from_stored(item_id)))
}

pub async fn find_processor_token(
    pool: &AnyPool,
    token: &SecretHash,
) -> Result<Option<ProcessorTokenRecord>, StoreError> {
    let row = sqlx::query("SELECT item_id, account_id, processor, client_id FROM processor_tokens WHERE token_hash = $1")
        .bind(token.as_str())
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(item) = item(pool, row.try_get("item_id")?).await? else {
        return Ok(None);
    };
    let processor: Option<String> = row.try_get("processor")?;
    Ok(Some(ProcessorTokenRecord {
        item,
        account_id: AccountId::from_stored(row.try_get("account_id")?),
        processor: processor
            .map(|name| Processor::parse(&name).map_err(StoreError::Corrupt))
            .transpose()?,
        creator: ClientId::from_stored(row.try_get("client_id")?),
    }))
}
