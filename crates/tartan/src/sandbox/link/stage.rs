//! A Link session's stages, the user's actions, and what a step yields.

use serde::{Deserialize, Serialize};

use super::mfa::Challenge;
use crate::domain::{Account, LinkError};

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
    /// Production: a provider's end user whose password was right enters the code of their authenticator
    /// app (RFC 6238), shown as Link's MFA pane.
    ProviderTotp {
        institution_id: String,
        user_id: String,
    },
    /// Production: a provider's end user is logged in and picks accounts. `accounts` carry the ids the Item
    /// will show; `sources[i]` is the provider's id of `accounts[i]`.
    ProviderSelectAccount {
        institution_id: String,
        user_id: String,
        accounts: Vec<Account>,
        sources: Vec<String>,
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

impl Stage {
    /// The institution the session is at, if one was chosen.
    pub fn institution_id(&self) -> Option<&str> {
        match self {
            Self::Credentials { institution_id, .. }
            | Self::Mfa { institution_id, .. }
            | Self::Oauth { institution_id }
            | Self::SelectAccount { institution_id, .. }
            | Self::UploadDocument { institution_id, .. }
            | Self::ProviderTotp { institution_id, .. }
            | Self::ProviderSelectAccount { institution_id, .. } => Some(institution_id),
            Self::Failed { institution_id, .. } => institution_id.as_deref(),
            Self::Consent | Self::SelectInstitution | Self::Connected | Self::Exited => None,
        }
    }
}

impl Stage {
    /// How an error message names the stage.
    pub fn name(&self) -> &'static str {
        match self {
            Stage::Consent => "consent",
            Stage::SelectInstitution => "institution select",
            Stage::Credentials { .. } => "credentials",
            Stage::Mfa { .. } | Stage::ProviderTotp { .. } => "MFA",
            Stage::Oauth { .. } => "OAuth",
            Stage::SelectAccount { .. } | Stage::ProviderSelectAccount { .. } => "account select",
            Stage::UploadDocument { .. } => "document upload",
            Stage::Failed { .. } => "an error",
            Stage::Connected => "the end of a finished session",
            Stage::Exited => "the end of an exited session",
        }
    }
}

impl Action {
    /// How an error message names the action.
    pub fn name(&self) -> &'static str {
        match self {
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
}
