//! Link-time errors as the Link pane and `onExit` show them, with Plaid's wording.

use super::stage::Stage;
use crate::domain::{ErrorCode, LinkError};
use crate::sandbox::error::SandboxError;

pub(super) fn sandbox_failure(error: &SandboxError, retry: Option<Stage>) -> Stage {
    let mut stage = failed(error.code(), retry);
    if let (SandboxError::InvalidCustomUser(message), Stage::Failed { error, .. }) =
        (error, &mut stage)
    {
        error.error_message = message.clone();
    }
    stage
}

/// A failure with Plaid's wording for `code`.
pub fn failed(code: ErrorCode, retry: Option<Stage>) -> Stage {
    Stage::Failed {
        error: link_error(code),
        institution_id: None,
        retry: retry.map(Box::new),
    }
}

/// Plaid's error object for a Link-time error code.
pub fn link_error(code: ErrorCode) -> LinkError {
    let (message, display): (&str, Option<&str>) = match code {
        ErrorCode::InvalidCredentials => (
            "the provided credentials were not correct",
            Some(
                "The credentials you provided were incorrect. Check that your credentials are the same that you use for this institution",
            ),
        ),
        ErrorCode::InvalidMfa => (
            "the provided MFA response(s) were not correct",
            Some("The provided MFA responses were not correct. Please try again"),
        ),
        ErrorCode::ItemLocked => (
            "the account is locked. prompt the user to visit the institution's site and unlock their account",
            Some(
                "The given credentials belong to a locked account. Please reset your credentials and try again",
            ),
        ),
        ErrorCode::InvalidLinkToken => ("invalid link_token provided", None),
        ErrorCode::AccessNotGranted => (
            "access to this account was not granted at the institution",
            Some(
                "You did not allow access at your institution. Try again and allow access to continue",
            ),
        ),
        ErrorCode::NoAccounts => (
            "no valid accounts were found for this item",
            Some(
                "No valid accounts were found at the financial institution. Please visit your financial institution's website to confirm accounts are available",
            ),
        ),
        ErrorCode::NoAuthAccounts => (
            "no valid checking or savings accounts were found",
            Some(
                "None of your accounts are supported for this use. Please connect a checking or savings account",
            ),
        ),
        ErrorCode::InstitutionDown => (
            "this institution is not currently responding to this request. please try again soon",
            Some(
                "This financial institution is not currently responding to requests. We apologize for the inconvenience",
            ),
        ),
        ErrorCode::InstitutionNoLongerSupported => (
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
        error_type: code.error_type().as_str().to_owned(),
        error_code: code.as_str().to_owned(),
        error_message: message.to_owned(),
        display_message: display.map(str::to_owned),
    }
}
