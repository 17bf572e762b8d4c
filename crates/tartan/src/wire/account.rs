//! `AccountBase` and its extensions.

use serde::Serialize;

use crate::domain::{Account, AccountSubtype, AccountType, Money, Owner};

/// Plaid's `AccountBalance`, with the optional `last_updated_datetime` always present (null: Tartan's balances
/// are not refreshed from an institution).
#[derive(Debug, Serialize)]
pub struct AccountBalance {
    pub available: Option<Money>,
    pub current: Option<Money>,
    pub limit: Option<Money>,
    pub iso_currency_code: Option<String>,
    pub unofficial_currency_code: Option<String>,
    pub last_updated_datetime: Option<String>,
}

impl AccountBalance {
    /// Every field null, as `/identity/match` reports balances.
    pub fn clear(&mut self) {
        *self = Self {
            available: None,
            current: None,
            limit: None,
            iso_currency_code: None,
            unofficial_currency_code: None,
            last_updated_datetime: None,
        };
    }
}

/// Plaid's `AccountBase`.
#[derive(Debug, Serialize)]
pub struct AccountBase {
    pub account_id: String,
    pub balances: AccountBalance,
    pub mask: Option<String>,
    pub name: String,
    pub official_name: Option<String>,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub subtype: Option<AccountSubtype>,
    /// Beta in Plaid; Tartan does not classify holders.
    pub holder_category: Option<String>,
}

impl<O> From<&Account<O>> for AccountBase {
    fn from(account: &Account<O>) -> Self {
        let balances = &account.balances;
        Self {
            account_id: account.account_id.to_string(),
            balances: AccountBalance {
                available: balances.available,
                current: balances.current,
                limit: balances.limit,
                iso_currency_code: balances.iso_currency_code.clone(),
                unofficial_currency_code: balances.unofficial_currency_code.clone(),
                last_updated_datetime: None,
            },
            mask: account.mask.clone(),
            name: account.name.clone(),
            official_name: account.official_name.clone(),
            account_type: account.account_type,
            subtype: account.subtype.clone(),
            holder_category: None,
        }
    }
}

/// Plaid's `AccountIdentityMatchScore`: an account with the four score objects, every key present.
#[derive(Debug, Serialize)]
pub struct AccountIdentityMatchScore {
    #[serde(flatten)]
    pub account: AccountBase,
    pub legal_name: tartan_match::NameMatch,
    pub phone_number: tartan_match::FieldMatch,
    pub email_address: tartan_match::FieldMatch,
    pub address: tartan_match::AddressMatch,
}

/// Plaid's `AccountIdentity`: an account with its owners (parsed, or as the store holds them).
#[derive(Debug, Serialize)]
pub struct AccountIdentity<O = Vec<Owner>> {
    #[serde(flatten)]
    pub account: AccountBase,
    pub owners: O,
}

impl<O: Clone> From<&Account<O>> for AccountIdentity<O> {
    fn from(account: &Account<O>) -> Self {
        Self {
            account: account.into(),
            owners: account.owners.clone(),
        }
    }
}
