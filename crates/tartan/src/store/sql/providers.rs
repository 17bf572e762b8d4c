//! A data provider's catalogue in the SQL both backends share: institutions, end users, accounts with owners,
//! and the copies of accounts that Items show, kept in step in the same transaction as each change.

use chrono::Utc;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

use super::codec::{from_json, millis, to_json};
use super::items::{UPDATE_ACCOUNT, bind_account};
use super::webhooks::enqueue;
use crate::domain::{
    Account, AccountId, EndUser, ItemId, Owner, ProviderAccount, ProviderInstitution,
    ProviderRecord, ProviderSecret,
};
use crate::store::error::StoreError;
use crate::store::records::{MirrorWebhooks, MirroredItem, RecordOutcome};

/// Applies the records in one transaction. A record that names something missing is rejected and the others
/// still apply; a database error rolls back the whole batch.
pub async fn apply(
    pool: &AnyPool,
    records: &[ProviderRecord],
    webhooks_for: &MirrorWebhooks<'_>,
) -> Result<Vec<RecordOutcome>, StoreError> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(records.len());
    for record in records {
        let outcome = match record {
            ProviderRecord::Institution(institution) => {
                save_institution(&mut tx, institution).await?;
                RecordOutcome::Saved {
                    items: 0,
                    webhooks: 0,
                }
            }
            ProviderRecord::User(user) => save_user(&mut tx, user).await?,
            ProviderRecord::Account(account) => {
                save_account(&mut tx, account, webhooks_for).await?
            }
            ProviderRecord::Owners {
                institution_id,
                account_id,
                owners,
            } => save_owners(&mut tx, institution_id, account_id, owners, webhooks_for).await?,
        };
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn save_institution(
    tx: &mut Transaction<'_, Any>,
    institution: &ProviderInstitution,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO provider_institutions (institution_id, name, data, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (institution_id) DO UPDATE
         SET name = excluded.name, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(&institution.institution_id)
    .bind(&institution.name)
    .bind(to_json(institution)?)
    .bind(millis(Utc::now()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Absent credentials keep those stored, so re-importing users without their hashes loses nothing.
async fn save_user(
    tx: &mut Transaction<'_, Any>,
    user: &EndUser,
) -> Result<RecordOutcome, StoreError> {
    let saved = sqlx::query(
        "INSERT INTO provider_users (institution_id, user_id, password_hash, totp_secret, oidc_subject, updated_at)
         SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS
             (SELECT 1 FROM provider_institutions WHERE institution_id = $1)
         ON CONFLICT (institution_id, user_id) DO UPDATE
         SET password_hash = COALESCE(excluded.password_hash, provider_users.password_hash),
             totp_secret = COALESCE(excluded.totp_secret, provider_users.totp_secret),
             oidc_subject = COALESCE(excluded.oidc_subject, provider_users.oidc_subject),
             updated_at = excluded.updated_at",
    )
    .bind(&user.institution_id)
    .bind(&user.user_id)
    .bind(user.password_hash.as_ref().map(|h| h.expose().to_owned()))
    .bind(user.totp_secret.as_ref().map(|s| s.expose().to_owned()))
    .bind(user.oidc_subject.as_deref())
    .bind(millis(Utc::now()))
    .execute(&mut **tx)
    .await?;
    Ok(if saved.rows_affected() == 0 {
        RecordOutcome::Rejected(format!("unknown institution `{}`", user.institution_id))
    } else {
        RecordOutcome::Saved {
            items: 0,
            webhooks: 0,
        }
    })
}

async fn save_account(
    tx: &mut Transaction<'_, Any>,
    record: &ProviderAccount,
    webhooks_for: &MirrorWebhooks<'_>,
) -> Result<RecordOutcome, StoreError> {
    let account_id = record.account.account_id.as_str();
    let saved = sqlx::query(
        "INSERT INTO provider_accounts (institution_id, account_id, user_id, position, data, updated_at)
         SELECT $1, $2, $3,
                (SELECT COALESCE(MAX(position) + 1, 0) FROM provider_accounts WHERE institution_id = $1 AND user_id = $3),
                $4, $5
         WHERE EXISTS (SELECT 1 FROM provider_users WHERE institution_id = $1 AND user_id = $3)
         ON CONFLICT (institution_id, account_id) DO UPDATE
         SET user_id = excluded.user_id, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(&record.institution_id)
    .bind(account_id)
    .bind(&record.user_id)
    .bind(to_json(&record.account)?)
    .bind(millis(Utc::now()))
    .execute(&mut **tx)
    .await?;
    if saved.rows_affected() == 0 {
        return Ok(RecordOutcome::Rejected(format!(
            "unknown user `{}` at institution `{}`",
            record.user_id, record.institution_id
        )));
    }
    update_mirrors(tx, &record.institution_id, &record.account, webhooks_for).await
}

async fn save_owners(
    tx: &mut Transaction<'_, Any>,
    institution_id: &str,
    account_id: &str,
    owners: &[Owner],
    webhooks_for: &MirrorWebhooks<'_>,
) -> Result<RecordOutcome, StoreError> {
    let data: Option<String> = sqlx::query_scalar(
        "SELECT data FROM provider_accounts WHERE institution_id = $1 AND account_id = $2",
    )
    .bind(institution_id)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(data) = data else {
        return Ok(RecordOutcome::Rejected(format!(
            "unknown account `{account_id}` at institution `{institution_id}`"
        )));
    };
    let mut account: Account = from_json(&data)?;
    account.owners = owners.to_vec();
    sqlx::query(
        "UPDATE provider_accounts SET data = $1, updated_at = $2 WHERE institution_id = $3 AND account_id = $4",
    )
    .bind(to_json(&account)?)
    .bind(millis(Utc::now()))
    .bind(institution_id)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    update_mirrors(tx, institution_id, &account, webhooks_for).await
}

/// Rewrites every Item's copy of the account (under the Item's own account id) and queues the webhooks the
/// change makes for each Item.
async fn update_mirrors(
    tx: &mut Transaction<'_, Any>,
    institution_id: &str,
    account: &Account,
    webhooks_for: &MirrorWebhooks<'_>,
) -> Result<RecordOutcome, StoreError> {
    let mirrors = sqlx::query(
        "SELECT m.item_id, m.account_id, i.webhook, a.data FROM provider_item_accounts m
         JOIN items i ON i.item_id = m.item_id
         JOIN accounts a ON a.account_id = m.account_id
         WHERE m.institution_id = $1 AND m.provider_account_id = $2",
    )
    .bind(institution_id)
    .bind(account.account_id.as_str())
    .fetch_all(&mut **tx)
    .await?;
    let mut webhooks = 0;
    for row in &mirrors {
        let item = MirroredItem {
            item_id: ItemId::from_stored(row.try_get("item_id")?),
            webhook: row.try_get("webhook")?,
        };
        let previous: Account = from_json(row.try_get::<&str, _>("data")?)?;
        let copy = Account {
            account_id: AccountId::from_stored(row.try_get("account_id")?),
            ..account.clone()
        };
        bind_account(sqlx::query(UPDATE_ACCOUNT), &copy)?
            .bind(copy.account_id.as_str())
            .execute(&mut **tx)
            .await?;
        for webhook in webhooks_for(&item, &previous, &copy) {
            enqueue(tx, &webhook).await?;
            webhooks += 1;
        }
    }
    Ok(RecordOutcome::Saved {
        items: mirrors.len(),
        webhooks,
    })
}

pub fn institution_from_row(row: &AnyRow) -> Result<ProviderInstitution, StoreError> {
    from_json(row.try_get::<&str, _>("data")?)
}

pub fn user_from_row(row: &AnyRow) -> Result<EndUser, StoreError> {
    let secret = |column: &str| -> Result<Option<ProviderSecret>, StoreError> {
        Ok(row
            .try_get::<Option<String>, _>(column)?
            .map(ProviderSecret::new))
    };
    Ok(EndUser {
        institution_id: row.try_get("institution_id")?,
        user_id: row.try_get("user_id")?,
        password_hash: secret("password_hash")?,
        totp_secret: secret("totp_secret")?,
        oidc_subject: row.try_get("oidc_subject")?,
    })
}

pub const USER_COLUMNS: &str = "institution_id, user_id, password_hash, totp_secret, oidc_subject";

pub async fn accounts_of_user(
    pool: &AnyPool,
    institution_id: &str,
    user_id: &str,
) -> Result<Vec<ProviderAccount>, StoreError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT data FROM provider_accounts WHERE institution_id = $1 AND user_id = $2
         ORDER BY position, account_id",
    )
    .bind(institution_id)
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|data| {
            Ok(ProviderAccount {
                institution_id: institution_id.to_owned(),
                user_id: user_id.to_owned(),
                account: from_json(data)?,
            })
        })
        .collect()
}
