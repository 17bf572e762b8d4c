//! The sandbox Link flow as a pure state machine: consent → institution → credentials (or the bank's OAuth
//! page) → MFA when the password asks for it → account select → (document upload) → finished. A session's
//! [`Stage`] is stored between requests; [`step`] turns a stage and the user's [`Action`] into the next
//! stage, or into [`Next::Finish`] when the Item can be created (or repaired, in update mode).

use super::errors::{failed, sandbox_failure};
use super::mfa::Challenge;
use super::stage::{Action, MAX_CREDENTIAL_FAILURES, Next, OutOfTurn, Stage};
use crate::domain::{Account, ErrorCode, LinkSettings, Product, selectable_accounts};
use crate::sandbox::error::SandboxError;
use crate::sandbox::institution_details::details;
use crate::sandbox::institutions::{self, Institution};
use crate::sandbox::sandbox_accounts;

/// The stage a new session starts at. In update mode (`update`: the Item's institution and accounts) the
/// institution is known: the user logs in again, or only uploads a statement when the token asks for that.
pub fn first_stage(settings: &LinkSettings, update: Option<(&Institution, Vec<Account>)>) -> Stage {
    let Some((institution, accounts)) = update else {
        return Stage::Consent;
    };
    let institution_id = institution.id.to_owned();
    if let Some(identity) = settings.identity.as_ref().filter(|i| i.is_document_upload) {
        let accounts = accounts
            .into_iter()
            .filter(|a| {
                identity.account_ids.is_empty()
                    || identity
                        .account_ids
                        .iter()
                        .any(|id| id == a.account_id.as_str())
            })
            .collect();
        return Stage::UploadDocument {
            institution_id,
            accounts,
        };
    }
    if is_oauth(institution) {
        Stage::Oauth { institution_id }
    } else {
        Stage::Credentials {
            institution_id,
            failures: 0,
        }
    }
}

/// After a statement was uploaded at [`Stage::UploadDocument`]: finish with its accounts.
pub fn document_uploaded(stage: Stage) -> Result<Next, OutOfTurn> {
    match stage {
        Stage::UploadDocument {
            institution_id,
            accounts,
        } => Ok(Next::Finish {
            institution_id,
            accounts,
        }),
        other => Err(OutOfTurn(format!(
            "a document upload is not possible at {}",
            other.name()
        ))),
    }
}

/// Whether the institution logs users in on its own page (OAuth) rather than in Link.
pub fn is_oauth(institution: &Institution) -> bool {
    details(institution).oauth
}

/// The next stage after `action` at `stage`. A failure remembers the institution the user was at.
pub fn step(stage: Stage, action: Action, settings: &LinkSettings) -> Result<Next, OutOfTurn> {
    let institution = stage.institution_id().map(str::to_owned);
    let mut next = transition(stage, action, settings)?;
    if let Next::Stage(Stage::Failed { institution_id, .. }) = &mut next
        && institution_id.is_none()
    {
        *institution_id = institution;
    }
    Ok(next)
}

fn transition(stage: Stage, action: Action, settings: &LinkSettings) -> Result<Next, OutOfTurn> {
    let next = match (stage, action) {
        (Stage::Consent, Action::Consent) => Stage::SelectInstitution,
        (Stage::SelectInstitution, Action::SelectInstitution { institution_id }) => {
            if is_oauth(institution(&institution_id)?) {
                Stage::Oauth { institution_id }
            } else {
                Stage::Credentials {
                    institution_id,
                    failures: 0,
                }
            }
        }
        (
            Stage::Credentials {
                institution_id,
                failures,
            },
            Action::Credentials { username, password },
        ) => return log_in(&institution_id, failures, &username, &password, settings),
        (stage @ Stage::Mfa { .. }, Action::Mfa { answers }) => {
            return Ok(answer_mfa(stage, &answers, settings));
        }
        (Stage::Oauth { institution_id }, Action::OauthAllow) => {
            // Special credentials do not apply at OAuth institutions: the default user logs in.
            return Ok(
                match sandbox_accounts(institution(&institution_id)?, None, None) {
                    Ok(accounts) => logged_in(institution_id, accounts, settings),
                    Err(error) => Next::Stage(sandbox_failure(&error, None)),
                },
            );
        }
        (Stage::Oauth { institution_id }, Action::OauthDeny) => failed(
            ErrorCode::AccessNotGranted,
            Some(Stage::Oauth { institution_id }),
        ),
        (
            Stage::SelectAccount {
                institution_id,
                accounts,
            },
            Action::SelectAccounts { account_ids },
        ) => {
            let accounts = chosen_accounts(&accounts, &account_ids)?;
            if !settings.is_document_upload() {
                return Ok(Next::Finish {
                    institution_id,
                    accounts,
                });
            }
            Stage::UploadDocument {
                institution_id,
                accounts,
            }
        }
        (
            Stage::Failed {
                retry: Some(retry), ..
            },
            Action::Retry,
        ) => *retry,
        (stage, action) => {
            return Err(OutOfTurn(format!(
                "{} is not possible at {}",
                action.name(),
                stage.name()
            )));
        }
    };
    Ok(Next::Stage(next))
}

