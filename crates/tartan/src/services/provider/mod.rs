//! Data providers in production: their catalogue (records, bulk import, the webhooks its changes cause),
//! their end users' logins in Link, revoking Items, and the audit log.
//!
//! This file only declares; the files below import each other directly.

pub mod audit;
pub mod catalogue;
pub mod import;
pub mod link;
pub mod passwords;
pub mod records;
pub mod revoke;
