//! Plaid's Sandbox, reproduced: its institutions, the default test user's data, the `user_custom`
//! configuration, and what a pair of sandbox credentials (reference §8.2) produces. Pure: no I/O.

pub mod custom_user;
pub mod default_user;
mod error;
pub mod institution_details;
pub mod institutions;
pub mod link;

pub use error::{SandboxError, known_code};

use crate::domain::{Account, ErrorCode};
use custom_user::CustomUser;
use institutions::{Institution, InstitutionHealth};

/// Usernames whose data is the default user's. Plaid's other pre-populated users (dynamic
/// transactions, income and credit personas) differ only in products Tartan does not serve.
const DEFAULT_DATA_USERS: [&str; 11] = [
    "user_good",
    "user_transactions_dynamic",
    "user_ewa_user",
    "user_yuppie",
    "user_small_business",
    "user_bank_income",
    "user_credit_bonus",
    "user_credit_joint_account",
    "user_credit_profile_poor",
    "user_credit_profile_good",
    "user_credit_profile_excellent",
];

/// What the sandbox credentials passed in `options.override_username` / `override_password` produce.
///
/// In order:
/// 1. an institution that is down fails with `INSTITUTION_DOWN`, an unsupported one with
///    `INSTITUTION_NO_LONGER_SUPPORTED` (a degraded one works);
/// 2. `user_custom`: the password is the JSON configuration ([`CustomUser`]); a missing password is an
///    invalid configuration; its `force_error` fails the login with that code;
/// 3. password `error_<CODE>` fails with `<CODE>` when the sandbox simulates it (see
///    [`known_code`]), else with `INVALID_CREDENTIALS` like any wrong password;
/// 4. no username, `user_good` or another pre-populated Sandbox user with any other password
///    (`pass_good`, `microdeposits_good`, `mfa_device`, …): the default user's accounts;
/// 5. any other username: `INVALID_CREDENTIALS` (Dashboard-defined custom users do not exist here).
pub fn sandbox_accounts(
    institution: &Institution,
    username: Option<&str>,
    password: Option<&str>,
) -> Result<Vec<Account>, SandboxError> {
    match institution.health {
        InstitutionHealth::Down => return Err(item_error(ErrorCode::InstitutionDown)),
        InstitutionHealth::Unsupported => {
            return Err(item_error(ErrorCode::InstitutionNoLongerSupported));
        }
        InstitutionHealth::Healthy | InstitutionHealth::Degraded => {}
    }
    if username == Some("user_custom") {
        let config = password.ok_or_else(|| {
            SandboxError::InvalidCustomUser(
                "override_password: user_custom needs its JSON configuration as the password"
                    .to_owned(),
            )
        })?;
        let user = CustomUser::parse(config)?;
        if let Some(code) = user.force_error() {
            return Err(SandboxError::ItemError { code });
        }
        return Ok(user.accounts(institution));
    }
    if let Some(code) = password.and_then(|password| password.strip_prefix("error_")) {
        return Err(item_error(
            known_code(code).unwrap_or(ErrorCode::InvalidCredentials),
        ));
    }
    match username {
        None => Ok(default_user::user_good_accounts(institution)),
        Some(user) if DEFAULT_DATA_USERS.contains(&user) => {
            Ok(default_user::user_good_accounts(institution))
        }
        Some(_) => Err(item_error(ErrorCode::InvalidCredentials)),
    }
}

