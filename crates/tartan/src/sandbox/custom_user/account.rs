//! One entry of `override_accounts`: its type, subtype, balances, currency and `meta`, parsed with
//! Plaid-like defaults for whatever is missing, and turned into an [`Account`].

use rust_decimal::Decimal;

use super::identity::{self, IdentityOverride};
use super::json::{Node, boolean, field, invalid, string};
use super::numbers::{self, NumbersOverride};
use crate::domain::{Account, AccountId, AccountSubtype, AccountType, Balances, Money};
use crate::sandbox::error::SandboxError;
use crate::sandbox::institutions::Institution;

/// How the available balance is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Available {
    /// Neither `force_available_balance` nor `has_null_available_balance: true`: depository accounts have
    /// `available` = `current`, credit accounts with a limit have `limit - current`, others `null`.
    Derived,
    /// `force_available_balance`.
    Forced(Money),
    /// `has_null_available_balance: true`.
    Null,
}

/// A parsed `override_accounts[]` entry. `transactions`, `holdings`, `investment_transactions`,
/// `liability`, `inflow_model` and `income` are accepted and ignored (Tartan serves no such products).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountOverride {
    /// `type`; when absent, the first of other, payroll, depository, credit, loan, investment that
    /// `subtype` fits, or `depository` without a subtype. Plaid's `payroll` type becomes `other`
    /// (the spec's account `type` enum has no `payroll`).
    pub account_type: AccountType,
    /// `subtype`, which must fit the type; when absent: depository `checking`, credit `credit card`,
    /// loan `loan`, investment `brokerage`, payroll `payroll`, other `other`.
    pub subtype: AccountSubtype,
    /// `starting_balance`: the current balance.
    pub starting_balance: Option<Money>,
    pub available: Available,
    /// `currency`: an ISO-4217 code (three upper-case letters); defaults to the institution's currency.
    pub currency: Option<String>,
    /// `meta.name`; defaults to "Plaid " and the subtype, e.g. "Plaid Checking", "Plaid CD".
    pub name: Option<String>,
    /// `meta.official_name`; defaults to `null`.
    pub official_name: Option<String>,
    /// `meta.limit`.
    pub limit: Option<Money>,
    /// `meta.mask` (`^$|^[A-Za-z0-9]{2,4}$`; `""` means a `null` mask); defaults to the last four
    /// characters of the account number (or IBAN), else four digits derived from `seed` and position.
    pub mask: Option<String>,
    pub numbers: NumbersOverride,
    pub identity: IdentityOverride,
}

/// Each `type` value: its [`AccountType`], its default subtype, and the subtypes that fit it (spec
/// `DepositoryAccountSubtype`, `CreditAccountSubtype`, …).
struct TypeRule {
    name: &'static str,
    account_type: AccountType,
    default_subtype: &'static str,
    subtypes: &'static [&'static str],
}

const TYPES: [TypeRule; 6] = [
    TypeRule {
        name: "other",
        account_type: AccountType::Other,
        default_subtype: "other",
        subtypes: &["other"],
    },
    TypeRule {
        name: "payroll",
        account_type: AccountType::Other,
        default_subtype: "payroll",
        subtypes: &["payroll"],
    },
    TypeRule {
        name: "depository",
        account_type: AccountType::Depository,
        default_subtype: "checking",
        subtypes: &[
            "checking",
            "savings",
            "hsa",
            "cd",
            "money market",
            "paypal",
            "prepaid",
            "cash management",
            "ebt",
            "limited purpose checking",
        ],
    },
    TypeRule {
        name: "credit",
        account_type: AccountType::Credit,
        default_subtype: "credit card",
        subtypes: &["credit card", "paypal"],
    },
    TypeRule {
        name: "loan",
        account_type: AccountType::Loan,
        default_subtype: "loan",
        subtypes: &[
            "auto",
            "business",
            "commercial",
            "construction",
            "consumer",
            "home equity",
            "loan",
            "mortgage",
            "overdraft",
            "line of credit",
            "student",
            "other",
        ],
    },
    // Investment takes every other subtype in Plaid's enum (spec `InvestmentAccountSubtype`).
    TypeRule {
        name: "investment",
        account_type: AccountType::Investment,
        default_subtype: "brokerage",
        subtypes: &[],
    },
];

