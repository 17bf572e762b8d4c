//! The store's contract: domain-level methods, so handlers never see SQL and a backend can be added without
//! touching them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::error::StoreError;
use super::records::{
    LinkSessionRecord, LinkTokenRecord, NewItem, NewProcessorToken, NewStripeToken,
    ProcessorTokenRecord,
};
use crate::domain::tokens::SecretHash;
use crate::domain::{
    Account, AccountId, ClientId, ClientRecord, Document, ItemId, ItemRecord, Owner, Product,
    ServedAccount,
};
use crate::webhooks::{
    Attempt, ClaimLimits, ClaimedWebhook, Finished, NewWebhook, OutboxStats, WebhookKey,
    WebhookSummary,
};

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Registers a client, or replaces the name and secret of an existing one with the same `client_id`.
    async fn save_client(&self, client: &ClientRecord) -> Result<(), StoreError>;
    async fn find_client(&self, client_id: &ClientId) -> Result<Option<ClientRecord>, StoreError>;
    async fn list_clients(&self) -> Result<Vec<ClientRecord>, StoreError>;

    /// Stores the Item, its accounts and its first token, all or nothing.
    async fn create_item(&self, new: &NewItem) -> Result<(), StoreError>;

    /// Stores many Items in one transaction, all or nothing (bulk seeding).
    async fn create_items(&self, items: &[NewItem]) -> Result<(), StoreError>;

    /// Consumes an unexpired, unused public token of `client_id` and issues `access_token` for its Item,
    /// atomically: of concurrent exchanges of one token, exactly one gets `Some`.
    async fn exchange_public_token(
        &self,
        client_id: &ClientId,
        public_token: &SecretHash,
        access_token: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ItemId>, StoreError>;

    /// The Item an access token of `client_id` reaches, if the token is valid.
    async fn find_item_by_access_token(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<Option<ItemRecord>, StoreError>;

    /// An Item by id (for operators; API clients reach Items only through tokens).
    async fn find_item(&self, item_id: &ItemId) -> Result<Option<ItemRecord>, StoreError>;

    /// The Item's accounts in the institution's order.
    async fn list_accounts(&self, item_id: &ItemId) -> Result<Vec<Account>, StoreError>;

    /// The Item's accounts in the institution's order, as the data endpoints serve them (owners unparsed).
    async fn list_served_accounts(
        &self,
        item_id: &ItemId,
    ) -> Result<Vec<ServedAccount>, StoreError>;

    /// One account of the Item, as served, if the Item has it.
    async fn find_served_account(
        &self,
        item_id: &ItemId,
        account_id: &AccountId,
    ) -> Result<Option<ServedAccount>, StoreError>;

    /// Issues a processor token for an account of an Item.
    async fn create_processor_token(&self, token: &NewProcessorToken) -> Result<(), StoreError>;

    /// What a processor token reaches, if it is valid (its Item not removed).
    async fn find_processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError>;

    /// Records a Stripe bank account token.
    async fn create_stripe_token(&self, token: &NewStripeToken) -> Result<(), StoreError>;

    /// Whether a Stripe bank account token is recorded and not revoked.
    async fn stripe_token_exists(&self, token: &SecretHash) -> Result<bool, StoreError>;

    /// Adds products to an Item (Plaid adds a product when its endpoint is first called).
    async fn add_products(&self, item_id: &ItemId, products: &[Product]) -> Result<(), StoreError>;

    /// Deletes the Item with its accounts and every token derived from it.
    async fn remove_item(&self, item_id: &ItemId) -> Result<(), StoreError>;

    /// Deletes public tokens that were exchanged or expired before `now`; returns how many.
    async fn delete_spent_public_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Takes or renews the lease `name` for `holder` until `now + ttl`, if it is free, lapsed or already
    /// `holder`'s. Of several instances asking at once, exactly one gets `true`.
    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: chrono::Duration,
    ) -> Result<bool, StoreError>;

    /// Counts one request in `bucket`'s window that starts at `window_start` and returns the window's count,
    /// atomically across instances.
    async fn count_rate_limit_hit(
        &self,
        bucket: &str,
        window_start: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Deletes rate-limit windows that started before `before`; returns how many.
    async fn delete_rate_limit_windows_before(
        &self,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError>;

    /// Whether the database answers (readiness).
    async fn ping(&self) -> Result<(), StoreError>;

    /// Webhooks waiting in the outbox for delivery (a gauge for `/metrics`).
    async fn pending_webhook_count(&self) -> Result<i64, StoreError>;

    /// Pooled database connections in use now, and the pool's size limit.
    fn connections_in_use(&self) -> (u32, u32);

    // ---- Link ----

    async fn create_link_token(&self, token: &LinkTokenRecord) -> Result<(), StoreError>;
    async fn find_link_token(
        &self,
        hash: &SecretHash,
    ) -> Result<Option<LinkTokenRecord>, StoreError>;
    async fn create_link_session(&self, session: &LinkSessionRecord) -> Result<(), StoreError>;
    /// A session of the token `token`.
    async fn find_link_session(
        &self,
        token: &SecretHash,
        link_session_id: &str,
    ) -> Result<Option<LinkSessionRecord>, StoreError>;
    /// The token's sessions, oldest first.
    async fn list_link_sessions(
        &self,
        token: &SecretHash,
    ) -> Result<Vec<LinkSessionRecord>, StoreError>;
    /// Saves a step of the session if nobody saved one since it was read at `session.version`; `false` when
    /// someone did. A success also marks the token used.
    async fn save_link_session(&self, session: &LinkSessionRecord) -> Result<bool, StoreError>;
    /// Deletes link tokens that expired before `before`, with their sessions; returns how many tokens.
    async fn delete_expired_link_tokens(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Marks the Item as needing its login repaired in update mode (`Some(since)`), or repaired (`None`).
    async fn set_login_required(
        &self,
        item_id: &ItemId,
        since: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError>;
    /// Issues another public token for an existing Item (update mode).
    async fn create_public_token(
        &self,
        item_id: &ItemId,
        client_id: &ClientId,
        hash: &SecretHash,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    // ---- statements ----

    /// Stores an uploaded statement with its analysis.
    async fn insert_document(
        &self,
        document: &Document,
        sha256: &str,
        file: &[u8],
    ) -> Result<(), StoreError>;

    /// The Item's statements (without the files), oldest first.
    async fn list_documents(&self, item_id: &ItemId) -> Result<Vec<Document>, StoreError>;

    // ---- webhooks ----

    /// The key that signs webhooks now: the newest unexpired one.
    async fn current_webhook_key(&self) -> Result<Option<WebhookKey>, StoreError>;

    /// Any key ever used, expired or not, so receivers can verify older webhooks.
    async fn find_webhook_key(&self, key_id: &str) -> Result<Option<WebhookKey>, StoreError>;

    /// Makes `key` the signing key and marks the keys before it expired (they stay verifiable).
    async fn rotate_webhook_key(&self, key: &WebhookKey) -> Result<(), StoreError>;

    /// Writes a webhook to the outbox.
    async fn enqueue_webhook(&self, webhook: &NewWebhook) -> Result<(), StoreError>;

    /// Sets (or with `None` clears) the Item's webhook URL, and enqueues `acknowledgement` in the same
    /// transaction.
    async fn set_item_webhook(
        &self,
        item_id: &ItemId,
        url: Option<&str>,
        acknowledgement: Option<&NewWebhook>,
    ) -> Result<(), StoreError>;

    /// Replaces an account's owners and, in the same transaction, enqueues the webhook `webhook_for` makes
    /// from the previous owners (if any). Returns the previous owners, or `None` if the account is not the
    /// Item's. Concurrent replacements of one account are serialized.
    async fn replace_owners(
        &self,
        item_id: &ItemId,
        account_id: &AccountId,
        owners: &[Owner],
        webhook_for: &(dyn for<'a> Fn(&'a [Owner]) -> Option<NewWebhook> + Send + Sync),
    ) -> Result<Option<Vec<Owner>>, StoreError>;

    /// Leases due webhooks to `holder` until `lease_until`, within `limits`: the most overdue first, skipping
    /// Items that have a webhook leased (so each Item's webhooks go out in order) and excluded destinations.
    /// Of several instances asking at once, exactly one gets a given webhook.
    async fn claim_due_webhooks(
        &self,
        holder: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limits: &ClaimLimits,
    ) -> Result<Vec<ClaimedWebhook>, StoreError>;

    /// Records attempts made under `holder`'s leases and moves each webhook on, and hands the `released`
    /// webhooks back unattempted, in one transaction; an entry whose lease was lost is ignored.
    async fn finish_webhook_attempts(
        &self,
        holder: &str,
        finished: &[Finished],
        released: &[String],
    ) -> Result<(), StoreError>;

    /// Hands back every lease `holder` holds (at shutdown), so another instance takes the webhooks at once.
    async fn release_webhook_leases(&self, holder: &str) -> Result<u64, StoreError>;

    /// The outbox's depth and recent delivery latency.
    async fn webhook_outbox_stats(&self, now: DateTime<Utc>) -> Result<OutboxStats, StoreError>;

    /// The most recent webhooks with their delivery state, newest first.
    async fn list_webhooks(&self, limit: i64) -> Result<Vec<WebhookSummary>, StoreError>;

    /// The attempts made to deliver one webhook, in order.
    async fn list_webhook_attempts(&self, webhook_id: &str) -> Result<Vec<Attempt>, StoreError>;
}
