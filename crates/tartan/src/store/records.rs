//! What the store writes and returns beyond the domain's own values.

use chrono::{DateTime, Utc};

use crate::domain::tokens::SecretHash;
use crate::domain::{Account, AccountId, ClientId, ItemId, ItemRecord, Processor};

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