const DEPOSITORY: usize = 2;

/// Subtypes that are never investment subtypes.
const NOT_INVESTMENT: [&str; 21] = [
    "checking",
    "savings",
    "cd",
    "money market",
    "paypal",
    "prepaid",
    "cash management",
    "ebt",
    "limited purpose checking",
    "credit card",
    "auto",
    "business",
    "commercial",
    "construction",
    "consumer",
    "home equity",
    "loan",
    "mortgage",
    "overdraft",
    "student",
    "payroll",
];

impl TypeRule {
    fn fits(&self, subtype: &str) -> bool {
        match self.account_type {
            AccountType::Investment => !NOT_INVESTMENT.contains(&subtype),
            _ => self.subtypes.contains(&subtype),
        }
    }
}

pub(super) fn parse(node: &Node<'_>) -> Result<AccountOverride, SandboxError> {
    node.object()?;
    let (rule, subtype) = kind(node)?;
    let currency = field(node, "currency", |n| {
        let code = n.str()?;
        let valid = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
        if valid {
            Ok(code.to_owned())
        } else {
            Err(n.error(format_args!("`{code}` is not an ISO-4217 currency code")))
        }
    })?;
    let Meta {
        name,
        official_name,
        limit,
        mask,
    } = field(node, "meta", meta)?.unwrap_or_default();
    Ok(AccountOverride {
        account_type: rule.account_type,
        subtype,
        starting_balance: field(node, "starting_balance", amount)?,
        available: available(node)?,
        currency,
        name,
        official_name,
        limit,
        mask,
        numbers: field(node, "numbers", numbers::parse)?.unwrap_or_default(),
        identity: field(node, "identity", identity::parse)?.unwrap_or_default(),
    })
}

/// `type` and `subtype`, with the defaults documented on [`AccountOverride`].
fn kind(node: &Node<'_>) -> Result<(&'static TypeRule, AccountSubtype), SandboxError> {
    let type_name = string(node, "type")?;
    let subtype = field(node, "subtype", |n| {
        AccountSubtype::parse(n.str()?).map_err(|e| n.error(e))
    })?;
    let rule = match (&type_name, &subtype) {
        (Some(name), _) => TYPES.iter().find(|rule| rule.name == name).ok_or_else(|| {
            let message =
                format!("`{name}` is not an account type (investment, credit, depository, loan, payroll, other)");
            invalid(&node.key_path("type"), message)
        })?,
        (None, Some(subtype)) => TYPES.iter().find(|rule| rule.fits(subtype.as_str())).unwrap_or(&TYPES[DEPOSITORY]),
        (None, None) => &TYPES[DEPOSITORY],
    };
    let subtype = match subtype {
        Some(subtype) if rule.fits(subtype.as_str()) => subtype,
        Some(subtype) => {
            let message = format!("`{subtype}` is not a subtype of {} accounts", rule.name);
            return Err(invalid(&node.key_path("subtype"), message));
        }
        None => AccountSubtype::parse(rule.default_subtype).map_err(|e| node.error(e))?,
    };
    Ok((rule, subtype))
}

fn amount(node: &Node<'_>) -> Result<Money, SandboxError> {
    Money::from_json_f64(node.f64()?).ok_or_else(|| node.error("amount out of range"))
}

fn available(node: &Node<'_>) -> Result<Available, SandboxError> {
    let forced = field(node, "force_available_balance", amount)?;
    match (
        forced,
        boolean(node, "has_null_available_balance")?.unwrap_or(false),
    ) {
        (Some(_), true) => Err(node.error(
            "force_available_balance and has_null_available_balance cannot be set together",
        )),
        (Some(amount), false) => Ok(Available::Forced(amount)),
        (None, true) => Ok(Available::Null),
        (None, false) => Ok(Available::Derived),
    }
}

/// The parsed `meta` object.
#[derive(Default)]
struct Meta {
    name: Option<String>,
    official_name: Option<String>,
    limit: Option<Money>,
    mask: Option<String>,
}

