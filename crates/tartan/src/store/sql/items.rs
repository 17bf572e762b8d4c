//! Items, their accounts and products, and the tokens that reach them, in the SQL both backends share.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde::de::IntoDeserializer;
use serde::de::value::StrDeserializer;
use sqlx::{Any, AnyPool, Transaction};

use super::codec::{Columns, Prefixed, from_json, from_millis, millis, to_json};
use crate::domain::tokens::SecretHash;
use crate::domain::{
    Account, AccountId, ClientId, ErrorCode, ItemId, ItemRecord, Processor, Product,
};
use crate::store::error::StoreError;
use crate::store::records::{Grant, NewItem, NewProcessorToken, ProcessorTokenRecord};
use crate::wire::served::{AccountForm, FormShape, parse_type, type_name};

/// The served form's columns, in the order [`bind_account`] binds them after `data`.
macro_rules! served_columns {
    () => {
        "served_type, served_base, served_owners, served_ach, served_eft, served_international, served_bacs"
    };
}

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

/// An Item with its products and whether its login must be repaired, in one row. `$columns`, when given, come
/// first. The Item's row holds copies of its products, login state and error (kept by triggers in the writing
/// statement: `migrations/postgres/0070_item_state_on_items.sql`, `migrations/sqlite/0080_item_state_on_items_sqlite.sql`),
/// so the statement reads one table instead of four: the three joined tables cost three more B-tree descents and
/// an aggregate on every data request (≈ 10k instructions on SQLite, docs/performance.md). The products come as
/// `position:product` pairs, comma-separated (product names have neither), in no particular order:
/// [`ItemRow::into_item`] puts them in order. The same text on both backends.
macro_rules! item_query {
    ($($join:literal)?, $where:literal $(, $columns:expr)?) => {
        concat!(
            "SELECT ", $($columns, ", ",)?
            "i.item_id, i.client_id, i.institution_id, i.institution_name, i.webhook, i.created_at, ",
            "i.products, i.login_required_since, i.error_code ",
            "FROM items i ",
            $($join, " ",)?
            "WHERE ",
            $where
        )
    };
}

/// An account's `data` where the row has no served form yet (written before forms were stored), else null.
macro_rules! form_data {
    () => {
        "CASE WHEN a.served_base IS NULL THEN a.data END"
    };
}

/// The columns of an account form (`accounts a`) that a [`FormShape`] needs; `data` only where the row has no
/// served form yet. [`form_column_names`] names them.
macro_rules! form_columns {
    ($($extra:literal)?) => {
        concat!(
            "a.account_id, a.served_type, a.served_base, ",
            $($extra, ", ",)?
            form_data!(), " AS data"
        )
    };
}

/// The prefix of a processor token's columns where they share a row with its Item's.
pub const PROCESSOR_TOKEN_PREFIX: &str = "pt_";

/// A processor token's Item and the token's account form of one shape: `$1`, the token's hash. The token's
/// columns are prefixed `pt_`; the form's are null when the Item no longer has the account.
macro_rules! processor_form_query {
    ($($extra:literal)?) => {
        item_query!(
            "JOIN processor_tokens pt ON pt.item_id = i.item_id \
             LEFT JOIN accounts a ON a.item_id = pt.item_id AND a.account_id = pt.account_id",
            "pt.token_hash = $1",
            concat!(
                "pt.item_id AS pt_item_id, pt.account_id AS pt_account_id, pt.processor AS pt_processor, \
                 pt.client_id AS pt_client_id, ",
                form_columns!($($extra)?)
            )
        )
    };
}

/// The Item's account forms of one shape, in the institution's order: `$1`, the item id.
macro_rules! forms_of_item_query {
    ($($extra:literal)?) => {
        concat!(
            "SELECT ",
            form_columns!($($extra)?),
            " FROM accounts a WHERE a.item_id = $1 ORDER BY a.position"
        )
    };
}

