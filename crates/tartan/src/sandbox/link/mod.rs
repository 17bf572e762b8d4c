//! The sandbox Link flow: a pure state machine ([`flow`]), the MFA challenges of sandbox passwords ([`mfa`]),
//! and what the Link frame draws for each stage ([`view`]).

mod flow;
pub mod mfa;
mod view;

pub use flow::{
    Action, MAX_CREDENTIAL_FAILURES, Next, OutOfTurn, Stage, document_uploaded, failed,
    first_stage, is_oauth, link_error, step,
};
pub use view::{View, institution_list, view};

#[cfg(test)]
mod tests;