fn item_error(code: ErrorCode) -> SandboxError {
    SandboxError::ItemError { code }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(id: &str) -> &'static Institution {
        institutions::find(id).unwrap()
    }

    fn code(result: Result<Vec<Account>, SandboxError>) -> &'static str {
        match result {
            Err(SandboxError::ItemError { code }) => code.as_str(),
            other => panic!("expected an Item error, got {other:?}"),
        }
    }

    #[test]
    fn user_good_and_the_default_credentials_give_the_default_accounts() {
        let bank = at("ins_109508");
        for (username, password) in [
            (None, None),
            (Some("user_good"), None),
            (Some("user_good"), Some("pass_good")),
            (Some("user_good"), Some("microdeposits_good")),
            (Some("user_good"), Some("anything")),
            (Some("user_transactions_dynamic"), Some("x")),
            (Some("user_credit_joint_account"), None),
        ] {
            let accounts = sandbox_accounts(bank, username, password).unwrap();
            assert_eq!(accounts.len(), 12, "{username:?}/{password:?}");
            assert_eq!(accounts[0].name, "Plaid Checking");
        }
    }

    #[test]
    fn error_passwords_simulate_their_item_errors() {
        let bank = at("ins_109508");
        for expected in [
            "ITEM_LOCKED",
            "ITEM_LOGIN_REQUIRED",
            "INVALID_CREDENTIALS",
            "INSTITUTION_DOWN",
            "NO_ACCOUNTS",
        ] {
            let password = format!("error_{expected}");
            assert_eq!(
                code(sandbox_accounts(bank, Some("user_good"), Some(&password))),
                expected
            );
        }
        assert_eq!(
            code(sandbox_accounts(bank, None, Some("error_ITEM_LOCKED"))),
            "ITEM_LOCKED"
        );
        assert_eq!(
            code(sandbox_accounts(
                bank,
                Some("user_good"),
                Some("error_NOT_A_CODE")
            )),
            "INVALID_CREDENTIALS"
        );
        let error =
            sandbox_accounts(bank, Some("user_good"), Some("error_INSTITUTION_DOWN")).unwrap_err();
        assert_eq!(error.error_type(), "INSTITUTION_ERROR");
    }

    #[test]
    fn unknown_usernames_are_invalid_credentials() {
        let bank = at("ins_109508");
        assert_eq!(
            code(sandbox_accounts(bank, Some("user_bad"), Some("pass_good"))),
            "INVALID_CREDENTIALS"
        );
        assert_eq!(
            code(sandbox_accounts(bank, Some(""), None)),
            "INVALID_CREDENTIALS"
        );
    }

    #[test]
    fn unhealthy_institutions_fail_unless_merely_degraded() {
        let login = |id| sandbox_accounts(at(id), Some("user_good"), Some("pass_good"));
        assert_eq!(code(login("ins_132361")), "INSTITUTION_DOWN");
        assert_eq!(code(login("ins_133402")), "INSTITUTION_NO_LONGER_SUPPORTED");
        assert_eq!(login("ins_132363").unwrap().len(), 12);
        let custom = sandbox_accounts(at("ins_132361"), Some("user_custom"), Some("{}"));
        assert_eq!(code(custom), "INSTITUTION_DOWN");
    }

    #[test]
    fn user_custom_reads_its_configuration_from_the_password() {
        let bank = at("ins_109508");
        let config = r#"{"override_accounts":[{"type":"credit","meta":{"name":"Travel Card","limit":500}}]}"#;
        let accounts = sandbox_accounts(bank, Some("user_custom"), Some(config)).unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(
            (
                accounts[0].name.as_str(),
                accounts[0].subtype.as_ref().unwrap().as_str()
            ),
            ("Travel Card", "credit card")
        );

        let forced = sandbox_accounts(
            bank,
            Some("user_custom"),
            Some(r#"{"force_error":"ITEM_LOCKED"}"#),
        );
        assert_eq!(code(forced), "ITEM_LOCKED");
        let forced = sandbox_accounts(
            bank,
            Some("user_custom"),
            Some(r#"{"force_error":"PLAID_ERROR"}"#),
        )
        .unwrap_err();
        assert_eq!(
            (forced.to_string().as_str(), forced.error_type()),
            ("INTERNAL_SERVER_ERROR", "API_ERROR")
        );

        for password in [
            None,
            Some("pass_good"),
            Some("error_ITEM_LOCKED"),
            Some("[]"),
        ] {
            let result = sandbox_accounts(bank, Some("user_custom"), password);
            assert!(
                matches!(result, Err(SandboxError::InvalidCustomUser(_))),
                "{password:?}: {result:?}"
            );
        }
    }
}
