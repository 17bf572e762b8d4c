//! Request and response bodies, named and shaped as in Plaid's OpenAPI spec (2020-09-14).
//!
//! Responses emit every property of their schema, `null` where the schema allows it and Tartan has no value,
//! because the official SDKs are generated from a newer spec and reject missing keys.

mod account;
mod documents;
mod item;
mod jwk;
mod link;
mod numbers;
mod request_id;
mod requests;
mod sandbox_clock;
mod sandbox_failures;
pub mod served;
pub mod versions;

pub use account::{AccountBase, AccountIdentity, AccountIdentityMatchScore};
pub use documents::{
    AccountIdentityDocumentUpload, DocumentUploadResponse, IdentityDocumentsUploadsGetResponse,
};
pub use item::{Item, ItemError, ItemGetResponse, ItemWithConsentFields};
pub use jwk::JwkPublicKey;
pub use link::*;
pub use numbers::{AuthGetNumbers, AuthGetResponse, ProcessorAuthGetResponse, ProcessorNumbers};
pub use request_id::RequestId;
pub use requests::*;
pub use sandbox_clock::{SandboxClockAdvanceRequest, SandboxClockGetRequest, SandboxClockResponse};
pub use sandbox_failures::{
    SandboxFailures, SandboxFailuresEmptyRequest, SandboxFailuresResponse,
    SandboxFailuresSetRequest,
};

use serde::Serialize;

use crate::domain::StoredOwners;
use crate::domain::tokens::{AccessToken, ProcessorToken, PublicToken};

/// `{request_id}` alone, as `/item/remove` answers.
#[derive(Debug, Serialize)]
pub struct RequestIdOnly {
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct SandboxPublicTokenCreateResponse {
    pub public_token: PublicToken,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ItemPublicTokenExchangeResponse {
    pub access_token: AccessToken,
    pub item_id: String,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct AccountsGetResponse {
    pub accounts: Vec<AccountBase>,
    pub item: Item,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ProcessorTokenCreateResponse {
    pub processor_token: ProcessorToken,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct StripeBankAccountTokenCreateResponse {
    pub stripe_bank_account_token: String,
    pub request_id: RequestId,
}

/// `/processor/balance/get`.
#[derive(Debug, Serialize)]
pub struct ProcessorAccountResponse {
    pub account: AccountBase,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ProcessorAccountGetResponse {
    pub account: AccountBase,
    pub institution_id: String,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ProcessorIdentityGetResponse {
    pub account: AccountIdentity<StoredOwners>,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ItemWebhookUpdateResponse {
    pub item: Item,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct WebhookVerificationKeyGetResponse {
    pub key: JwkPublicKey,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct SandboxItemFireWebhookResponse {
    pub webhook_fired: bool,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct IdentityMatchResponse {
    pub accounts: Vec<AccountIdentityMatchScore>,
    pub item: Item,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct ProcessorIdentityMatchResponse {
    pub account: AccountIdentityMatchScore,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct IdentityGetResponse {
    pub accounts: Vec<AccountIdentity<StoredOwners>>,
    pub item: Item,
    pub request_id: RequestId,
}
