//! The sandbox Link flow as a pure state machine: consent → institution → credentials (or the bank's OAuth
//! page) → MFA when the password asks for it → account select → (document upload) → finished. A session's
//! [`Stage`] is stored between requests; [`step`] turns a stage and the user's [`Action`] into the next
//! stage, or into [`Next::Finish`] when the Item can be created (or repaired, in update mode).

pub mod mfa;
mod view;

use serde::{Deserialize, Serialize};

pub use view::{View, institution_list, view};

use super::institutions::{self, Institution};
use super::{SandboxError, sandbox_accounts};
use crate::domain::{Account, LinkError, LinkSettings, selectable_accounts};
use mfa::Challenge;

/// Wrong passwords a user may enter before the Item locks (the next wrong one answers `ITEM_LOCKED`).
pub const MAX_CREDENTIAL_FAILURES: u8 = 3;

/// Where a session is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    Consent,
    SelectInstitution,
    Credentials {
        institution_id: String,
        failures: u8,
    },
    Mfa {
        institution_id: String,
        challenge: Challenge,
        round: u8,
        accounts: Vec<Account>,
    },
    Oauth {
        institution_id: String,
    },
    SelectAccount {
        institution_id: String,
        accounts: Vec<Account>,
    },
    UploadDocument {
        institution_id: String,
        accounts: Vec<Account>,
    },
    Failed {
        error: LinkError,
        /// The institution the user had chosen, if any (for `onExit` metadata).
        institution_id: Option<String>,
        /// Where "Try again" goes; `None`: the user can only exit.
        retry: Option<Box<Stage>>,
    },
    /// Finished with an Item (the success is in the session's outcome).
    Connected,
    Exited,
}

/// What the user did, as the Link frame reports it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Consent,
    SelectInstitution { institution_id: String },
    Credentials { username: String, password: String },
    Mfa { answers: Vec<String> },
    OauthAllow,
    OauthDeny,
    SelectAccounts { account_ids: Vec<String> },
    Retry,
}

/// The result of a step.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Stage(Stage),
    /// Create the Item with these accounts (in update mode: repair it), then the session is connected.
    Finish {
        institution_id: String,
        accounts: Vec<Account>,
    },
}

/// An action that makes no sense at this stage (a stale page, or a hand-written request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OutOfTurn(pub String);

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
            stage_name(&other)
        ))),
    }
}

/// Whether the institution logs users in on its own page (OAuth) rather than in Link.
pub fn is_oauth(institution: &Institution) -> bool {
    super::institution_details::details(institution).oauth
}

impl Stage {
    /// The institution the session is at, if one was chosen.
    pub fn institution_id(&self) -> Option<&str> {
        match self {
            Self::Credentials { institution_id, .. }
            | Self::Mfa { institution_id, .. }
            | Self::Oauth { institution_id }
            | Self::SelectAccount { institution_id, .. }
            | Self::UploadDocument { institution_id, .. } => Some(institution_id),
            Self::Failed { institution_id, .. } => institution_id.as_deref(),
            Self::Consent | Self::SelectInstitution | Self::Connected | Self::Exited => None,
        }
    }
}

/// The next stage after `action` at `stage`. A failure remembers the institution the user was at.
pub fn step(stage: Stage, action: Action, settings: &LinkSettings) -> Result<Next, OutOfTurn> {
    let institution = stage.institution_id().map(str::to_owned);
    let mut next = transition(stage, action, settings)?;
    if let Next::Stage(Stage::Failed { institution_id, .. }) = &mut next {
        if institution_id.is_none() {
            *institution_id = institution;
        }
    }
    Ok(next)
}

