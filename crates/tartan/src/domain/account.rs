//! Accounts, balances, account numbers and owners: what an Item holds, in Plaid's wire vocabulary.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::AccountId;
use super::money::Money;

/// Plaid's `AccountType` (without the pre-2018 `brokerage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountType {
    Investment,
    Credit,
    Depository,
    Loan,
    Other,
}

/// Plaid's `AccountSubtype`: one of the spec's enum values (`checking`, `credit card`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountSubtype(String);

const SUBTYPES: [&str; 78] = [
    "401a",
    "401k",
    "403B",
    "457b",
    "529",
    "auto",
    "brokerage",
    "business",
    "cash isa",
    "cash management",
    "cd",
    "checking",
    "commercial",
    "construction",
    "consumer",
    "credit card",
    "crypto exchange",
    "ebt",
    "education savings account",
    "fhsa",
    "fixed annuity",
    "gic",
    "health reimbursement arrangement",
    "home equity",
    "hsa",
    "isa",
    "ira",
    "keogh",
    "lif",
    "life insurance",
    "limited purpose checking",
    "line of credit",
    "lira",
    "loan",
    "lrif",
    "lrsp",
    "money market",
    "mortgage",
    "mutual fund",
    "non-custodial wallet",
    "non-taxable brokerage account",
    "other",
    "other insurance",
    "other annuity",
    "overdraft",
    "paypal",
    "payroll",
    "pension",
    "prepaid",
    "prif",
    "profit sharing plan",
    "qshr",
    "rdsp",
    "resp",
    "retirement",
    "rlif",
    "roth",
    "roth 401k",
    "roth 403B",
    "roth 457b",
    "roth pension",
    "roth profit sharing plan",
    "roth thrift savings plan",
    "rrif",
    "rrsp",
    "sarsep",
    "savings",
    "sep ira",
    "simple ira",
    "sipp",
    "stock plan",
    "student",
    "thrift savings plan",
    "tfsa",
    "trust",
    "ugma",
    "utma",
    "variable annuity",
];

impl AccountSubtype {
    pub fn parse(value: &str) -> Result<Self, String> {
        if SUBTYPES.contains(&value) {
            Ok(Self(value.to_owned()))
        } else {
            Err(format!("`{value}` is not a Plaid account subtype"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AccountSubtype {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AccountSubtype> for String {
    fn from(value: AccountSubtype) -> Self {
        value.0
    }
}

impl fmt::Display for AccountSubtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Plaid's `AccountBalance`. At most one of the two currency codes is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Balances {
    pub available: Option<Money>,
    pub current: Option<Money>,
    pub limit: Option<Money>,
    pub iso_currency_code: Option<String>,
    pub unofficial_currency_code: Option<String>,
}

/// The numbers that identify an account for payments, per rail. An account has those its institution
/// issues; Auth reports each rail that is present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Numbers {
    /// US ACH: account number, routing number and optional wire routing number.
    pub ach: Option<AchNumbers>,
    /// Canadian EFT: account, institution (3 digits) and branch (5 digits).
    pub eft: Option<EftNumbers>,
    /// IBAN and BIC.
    pub international: Option<InternationalNumbers>,
    /// UK BACS: account number and sort code.
    pub bacs: Option<BacsNumbers>,
}

impl Numbers {
    /// Whether the account can be paid to or from on any rail.
    pub fn has_any(&self) -> bool {
        self.ach.is_some()
            || self.eft.is_some()
            || self.international.is_some()
            || self.bacs.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchNumbers {
    pub account: String,
    pub routing: String,
    pub wire_routing: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EftNumbers {
    pub account: String,
    pub institution: String,
    pub branch: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternationalNumbers {
    pub iban: String,
    pub bic: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacsNumbers {
    pub account: String,
    pub sort_code: String,
}

/// Plaid's `Owner`: one per set of account holders. Joint owners share one Owner with several names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub names: Vec<String>,
    pub phone_numbers: Vec<PhoneNumber>,
    pub emails: Vec<Email>,
    pub addresses: Vec<Address>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhoneType {
    Home,
    Work,
    Office,
    Mobile,
    Mobile1,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    pub data: String,
    pub primary: bool,
    #[serde(rename = "type")]
    pub kind: PhoneType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailType {
    Primary,
    Secondary,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub data: String,
    pub primary: bool,
    #[serde(rename = "type")]
    pub kind: EmailType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub data: AddressData,
    pub primary: bool,
}

/// Plaid's `AddressData`: every key is always present; all but `street` may be null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressData {
    pub street: String,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

/// An account of an Item, with everything the served products report about it. `O` is how the owners are
/// held: parsed (the default), or as the JSON text the store keeps ([`ServedAccount`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account<O = Vec<Owner>> {
    pub account_id: AccountId,
    pub name: String,
    pub official_name: Option<String>,
    pub mask: Option<String>,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub subtype: Option<AccountSubtype>,
    pub balances: Balances,
    pub numbers: Numbers,
    pub owners: O,
}

/// Owners as the store holds them: the JSON text that `Vec<Owner>` serializes to, not parsed.
pub type StoredOwners = Box<serde_json::value::RawValue>;

/// An account as the data endpoints read it: every field parsed but the owners, which are the largest part of
/// an account. Responses copy the owners' stored text as it is: the same serializer (`serde_json`, compact,
/// the same `Owner` type) wrote it, so the bytes are those that parsing and serializing again would give, at a
/// fraction of the cost (the store's conformance suite compares both).
pub type ServedAccount = Account<StoredOwners>;

impl ServedAccount {
    /// The account with its owners parsed, for the few callers that look into them (identity matching).
    pub fn with_parsed_owners(self) -> Result<Account, serde_json::Error> {
        let owners = serde_json::from_str(self.owners.get())?;
        Ok(Account {
            account_id: self.account_id,
            name: self.name,
            official_name: self.official_name,
            mask: self.mask,
            account_type: self.account_type,
            subtype: self.subtype,
            balances: self.balances,
            numbers: self.numbers,
            owners,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtypes_are_checked_against_plaids_enum() {
        assert_eq!(
            AccountSubtype::parse("credit card").unwrap().as_str(),
            "credit card"
        );
        assert!(AccountSubtype::parse("chequing").is_err());
        assert!(serde_json::from_str::<AccountSubtype>("\"cd\"").is_ok());
        assert!(serde_json::from_str::<AccountSubtype>("\"CD\"").is_err());
    }
}
