//! The `user_good` accounts and owner, value by value against reference §8.3.

#![allow(clippy::unwrap_used, clippy::too_many_lines)]

use std::collections::HashSet;

use super::*;
use crate::domain::{EmailType, PhoneType};
use crate::sandbox::institutions::find;

fn amount(account: &Account, pick: fn(&Balances) -> Option<Money>) -> Option<String> {
    pick(&account.balances).map(|money| money.to_string())
}

#[test]
fn user_good_has_the_twelve_documented_accounts() {
    let accounts = user_good_accounts(find("ins_109508").unwrap());
    let expected = [
        (
            "0000",
            "Plaid Checking",
            "depository",
            "checking",
            Some("100"),
            "110",
            None,
        ),
        (
            "1111",
            "Plaid Saving",
            "depository",
            "savings",
            Some("200"),
            "210",
            None,
        ),
        ("2222", "Plaid CD", "depository", "cd", None, "1000", None),
        (
            "3333",
            "Plaid Credit Card",
            "credit",
            "credit card",
            None,
            "410",
            Some("2000"),
        ),
        (
            "4444",
            "Plaid Money Market",
            "depository",
            "money market",
            Some("43200"),
            "43200",
            None,
        ),
        (
            "5555",
            "Plaid IRA",
            "investment",
            "ira",
            None,
            "320.76",
            None,
        ),
        (
            "6666",
            "Plaid 401k",
            "investment",
            "401k",
            None,
            "23631.9805",
            None,
        ),
        (
            "7777",
            "Plaid Student Loan",
            "loan",
            "student",
            None,
            "65262",
            None,
        ),
        (
            "8888",
            "Plaid Mortgage",
            "loan",
            "mortgage",
            None,
            "56302.06",
            None,
        ),
        (
            "9001",
            "Plaid HSA",
            "depository",
            "hsa",
            Some("6009"),
            "6009",
            None,
        ),
        (
            "9002",
            "Plaid Cash Management",
            "depository",
            "cash management",
            Some("12060"),
            "12060",
            None,
        ),
        (
            "9999",
            "Plaid Business Credit Card",
            "credit",
            "credit card",
            Some("4980"),
            "5020",
            Some("10000"),
        ),
    ];
    assert_eq!(accounts.len(), expected.len());
    for (account, (mask, name, kind, subtype, available, current, limit)) in
        accounts.iter().zip(expected)
    {
        assert_eq!(account.mask.as_deref(), Some(mask));
        assert_eq!(account.name, name);
        assert_eq!(serde_json::to_value(account.account_type).unwrap(), kind);
        assert_eq!(account.subtype.as_ref().unwrap().as_str(), subtype);
        assert_eq!(
            amount(account, |b| b.available).as_deref(),
            available,
            "{name}"
        );
        assert_eq!(
            amount(account, |b| b.current).as_deref(),
            Some(current),
            "{name}"
        );
        assert_eq!(amount(account, |b| b.limit).as_deref(), limit, "{name}");
        assert_eq!(account.balances.iso_currency_code.as_deref(), Some("USD"));
        assert_eq!(account.balances.unofficial_currency_code, None);
        assert_eq!(account.owners, vec![default_owner()]);
    }
    assert_eq!(
        accounts[0].official_name.as_deref(),
        Some("Plaid Gold Standard 0% Interest Checking")
    );
    assert_eq!(accounts[5].official_name, None);
    let ids: HashSet<_> = accounts
        .iter()
        .map(|account| account.account_id.clone())
        .collect();
    assert_eq!(ids.len(), 12);
}

#[test]
fn checking_savings_and_cash_management_carry_ach_numbers() {
    let accounts = user_good_accounts(find("ins_3").unwrap());
    let ach: Vec<_> = accounts
        .iter()
        .filter_map(|account| Some((account.mask.as_deref()?, account.numbers.ach.as_ref()?)))
        .collect();
    let numbers: Vec<_> = ach
        .iter()
        .map(|(mask, ach)| (*mask, ach.account.as_str()))
        .collect();
    assert_eq!(
        numbers,
        [
            ("0000", "1111222233330000"),
            ("1111", "1111222233331111"),
            ("9002", "1111222233339002")
        ]
    );
    for (_, ach) in ach {
        assert_eq!(ach.routing, "011401533");
        assert_eq!(ach.wire_routing.as_deref(), Some("021000021"));
    }
    for account in &accounts {
        assert_eq!(
            (&account.numbers.eft, &account.numbers.international),
            (&None, &None)
        );
        assert_eq!(account.numbers.bacs, None);
    }
}

#[test]
fn at_a_canadian_institution_amounts_are_cad_and_retirement_accounts_are_canadian() {
    let accounts = user_good_accounts(find("ins_43").unwrap());
    let subtypes: Vec<_> = accounts
        .iter()
        .map(|a| a.subtype.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(subtypes[5..7], ["tfsa", "rrsp"]);
    assert_eq!(subtypes[0], "checking");
    assert!(
        accounts
            .iter()
            .all(|a| a.balances.iso_currency_code.as_deref() == Some("CAD"))
    );
}

#[test]
fn the_default_owner_is_alberta_bobbeth_charleson() {
    let owner = default_owner();
    assert_eq!(owner.names, ["Alberta Bobbeth Charleson"]);
    let phones: Vec<_> = owner
        .phone_numbers
        .iter()
        .map(|p| (p.data.as_str(), p.kind, p.primary))
        .collect();
    assert_eq!(
        phones,
        [
            ("1112223333", PhoneType::Home, false),
            ("1112224444", PhoneType::Work, false),
            ("1112225555", PhoneType::Mobile, false)
        ]
    );
    let emails: Vec<_> = owner
        .emails
        .iter()
        .map(|e| (e.data.as_str(), e.primary, e.kind))
        .collect();
    assert_eq!(
        emails[0],
        ("accountholder0@example.com", true, EmailType::Primary)
    );
    assert_eq!(
        emails[1],
        ("accountholder1@example.com", false, EmailType::Secondary)
    );
    assert_eq!(emails[2].2, EmailType::Other);
    assert_eq!(owner.addresses.len(), 2);
    assert!(owner.addresses[0].primary && !owner.addresses[1].primary);
    assert_eq!(owner.addresses[0].data.street, "2992 Cameron Road");
    assert_eq!(
        owner.addresses[1].data.postal_code.as_deref(),
        Some("93405-2255")
    );
    assert_eq!(owner.addresses[1].data.city.as_deref(), Some("San Matias"));
}
