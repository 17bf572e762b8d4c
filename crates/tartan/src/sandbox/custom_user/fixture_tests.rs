//! Real configurations: Plaid's published custom users (`$TARTAN_SHARED_DIR/sandbox-custom-users`,
//! default `<manifest>/../../../shared`) must all load as they are, and Tartan's own fixtures in
//! `tests/fixtures/custom-users/` must load (or fail) as intended.

#![allow(clippy::unwrap_used, clippy::too_many_lines)]

use std::path::{Path, PathBuf};

use super::*;
use crate::domain::{Account, EmailType, Money, PhoneType};
use crate::sandbox::institutions::find;

fn shared_dir() -> PathBuf {
    std::env::var_os("TARTAN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("sandbox-custom-users")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

fn money(amount: Option<Money>) -> Option<String> {
    amount.map(|m| m.to_string())
}

fn load(text: &str, institution: &str) -> Vec<Account> {
    CustomUser::parse(text)
        .unwrap()
        .accounts(find(institution).unwrap())
}

#[test]
fn every_published_custom_user_loads() {
    let dir = shared_dir();
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: {} not found (set TARTAN_SHARED_DIR)",
            dir.display()
        );
        return;
    }
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    assert!(
        files.len() >= 8,
        "expected Plaid's custom users in {}",
        dir.display()
    );
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let user = CustomUser::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            !user.accounts(find("ins_109508").unwrap()).is_empty(),
            "{}",
            file.display()
        );
        let name = file.file_stem().unwrap().to_str().unwrap().to_owned();
        checked += usize::from(check_published(&name, &text));
    }
    assert_eq!(checked, 8, "every known published file has its own checks");
}