/// The expression of each column of [`form_columns`] (in `accounts a`) with its name, in the same order: for
/// statements that aggregate an Item's forms into one row.
pub fn form_column_names(shape: FormShape) -> &'static [(&'static str, &'static str)] {
    const DATA: (&str, &str) = (form_data!(), "data");
    match shape {
        FormShape::Base => &[
            ("a.account_id", "account_id"),
            ("a.served_type", "served_type"),
            ("a.served_base", "served_base"),
            DATA,
        ],
        FormShape::Owners => &[
            ("a.account_id", "account_id"),
            ("a.served_type", "served_type"),
            ("a.served_base", "served_base"),
            ("a.served_owners", "served_owners"),
            DATA,
        ],
        FormShape::Rails => &[
            ("a.account_id", "account_id"),
            ("a.served_type", "served_type"),
            ("a.served_base", "served_base"),
            ("a.served_ach", "served_ach"),
            ("a.served_eft", "served_eft"),
            ("a.served_international", "served_international"),
            ("a.served_bacs", "served_bacs"),
            DATA,
        ],
    }
}

/// [`forms_of_item_query`] for each shape.
pub fn forms_of_item_sql(shape: FormShape) -> &'static str {
    match shape {
        FormShape::Base => forms_of_item_query!(),
        FormShape::Owners => forms_of_item_query!("a.served_owners"),
        FormShape::Rails => forms_of_item_query!(
            "a.served_ach, a.served_eft, a.served_international, a.served_bacs"
        ),
    }
}

/// [`processor_form_query`] for each shape.
pub fn processor_form_sql(shape: FormShape) -> &'static str {
    match shape {
        FormShape::Base => processor_form_query!(),
        FormShape::Owners => processor_form_query!("a.served_owners"),
        FormShape::Rails => processor_form_query!(
            "a.served_ach, a.served_eft, a.served_international, a.served_bacs"
        ),
    }
}

/// `$1`: the item id.
pub const ITEM_BY_ID: &str = item_query!(, "i.item_id = $1");
/// `$1`: the access token's hash, `$2`: the client it must belong to.
pub const ITEM_BY_ACCESS_TOKEN: &str = item_query!(
    "JOIN tokens t ON t.item_id = i.item_id",
    "t.token_hash = $1 AND t.kind = 'access' AND t.client_id = $2"
);
/// `$1`: the processor token's hash. The token's columns, prefixed `pt_`, and its account's `data` (null if
/// the Item no longer has it) with its Item's (PostgreSQL's read of a processor token with its account's `data`).
pub const PG_PROCESSOR_TOKEN_WITH_ITEM: &str = item_query!(
    "JOIN processor_tokens pt ON pt.item_id = i.item_id \
     LEFT JOIN accounts a ON a.item_id = pt.item_id AND a.account_id = pt.account_id",
    "pt.token_hash = $1",
    "pt.item_id AS pt_item_id, pt.account_id AS pt_account_id, pt.processor AS pt_processor, \
     pt.client_id AS pt_client_id, a.data AS pt_account_data"
);
/// `$1`: the item id.
pub const ACCOUNTS_OF_ITEM: &str = "SELECT data FROM accounts WHERE item_id = $1 ORDER BY position";
/// `$1`: the item id, `$2`: the account id.
pub const ACCOUNT_OF_ITEM: &str =
    "SELECT data FROM accounts WHERE item_id = $1 AND account_id = $2";
/// `$1`–`$3`: the account id, the item id, the position; `$4`–`$11`: [`bind_account`].
pub const INSERT_ACCOUNT: &str = concat!(
    "INSERT INTO accounts (account_id, item_id, position, data, ",
    served_columns!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
);
/// `$1`: the processor token's hash.
pub const PROCESSOR_TOKEN: &str =
    "SELECT item_id, account_id, processor, client_id FROM processor_tokens WHERE token_hash = $1";

/// The row of an item query, owned, whichever driver read it.
pub struct ItemRow {
    item_id: String,
    client_id: String,
    institution_id: Option<String>,
    institution_name: Option<String>,
    webhook: Option<String>,
    created_at: i64,
    products: Option<String>,
    login_required: bool,
    error_code: Option<String>,
}

