//! An Item: one login at one institution, owned by one client.

use chrono::{DateTime, Utc};

use super::error_code::{ErrorCode, ErrorType};
use super::ids::{ClientId, ItemId};
use super::product::Product;

/// An Item and its metadata (accounts are fetched separately).
#[derive(Debug, Clone)]
pub struct ItemRecord {
    pub item_id: ItemId,
    pub client_id: ClientId,
    pub institution_id: Option<String>,
    pub institution_name: Option<String>,
    pub webhook: Option<String>,
    pub products: Vec<Product>,
    pub created_at: DateTime<Utc>,
    /// The login must be repaired in Link's update mode (`/sandbox/item/reset_login`): data endpoints answer
    /// `ITEM_LOGIN_REQUIRED` until it is.
    pub login_required: bool,
    /// Another Item or institution error set on the Item (the console): data endpoints answer it until it is
    /// cleared.
    pub error: Option<ErrorCode>,
}

/// Plaid's message for an Item or institution error an Item can be left in.
pub fn item_error_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::ItemLoginRequired => {
            "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state"
        }
        ErrorCode::ItemLocked => {
            "the account is locked. prompt the user to visit the institution's site and unlock their account"
        }
        ErrorCode::InvalidCredentials => "the provided credentials were not correct",
        ErrorCode::PasswordResetRequired => {
            "the user must reset their password at the institution before this item can be updated"
        }
        ErrorCode::UserSetupRequired => {
            "the account has not been fully set up. prompt the user to visit the issuing institution's site and finish the setup process"
        }
        ErrorCode::InstitutionDown | ErrorCode::InstitutionNotResponding => {
            "this institution is not currently responding to this request. please try again soon"
        }
        ErrorCode::InstitutionNotAvailable => "this institution is not available at this time",
        ErrorCode::NoAccounts => "no valid accounts were found for this item",
        _ => "the item is in an error state; see error_code",
    }
}

/// The errors an Item can be left in (the console's "set error"): the Item and institution errors Plaid's
/// sandbox simulates.
pub fn settable_item_errors() -> Vec<ErrorCode> {
    ErrorCode::ALL
        .iter()
        .copied()
        .filter(|code| {
            code.is_simulated_in_sandbox()
                && matches!(
                    code.error_type(),
                    ErrorType::ItemError | ErrorType::InstitutionError
                )
        })
        .collect()
}

impl ItemRecord {
    /// A new Item in good standing, with no webhook URL yet.
    pub fn new(
        item_id: ItemId,
        client_id: ClientId,
        institution: (Option<String>, Option<String>),
        products: Vec<Product>,
        created_at: DateTime<Utc>,
    ) -> Self {
        let (institution_id, institution_name) = institution;
        Self {
            item_id,
            client_id,
            institution_id,
            institution_name,
            webhook: None,
            products,
            created_at,
            login_required: false,
            error: None,
        }
    }

    /// The error the Item's data endpoints answer with, if any: a broken login first.
    pub fn current_error(&self) -> Option<ErrorCode> {
        if self.login_required {
            Some(ErrorCode::ItemLoginRequired)
        } else {
            self.error
        }
    }
}