fn meta(node: &Node<'_>) -> Result<Meta, SandboxError> {
    node.object()?;
    let mask = field(node, "mask", |n| {
        let mask = n.str()?;
        let alphanumeric =
            (2..=4).contains(&mask.len()) && mask.bytes().all(|b| b.is_ascii_alphanumeric());
        if mask.is_empty() || alphanumeric {
            Ok(mask.to_owned())
        } else {
            Err(n.error(format_args!("`{mask}` is not 2-4 letters or digits")))
        }
    })?;
    Ok(Meta {
        name: string(node, "name")?,
        official_name: string(node, "official_name")?,
        limit: field(node, "limit", amount)?,
        mask,
    })
}

impl AccountOverride {
    /// The account at `institution`, with a fresh id. `index` (its position in `override_accounts`) and
    /// `seed` make the generated parts deterministic; `names` are the Item's owner names.
    pub fn build(
        &self,
        index: usize,
        seed: Option<&str>,
        institution: &Institution,
        names: &[String],
    ) -> Account {
        let hash = fnv1a(seed.unwrap_or_default(), index);
        let current = self
            .starting_balance
            .unwrap_or_else(|| default_balance(seed.map(|_| hash)));
        let available = match self.available {
            Available::Forced(amount) => Some(amount),
            Available::Null => None,
            Available::Derived => match self.account_type {
                AccountType::Depository => Some(current),
                AccountType::Credit => self
                    .limit
                    .map(|limit| Money::new(limit.decimal() - current.decimal())),
                _ => None,
            },
        };
        let mask = match &self.mask {
            Some(mask) => Some(mask.clone()).filter(|mask| !mask.is_empty()),
            None => self
                .numbers
                .account
                .as_deref()
                .and_then(mask_of)
                .or_else(|| Some(format!("{:04}", hash % 10_000))),
        };
        Account {
            account_id: AccountId::generate(),
            name: self
                .name
                .clone()
                .unwrap_or_else(|| default_name(&self.subtype)),
            official_name: self.official_name.clone(),
            mask,
            account_type: self.account_type,
            subtype: Some(self.subtype.clone()),
            balances: Balances {
                available,
                current: Some(current),
                limit: self.limit,
                iso_currency_code: Some(
                    self.currency
                        .as_deref()
                        .unwrap_or(institution.currency)
                        .to_owned(),
                ),
                unofficial_currency_code: None,
            },
            numbers: self.numbers.rails.clone(),
            owners: vec![self.identity.owner(names)],
        }
    }
}

/// The current balance when `starting_balance` is absent: 1000 without a seed; with one, an amount
/// between 100.00 and 9999.99 derived from the seed and the account's position.
fn default_balance(seeded_hash: Option<u64>) -> Money {
    let cents = seeded_hash.map_or(100_000, |hash| 10_000 + hash % 990_000);
    Money::new(Decimal::new(i64::try_from(cents).unwrap_or(100_000), 2))
}

/// FNV-1a over the seed and the account position: stable across runs and platforms.
fn fnv1a(seed: &str, index: usize) -> u64 {
    let bytes = seed.bytes().chain((index as u64).to_le_bytes());
    bytes.fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The last four letters or digits of an account number, if it has at least two.
fn mask_of(account: &str) -> Option<String> {
    let alphanumerics: Vec<char> = account
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let tail = &alphanumerics[alphanumerics.len().saturating_sub(4)..];
    (tail.len() >= 2).then(|| tail.iter().collect())
}

/// "Plaid " and the subtype in title case, with acronyms upper-cased ("Plaid Money Market", "Plaid IRA").
fn default_name(subtype: &AccountSubtype) -> String {
    const ACRONYMS: [&str; 24] = [
        "cd", "ebt", "fhsa", "gic", "hsa", "ira", "isa", "lif", "lira", "lrif", "lrsp", "prif",
        "qshr", "rdsp", "resp", "rlif", "rrif", "rrsp", "sarsep", "sep", "sipp", "tfsa", "ugma",
        "utma",
    ];
    let words = subtype.as_str().split(' ').map(|word| {
        if ACRONYMS.contains(&word) {
            word.to_ascii_uppercase()
        } else {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
    });
    std::iter::once("Plaid".to_owned())
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