/// Checks the key values of a published custom user; false for a file without specific checks.
fn check_published(name: &str, text: &str) -> bool {
    match name {
        "blank_template_custom_sandbox_user" => {
            let accounts = load(text, "ins_109508");
            assert_eq!(accounts.len(), 1);
            assert_eq!(
                (
                    accounts[0].name.as_str(),
                    accounts[0].subtype.as_ref().unwrap().as_str()
                ),
                ("Plaid Checking", "checking")
            );
            // Every identity list holds only null placeholders: the default identity throughout.
            assert_eq!(accounts[0].owners, vec![default_user::default_owner()]);
            assert_eq!(money(accounts[0].balances.current).as_deref(), Some("1000"));
        }
        "auth_custom_user" => {
            let accounts = load(text, "ins_109508");
            let ach: Vec<_> = accounts
                .iter()
                .map(|a| a.numbers.ach.clone().unwrap())
                .collect();
            assert_eq!(
                (ach[0].account.as_str(), ach[0].routing.as_str()),
                ("1111222233335555", "122105155")
            );
            assert_eq!(
                (ach[1].account.as_str(), ach[1].routing.as_str()),
                ("6666777788889999", "122105155")
            );
            assert_eq!(ach[0].wire_routing, None);
            assert_eq!(
                money(accounts[0].balances.current).as_deref(),
                Some("6543.23")
            );
            assert_eq!(
                money(accounts[0].balances.available).as_deref(),
                Some("6543.23")
            );
            assert_eq!(
                money(accounts[1].balances.current).as_deref(),
                Some("275649.12")
            );
            assert_eq!(accounts[0].mask.as_deref(), Some("5555"));
            assert_eq!(accounts[1].name, "Plaid Savings");
            assert_eq!(
                accounts[0].official_name.as_deref(),
                Some("Plaid Instant Daily Checking Account")
            );
            let owner = &accounts[0].owners[0];
            assert_eq!(owner.names, ["John Smith"]);
            assert_eq!(
                (
                    owner.phone_numbers[0].data.as_str(),
                    owner.phone_numbers[0].kind
                ),
                ("9084581209", PhoneType::Mobile)
            );
            assert!(owner.phone_numbers[0].primary);
            assert_eq!(owner.emails[0].data, "jsmith@plaid.com");
            assert_eq!(owner.addresses[0].data.street, "10003 Broadway Road");
            assert_eq!(
                owner.addresses[0].data.postal_code.as_deref(),
                Some("10003")
            );
        }
        "auth_canada_custom_user" => {
            let accounts = load(text, "ins_43");
            for (account, number) in accounts.iter().zip(["111122220000", "111122222222"]) {
                let eft = account.numbers.eft.clone().unwrap();
                assert_eq!(
                    (
                        eft.account.as_str(),
                        eft.institution.as_str(),
                        eft.branch.as_str()
                    ),
                    (number, "114", "01533")
                );
                assert_eq!(account.numbers.ach, None);
                assert_eq!(account.balances.iso_currency_code.as_deref(), Some("CAD"));
            }
        }
        "auth_ireland_custom_user" => {
            let accounts = load(text, "ins_109508");
            let ibans = ["IE29AIBK93115212345678", "IE64IRCE92050112345678"];
            for (account, iban) in accounts.iter().zip(ibans) {
                let international = account.numbers.international.clone().unwrap();
                assert_eq!(
                    (international.iban.as_str(), international.bic.as_str()),
                    (iban, "BOFIIE2D")
                );
                assert_eq!(account.mask.as_deref(), Some(&iban[iban.len() - 4..]));
            }
        }
        "auth_uk_custom_user" => {
            let accounts = load(text, "ins_117650");
            for (account, number) in accounts.iter().zip(["123456", "123457"]) {
                let bacs = account.numbers.bacs.clone().unwrap();
                assert_eq!(
                    (bacs.account.as_str(), bacs.sort_code.as_str()),
                    (number, "123456")
                );
                assert_eq!(account.balances.iso_currency_code.as_deref(), Some("GBP"));
            }
        }
        "identity_multiple_names_custom_user" => {
            let accounts = load(text, "ins_109508");
            let owner = &accounts[0].owners[0];
            assert_eq!(owner.names, ["John Smith", "Jane Doe"]);
            assert_eq!(owner.addresses.len(), 1);
            assert_eq!(owner.addresses[0].data.city.as_deref(), Some("New York"));
            // Phone numbers and emails are not given: the default Sandbox identity's.
            assert_eq!(owner.phone_numbers, default_user::default_phone_numbers());
            assert_eq!(owner.emails, default_user::default_emails());
        }
        "joint_owner_identity_custom_user" => {
            let accounts = load(text, "ins_109508");
            assert_eq!(accounts.len(), 2);
            let owner = &accounts[0].owners[0];
            assert_eq!(owner.names, ["John Michael Smith", "Jane Alana Smith"]);
            assert_eq!(owner.phone_numbers.len(), 2);
            let emails: Vec<_> = owner
                .emails
                .iter()
                .map(|e| (e.data.as_str(), e.kind))
                .collect();
            assert_eq!(emails[2], ("hihi@gmail.com", EmailType::Other));
            assert_eq!(accounts[1].owners[0].emails[0].data, "jsmith@plaid.com");
            assert_eq!(
                money(accounts[0].balances.current).as_deref(),
                Some("600.23")
            );
            assert_eq!(accounts[0].name, "Joint Checking");
        }
        "leslie_knope_financial_account_matching" => {
            let owner = load(text, "ins_109508").remove(0).owners.remove(0);
            assert_eq!(owner.names, ["Leslie Barbara Knope", "Ben Wyatt"]);
            assert_eq!(
                (
                    owner.phone_numbers[0].data.as_str(),
                    owner.phone_numbers[0].kind
                ),
                ("+1-234-567-8909", PhoneType::Home)
            );
            assert_eq!(owner.emails[0].data, "leslie+pawneebank@example.com");
            assert_eq!(owner.addresses[0].data.region.as_deref(), Some("IN"));
        }
        _ => return false,
    }
    true
}

const US_TWO_ACCOUNTS: &str =
    include_str!("../../../tests/fixtures/custom-users/us_two_accounts.json");
const INTERNATIONAL: &str =
    include_str!("../../../tests/fixtures/custom-users/international_multi_currency.json");