fn transition(stage: Stage, action: Action, settings: &LinkSettings) -> Result<Next, OutOfTurn> {
    let next = match (stage, action) {
        (Stage::Consent, Action::Consent) => Stage::SelectInstitution,
        (Stage::SelectInstitution, Action::SelectInstitution { institution_id }) => {
            let institution = institution(&institution_id)?;
            if is_oauth(institution) {
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
        ) => {
            return log_in(&institution_id, failures, &username, &password, settings);
        }
        (
            Stage::Mfa {
                institution_id,
                challenge,
                round,
                accounts,
            },
            Action::Mfa { answers },
        ) => {
            if !challenge.accepts(round, &answers) {
                let retry = Stage::Mfa {
                    institution_id,
                    challenge,
                    round,
                    accounts,
                };
                return Ok(Next::Stage(failed("INVALID_MFA", Some(retry))));
            }
            if round < challenge.rounds() {
                Stage::Mfa {
                    institution_id,
                    challenge,
                    round: round + 1,
                    accounts,
                }
            } else {
                return Ok(logged_in(institution_id, accounts, settings));
            }
        }
        (Stage::Oauth { institution_id }, Action::OauthAllow) => {
            // Special credentials do not apply at OAuth institutions: the default user logs in.
            let institution = institution(&institution_id)?;
            return Ok(match sandbox_accounts(institution, None, None) {
                Ok(accounts) => logged_in(institution_id, accounts, settings),
                Err(error) => Next::Stage(sandbox_failure(&error, None)),
            });
        }
        (Stage::Oauth { institution_id }, Action::OauthDeny) => {
            failed("ACCESS_NOT_GRANTED", Some(Stage::Oauth { institution_id }))
        }
        (
            Stage::SelectAccount {
                institution_id,
                accounts,
            },
            Action::SelectAccounts { account_ids },
        ) => {
            let chosen = chosen_accounts(&accounts, &account_ids)?;
            if settings.is_document_upload() {
                Stage::UploadDocument {
                    institution_id,
                    accounts: chosen,
                }
            } else {
                return Ok(Next::Finish {
                    institution_id,
                    accounts: chosen,
                });
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
                action_name(&action),
                stage_name(&stage)
            )));
        }
    };
    Ok(Next::Stage(next))
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
            code: "INVALID_CREDENTIALS",
        })
        | Err(SandboxError::InvalidCustomUser(_))
            if failures + 1 >= MAX_CREDENTIAL_FAILURES =>
        {
            Next::Stage(failed("ITEM_LOCKED", None))
        }
        Err(
            error @ (SandboxError::ItemError {
                code: "INVALID_CREDENTIALS",
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
        let code = if settings.products.contains(&crate::domain::Product::Auth) {
            "NO_AUTH_ACCOUNTS"
        } else {
            "NO_ACCOUNTS"
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

fn sandbox_failure(error: &SandboxError, retry: Option<Stage>) -> Stage {
    let mut stage = failed(error.error_code(), retry);
    if let (SandboxError::InvalidCustomUser(message), Stage::Failed { error, .. }) =
        (error, &mut stage)
    {
        error.error_message = message.clone();
    }
    stage
}

/// A failure with Plaid's wording for `code`.
pub fn failed(code: &str, retry: Option<Stage>) -> Stage {
    Stage::Failed {
        error: link_error(code),
        institution_id: None,
        retry: retry.map(Box::new),
    }
}

/// Plaid's error object for a Link-time error code.
pub fn link_error(code: &str) -> LinkError {
    let (message, display): (&str, Option<&str>) = match code {
        "INVALID_CREDENTIALS" => (
            "the provided credentials were not correct",
            Some(
                "The credentials you provided were incorrect. Check that your credentials are the same that you use for this institution",
            ),
        ),
        "INVALID_MFA" => (
            "the provided MFA response(s) were not correct",
            Some("The provided MFA responses were not correct. Please try again"),
        ),
        "ITEM_LOCKED" => (
            "the account is locked. prompt the user to visit the institution's site and unlock their account",
            Some(
                "The given credentials belong to a locked account. Please reset your credentials and try again",
            ),
        ),
        "INVALID_LINK_TOKEN" => ("invalid link_token provided", None),
        "ACCESS_NOT_GRANTED" => (
            "access to this account was not granted at the institution",
            Some(
                "You did not allow access at your institution. Try again and allow access to continue",
            ),
        ),
        "NO_ACCOUNTS" => (
            "no valid accounts were found for this item",
            Some(
                "No valid accounts were found at the financial institution. Please visit your financial institution's website to confirm accounts are available",
            ),
        ),
        "NO_AUTH_ACCOUNTS" => (
            "no valid checking or savings accounts were found",
            Some(
                "None of your accounts are supported for this use. Please connect a checking or savings account",
            ),
        ),
        "INSTITUTION_DOWN" => (
            "this institution is not currently responding to this request. please try again soon",
            Some(
                "This financial institution is not currently responding to requests. We apologize for the inconvenience",
            ),
        ),
        "INSTITUTION_NO_LONGER_SUPPORTED" => (
            "this institution is no longer supported",
            Some(
                "This financial institution is no longer supported. We apologize for the inconvenience",
            ),
        ),
        _ => (
            "the sandbox simulated this error for the given credentials",
            None,
        ),
    };
    LinkError {
        error_type: super::error_type(code).to_owned(),
        error_code: code.to_owned(),
        error_message: message.to_owned(),
        display_message: display.map(str::to_owned),
    }
}

fn stage_name(stage: &Stage) -> &'static str {
    match stage {
        Stage::Consent => "consent",
        Stage::SelectInstitution => "institution select",
        Stage::Credentials { .. } => "credentials",
        Stage::Mfa { .. } => "MFA",
        Stage::Oauth { .. } => "OAuth",
        Stage::SelectAccount { .. } => "account select",
        Stage::UploadDocument { .. } => "document upload",
        Stage::Failed { .. } => "an error",
        Stage::Connected => "the end of a finished session",
        Stage::Exited => "the end of an exited session",
    }
}

fn action_name(action: &Action) -> &'static str {
    match action {
        Action::Consent => "consent",
        Action::SelectInstitution { .. } => "select_institution",
        Action::Credentials { .. } => "credentials",
        Action::Mfa { .. } => "mfa",
        Action::OauthAllow => "oauth_allow",
        Action::OauthDeny => "oauth_deny",
        Action::SelectAccounts { .. } => "select_accounts",
        Action::Retry => "retry",
    }
}

#[cfg(test)]
mod tests;
