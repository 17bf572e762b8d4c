//! What the store writes and returns beyond the domain's own values.

use chrono::{DateTime, Utc};

use crate::domain::tokens::SecretHash;
use crate::domain::{
    Account, AccountId, ClientId, ClientRecord, ItemId, ItemRecord, LinkOutcome, LinkSettings,
    Processor,
};
use crate::sandbox::link::Stage;
use crate::wire::served::AccountForm;

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

/// A client read together with what a token in its request reaches: the client (`None` when there is no such
/// client, and then nothing else), and what the token reaches (`None` when it reaches nothing of the client).
/// The caller authenticates the client before using the rest.
pub type ClientWith<T> = (Option<ClientRecord>, Option<T>);

/// An Item with its accounts in served form, as a data endpoint reads them.
pub type ItemForms = (ItemRecord, Vec<AccountForm>);

/// What a processor token reaches, with its account in served form (`None` when the Item no longer has it).
pub type ProcessorForm = (ProcessorTokenRecord, Option<AccountForm>);

/// How often the read model answered the data requests' reads (a hit), how often the database was read
/// (a miss), and how often the database was asked whether anything was committed (a check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadModelCounts {
    pub hits: u64,
    pub misses: u64,
    pub checks: u64,
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

/// A login Link sent to an institution's OpenID Connect authorization server, waiting for its callback.
#[derive(Debug, Clone, PartialEq)]
pub struct OidcAuthorization {
    pub state_hash: SecretHash,
    /// The link token of the session (its hash).
    pub token_hash: SecretHash,
    pub link_session_id: String,
    pub institution_id: String,
    pub nonce_hash: SecretHash,
    /// PKCE's code verifier: the token request sends it, and only that request.
    pub pkce_verifier: String,
    /// Tartan's callback URL exactly as the authorization request named it.
    pub redirect_uri: String,
    /// Where the browser goes after the callback: the app's `redirect_uri` with `oauth_state_id`, or `None`
    /// when Link opened the login in a pop-up window.
    pub return_to: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What claiming a callback's `state` found.
#[derive(Debug, Clone, PartialEq)]
pub enum OidcClaim {
    /// No login has this state.
    Unknown,
    /// A callback already claimed it (a replay, or a reload of the callback page).
    AlreadyUsed,
    /// This callback is the one: the login, now consumed.
    Claimed(Box<OidcAuthorization>),
}

/// An Item that shows a provider account: where the change's webhooks go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirroredItem {
    pub item_id: crate::domain::ItemId,
    pub webhook: Option<String>,
}

/// The webhooks a change to a provider account makes for one Item that shows it, from the Item's copy
/// before and after (both with the Item's account id). Called inside the transaction that writes the change.
pub type MirrorWebhooks<'a> = dyn Fn(&MirroredItem, &Account, &Account) -> Vec<crate::webhooks::NewWebhook>
    + Send
    + Sync
    + 'a;

/// What became of one catalogue record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordOutcome {
    /// Stored; `items` Items showed the account and were updated, `webhooks` webhooks were queued.
    Saved { items: usize, webhooks: usize },
    /// Not stored, and why (it names a missing institution, user or account).
    Rejected(String),
}

/// A signed-in console session: only the hash of the id its cookie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleSessionRecord {
    pub hash: SecretHash,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A Link session as the console lists it, with the token that opened it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSessionListing {
    pub session: LinkSessionRecord,
    pub token: LinkTokenRecord,
}

/// A page of Items, newest first, and how many there are in all.
#[derive(Debug, Clone)]
pub struct ItemPage {
    pub items: Vec<ItemRecord>,
    pub total: i64,
}