impl ItemRow {
    pub fn read(row: &impl Columns) -> Result<Self, StoreError> {
        Ok(Self {
            item_id: row.text("item_id")?,
            client_id: row.text("client_id")?,
            institution_id: row.optional_text("institution_id")?,
            institution_name: row.optional_text("institution_name")?,
            webhook: row.optional_text("webhook")?,
            created_at: row.integer("created_at")?,
            products: row.optional_text("products")?,
            login_required: row.optional_integer("login_required_since")?.is_some(),
            error_code: row.optional_text("error_code")?,
        })
    }

    /// The Item the row describes.
    pub fn into_item(self) -> Result<ItemRecord, StoreError> {
        let mut products = self
            .products
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let corrupt = || StoreError::Corrupt(format!("product `{pair}`"));
                let (position, name) = pair.split_once(':').ok_or_else(corrupt)?;
                let position: i64 = position.parse().map_err(|_| corrupt())?;
                let reader: StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
                let product = Product::deserialize(reader).map_err(|_| corrupt())?;
                Ok((position, name, product))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // The order they were added in (`ORDER BY position, product`).
        products.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let products = products
            .into_iter()
            .map(|(_, _, product)| product)
            .collect();
        Ok(ItemRecord {
            products,
            item_id: ItemId::from_stored(self.item_id),
            client_id: ClientId::from_stored(self.client_id),
            institution_id: self.institution_id,
            institution_name: self.institution_name,
            webhook: self.webhook,
            created_at: from_millis(self.created_at)?,
            login_required: self.login_required,
            error: self
                .error_code
                .as_deref()
                .map(|code| {
                    ErrorCode::parse(code)
                        .ok_or_else(|| StoreError::Corrupt(format!("item error `{code}`")))
                })
                .transpose()?,
        })
    }
}

/// The Item of an item query's row, if there is one.
pub fn item_from_row(row: Option<&impl Columns>) -> Result<Option<ItemRecord>, StoreError> {
    row.map(|row| ItemRow::read(row)?.into_item()).transpose()
}

/// What a processor token row names: its Item (to be read next), account, processor and creator.
pub struct ProcessorTokenRow {
    pub item_id: String,
    account_id: String,
    processor: Option<String>,
    client_id: String,
}

impl ProcessorTokenRow {
    pub fn read(row: &impl Columns) -> Result<Self, StoreError> {
        Ok(Self {
            item_id: row.text("item_id")?,
            account_id: row.text("account_id")?,
            processor: row.optional_text("processor")?,
            client_id: row.text("client_id")?,
        })
    }

    pub fn with_item(self, item: ItemRecord) -> Result<ProcessorTokenRecord, StoreError> {
        Ok(ProcessorTokenRecord {
            item,
            account_id: AccountId::from_stored(self.account_id),
            processor: self
                .processor
                .map(|name| Processor::parse(&name).map_err(StoreError::Corrupt))
                .transpose()?,
            creator: ClientId::from_stored(self.client_id),
        })
    }
}

pub async fn item(pool: &AnyPool, item_id: &str) -> Result<Option<ItemRecord>, StoreError> {
    let row = sqlx::query(ITEM_BY_ID)
        .bind(item_id)
        .fetch_optional(pool)
        .await?;
    item_from_row(row.as_ref())
}

/// The client's Item an access token reaches: token, Item and products in one round trip.
pub async fn item_by_access_token(
    pool: &AnyPool,
    client_id: &ClientId,
    access_token: &SecretHash,
) -> Result<Option<ItemRecord>, StoreError> {
    let row = sqlx::query(ITEM_BY_ACCESS_TOKEN)
        .bind(access_token.as_str())
        .bind(client_id.as_str())
        .fetch_optional(pool)
        .await?;
    item_from_row(row.as_ref())
}

/// The Item's accounts, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`].
pub async fn accounts<A: DeserializeOwned>(
    pool: &AnyPool,
    item_id: &str,
) -> Result<Vec<A>, StoreError> {
    let rows: Vec<String> = sqlx::query_scalar(ACCOUNTS_OF_ITEM)
        .bind(item_id)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|data| from_json(data)).collect()
}

