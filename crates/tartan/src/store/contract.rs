//! The store's contract: domain-level methods, so handlers never see SQL and a backend can be added without
//! touching them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::error::StoreError;
use super::records::{
    ClientWith, ConsoleSessionRecord, ItemForms, ItemPage, LinkSessionListing, LinkSessionRecord,
    LinkTokenRecord, MirrorWebhooks, NewItem, NewProcessorToken, NewStripeToken, OidcAuthorization,
    OidcClaim, ProcessorForm, ProcessorTokenRecord, ReadModelCounts, RecordOutcome,
};
use crate::domain::tokens::SecretHash;
use crate::domain::{
    Account, AccountId, AuditEntry, ClientId, ClientRecord, ClockOffset, Document, EndUser,
    ErrorCode, FailureRules, ItemId, ItemRecord, Owner, Product, ProviderAccount,
    ProviderInstitution, ProviderLink, ProviderRecord, ServedAccount,
};
use crate::webhooks::{
    Attempt, ClaimLimits, ClaimedWebhook, Finished, NewWebhook, OutboxStats, WebhookDetail,
    WebhookKey, WebhookSummary,
};
use crate::wire::served::FormShape;

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

    /// The client `client_id` and the Item an access token of that client reaches, read together (a backend
    /// may answer in one round trip). The caller must authenticate the client before using the Item. The Item
    /// is `None` when the client is.
    async fn find_client_with_item(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
    ) -> Result<ClientWith<ItemRecord>, StoreError>;

    /// Whether [`Store::find_client_with_item`] saves a round trip (a database over the network); where it
    /// does not (an SQLite file) a request that is not a data request reads its client alone.
    fn reads_item_with_client(&self) -> bool {
        false
    }

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

    /// All a data endpoint reads, together: the client `client_id`, and the Item an access token of that
    /// client reaches with its accounts in served form, of `shape` (the fragments the response sends), in the
    /// institution's order. One read transaction on an SQLite file, one statement on PostgreSQL. The caller
    /// must authenticate the client before using the rest.
    async fn find_client_with_item_forms(
        &self,
        client_id: &ClientId,
        access_token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ItemForms>, StoreError>;

    /// [`Store::find_client_with_item_forms`] for the processor endpoints: the client, and what a processor
    /// token reaches with its account's form of `shape` (`None` if the Item no longer has the account).
    async fn find_client_with_processor_form(
        &self,
        client_id: &ClientId,
        token: &SecretHash,
        shape: FormShape,
    ) -> Result<ClientWith<ProcessorForm>, StoreError>;

    /// Issues a processor token for an account of an Item.
    async fn create_processor_token(&self, token: &NewProcessorToken) -> Result<(), StoreError>;

    /// What a processor token reaches, if it is valid (its Item not removed).
    async fn find_processor_token(
        &self,
        token: &SecretHash,
    ) -> Result<Option<ProcessorTokenRecord>, StoreError>;

    /// [`Store::find_processor_token`] with the token's account as served (`None` if the Item no longer has
    /// it), read together (a backend may answer in one round trip).
    async fn find_processor_token_with_account(
        &self,
        token: &SecretHash,
    ) -> Result<Option<(ProcessorTokenRecord, Option<ServedAccount>)>, StoreError>;

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

    /// How often the data routes' reads were answered by the read model and how often from the database;
    /// `None` where there is no read model (turned off, or an in-memory database).
    fn read_model_counts(&self) -> Option<ReadModelCounts> {
        None
    }

    /// Drops what the database library caches only for speed (SQLite's unused cached pages, on every
    /// connection), so that an idle server gives that memory back; the next reads fill the caches again.
    async fn release_idle_memory(&self) -> Result<(), StoreError>;

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

    /// Records a login Link sent to an OpenID Connect authorization server.
    async fn create_oidc_authorization(
        &self,
        authorization: &OidcAuthorization,
    ) -> Result<(), StoreError>;
    /// Claims the login whose `state` hashes to `state_hash` for the one callback that presents it first, at
    /// `now`: of concurrent callbacks on any instances, exactly one gets `Claimed`. Expiry is the caller's
    /// to judge.
    async fn claim_oidc_authorization(
        &self,
        state_hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<OidcClaim, StoreError>;
    /// Whether a login with this `state` waits (`Some(false)`), was claimed (`Some(true)`) or is unknown
    /// (`None`), without claiming it: the callback page checks, the Link frame's completion claims.
    async fn oidc_authorization_consumed(
        &self,
        state_hash: &SecretHash,
    ) -> Result<Option<bool>, StoreError>;

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

    // ---- data providers (production) ----

    /// Upserts catalogue records in one transaction, in order. An Item that shows a changed account gets the
    /// new data under its own account id, with the webhooks `webhooks_for` makes, in the same transaction. A
    /// record naming a missing institution, user or account is rejected; the others apply.
    async fn apply_provider_records(
        &self,
        records: &[ProviderRecord],
        webhooks_for: &MirrorWebhooks<'_>,
    ) -> Result<Vec<RecordOutcome>, StoreError>;
    async fn find_provider_institution(
        &self,
        institution_id: &str,
    ) -> Result<Option<ProviderInstitution>, StoreError>;
    async fn list_provider_institutions(&self) -> Result<Vec<ProviderInstitution>, StoreError>;
    async fn find_end_user(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<Option<EndUser>, StoreError>;
    /// The end user whose `oidc_subject` is `subject`, else the one whose `user_id` is.
    async fn find_end_user_by_subject(
        &self,
        institution_id: &str,
        subject: &str,
    ) -> Result<Option<EndUser>, StoreError>;
    /// Users by `user_id`, after `after`, at most `limit`.
    async fn list_end_users(
        &self,
        institution_id: &str,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<EndUser>, StoreError>;
    /// The user's accounts in the provider's order.
    async fn list_provider_accounts(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<Vec<ProviderAccount>, StoreError>;
    /// Replaces the institutions the client may link.
    async fn set_client_institutions(
        &self,
        client_id: &ClientId,
        institution_ids: &[String],
    ) -> Result<(), StoreError>;
    async fn list_client_institutions(
        &self,
        client_id: &ClientId,
    ) -> Result<Vec<String>, StoreError>;
    /// Creates an Item like `create_item`, recording its end user and the provider account behind each of its
    /// accounts, all or nothing.
    async fn create_provider_item(
        &self,
        new: &NewItem,
        link: &ProviderLink,
    ) -> Result<(), StoreError>;
    /// The Items the end user's logins created, oldest first.
    async fn list_provider_items(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<Vec<ItemRecord>, StoreError>;
    /// Deletes the Item with every token derived from it and queues `notice`, in one transaction; `false`
    /// when there is no such Item.
    async fn revoke_item(
        &self,
        item_id: &ItemId,
        notice: Option<&crate::webhooks::NewWebhook>,
    ) -> Result<bool, StoreError>;
    async fn record_login_failure(
        &self,
        institution_id: &str,
        user_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Failed logins of the user after `since`, counted across instances.
    async fn count_login_failures(
        &self,
        institution_id: &str,
        user_id: &str,
        since: DateTime<Utc>,
    ) -> Result<i64, StoreError>;
    async fn clear_login_failures(
        &self,
        institution_id: &str,
        user_id: &str,
    ) -> Result<(), StoreError>;
    /// Deletes failed logins older than `before` (they no longer count); returns how many.
    async fn delete_login_failures_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
    async fn record_audit(&self, entry: &AuditEntry) -> Result<(), StoreError>;
    /// The newest audit entries first.
    async fn list_audit(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError>;

    // ---- the operator console ----

    /// Records a signed-in console session.
    async fn create_console_session(
        &self,
        session: &ConsoleSessionRecord,
    ) -> Result<(), StoreError>;

    /// The console session with this hash, if it has not expired by `now`.
    async fn find_console_session(
        &self,
        hash: &SecretHash,
        now: DateTime<Utc>,
    ) -> Result<Option<ConsoleSessionRecord>, StoreError>;

    /// Ends a console session (sign out).
    async fn delete_console_session(&self, hash: &SecretHash) -> Result<(), StoreError>;

    /// Deletes console sessions that expired before `now`; returns how many.
    async fn delete_expired_console_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Items of every client, newest first: `limit` of them after the first `offset`.
    async fn list_items(&self, limit: i64, offset: i64) -> Result<ItemPage, StoreError>;

    /// Sets the Item's error (`Some((code, since))`) other than a broken login, or clears it (`None`).
    async fn set_item_error(
        &self,
        item_id: &ItemId,
        error: Option<(ErrorCode, DateTime<Utc>)>,
    ) -> Result<(), StoreError>;

    /// Replaces one of the Item's accounts with `account` (same id); `false` if the account is not the Item's.
    async fn replace_account(
        &self,
        item_id: &ItemId,
        account: &Account,
    ) -> Result<bool, StoreError>;

    /// The most recent Link sessions of every token, newest first, each with its token.
    async fn list_recent_link_sessions(
        &self,
        limit: i64,
    ) -> Result<Vec<LinkSessionListing>, StoreError>;

    /// One webhook with its body and delivery state.
    async fn find_webhook(&self, webhook_id: &str) -> Result<Option<WebhookDetail>, StoreError>;

    /// The Item's webhooks, newest first.
    async fn list_item_webhooks(
        &self,
        item_id: &ItemId,
        limit: i64,
    ) -> Result<Vec<WebhookSummary>, StoreError>;

    /// Makes an undelivered webhook that no instance is attempting due at `now` (a given-up one pending
    /// again); `false` when it is delivered, in flight or unknown.
    async fn retry_webhook_now(
        &self,
        webhook_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    // ---- sandbox controls ----

    /// Moves the client's clock `by` further ahead and, in the same transaction, brings the pending webhooks of
    /// its Items as much closer (their next attempt and their retry window). Returns the new offset, or `None`
    /// when the client is unknown or the offset would pass [`ClockOffset::MAX`].
    async fn advance_client_clock(
        &self,
        client_id: &ClientId,
        by: chrono::Duration,
    ) -> Result<Option<ClockOffset>, StoreError>;

    /// Replaces (or with `None` clears) the client's forced failures, read with the client from then on.
    async fn set_client_failures(
        &self,
        client_id: &ClientId,
        rules: Option<&FailureRules>,
    ) -> Result<(), StoreError>;

    /// Takes one request of the client's `RATE_LIMIT_EXCEEDED` burst; `true` if one was left (atomic across
    /// instances).
    async fn take_rate_limit_burst(&self, client_id: &ClientId) -> Result<bool, StoreError>;
}
