//! Top-level rules of the custom-user configuration: JSON shape, limits, `version`, `seed`,
//! `force_error`, ignored members, and Item-wide owner names.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::sandbox::institutions::find;

fn error(json: &str) -> String {
    CustomUser::parse(json).unwrap_err().to_string()
}

fn bank() -> &'static Institution {
    find("ins_109508").unwrap()
}

#[test]
fn an_empty_configuration_gives_the_default_accounts() {
    for json in [
        "{}",
        r#"{"override_accounts":null}"#,
        r#"{"override_accounts":[]}"#,
    ] {
        let user = CustomUser::parse(json).unwrap();
        assert_eq!(
            (user.version, user.seed.as_deref(), user.force_error()),
            (None, None, None)
        );
        let accounts = user.accounts(bank());
        assert_eq!(accounts.len(), 12, "{json}");
        assert_eq!(accounts[0].owners[0].names, ["Alberta Bobbeth Charleson"]);
    }
}

#[test]
fn the_configuration_must_be_a_json_object() {
    assert!(
        error("user_custom")
            .starts_with("override_password: not a JSON custom user configuration: ")
    );
    assert!(error("").starts_with("override_password: not a JSON custom user configuration: "));
    assert_eq!(
        error("[]"),
        "override_password: expected an object, found an array"
    );
    assert_eq!(
        error("null"),
        "override_password: expected an object, found null"
    );
    assert_eq!(
        error(r#"{"override_accounts":{}}"#),
        "override_accounts: expected an array, found an object"
    );
    assert_eq!(
        error(r#"{"override_accounts":[1]}"#),
        "override_accounts[0]: expected an object, found a number"
    );
    assert_eq!(
        error(r#"{"seed":5}"#),
        "seed: expected a string, found a number"
    );
}

#[test]
fn at_most_ten_accounts_are_allowed() {
    let config = |n: usize| format!(r#"{{"override_accounts":[{}]}}"#, vec!["{}"; n].join(","));
    assert_eq!(
        CustomUser::parse(&config(10))
            .unwrap()
            .accounts(bank())
            .len(),
        10
    );
    assert_eq!(
        error(&config(11)),
        "override_accounts: at most 10 accounts are allowed, found 11"
    );
}

#[test]
fn version_is_one_or_two() {
    assert_eq!(
        CustomUser::parse(r#"{"version":"1"}"#).unwrap().version,
        Some(1)
    );
    assert_eq!(
        CustomUser::parse(r#"{"version":2}"#).unwrap().version,
        Some(2)
    );
    assert_eq!(
        CustomUser::parse(r#"{"version":null}"#).unwrap().version,
        None
    );
    assert_eq!(
        error(r#"{"version":"3"}"#),
        r#"version: must be "1" or "2""#
    );
    assert_eq!(
        error(r#"{"version":true}"#),
        "version: expected a string, found a boolean"
    );
}

#[test]
fn force_error_takes_a_code_the_sandbox_simulates() {
    for code in [
        "INSTITUTION_NOT_RESPONDING",
        "INSTITUTION_NO_LONGER_SUPPORTED",
        "INVALID_CREDENTIALS",
        "INVALID_MFA",
        "ITEM_LOCKED",
        "ITEM_LOGIN_REQUIRED",
        "ITEM_NOT_SUPPORTED",
        "INVALID_LINK_TOKEN",
        "MFA_NOT_SUPPORTED",
        "NO_ACCOUNTS",
        "USER_INPUT_TIMEOUT",
        "USER_SETUP_REQUIRED",
    ] {
        let user = CustomUser::parse(&format!(r#"{{"force_error":"{code}"}}"#)).unwrap();
        assert_eq!(user.force_error().map(ErrorCode::as_str), Some(code));
    }
    let plaid_error = CustomUser::parse(r#"{"force_error":"PLAID_ERROR"}"#).unwrap();
    assert_eq!(
        plaid_error.force_error().map(ErrorCode::as_str),
        Some("INTERNAL_SERVER_ERROR")
    );
    assert_eq!(
        CustomUser::parse(r#"{"force_error":null}"#)
            .unwrap()
            .force_error(),
        None
    );
    assert_eq!(
        error(r#"{"force_error":"OOPS"}"#),
        "force_error: `OOPS` is not an error code the sandbox can simulate"
    );
}

#[test]
fn members_tartan_does_not_use_are_ignored() {
    let config = r#"{
        "mfa": {"type": "device"}, "recaptcha": "bad", "something_new": [1, 2],
        "override_accounts": [{
            "type": "loan", "subtype": "student",
            "transactions": [{"date_transacted": "2024-01-01", "amount": -5, "description": "x"}],
            "holdings": [], "investment_transactions": [], "liability": {"type": "student", "principal": 5},
            "inflow_model": {"type": "monthly-income"}, "income": {"paystubs": []}, "extra": true
        }]
    }"#;
    let accounts = CustomUser::parse(config).unwrap().accounts(bank());
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].name, "Plaid Student");
}

#[test]
fn errors_name_the_account_they_are_in() {
    let config =
        r#"{"override_accounts":[{}, {"numbers":{"account":"1","eft_institution":"114"}}]}"#;
    assert_eq!(
        error(config),
        "override_accounts[1].numbers: eft_institution and eft_branch must be given together"
    );
}

#[test]
fn owner_names_are_one_set_for_the_whole_item() {
    let config = r#"{"override_accounts":[
        {"identity":{"emails":[]}},
        {"identity":{"names":["Ann Lee","Bo Lee"]}},
        {"identity":{"names":["Someone Else"]}}
    ]}"#;
    let accounts = CustomUser::parse(config).unwrap().accounts(bank());
    for account in &accounts {
        assert_eq!(account.owners.len(), 1);
        assert_eq!(account.owners[0].names, ["Ann Lee", "Bo Lee"]);
    }
    assert!(accounts[0].owners[0].emails.is_empty());
    assert_eq!(accounts[1].owners[0].emails, default_user::default_emails());
    let without_names = CustomUser::parse(r#"{"override_accounts":[{}]}"#)
        .unwrap()
        .accounts(bank());
    assert_eq!(without_names[0].owners, vec![default_user::default_owner()]);
}
