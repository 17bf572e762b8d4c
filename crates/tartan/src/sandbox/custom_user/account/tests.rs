//! Rules for one `override_accounts[]` entry: type and subtype defaults, balances, currency and `meta`.

#![allow(clippy::unwrap_used)]

use crate::domain::{Account, AccountType};
use crate::sandbox::custom_user::CustomUser;
use crate::sandbox::institutions::find;

fn accounts_at(institution: &str, accounts_json: &str) -> Result<Vec<Account>, String> {
    let config = format!(r#"{{"override_accounts":[{accounts_json}]}}"#);
    let user = CustomUser::parse(&config).map_err(|e| e.to_string())?;
    Ok(user.accounts(find(institution).unwrap()))
}

fn account(json: &str) -> Account {
    accounts_at("ins_109508", json).unwrap().remove(0)
}

fn error(json: &str) -> String {
    accounts_at("ins_109508", json).unwrap_err()
}

fn amounts(account: &Account) -> [Option<String>; 3] {
    let b = &account.balances;
    [b.available, b.current, b.limit].map(|amount| amount.map(|m| m.to_string()))
}

fn kind(account: &Account) -> (AccountType, &str) {
    (
        account.account_type,
        account.subtype.as_ref().unwrap().as_str(),
    )
}

#[test]
fn a_bare_account_is_a_plaid_checking_account_with_a_default_balance() {
    for json in [
        "{}",
        r#"{"type":null,"subtype":null,"meta":null,"numbers":null,"identity":null}"#,
    ] {
        let bare = account(json);
        assert_eq!(kind(&bare), (AccountType::Depository, "checking"));
        assert_eq!(bare.name, "Plaid Checking");
        assert_eq!(bare.official_name, None);
        assert_eq!(
            amounts(&bare),
            [Some("1000".into()), Some("1000".into()), None]
        );
        assert_eq!(bare.balances.iso_currency_code.as_deref(), Some("USD"));
        assert_eq!(bare.numbers, Default::default());
        assert_eq!(bare.mask.as_ref().map(String::len), Some(4));
    }
}

#[test]
fn each_type_has_a_default_subtype() {
    let cases = [
        (
            "depository",
            AccountType::Depository,
            "checking",
            "Plaid Checking",
        ),
        (
            "credit",
            AccountType::Credit,
            "credit card",
            "Plaid Credit Card",
        ),
        ("loan", AccountType::Loan, "loan", "Plaid Loan"),
        (
            "investment",
            AccountType::Investment,
            "brokerage",
            "Plaid Brokerage",
        ),
        ("payroll", AccountType::Other, "payroll", "Plaid Payroll"),
        ("other", AccountType::Other, "other", "Plaid Other"),
    ];
    for (type_name, account_type, subtype, name) in cases {
        let built = account(&format!(r#"{{"type":"{type_name}"}}"#));
        assert_eq!(kind(&built), (account_type, subtype), "{type_name}");
        assert_eq!(built.name, name);
    }
}

#[test]
fn a_subtype_alone_implies_its_type() {
    let cases = [
        ("credit card", AccountType::Credit),
        ("savings", AccountType::Depository),
        ("hsa", AccountType::Depository),
        ("ira", AccountType::Investment),
        ("student", AccountType::Loan),
        ("line of credit", AccountType::Loan),
        ("other", AccountType::Other),
        ("payroll", AccountType::Other),
    ];
    for (subtype, account_type) in cases {
        assert_eq!(
            kind(&account(&format!(r#"{{"subtype":"{subtype}"}}"#))),
            (account_type, subtype)
        );
    }
}

#[test]
fn default_names_spell_acronyms_in_capitals() {
    let name = |subtype: &str| account(&format!(r#"{{"subtype":"{subtype}"}}"#)).name;
    assert_eq!(name("money market"), "Plaid Money Market");
    assert_eq!(name("cd"), "Plaid CD");
    assert_eq!(name("ira"), "Plaid IRA");
    assert_eq!(name("401k"), "Plaid 401k");
    assert_eq!(name("roth 401k"), "Plaid Roth 401k");
    assert_eq!(name("cash management"), "Plaid Cash Management");
}

#[test]
fn types_and_subtypes_must_be_plaids_and_fit_together() {
    let cases = [
        (
            r#"{"type":"brokerage"}"#,
            "override_accounts[0].type: `brokerage` is not an account type (investment, credit, depository, loan, payroll, other)",
        ),
        (
            r#"{"subtype":"chequing"}"#,
            "override_accounts[0].subtype: `chequing` is not a Plaid account subtype",
        ),
        (
            r#"{"type":"credit","subtype":"checking"}"#,
            "override_accounts[0].subtype: `checking` is not a subtype of credit accounts",
        ),
        (
            r#"{"type":"investment","subtype":"mortgage"}"#,
            "override_accounts[0].subtype: `mortgage` is not a subtype of investment accounts",
        ),
        (
            r#"{"type":"depository","subtype":"ira"}"#,
            "override_accounts[0].subtype: `ira` is not a subtype of depository accounts",
        ),
        (
            r#"{"type":7}"#,
            "override_accounts[0].type: expected a string, found a number",
        ),
    ];
    for (json, expected) in cases {
        assert_eq!(error(json), expected, "{json}");
    }
    assert_eq!(
        kind(&account(r#"{"type":"investment","subtype":"hsa"}"#)),
        (AccountType::Investment, "hsa")
    );
    assert_eq!(
        kind(&account(r#"{"type":"credit","subtype":"paypal"}"#)),
        (AccountType::Credit, "paypal")
    );
}

#[test]
fn balances_follow_starting_and_available_overrides() {
    let some = |s: &str| Some(s.to_owned());
    let given = account(r#"{"starting_balance":6543.23}"#);
    assert_eq!(amounts(&given), [some("6543.23"), some("6543.23"), None]);
    let forced = account(r#"{"starting_balance":100,"force_available_balance":42.5}"#);
    assert_eq!(amounts(&forced), [some("42.5"), some("100"), None]);
    let null = account(r#"{"starting_balance":100,"has_null_available_balance":true}"#);
    assert_eq!(amounts(&null), [None, some("100"), None]);
    let not_null = account(
        r#"{"starting_balance":100,"has_null_available_balance":false,"force_available_balance":1}"#,
    );
    assert_eq!(amounts(&not_null), [some("1"), some("100"), None]);
    let card = account(r#"{"type":"credit","starting_balance":410.5,"meta":{"limit":2000}}"#);
    assert_eq!(
        amounts(&card),
        [some("1589.5"), some("410.5"), some("2000")]
    );
    let card_without_limit = account(r#"{"type":"credit","starting_balance":410}"#);
    assert_eq!(amounts(&card_without_limit), [None, some("410"), None]);
    let loan = account(r#"{"type":"loan","starting_balance":65262}"#);
    assert_eq!(amounts(&loan), [None, some("65262"), None]);
    assert_eq!(
        error(r#"{"force_available_balance":1,"has_null_available_balance":true}"#),
        "override_accounts[0]: force_available_balance and has_null_available_balance cannot be set together"
    );
    assert_eq!(
        error(r#"{"starting_balance":"10"}"#),
        "override_accounts[0].starting_balance: expected a number, found a string"
    );
}

#[test]
fn seeded_balances_and_masks_are_deterministic() {
    let config = r#"{"seed":"tartan","override_accounts":[{},{}]}"#;
    let user = CustomUser::parse(config).unwrap();
    let bank = find("ins_109508").unwrap();
    let (first, second) = (user.accounts(bank), user.accounts(bank));
    let summary = |accounts: &[Account]| -> Vec<_> {
        accounts
            .iter()
            .map(|a| (amounts(a), a.mask.clone()))
            .collect()
    };
    assert_eq!(summary(&first), summary(&second));
    assert_ne!(first[0].account_id, second[0].account_id);
    assert_ne!(summary(&first[..1]), summary(&first[1..]));
    let current = first[0].balances.current.unwrap().decimal();
    assert!(
        current >= 100.into() && current < 10_000.into(),
        "{current}"
    );
    let other_seed = CustomUser::parse(r#"{"seed":"plaid","override_accounts":[{}]}"#).unwrap();
    assert_ne!(amounts(&other_seed.accounts(bank)[0]), amounts(&first[0]));
}

#[test]
fn currency_defaults_to_the_institutions() {
    let currency = |institution, json| {
        accounts_at(institution, json).unwrap()[0]
            .balances
            .iso_currency_code
            .clone()
    };
    assert_eq!(currency("ins_43", "{}").as_deref(), Some("CAD"));
    assert_eq!(currency("ins_117650", "{}").as_deref(), Some("GBP"));
    assert_eq!(
        currency("ins_109508", r#"{"currency":"EUR"}"#).as_deref(),
        Some("EUR")
    );
    assert_eq!(
        error(r#"{"currency":"eur"}"#),
        "override_accounts[0].currency: `eur` is not an ISO-4217 currency code"
    );
}

#[test]
fn masks_come_from_meta_or_the_account_number() {
    assert_eq!(
        account(r#"{"meta":{"mask":"ab12"},"numbers":{"account":"99998888"}}"#)
            .mask
            .as_deref(),
        Some("ab12")
    );
    assert_eq!(
        account(r#"{"meta":{"mask":""},"numbers":{"account":"99998888"}}"#).mask,
        None
    );
    assert_eq!(
        account(r#"{"numbers":{"account":"1111222233335555"}}"#)
            .mask
            .as_deref(),
        Some("5555")
    );
    assert_eq!(
        account(r#"{"numbers":{"account":"12"}}"#).mask.as_deref(),
        Some("12")
    );
    let iban = r#"{"numbers":{"international_bic":"BOFIIE2D","international_iban":"IE29AIBK93115212345678"}}"#;
    assert_eq!(account(iban).mask.as_deref(), Some("5678"));
    for bad in ["12345", "a", "ab-1"] {
        let message = error(&format!(r#"{{"meta":{{"mask":"{bad}"}}}}"#));
        assert_eq!(
            message,
            format!("override_accounts[0].meta.mask: `{bad}` is not 2-4 letters or digits")
        );
    }
}

#[test]
fn meta_sets_names_and_limits() {
    let built = account(
        r#"{"meta":{"name":"Rainy Day","official_name":"Rainy Day Savings Plus","limit":250}}"#,
    );
    assert_eq!(
        (built.name.as_str(), built.official_name.as_deref()),
        ("Rainy Day", Some("Rainy Day Savings Plus"))
    );
    assert_eq!(
        built.balances.limit.map(|m| m.to_string()).as_deref(),
        Some("250")
    );
    assert_eq!(
        error(r#"{"meta":{"name":["x"]}}"#),
        "override_accounts[0].meta.name: expected a string, found an array"
    );
}
