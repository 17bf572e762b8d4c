//! What the store writes and returns beyond the domain's own values.

use chrono::{DateTime, Utc};

use crate::domain::tokens::SecretHash;
use crate::domain::{
    Account, AccountId, ClientId, ItemId, ItemRecord, LinkOutcome, LinkSettings, Processor,
};
use crate::sandbox::link::Stage;

/// A new Item with its accounts, and how its creator will reach it.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub item: ItemRecord,
    pub accounts: Vec<Account>,
    pub grant: Grant,
}

/// The first token of a new Item.
#[derive(Debug, Clone)]
pub enum Grant {
    /// A public token its client exchanges for an access token (the Link flow).
    PublicToken {
        hash: SecretHash,
        expires_at: DateTime<Utc>,
    },
    /// A processor token for one of its accounts (`/sandbox/processor_token/create`).
    ProcessorToken(NewProcessorToken),
    /// An access token at once, without Link: Items seeded in bulk for size tests (`examples/seed_bulk.rs`).
    AccessToken(SecretHash),
}

/// A processor token: one account of one Item, for one processor partner.
#[derive(Debug, Clone)]
pub struct NewProcessorToken {
    pub hash: SecretHash,
    pub item_id: ItemId,
    pub account_id: AccountId,
    /// The partner it is for; `None` when its creator has no processor (sandbox: only the creator may use it).
    pub processor: Option<Processor>,
    /// The client that created it.
    pub client_id: ClientId,
    pub created_at: DateTime<Utc>,
}

/// What a valid processor token reaches.
#[derive(Debug, Clone)]
pub struct ProcessorTokenRecord {
    pub item: ItemRecord,
    pub account_id: AccountId,
    pub processor: Option<Processor>,
    pub creator: ClientId,
}

/// A Stripe bank account token, recorded so that removing the Item revokes it.
#[derive(Debug, Clone)]
pub struct NewStripeToken {
    pub hash: SecretHash,
    pub item_id: ItemId,
    pub account_id: AccountId,
    pub client_id: ClientId,
    pub created_at: DateTime<Utc>,
}

/// A link token: its hash, its client and what it asks of Link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkTokenRecord {
    pub hash: SecretHash,
    pub client_id: ClientId,
    pub settings: LinkSettings,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// When a session of the token added an Item.
    pub used_at: Option<DateTime<Utc>>,
}

/// A Link session: where it is, and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSessionRecord {
    pub link_session_id: String,
    pub token_hash: SecretHash,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Bumped by every saved step; a step saves only over the version it read.
    pub version: i64,
    pub stage: Stage,
    pub outcome: Option<LinkOutcome>,
}
