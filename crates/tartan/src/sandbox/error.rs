//! Why sandbox credentials produce no accounts: a bad `user_custom` configuration, or one of the Item
//! errors Plaid's sandbox simulates (reference §8.2, `force_error` in §8.4). The codes themselves, with their
//! types and statuses, are [`ErrorCode`]'s.

use crate::domain::ErrorCode;

/// A failure to turn sandbox credentials into accounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SandboxError {
    /// `override_password` for `user_custom` is not a valid config; the message names the problem and its
    /// JSON path, e.g. "override_accounts[0].numbers: eft_institution and eft_branch must be given together".
    #[error("{0}")]
    InvalidCustomUser(String),
    /// Credentials that Plaid's sandbox answers with an Item error (e.g. password `error_ITEM_LOCKED`,
    /// unknown user, custom config `force_error`). `code` is one the sandbox simulates.
    #[error("{code}")]
    ItemError { code: ErrorCode },
}

impl SandboxError {
    /// Plaid's code: `INVALID_FIELD` for a bad custom-user config (a malformed request field, reference §2.1),
    /// otherwise the simulated code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidCustomUser(_) => ErrorCode::InvalidField,
            Self::ItemError { code } => *code,
        }
    }

    /// Plaid's `error_type`, as spelled on the wire.
    pub fn error_type(&self) -> &'static str {
        self.code().error_type().as_str()
    }
}

/// The code a password or `force_error` names, if the sandbox simulates it. `PLAID_ERROR` (a `force_error`
/// value with no documented `error_code`) becomes `INTERNAL_SERVER_ERROR`.
pub fn known_code(code: &str) -> Option<ErrorCode> {
    if code == "PLAID_ERROR" {
        return Some(ErrorCode::InternalServerError);
    }
    ErrorCode::parse(code).filter(|code| code.is_simulated_in_sandbox())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorType;

    #[test]
    fn codes_keep_their_plaid_error_types() {
        let invalid = SandboxError::InvalidCustomUser("x".into());
        assert_eq!(invalid.code(), ErrorCode::InvalidField);
        assert_eq!(invalid.code().error_type(), ErrorType::InvalidRequest);
        let down = SandboxError::ItemError {
            code: ErrorCode::InstitutionDown,
        };
        assert_eq!(down.to_string(), "INSTITUTION_DOWN");
        assert_eq!(down.code().error_type(), ErrorType::InstitutionError);
    }

    #[test]
    fn only_simulated_codes_are_known() {
        assert_eq!(
            known_code("ITEM_LOGIN_REQUIRED"),
            Some(ErrorCode::ItemLoginRequired)
        );
        assert_eq!(
            known_code("PLAID_ERROR"),
            Some(ErrorCode::InternalServerError)
        );
        assert_eq!(known_code("item_locked"), None);
        assert_eq!(known_code("NOT_A_CODE"), None);
        assert_eq!(known_code("INVALID_API_KEYS"), None);
    }
}
