//! What Plaid's default Sandbox user (`user_good`) holds: twelve accounts, ACH numbers on the
//! depository accounts Auth can pay from, and Alberta Bobbeth Charleson as owner of every account
//! (reference §8.3). The owner's parts double as the fallback for `user_custom` identities.

mod owner;

pub use owner::{
    default_addresses, default_emails, default_names, default_owner, default_phone_numbers,
};

use rust_decimal::Decimal;

use super::institutions::Institution;
use crate::domain::{
    Account, AccountId, AccountSubtype, AccountType, AchNumbers, Balances, Money, Numbers,
};

use AccountType::{Credit, Depository, Investment, Loan};

/// The Sandbox routing numbers of the default user's ACH numbers.
const ROUTING: &str = "011401533";
const WIRE_ROUTING: &str = "021000021";

/// A decimal amount as `(mantissa, scale)`: `(32076, 2)` is 320.76.
type Amount = (i64, u32);

/// One row of the table in reference §8.3.
struct Row {
    mask: &'static str,
    name: &'static str,
    official_name: Option<&'static str>,
    account_type: AccountType,
    subtype: &'static str,
    /// The subtype at a Canadian institution, where it differs.
    canadian_subtype: Option<&'static str>,
    available: Option<Amount>,
    current: Amount,
    limit: Option<Amount>,
    /// The ACH account number, for the accounts `/auth/get` reports.
    ach_account: Option<&'static str>,
}

const fn row(
    mask: &'static str,
    name: &'static str,
    official_name: Option<&'static str>,
    account_type: AccountType,
    subtype: &'static str,
    balances: (Option<Amount>, Amount, Option<Amount>),
) -> Row {
    let (available, current, limit) = balances;
    Row {
        mask,
        name,
        official_name,
        account_type,
        subtype,
        canadian_subtype: None,
        available,
        current,
        limit,
        ach_account: None,
    }
}

const fn with_ach(row: Row, account: &'static str) -> Row {
    Row {
        ach_account: Some(account),
        ..row
    }
}

const fn in_canada(row: Row, subtype: &'static str) -> Row {
    Row {
        canadian_subtype: Some(subtype),
        ..row
    }
}

const ROWS: [Row; 12] = [
    with_ach(
        row(
            "0000",
            "Plaid Checking",
            Some("Plaid Gold Standard 0% Interest Checking"),
            Depository,
            "checking",
            (Some((100, 0)), (110, 0), None),
        ),
        "1111222233330000",
    ),
    with_ach(
        row(
            "1111",
            "Plaid Saving",
            Some("Plaid Silver Standard 0.1% Interest Saving"),
            Depository,
            "savings",
            (Some((200, 0)), (210, 0), None),
        ),
        "1111222233331111",
    ),
    row(
        "2222",
        "Plaid CD",
        Some("Plaid Bronze Standard 0.2% Interest CD"),
        Depository,
        "cd",
        (None, (1000, 0), None),
    ),
    row(
        "3333",
        "Plaid Credit Card",
        Some("Plaid Diamond 12.5% APR Interest Credit Card"),
        Credit,
        "credit card",
        (None, (410, 0), Some((2000, 0))),
    ),
    row(
        "4444",
        "Plaid Money Market",
        Some("Plaid Platinum Standard 1.85% Interest Money Market"),
        Depository,
        "money market",
        (Some((43200, 0)), (43200, 0), None),
    ),
    // Reference §8.3: at a Canadian institution the IRA and 401k are a TFSA and an RRSP (names unchanged).
    in_canada(
        row(
            "5555",
            "Plaid IRA",
            None,
            Investment,
            "ira",
            (None, (32076, 2), None),
        ),
        "tfsa",
    ),
    in_canada(
        row(
            "6666",
            "Plaid 401k",
            None,
            Investment,
            "401k",
            (None, (236_319_805, 4), None),
        ),
        "rrsp",
    ),
    row(
        "7777",
        "Plaid Student Loan",
        None,
        Loan,
        "student",
        (None, (65262, 0), None),
    ),
    row(
        "8888",
        "Plaid Mortgage",
        None,
        Loan,
        "mortgage",
        (None, (5_630_206, 2), None),
    ),
    row(
        "9001",
        "Plaid HSA",
        Some("Plaid Cares Health Savings Account"),
        Depository,
        "hsa",
        (Some((6009, 0)), (6009, 0), None),
    ),
    with_ach(
        row(
            "9002",
            "Plaid Cash Management",
            Some("Plaid Growth Cash Management"),
            Depository,
            "cash management",
            (Some((12060, 0)), (12060, 0), None),
        ),
        "1111222233339002",
    ),
    row(
        "9999",
        "Plaid Business Credit Card",
        Some("Plaid Platinum Small Business Credit Card"),
        Credit,
        "credit card",
        (Some((4980, 0)), (5020, 0), Some((10000, 0))),
    ),
];

fn money((mantissa, scale): Amount) -> Money {
    Money::new(Decimal::new(mantissa, scale))
}

/// The twelve `user_good` accounts at `institution`, each with a fresh account id. Amounts are in the
/// institution's currency (USD in the US, CAD in Canada per §8.3; GBP at UK institutions is our
/// extrapolation: the reference only documents US and Canadian data).
pub fn user_good_accounts(institution: &Institution) -> Vec<Account> {
    let owner = default_owner();
    ROWS.iter()
        .map(|row| {
            let subtype = match row.canadian_subtype {
                Some(canadian) if institution.is_canadian() => canadian,
                _ => row.subtype,
            };
            Account {
                account_id: AccountId::generate(),
                name: row.name.to_owned(),
                official_name: row.official_name.map(str::to_owned),
                mask: Some(row.mask.to_owned()),
                account_type: row.account_type,
                // Every subtype in `ROWS` is in Plaid's enum (checked by the tests below).
                subtype: AccountSubtype::parse(subtype).ok(),
                balances: Balances {
                    available: row.available.map(money),
                    current: Some(money(row.current)),
                    limit: row.limit.map(money),
                    iso_currency_code: Some(institution.currency.to_owned()),
                    unofficial_currency_code: None,
                },
                numbers: Numbers {
                    ach: row.ach_account.map(|account| AchNumbers {
                        account: account.to_owned(),
                        routing: ROUTING.to_owned(),
                        wire_routing: Some(WIRE_ROUTING.to_owned()),
                    }),
                    ..Numbers::default()
                },
                owners: vec![owner.clone()],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
