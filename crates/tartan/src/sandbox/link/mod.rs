//! The sandbox Link flow: a pure state machine over [`Stage`]s, the MFA challenges of sandbox passwords
//! ([`mfa`]), Plaid's Link-time errors, and what the Link frame draws for each stage.

mod errors;
mod flow;
pub mod mfa;
mod stage;
mod view;

pub use errors::{failed, link_error};
pub use flow::{document_uploaded, first_stage, is_oauth, step};
pub use stage::{Action, MAX_CREDENTIAL_FAILURES, Next, OutOfTurn, Stage};
pub use view::{View, institution_list, view};

#[cfg(test)]
mod tests;
