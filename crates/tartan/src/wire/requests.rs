//! Request bodies. Fields the spec defines but Tartan does not act on are accepted as `IgnoredAny`, so they
//! are not reported as unknown; `client_id`/`secret` are taken out before these are parsed.

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::domain::{Processor, Product};

#[derive(Debug, Deserialize)]
pub struct SandboxPublicTokenCreateRequest {
    pub institution_id: String,
    pub initial_products: Vec<Product>,
    pub options: Option<SandboxPublicTokenCreateOptions>,
    pub user_token: Option<IgnoredAny>,
    pub user_id: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SandboxPublicTokenCreateOptions {
    pub webhook: Option<String>,
    pub override_username: Option<String>,
    pub override_password: Option<String>,
    pub transactions: Option<IgnoredAny>,
    pub statements: Option<IgnoredAny>,
    pub income_verification: Option<IgnoredAny>,
}

/// The sandbox user an Item is made from (default `user_good`).
#[derive(Debug, Default, Deserialize)]
pub struct SandboxCredentials {
    pub override_username: Option<String>,
    pub override_password: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SandboxProcessorTokenCreateRequest {
    pub institution_id: String,
    pub options: Option<SandboxCredentials>,
}

#[derive(Debug, Deserialize)]
pub struct ProcessorTokenCreateRequest {
    pub access_token: String,
    pub account_id: String,
    pub processor: Processor,
}

#[derive(Debug, Deserialize)]
pub struct StripeBankAccountTokenCreateRequest {
    pub access_token: String,
    pub account_id: String,
}

/// `/processor/auth/get`: a processor token and nothing else.
#[derive(Debug, Deserialize)]
pub struct ProcessorAuthGetRequest {
    pub processor_token: String,
}

/// `/processor/identity/get`: the same shape.
pub type ProcessorIdentityGetRequest = ProcessorAuthGetRequest;
/// `/processor/account/get`: the same shape.
pub type ProcessorAccountGetRequest = ProcessorAuthGetRequest;

#[derive(Debug, Deserialize)]
pub struct ProcessorBalanceGetRequest {
    pub processor_token: String,
    pub options: Option<AccountsBalanceGetRequestOptions>,
}

/// Plaid's `AccountsBalanceGetRequestOptions` (also the shape of `ProcessorBalanceGetRequestOptions`).
#[derive(Debug, Default, Deserialize)]
pub struct AccountsBalanceGetRequestOptions {
    pub account_ids: Option<Vec<String>>,
    pub min_last_updated_datetime: Option<String>,
}

/// `/accounts/balance/get`.
#[derive(Debug, Deserialize)]
pub struct AccountsBalanceGetRequest {
    pub access_token: String,
    pub options: Option<AccountsBalanceGetRequestOptions>,
}

#[derive(Debug, Deserialize)]
pub struct ItemWebhookUpdateRequest {
    pub access_token: String,
    pub webhook: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct WebhookVerificationKeyGetRequest {
    pub key_id: String,
}

#[derive(Debug, Deserialize)]
pub struct SandboxItemFireWebhookRequest {
    pub access_token: String,
    pub webhook_code: String,
    /// Plaid's enum lacks `IDENTITY`, which its docs list for `DEFAULT_UPDATE`; a string accepts it.
    pub webhook_type: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct IdentityMatchRequest {
    pub access_token: String,
    pub user: Option<IdentityMatchUser>,
    pub options: Option<AccountsGetRequestOptions>,
}

#[derive(Debug, Deserialize)]
pub struct ProcessorIdentityMatchRequest {
    pub processor_token: String,
    pub user: Option<IdentityMatchUser>,
}

/// Plaid's `IdentityMatchUser`: every field optional.
#[derive(Debug, Deserialize)]
pub struct IdentityMatchUser {
    pub legal_name: Option<String>,
    pub phone_number: Option<String>,
    pub email_address: Option<String>,
    pub address: Option<MatchUserAddress>,
}

/// Plaid's `AddressDataNullableNoRequiredFields`.
#[derive(Debug, Deserialize)]
pub struct MatchUserAddress {
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ItemPublicTokenExchangeRequest {
    pub public_token: String,
}

/// `/item/get`: an access token and nothing else.
#[derive(Debug, Deserialize)]
pub struct ItemGetRequest {
    pub access_token: String,
}

#[derive(Debug, Deserialize)]
pub struct ItemRemoveRequest {
    pub access_token: String,
    pub reason_code: Option<ItemRemoveReasonCode>,
    pub reason_note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemRemoveReasonCode {
    FraudFirstParty,
    FraudFalseIdentity,
    FraudAbuse,
    FraudOther,
    ConnectionIsNonFunctional,
    Other,
}

/// `/accounts/get`: an Item and an optional account filter.
#[derive(Debug, Deserialize)]
pub struct AccountsGetRequest {
    pub access_token: String,
    pub options: Option<AccountsGetRequestOptions>,
}

/// `/auth/get`: the same shape (`AuthGetRequestOptions` is `account_ids` too).
pub type AuthGetRequest = AccountsGetRequest;
/// `/identity/get`: the same shape.
pub type IdentityGetRequest = AccountsGetRequest;
/// `/identity/documents/uploads/get`: the same shape.
pub type IdentityDocumentsUploadsGetRequest = AccountsGetRequest;

/// Plaid's `AccountsGetRequestOptions`.
#[derive(Debug, Default, Deserialize)]
pub struct AccountsGetRequestOptions {
    pub account_ids: Option<Vec<String>>,
}

impl AccountsGetRequest {
    pub fn account_ids(&self) -> Option<&[String]> {
        self.options.as_ref()?.account_ids.as_deref()
    }
}
