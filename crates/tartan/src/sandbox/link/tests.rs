#![allow(clippy::unwrap_used, clippy::panic)]

use super::*;
use crate::domain::{ErrorCode, ItemId, LinkSettings, Product, UpdateMode};
use crate::sandbox::institutions;

fn settings(products: Vec<Product>) -> LinkSettings {
    LinkSettings {
        client_name: "Plaid Quickstart".into(),
        language: "en".into(),
        country_codes: vec!["US".into()],
        client_user_id: "user-1".into(),
        products,
        webhook: None,
        redirect_uri: None,
        account_filters: None,
        update: None,
        hosted_link: None,
        identity: None,
    }
}

fn stage(next: Result<Next, OutOfTurn>) -> Stage {
    match next.unwrap() {
        Next::Stage(stage) => stage,
        other => panic!("expected a stage, got {other:?}"),
    }
}

fn credentials(username: &str, password: &str) -> Action {
    Action::Credentials {
        username: username.into(),
        password: password.into(),
    }
}

fn at_credentials(settings: &LinkSettings) -> Stage {
    let s = stage(step(Stage::Consent, Action::Consent, settings));
    stage(step(
        s,
        Action::SelectInstitution {
            institution_id: "ins_109508".into(),
        },
        settings,
    ))
}

fn error_code(stage: &Stage) -> &str {
    match stage {
        Stage::Failed { error, .. } => &error.error_code,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn the_default_user_reaches_account_select_and_finishes_with_the_chosen_accounts() {
    let settings = settings(vec![Product::Auth]);
    let s = at_credentials(&settings);
    assert!(matches!(s, Stage::Credentials { failures: 0, .. }));
    let Stage::SelectAccount { accounts, .. } = stage(step(
        s.clone(),
        credentials("user_good", "pass_good"),
        &settings,
    )) else {
        panic!("no account select");
    };
    let names: Vec<_> = accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["Plaid Checking", "Plaid Saving", "Plaid Cash Management"]
    );
    let chosen = vec![accounts[1].account_id.as_str().to_owned()];
    let select = Stage::SelectAccount {
        institution_id: "ins_109508".into(),
        accounts: accounts.clone(),
    };
    match step(
        select.clone(),
        Action::SelectAccounts {
            account_ids: chosen,
        },
        &settings,
    )
    .unwrap()
    {
        Next::Finish {
            institution_id,
            accounts,
        } => {
            assert_eq!(institution_id, "ins_109508");
            assert_eq!(accounts.len(), 1);
            assert_eq!(accounts[0].name, "Plaid Saving");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        step(
            select.clone(),
            Action::SelectAccounts {
                account_ids: vec![]
            },
            &settings
        )
        .is_err()
    );
    assert!(
        step(
            select,
            Action::SelectAccounts {
                account_ids: vec!["nope".into()]
            },
            &settings
        )
        .is_err()
    );
}

#[test]
fn wrong_passwords_can_be_retried_until_the_item_locks() {
    let settings = settings(vec![Product::Identity]);
    let mut s = at_credentials(&settings);
    for attempt in 1..MAX_CREDENTIAL_FAILURES {
        let failed = stage(step(s, credentials("user_bad", "pass_good"), &settings));
        assert_eq!(
            error_code(&failed),
            "INVALID_CREDENTIALS",
            "attempt {attempt}"
        );
        s = stage(step(failed, Action::Retry, &settings));
        assert!(matches!(s, Stage::Credentials { failures, .. } if failures == attempt));
    }
    let locked = stage(step(s, credentials("user_bad", "x"), &settings));
    assert_eq!(error_code(&locked), "ITEM_LOCKED");
    assert!(step(locked, Action::Retry, &settings).is_err());
}

#[test]
fn error_passwords_end_in_their_error_without_retry() {
    let settings = settings(vec![Product::Identity]);
    let failed = stage(step(
        at_credentials(&settings),
        credentials("user_good", "error_INSTITUTION_DOWN"),
        &settings,
    ));
    assert_eq!(error_code(&failed), "INSTITUTION_DOWN");
    assert!(
        matches!(failed, Stage::Failed { retry: None, ref error, ref institution_id } if error.error_type == "INSTITUTION_ERROR" && institution_id.as_deref() == Some("ins_109508"))
    );
}

#[test]
fn mfa_passwords_ask_every_round_before_account_select() {
    let settings = settings(vec![Product::Identity]);
    let s = stage(step(
        at_credentials(&settings),
        credentials("user_good", "mfa_questions_2_1"),
        &settings,
    ));
    assert!(matches!(s, Stage::Mfa { round: 1, .. }));
    let wrong = stage(step(
        s.clone(),
        Action::Mfa {
            answers: vec!["answer_2_1".into()],
        },
        &settings,
    ));
    assert_eq!(error_code(&wrong), "INVALID_MFA");
    assert_eq!(stage(step(wrong, Action::Retry, &settings)), s);
    let s = stage(step(
        s,
        Action::Mfa {
            answers: vec!["answer_1_1".into()],
        },
        &settings,
    ));
    assert!(matches!(s, Stage::Mfa { round: 2, .. }));
    let s = stage(step(
        s,
        Action::Mfa {
            answers: vec!["answer_2_1".into()],
        },
        &settings,
    ));
    assert!(matches!(s, Stage::SelectAccount { ref accounts, .. } if accounts.len() == 12));
}

#[test]
fn oauth_institutions_go_through_the_bank_page() {
    let settings = settings(vec![Product::Auth]);
    let s = stage(step(
        Stage::SelectInstitution,
        Action::SelectInstitution {
            institution_id: "ins_127287".into(),
        },
        &settings,
    ));
    assert_eq!(
        s,
        Stage::Oauth {
            institution_id: "ins_127287".into()
        }
    );
    assert!(step(s.clone(), credentials("user_good", "pass_good"), &settings).is_err());
    let denied = stage(step(s.clone(), Action::OauthDeny, &settings));
    assert_eq!(error_code(&denied), "ACCESS_NOT_GRANTED");
    assert!(matches!(
        stage(step(s, Action::OauthAllow, &settings)),
        Stage::SelectAccount { .. }
    ));
}

#[test]
fn update_mode_logs_in_again_and_selects_accounts_only_when_asked() {
    let bank = institutions::find("ins_109508").unwrap();
    let mut settings = settings(vec![]);
    settings.update = Some(UpdateMode {
        item_id: ItemId::generate(),
        account_selection: false,
    });
    let s = first_stage(&settings, Some((bank, vec![])));
    assert_eq!(
        s,
        Stage::Credentials {
            institution_id: "ins_109508".into(),
            failures: 0
        }
    );
    let next = step(s.clone(), credentials("user_good", "pass_good"), &settings).unwrap();
    assert!(matches!(next, Next::Finish { ref accounts, .. } if accounts.is_empty()));
    settings.update = Some(UpdateMode {
        item_id: ItemId::generate(),
        account_selection: true,
    });
    assert!(matches!(
        stage(step(s, credentials("user_good", "pass_good"), &settings)),
        Stage::SelectAccount { .. }
    ));
    assert_eq!(first_stage(&settings, None), Stage::Consent);
}

#[test]
fn custom_users_and_their_forced_errors_work_in_link() {
    let settings = settings(vec![Product::Identity]);
    let config = r#"{"override_accounts":[{"type":"depository","subtype":"checking","meta":{"name":"Everyday","mask":"4242"}}]}"#;
    let s = stage(step(
        at_credentials(&settings),
        credentials("user_custom", config),
        &settings,
    ));
    assert!(
        matches!(s, Stage::SelectAccount { ref accounts, .. } if accounts.len() == 1 && accounts[0].name == "Everyday")
    );
    let forced = stage(step(
        at_credentials(&settings),
        credentials("user_custom", r#"{"force_error":"ITEM_LOCKED"}"#),
        &settings,
    ));
    assert_eq!(error_code(&forced), "ITEM_LOCKED");
}

#[test]
fn views_name_plaids_view_names() {
    let settings = settings(vec![Product::Auth]);
    for (stage, name) in [
        (Stage::Consent, "CONSENT"),
        (Stage::SelectInstitution, "SELECT_INSTITUTION"),
        (
            Stage::Credentials {
                institution_id: "ins_109508".into(),
                failures: 0,
            },
            "CREDENTIAL",
        ),
        (
            Stage::Oauth {
                institution_id: "ins_127287".into(),
            },
            "OAUTH",
        ),
        (failed(ErrorCode::InvalidLinkToken, None), "ERROR"),
        (Stage::Connected, "CONNECTED"),
    ] {
        assert_eq!(view(&stage, &settings, None)["name"], name);
    }
    let list = view(&Stage::SelectInstitution, &settings, None);
    assert_eq!(list["institutions"][0]["name"], "First Platypus Bank");
}