/// A round of MFA answered: the next round, account select, or a retry of this round.
fn answer_mfa(stage: Stage, answers: &[String], settings: &LinkSettings) -> Next {
    let Stage::Mfa {
        institution_id,
        challenge,
        round,
        accounts,
    } = stage
    else {
        return Next::Stage(stage);
    };
    if !challenge.accepts(round, answers) {
        let retry = Stage::Mfa {
            institution_id,
            challenge,
            round,
            accounts,
        };
        return Next::Stage(failed(ErrorCode::InvalidMfa, Some(retry)));
    }
    if round < challenge.rounds() {
        return Next::Stage(Stage::Mfa {
            institution_id,
            challenge,
            round: round + 1,
            accounts,
        });
    }
    logged_in(institution_id, accounts, settings)
}

fn log_in(
    institution_id: &str,
    failures: u8,
    username: &str,
    password: &str,
    settings: &LinkSettings,
) -> Result<Next, OutOfTurn> {
    let institution = institution(institution_id)?;
    let username = Some(username.trim());
    let result = sandbox_accounts(institution, username, Some(password));
    let institution_id = institution_id.to_owned();
    Ok(match result {
        Ok(accounts) => {
            match Challenge::from_password(password).filter(|_| username != Some("user_custom")) {
                Some(challenge) => Next::Stage(Stage::Mfa {
                    institution_id,
                    challenge,
                    round: 1,
                    accounts,
                }),
                None => logged_in(institution_id, accounts, settings),
            }
        }
        Err(SandboxError::ItemError {
            code: ErrorCode::InvalidCredentials,
        })
        | Err(SandboxError::InvalidCustomUser(_))
            if failures + 1 >= MAX_CREDENTIAL_FAILURES =>
        {
            Next::Stage(failed(ErrorCode::ItemLocked, None))
        }
        Err(
            error @ (SandboxError::ItemError {
                code: ErrorCode::InvalidCredentials,
            }
            | SandboxError::InvalidCustomUser(_)),
        ) => {
            let retry = Stage::Credentials {
                institution_id,
                failures: failures + 1,
            };
            Next::Stage(sandbox_failure(&error, Some(retry)))
        }
        Err(error) => Next::Stage(sandbox_failure(&error, None)),
    })
}

/// After a successful login: account select, unless update mode has it switched off.
fn logged_in(institution_id: String, accounts: Vec<Account>, settings: &LinkSettings) -> Next {
    if settings
        .update
        .as_ref()
        .is_some_and(|update| !update.account_selection)
    {
        return Next::Finish {
            institution_id,
            accounts: Vec::new(),
        };
    }
    let selectable = selectable_accounts(settings, &accounts);
    if selectable.is_empty() {
        let code = if settings.products.contains(&Product::Auth) {
            ErrorCode::NoAuthAccounts
        } else {
            ErrorCode::NoAccounts
        };
        return Next::Stage(failed(code, None));
    }
    Next::Stage(Stage::SelectAccount {
        institution_id,
        accounts: selectable,
    })
}

fn chosen_accounts(offered: &[Account], ids: &[String]) -> Result<Vec<Account>, OutOfTurn> {
    if ids.is_empty() {
        return Err(OutOfTurn(
            "account_ids must name at least one account".into(),
        ));
    }
    if let Some(unknown) = ids
        .iter()
        .find(|id| !offered.iter().any(|a| a.account_id.as_str() == id.as_str()))
    {
        return Err(OutOfTurn(format!("account {unknown} was not offered")));
    }
    Ok(offered
        .iter()
        .filter(|account| ids.iter().any(|id| id == account.account_id.as_str()))
        .cloned()
        .collect())
}

fn institution(id: &str) -> Result<&'static Institution, OutOfTurn> {
    institutions::find(id).ok_or_else(|| OutOfTurn(format!("unknown institution {id}")))
}