/// One account of the Item, as [`crate::domain::Account`] or [`crate::domain::ServedAccount`].
pub async fn account<A: DeserializeOwned>(
    pool: &AnyPool,
    item_id: &str,
    account_id: &str,
) -> Result<Option<A>, StoreError> {
    let row: Option<String> = sqlx::query_scalar(ACCOUNT_OF_ITEM)
        .bind(item_id)
        .bind(account_id)
        .fetch_optional(pool)
        .await?;
    row.as_deref().map(from_json).transpose()
}

/// Stores the Items, their accounts and first tokens in one transaction.
pub async fn create(pool: &AnyPool, items: &[NewItem]) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    for new in items {
        insert(&mut tx, new).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes the Item, its accounts and its first token in the caller's transaction.
pub async fn insert(tx: &mut Transaction<'_, Any>, new: &NewItem) -> Result<(), StoreError> {
    let item = &new.item;
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
    .execute(&mut **tx)
    .await?;
    insert_products(tx, &item.item_id, &item.products).await?;
    for (position, account) in (0_i64..).zip(&new.accounts) {
        let insert = sqlx::query(INSERT_ACCOUNT)
            .bind(account.account_id.as_str())
            .bind(item.item_id.as_str())
            .bind(position);
        bind_account(insert, account)?.execute(&mut **tx).await?;
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
            .execute(&mut **tx)
            .await?;
        }
        Grant::ProcessorToken(token) => insert_processor_token(&mut **tx, token).await?,
        Grant::AccessToken(hash) => {
            sqlx::query(
                "INSERT INTO tokens (token_hash, kind, item_id, client_id, created_at) VALUES ($1, 'access', $2, $3, $4)",
            )
            .bind(hash.as_str())
            .bind(item.item_id.as_str())
            .bind(item.client_id.as_str())
            .bind(millis(item.created_at))
            .execute(&mut **tx)
            .await?;
        }
    }
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
    let row = sqlx::query(PROCESSOR_TOKEN)
        .bind(token.as_str())
        .fetch_optional(pool)
        .await?;
    let Some(row) = row.as_ref().map(ProcessorTokenRow::read).transpose()? else {
        return Ok(None);
    };
    match item(pool, &row.item_id).await? {
        Some(item) => row.with_item(item).map(Some),
        None => Ok(None),
    }
}

/// `$1`–`$8`: [`bind_account`]; `$9`: the account id.
pub const UPDATE_ACCOUNT: &str = "UPDATE accounts SET data = $1, served_type = $2, served_base = $3, \
     served_owners = $4, served_ach = $5, served_eft = $6, served_international = $7, served_bacs = $8 \
     WHERE account_id = $9";
/// [`UPDATE_ACCOUNT`] within one Item: `$10`, the item id.
pub const UPDATE_ACCOUNT_OF_ITEM: &str = "UPDATE accounts SET data = $1, served_type = $2, served_base = $3, \
     served_owners = $4, served_ach = $5, served_eft = $6, served_international = $7, served_bacs = $8 \
     WHERE account_id = $9 AND item_id = $10";

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds the account's JSON and its served form: every statement that writes an account writes both, so the
/// form is never older than the account.
pub fn bind_account<'q>(
    query: AnyQuery<'q>,
    account: &Account,
) -> Result<AnyQuery<'q>, StoreError> {
    let form = AccountForm::of(account).map_err(|error| StoreError::Corrupt(error.to_string()))?;
    // sqlx's `Any` binds owned text only: the shared fragments are copied out once, on a write.
    let [ach, eft, international, bacs] = form.rails.map(|rail| rail.as_deref().map(str::to_owned));
    Ok(query
        .bind(to_json(account)?)
        .bind(type_name(form.account_type))
        .bind(form.base.to_string())
        .bind(form.owners.to_string())
        .bind(ach)
        .bind(eft)
        .bind(international)
        .bind(bacs))
}

