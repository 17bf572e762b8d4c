//! Domain values shared by the http layer, the store and the sandbox: Plaid's account, owner and item
//! vocabulary with the invariants parsed in, and nothing that does I/O.

mod account;
mod api_version;
mod client;
mod document;
mod environment;
mod error_code;
mod ids;
mod item;
mod link;
mod money;
mod processor;
mod product;
pub mod tokens;

pub use account::{
    Account, AccountSubtype, AccountType, AchNumbers, Address, AddressData, BacsNumbers, Balances,
    EftNumbers, Email, EmailType, InternationalNumbers, Numbers, Owner, PhoneNumber, PhoneType,
    ServedAccount, StoredOwners,
};
pub use api_version::ApiVersion;
pub use client::{ClientRecord, RetiringSecret};
pub use document::{Document, DocumentAnalysis, DocumentRiskSignal};
pub use environment::Environment;
pub use error_code::{ErrorCode, ErrorType};
pub use ids::{AccountId, ClientId, ItemId};
pub use item::ItemRecord;
pub use link::{
    AccountFilters, ExitMetadata, HostedLink, IdentitySettings, LinkAccount, LinkError, LinkExit,
    LinkInstitution, LinkOutcome, LinkSettings, LinkSuccess, SuccessMetadata, UpdateMode,
    selectable_accounts,
};
pub use money::Money;
pub use processor::Processor;
pub use product::Product;
