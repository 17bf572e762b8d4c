//! Link: what a link token asks for, which accounts it lets the user pick, and what a finished session
//! reports (`/link/token/get`, the page's `onSuccess`/`onExit`).

use serde::{Deserialize, Serialize};

use super::account::{Account, AccountSubtype, AccountType};
use super::ids::ItemId;
use super::product::Product;

/// The settings `/link/token/create` accepted, kept with the token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkSettings {
    pub client_name: String,
    pub language: String,
    pub country_codes: Vec<String>,
    pub client_user_id: String,
    /// Empty in update mode.
    pub products: Vec<Product>,
    pub webhook: Option<String>,
    pub redirect_uri: Option<String>,
    pub account_filters: Option<AccountFilters>,
    pub update: Option<UpdateMode>,
    pub hosted_link: Option<HostedLink>,
    pub identity: Option<IdentitySettings>,
}

/// Update mode: the token was created with an Item's access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateMode {
    pub item_id: ItemId,
    /// `update.account_selection_enabled`.
    pub account_selection: bool,
}

/// `hosted_link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedLink {
    pub completion_redirect_uri: Option<String>,
    pub url_lifetime_seconds: Option<i64>,
}

/// `identity`: document upload instead of (or after) account select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySettings {
    pub account_ids: Vec<String>,
    pub is_document_upload: bool,
}

impl LinkSettings {
    pub fn is_document_upload(&self) -> bool {
        self.identity
            .as_ref()
            .is_some_and(|identity| identity.is_document_upload)
    }
}

/// `account_filters`: per account type, the subtypes Link lists (`None` = every subtype, Plaid's `"all"`).
/// Types without an entry are not listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFilters(pub Vec<(AccountType, Option<Vec<AccountSubtype>>)>);

/// The subtypes Plaid's Auth works with (reference §4.2): debitable depository accounts.
const AUTH_SUBTYPES: [&str; 3] = ["checking", "savings", "cash management"];

impl AccountFilters {
    fn admits(&self, account: &Account) -> bool {
        self.0.iter().any(|(kind, subtypes)| {
            *kind == account.account_type
                && subtypes.as_ref().is_none_or(|subtypes| {
                    account
                        .subtype
                        .as_ref()
                        .is_some_and(|subtype| subtypes.contains(subtype))
                })
        })
    }
}

/// The accounts Link offers for account select: those the token's `account_filters` admit, else (with
/// `auth`) the Auth-eligible depository accounts, else all. Keeps the institution's order.
pub fn selectable_accounts(settings: &LinkSettings, accounts: &[Account]) -> Vec<Account> {
    accounts
        .iter()
        .filter(|account| match &settings.account_filters {
            Some(filters) => filters.admits(account),
            None if settings.products.contains(&Product::Auth) => {
                account.account_type == AccountType::Depository
                    && account
                        .subtype
                        .as_ref()
                        .is_some_and(|subtype| AUTH_SUBTYPES.contains(&subtype.as_str()))
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// Plaid's Link error object, as `onExit` and `/link/token/get` carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkError {
    pub error_type: String,
    pub error_code: String,
    pub error_message: String,
    pub display_message: Option<String>,
}

/// `{name, institution_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInstitution {
    pub name: String,
    pub institution_id: String,
}

/// One account as `onSuccess` metadata lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkAccount {
    pub id: String,
    pub name: String,
    pub mask: Option<String>,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub subtype: Option<AccountSubtype>,
    pub verification_status: Option<String>,
    pub class_type: Option<String>,
}

impl From<&Account> for LinkAccount {
    fn from(account: &Account) -> Self {
        Self {
            id: account.account_id.as_str().to_owned(),
            name: account.name.clone(),
            mask: account.mask.clone(),
            account_type: account.account_type,
            subtype: account.subtype.clone(),
            verification_status: None,
            class_type: None,
        }
    }
}

/// `onSuccess(public_token, metadata)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSuccess {
    pub public_token: String,
    pub metadata: SuccessMetadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessMetadata {
    pub institution: Option<LinkInstitution>,
    pub accounts: Vec<LinkAccount>,
    pub link_session_id: String,
    pub public_token: String,
    pub transfer_status: Option<String>,
}

/// `onExit(error, metadata)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkExit {
    pub error: Option<LinkError>,
    pub metadata: ExitMetadata,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitMetadata {
    pub institution: Option<LinkInstitution>,
    pub status: Option<String>,
    pub link_session_id: String,
    pub request_id: Option<String>,
}

/// How a finished session ended: `onSuccess` or `onExit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkOutcome {
    Success(LinkSuccess),
    Exit(LinkExit),
}

impl LinkOutcome {
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success(_))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::{AccountId, Balances, Numbers};

    fn account(kind: AccountType, subtype: &str) -> Account {
        Account {
            account_id: AccountId::generate(),
            name: subtype.to_owned(),
            official_name: None,
            mask: Some("0000".into()),
            account_type: kind,
            subtype: Some(AccountSubtype::parse(subtype).unwrap()),
            balances: Balances {
                available: None,
                current: None,
                limit: None,
                iso_currency_code: Some("USD".into()),
                unofficial_currency_code: None,
            },
            numbers: Numbers::default(),
            owners: vec![],
        }
    }

    fn settings(products: Vec<Product>, filters: Option<AccountFilters>) -> LinkSettings {
        LinkSettings {
            client_name: "App".into(),
            language: "en".into(),
            country_codes: vec!["US".into()],
            client_user_id: "u".into(),
            products,
            webhook: None,
            redirect_uri: None,
            account_filters: filters,
            update: None,
            hosted_link: None,
            identity: None,
        }
    }

    fn names(settings: &LinkSettings, accounts: &[Account]) -> Vec<String> {
        selectable_accounts(settings, accounts)
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    #[test]
    fn auth_lists_debitable_depository_accounts_and_filters_win() {
        let accounts = [
            account(AccountType::Depository, "checking"),
            account(AccountType::Depository, "cd"),
            account(AccountType::Credit, "credit card"),
            account(AccountType::Depository, "savings"),
        ];
        assert_eq!(
            names(&settings(vec![Product::Auth], None), &accounts),
            ["checking", "savings"]
        );
        assert_eq!(
            names(&settings(vec![Product::Identity], None), &accounts).len(),
            4
        );
        let credit_only = AccountFilters(vec![(AccountType::Credit, None)]);
        assert_eq!(
            names(&settings(vec![Product::Auth], Some(credit_only)), &accounts),
            ["credit card"]
        );
        let cds = AccountFilters(vec![(
            AccountType::Depository,
            Some(vec![AccountSubtype::parse("cd").unwrap()]),
        )]);
        assert_eq!(names(&settings(vec![], Some(cds)), &accounts), ["cd"]);
    }
}
