//! Link sessions over the store: starting and resuming them, applying the user's steps (the pure flow in
//! `sandbox::link`), finishing them by creating the Item (or repairing it in update mode), and Link's webhooks.

pub(crate) mod access;
pub(crate) mod finish;
mod notices;
mod session;

pub use access::{
    Authorized, LinkFlowError, PUBLIC_TOKEN_LIFETIME, authorize, find_session, institution,
    institution_of, save,
};
pub use finish::{document_uploaded, finish, upload_account};
pub use notices::reset_login;
pub use session::{exit, start, step};
