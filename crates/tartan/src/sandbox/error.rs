//! Why sandbox credentials produce no accounts: a bad `user_custom` configuration, or one of the Item
//! errors Plaid's sandbox simulates (reference §8.2, `force_error` in §8.4, codes and types in §2.1).

/// A failure to turn sandbox credentials into accounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SandboxError {
    /// `override_password` for `user_custom` is not a valid config; the message names the problem and its
    /// JSON path, e.g. "override_accounts[0].numbers: eft_institution and eft_branch must be given together".
    #[error("{0}")]
    InvalidCustomUser(String),
    /// Credentials that Plaid's sandbox answers with an Item error (e.g. password `error_ITEM_LOCKED`,
    /// unknown user, custom config `force_error`). `code` is the Plaid `error_code`, always one of
    /// [`SUPPORTED_CODES`].
    #[error("{code}")]
    ItemError { code: &'static str },
}

impl SandboxError {
    /// Plaid's `error_code`: `INVALID_FIELD` for a bad custom-user config (a malformed request field, reference
    /// §2.1), otherwise the simulated code.
    pub fn error_code(&self) -> &'static str {
        match self {
            Self::InvalidCustomUser(_) => "INVALID_FIELD",
            Self::ItemError { code } => code,
        }
    }

    /// Plaid's `error_type`: `INVALID_REQUEST` for a bad custom-user config, otherwise the type of the simulated
    /// code (see [`error_type`]).
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::InvalidCustomUser(_) => "INVALID_REQUEST",
            Self::ItemError { code } => error_type(code),
        }
    }
}

/// Codes the sandbox can simulate, each with its Plaid `error_type`. Every code Plaid documents for
/// `error_<CODE>` passwords and `force_error` is here, plus the other Link-time Item and institution
/// errors of reference §2.1. All are HTTP 400 except `INTERNAL_SERVER_ERROR` (500) and
/// `PLANNED_MAINTENANCE` (503).
const CODES: &[(&str, &str)] = &[
    ("ACCESS_NOT_GRANTED", "ITEM_ERROR"),
    ("INSTANT_MATCH_FAILED", "ITEM_ERROR"),
    ("INSUFFICIENT_CREDENTIALS", "ITEM_ERROR"),
    ("INVALID_CREDENTIALS", "ITEM_ERROR"),
    ("INVALID_MFA", "ITEM_ERROR"),
    ("INVALID_OTP", "ITEM_ERROR"),
    ("INVALID_PHONE_NUMBER", "ITEM_ERROR"),
    ("INVALID_SEND_METHOD", "ITEM_ERROR"),
    ("INVALID_UPDATED_USERNAME", "ITEM_ERROR"),
    ("ITEM_LOCKED", "ITEM_ERROR"),
    ("ITEM_LOGIN_REQUIRED", "ITEM_ERROR"),
    ("ITEM_NOT_SUPPORTED", "ITEM_ERROR"),
    ("MANUAL_VERIFICATION_REQUIRED", "ITEM_ERROR"),
    ("MFA_NOT_SUPPORTED", "ITEM_ERROR"),
    ("NO_ACCOUNTS", "ITEM_ERROR"),
    ("NO_AUTH_ACCOUNTS", "ITEM_ERROR"),
    ("NO_INVESTMENT_ACCOUNTS", "ITEM_ERROR"),
    ("NO_INVESTMENT_AUTH_ACCOUNTS", "ITEM_ERROR"),
    ("NO_LIABILITY_ACCOUNTS", "ITEM_ERROR"),
    ("PASSWORD_RESET_REQUIRED", "ITEM_ERROR"),
    ("PRODUCTS_NOT_SUPPORTED", "ITEM_ERROR"),
    ("USER_INPUT_TIMEOUT", "ITEM_ERROR"),
    ("USER_SETUP_REQUIRED", "ITEM_ERROR"),
    ("INSTITUTION_DOWN", "INSTITUTION_ERROR"),
    ("INSTITUTION_NOT_AVAILABLE", "INSTITUTION_ERROR"),
    (
        "INSTITUTION_NOT_ENABLED_IN_ENVIRONMENT",
        "INSTITUTION_ERROR",
    ),
    ("INSTITUTION_NOT_RESPONDING", "INSTITUTION_ERROR"),
    ("INSTITUTION_NO_LONGER_SUPPORTED", "INSTITUTION_ERROR"),
    ("INSTITUTION_REGISTRATION_REQUIRED", "INSTITUTION_ERROR"),
    ("UNAUTHORIZED_INSTITUTION", "INSTITUTION_ERROR"),
    ("UNSUPPORTED_RESPONSE", "INSTITUTION_ERROR"),
    ("INVALID_LINK_TOKEN", "INVALID_INPUT"),
    ("INTERNAL_SERVER_ERROR", "API_ERROR"),
    ("PLANNED_MAINTENANCE", "API_ERROR"),
];

/// Every `error_code` a [`SandboxError::ItemError`] can carry.
pub const SUPPORTED_CODES: [&str; CODES.len()] = {
    let mut codes = [""; CODES.len()];
    let mut i = 0;
    while i < CODES.len() {
        codes[i] = CODES[i].0;
        i += 1;
    }
    codes
};

/// The static spelling of a supported code, or `None` for a code the sandbox does not simulate.
/// `PLAID_ERROR` (a `force_error` value with no documented `error_code`) becomes `INTERNAL_SERVER_ERROR`.
pub fn known_code(code: &str) -> Option<&'static str> {
    if code == "PLAID_ERROR" {
        return Some("INTERNAL_SERVER_ERROR");
    }
    CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(known, _)| *known)
}

/// Plaid's `error_type` for a supported code; `ITEM_ERROR` for anything else.
pub fn error_type(code: &str) -> &'static str {
    CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("ITEM_ERROR", |(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_their_plaid_error_types() {
        assert_eq!(error_type("ITEM_LOCKED"), "ITEM_ERROR");
        assert_eq!(error_type("INSTITUTION_DOWN"), "INSTITUTION_ERROR");
        assert_eq!(error_type("INVALID_LINK_TOKEN"), "INVALID_INPUT");
        assert_eq!(error_type("PLANNED_MAINTENANCE"), "API_ERROR");
        let invalid = SandboxError::InvalidCustomUser("x".into());
        assert_eq!(
            (invalid.error_code(), invalid.error_type()),
            ("INVALID_FIELD", "INVALID_REQUEST")
        );
        let down = SandboxError::ItemError {
            code: "INSTITUTION_DOWN",
        };
        assert_eq!(
            (down.to_string().as_str(), down.error_type()),
            ("INSTITUTION_DOWN", "INSTITUTION_ERROR")
        );
    }

    #[test]
    fn only_known_codes_are_simulated() {
        assert_eq!(
            known_code("ITEM_LOGIN_REQUIRED"),
            Some("ITEM_LOGIN_REQUIRED")
        );
        assert_eq!(known_code("PLAID_ERROR"), Some("INTERNAL_SERVER_ERROR"));
        assert_eq!(known_code("item_locked"), None);
        assert_eq!(known_code("NOT_A_CODE"), None);
        assert!(
            SUPPORTED_CODES
                .iter()
                .all(|code| known_code(code) == Some(*code))
        );
    }
}