const INVALID_ROUTING: &str =
    include_str!("../../../tests/fixtures/custom-users/invalid_routing_number.json");

#[test]
fn the_us_fixture_has_two_accounts_and_its_own_identity() {
    let user = CustomUser::parse(US_TWO_ACCOUNTS).unwrap();
    assert_eq!(
        (user.version, user.seed.as_deref()),
        (Some(2), Some("tartan-us-fixture"))
    );
    let accounts = user.accounts(find("ins_109508").unwrap());
    let [checking, card] = &accounts[..] else {
        panic!("expected two accounts")
    };
    assert_eq!(
        (checking.name.as_str(), checking.mask.as_deref()),
        ("Everyday Checking", Some("7788"))
    );
    assert_eq!(
        money(checking.balances.available).as_deref(),
        Some("1400.02")
    );
    assert_eq!(money(checking.balances.current).as_deref(), Some("1523.47"));
    let ach = checking.numbers.ach.clone().unwrap();
    assert_eq!(
        (
            ach.account.as_str(),
            ach.routing.as_str(),
            ach.wire_routing.as_deref()
        ),
        ("4000123456789010", "021000021", Some("011401533"))
    );
    let owner = &checking.owners[0];
    assert_eq!(owner.names, ["Ramona Geraldine Quimby", "Beatrice Quimby"]);
    assert_eq!(owner.phone_numbers[1].kind, PhoneType::Work);
    assert_eq!(owner.addresses[0].data.city.as_deref(), Some("Portland"));
    assert_eq!(
        (card.mask.as_deref(), card.numbers.ach.as_ref()),
        (Some("9999"), None)
    );
    assert_eq!(money(card.balances.available).as_deref(), Some("2189.75"));
    assert_eq!(money(card.balances.limit).as_deref(), Some("2500"));
    assert_eq!(
        card.owners[0].phone_numbers,
        default_user::default_phone_numbers()
    );
    assert_eq!(card.owners[0].emails[0].kind, EmailType::Primary);
}

#[test]
fn the_international_fixture_mixes_currencies_and_rails() {
    let accounts = CustomUser::parse(INTERNATIONAL)
        .unwrap()
        .accounts(find("ins_109508").unwrap());
    let currencies: Vec<_> = accounts
        .iter()
        .map(|a| a.balances.iso_currency_code.as_deref().unwrap())
        .collect();
    assert_eq!(currencies, ["EUR", "GBP", "CAD", "GBP"]);
    let german = accounts[0].numbers.international.clone().unwrap();
    assert_eq!(
        (german.iban.as_str(), german.bic.as_str()),
        ("DE89370400440532013000", "COBADEFFXXX")
    );
    assert_eq!(accounts[0].mask.as_deref(), Some("3000"));
    let british = &accounts[1].numbers;
    assert_eq!(british.bacs.clone().unwrap().sort_code, "601613");
    assert_eq!(
        british.international.clone().unwrap().iban,
        "GB29NWBK60161331926819"
    );
    let canadian = accounts[2].numbers.eft.clone().unwrap();
    assert_eq!(
        (canadian.institution.as_str(), canadian.branch.as_str()),
        ("003", "00012")
    );
    assert_eq!(accounts[2].balances.available, None);
    assert_eq!(
        money(accounts[3].balances.current).as_deref(),
        Some("12345.6789")
    );
    assert_eq!(accounts[3].name, "Plaid ISA");
    assert!(
        accounts
            .iter()
            .all(|a| a.owners[0].names == ["Erika Mustermann"])
    );
}

#[test]
fn the_invalid_fixture_is_rejected_with_the_path_of_its_mistake() {
    let error = CustomUser::parse(INVALID_ROUTING).unwrap_err();
    assert_eq!(
        error.to_string(),
        "override_accounts[1].numbers.ach_routing: `123456789` is not a valid ABA routing number (checksum)"
    );
    assert_eq!(error.error_type(), "INVALID_REQUEST");
}
