//! Domain values shared by the http layer, the store and the sandbox: Plaid's account, owner and item
//! vocabulary with the invariants parsed in, and nothing that does I/O.

mod account;
mod api_version;
mod client;
mod clock;
mod document;
pub mod entropy;
mod environment;
mod error_code;
mod failures;
mod ids;
mod item;
mod link;
mod money;
mod processor;
mod product;
mod provider;
pub mod tokens;

pub use account::{
    Account, AccountSubtype, AccountType, AchNumbers, Address, AddressData, BacsNumbers, Balances,
    EftNumbers, Email, EmailType, InternationalNumbers, Numbers, Owner, PhoneNumber, PhoneType,
    ServedAccount, StoredOwners,
};
pub use api_version::ApiVersion;
pub use client::{ClientRecord, RetiringSecret};
pub use clock::ClockOffset;
pub use document::{Document, DocumentAnalysis, DocumentRiskSignal};
pub use environment::Environment;
pub use error_code::{ErrorCode, ErrorType};
pub use failures::{
    FailureRules, MAX_BURST, MAX_LATENCY_MS, MAX_WEBHOOK_DELAY_SECS, OUT_OF_ORDER_WINDOW_MS,
};
pub use ids::{AccountId, ClientId, ItemId};
pub use item::{ItemRecord, item_error_message, settable_item_errors};
pub use link::{
    AccountFilters, ExitMetadata, HostedLink, IdentitySettings, LinkAccount, LinkError, LinkExit,
    LinkInstitution, LinkOutcome, LinkSettings, LinkSuccess, SuccessMetadata, UpdateMode,
    selectable_accounts,
};
pub use money::Money;
pub use processor::Processor;
pub use product::Product;
pub use provider::{
    AuditEntry, EndUser, InstitutionLogin, ProviderAccount, ProviderInstitution, ProviderLink,
    ProviderRecord, ProviderSecret,
};
