//! An API client of Tartan: an app, or a processor partner.

use chrono::{DateTime, Utc};

use super::ids::ClientId;
use super::processor::Processor;
use super::tokens::SecretHash;

/// An API client as stored: the secret only as its hash.
#[derive(Debug, Clone)]
pub struct ClientRecord {
    pub client_id: ClientId,
    pub name: String,
    pub secret_hash: SecretHash,
    /// Set for processor partners: the processor whose tokens this client may use.
    pub processor: Option<Processor>,
    pub created_at: DateTime<Utc>,
}