/// An account form of `shape` from a row of a form query, whichever driver read it: the stored form, or one
/// made from `data` for a row written before forms were stored.
pub fn form_from_row(row: &impl Columns, shape: FormShape) -> Result<AccountForm, StoreError> {
    // In the statements' column order ([`form_columns`]), so that a by-name lookup finds each at once; `data`,
    // the last column, is read only when the row has no served form (the statements select it only then).
    let account_id = AccountId::from_stored(row.text("account_id")?);
    let kind = row.optional_text("served_type")?;
    let Some(base) = row.optional_text("served_base")? else {
        let account: Account = from_json(&row.text("data")?)?;
        return AccountForm::of(&account)
            .map(|form| form.shaped(shape))
            .map_err(|error| StoreError::Corrupt(error.to_string()));
    };
    let kind = kind.ok_or_else(|| StoreError::Corrupt("account without a served type".into()))?;
    let owners = if shape.has_owners() {
        row.text("served_owners")?.into()
    } else {
        "".into()
    };
    let rails = if shape.has_rails() {
        [
            row.optional_text("served_ach")?.map(Into::into),
            row.optional_text("served_eft")?.map(Into::into),
            row.optional_text("served_international")?.map(Into::into),
            row.optional_text("served_bacs")?.map(Into::into),
        ]
    } else {
        [None, None, None, None]
    };
    Ok(AccountForm {
        account_id,
        account_type: parse_type(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("account type `{kind}`")))?,
        base: base.into(),
        owners,
        rails,
    })
}

/// The form in a row of [`processor_form_sql`]: `None` when the Item no longer has the token's account.
pub fn processor_form_from_row(
    row: &impl Columns,
    shape: FormShape,
) -> Result<Option<AccountForm>, StoreError> {
    if row.optional_text("account_id")?.is_none() {
        return Ok(None);
    }
    form_from_row(row, shape).map(Some)
}

/// What a row of [`processor_form_sql`] holds: the token with its Item, and its account's form.
pub fn processor_token_and_form(
    row: &impl Columns,
    shape: FormShape,
) -> Result<(ProcessorTokenRecord, Option<AccountForm>), StoreError> {
    let token = ProcessorTokenRow::read(&Prefixed(row, PROCESSOR_TOKEN_PREFIX))?;
    let item = ItemRow::read(row)?.into_item()?;
    Ok((token.with_item(item)?, processor_form_from_row(row, shape)?))
}

/// The Item's accounts of `shape` as the data endpoints serve them.
pub async fn account_forms(
    pool: &AnyPool,
    item_id: &str,
    shape: FormShape,
) -> Result<Vec<AccountForm>, StoreError> {
    let rows = sqlx::query(forms_of_item_sql(shape))
        .bind(item_id)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|row| form_from_row(row, shape)).collect()
}

/// A processor token with its Item and its account's form of `shape`, in one statement.
pub async fn processor_form(
    pool: &AnyPool,
    token: &SecretHash,
    shape: FormShape,
) -> Result<Option<(ProcessorTokenRecord, Option<AccountForm>)>, StoreError> {
    let row = sqlx::query(processor_form_sql(shape))
        .bind(token.as_str())
        .fetch_optional(pool)
        .await?;
    row.as_ref()
        .map(|row| processor_token_and_form(row, shape))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The named columns render to the very column list the row-per-account statements select.
    #[test]
    fn form_column_names_are_those_of_form_columns() {
        let rendered = |shape| {
            form_column_names(shape)
                .iter()
                .map(|(expression, name)| match expression.strip_prefix("a.") {
                    Some(column) if column == *name => (*expression).to_owned(),
                    _ => format!("{expression} AS {name}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(rendered(FormShape::Base), form_columns!());
        assert_eq!(
            rendered(FormShape::Owners),
            form_columns!("a.served_owners")
        );
        assert_eq!(
            rendered(FormShape::Rails),
            form_columns!("a.served_ach, a.served_eft, a.served_international, a.served_bacs")
        );
    }
}
