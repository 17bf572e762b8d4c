//! `/link/token/*`, `/institutions/*` and `/sandbox/item/reset_login` bodies, and the Link frame's session
//! requests (docs/link.md).

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::request_id::RequestId;
use crate::domain::tokens::LinkToken;
use crate::domain::{LinkAccount, LinkError, LinkExit, LinkInstitution, LinkSuccess, Product};

/// `/link/token/create`. Fields Tartan does not act on are accepted and ignored.
#[derive(Debug, Deserialize)]
pub struct LinkTokenCreateRequest {
    pub client_name: String,
    pub language: String,
    pub country_codes: Vec<String>,
    pub user: Option<LinkTokenCreateUser>,
    pub user_id: Option<String>,
    pub products: Option<Vec<String>>,
    pub webhook: Option<String>,
    pub access_token: Option<String>,
    pub redirect_uri: Option<String>,
    pub account_filters: Option<Value>,
    pub update: Option<LinkTokenCreateUpdate>,
    pub hosted_link: Option<LinkTokenCreateHostedLink>,
    pub identity: Option<LinkTokenCreateIdentity>,
    pub required_if_supported_products: Option<IgnoredAny>,
    pub optional_products: Option<IgnoredAny>,
    pub additional_consented_products: Option<IgnoredAny>,
    pub access_tokens: Option<IgnoredAny>,
    pub link_customization_name: Option<IgnoredAny>,
    pub appearance_mode: Option<IgnoredAny>,
    pub android_package_name: Option<IgnoredAny>,
    pub institution_data: Option<IgnoredAny>,
    pub card_switch: Option<IgnoredAny>,
    pub eu_config: Option<IgnoredAny>,
    pub institution_id: Option<IgnoredAny>,
    pub payment_configuration: Option<IgnoredAny>,
    pub payment_initiation: Option<IgnoredAny>,
    pub employment: Option<IgnoredAny>,
    pub income_verification: Option<IgnoredAny>,
    pub base_report: Option<IgnoredAny>,
    pub credit_partner_insights: Option<IgnoredAny>,
    pub cra_options: Option<IgnoredAny>,
    pub consumer_report_permissible_purpose: Option<IgnoredAny>,
    pub auth: Option<IgnoredAny>,
    pub transfer: Option<IgnoredAny>,
    pub identity_verification: Option<IgnoredAny>,
    pub statements: Option<IgnoredAny>,
    pub third_party_user_token: Option<IgnoredAny>,
    pub investments: Option<IgnoredAny>,
    pub investments_auth: Option<IgnoredAny>,
    pub transactions: Option<IgnoredAny>,
    pub cashflow_report: Option<IgnoredAny>,
    pub cra_enabled: Option<IgnoredAny>,
    pub financekit_supported: Option<IgnoredAny>,
    pub enable_multi_item_link: Option<IgnoredAny>,
    pub user_token: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
pub struct LinkTokenCreateUser {
    pub client_user_id: String,
    pub legal_name: Option<IgnoredAny>,
    pub name: Option<IgnoredAny>,
    pub phone_number: Option<IgnoredAny>,
    pub phone_number_verified_time: Option<IgnoredAny>,
    pub email_address: Option<IgnoredAny>,
    pub email_address_verified_time: Option<IgnoredAny>,
    pub ssn: Option<IgnoredAny>,
    pub date_of_birth: Option<IgnoredAny>,
    pub address: Option<IgnoredAny>,
    pub id_number: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LinkTokenCreateUpdate {
    pub account_selection_enabled: Option<bool>,
    pub reauthorization_enabled: Option<IgnoredAny>,
    pub user: Option<IgnoredAny>,
    pub item_ids: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LinkTokenCreateHostedLink {
    pub completion_redirect_uri: Option<String>,
    pub url_lifetime_seconds: Option<i64>,
    pub delivery_method: Option<IgnoredAny>,
    pub is_mobile_app: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LinkTokenCreateIdentity {
    pub account_ids: Option<Vec<String>>,
    pub is_document_upload: Option<bool>,
    pub parsing_configs: Option<IgnoredAny>,
}

#[derive(Debug, Serialize)]
pub struct LinkTokenCreateResponse {
    pub link_token: LinkToken,
    pub expiration: String,
    pub request_id: RequestId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_link_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LinkTokenGetRequest {
    pub link_token: String,
}

#[derive(Debug, Deserialize)]
pub struct SandboxItemResetLoginRequest {
    pub access_token: String,
}

#[derive(Debug, Serialize)]
pub struct LinkTokenGetResponse {
    pub link_token: String,
    pub created_at: Option<String>,
    pub expiration: Option<String>,
    pub link_sessions: Vec<LinkTokenGetSession>,
    pub metadata: LinkTokenGetMetadata,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct LinkTokenGetMetadata {
    pub initial_products: Vec<Product>,
    pub webhook: Option<String>,
    pub country_codes: Vec<String>,
    pub language: Option<String>,
    pub account_filters: Value,
    pub redirect_uri: Option<String>,
    pub client_name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LinkTokenGetSession {
    pub link_session_id: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub on_success: Option<LinkSessionSuccess>,
    pub exit: Option<LinkExit>,
    pub events: Vec<Value>,
    pub results: Option<LinkSessionResults>,
}

/// `on_success` as `/link/token/get` reports it: the page's `onSuccess` without its extra `public_token` key.
#[derive(Debug, Serialize)]
pub struct LinkSessionSuccess {
    pub public_token: String,
    pub metadata: LinkSessionSuccessMetadata,
}

#[derive(Debug, Serialize)]
pub struct LinkSessionSuccessMetadata {
    pub institution: Option<LinkInstitution>,
    pub accounts: Vec<LinkAccount>,
    pub link_session_id: String,
    pub transfer_status: Option<String>,
}

impl From<&LinkSuccess> for LinkSessionSuccess {
    fn from(success: &LinkSuccess) -> Self {
        let metadata = &success.metadata;
        Self {
            public_token: success.public_token.clone(),
            metadata: LinkSessionSuccessMetadata {
                institution: metadata.institution.clone(),
                accounts: metadata.accounts.clone(),
                link_session_id: metadata.link_session_id.clone(),
                transfer_status: metadata.transfer_status.clone(),
            },
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LinkSessionResults {
    pub item_add_results: Vec<LinkSessionItemAddResult>,
    pub cra_item_add_results: Vec<Value>,
    pub cra_update_results: Vec<Value>,
    pub bank_income_results: Vec<Value>,
    pub payroll_income_results: Vec<Value>,
    pub document_income_results: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct LinkSessionItemAddResult {
    pub public_token: String,
    pub accounts: Vec<LinkAccount>,
    pub institution: Option<LinkInstitution>,
}

// ---- institutions ----

#[derive(Debug, Deserialize)]
pub struct InstitutionsGetRequest {
    pub count: i64,
    pub offset: i64,
    pub country_codes: Vec<String>,
    pub options: Option<InstitutionsOptions>,
}

#[derive(Debug, Deserialize)]
pub struct InstitutionsSearchRequest {
    pub query: String,
    pub country_codes: Vec<String>,
    pub products: Option<Vec<String>>,
    pub options: Option<InstitutionsOptions>,
}

#[derive(Debug, Deserialize)]
pub struct InstitutionsGetByIdRequest {
    pub institution_id: String,
    pub country_codes: Vec<String>,
    pub options: Option<InstitutionsOptions>,
}

/// The options of the three institutions requests, together (each request's spec allows a subset; the
/// others are accepted and ignored).
#[derive(Debug, Default, Deserialize)]
pub struct InstitutionsOptions {
    pub products: Option<Vec<String>>,
    pub routing_numbers: Option<Vec<String>>,
    pub oauth: Option<bool>,
    pub include_optional_metadata: Option<bool>,
    pub include_status: Option<IgnoredAny>,
    pub include_auth_metadata: Option<IgnoredAny>,
    pub include_payment_initiation_metadata: Option<IgnoredAny>,
    pub payment_initiation: Option<IgnoredAny>,
}

#[derive(Debug, Serialize)]
pub struct InstitutionBody {
    pub institution_id: String,
    pub name: String,
    pub products: Vec<Product>,
    pub country_codes: Vec<String>,
    pub url: Option<String>,
    pub primary_color: Option<String>,
    pub logo: Option<String>,
    pub routing_numbers: Vec<String>,
    pub dtc_numbers: Vec<String>,
    pub oauth: bool,
    pub status: Option<()>,
    pub payment_initiation_metadata: Option<()>,
    pub auth_metadata: Option<()>,
}

#[derive(Debug, Serialize)]
pub struct InstitutionsGetResponse {
    pub institutions: Vec<InstitutionBody>,
    pub total: usize,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct InstitutionsSearchResponse {
    pub institutions: Vec<InstitutionBody>,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct InstitutionsGetByIdResponse {
    pub institution: InstitutionBody,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct SandboxItemResetLoginResponse {
    pub reset_login: bool,
    pub request_id: RequestId,
}

// ---- the Link frame's session protocol ----

#[derive(Debug, Deserialize)]
pub struct LinkSessionStartRequest {
    pub link_token: String,
    pub link_session_id: Option<String>,
    pub received_redirect_uri: Option<String>,
}

/// `POST /link/session/oidc`: the OAuth pane of an OpenID Connect institution asks where to send the user.
#[derive(Debug, Deserialize)]
pub struct LinkSessionOidcRequest {
    pub link_token: String,
    pub link_session_id: String,
}

/// `POST /link/session/oidc/complete`: the Link frame that started an OpenID Connect login presents the
/// authorization server's answer (the callback's query, handed over by the pop-up) with its own session.
#[derive(Debug, Deserialize)]
pub struct LinkSessionOidcCompleteRequest {
    pub link_token: String,
    pub link_session_id: String,
    pub state: String,
    pub code: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    pub iss: Option<String>,
}

/// A step: `action` names it; the other fields are the action's (docs/link.md).
#[derive(Debug, Deserialize)]
pub struct LinkSessionStepRequest {
    pub link_token: String,
    pub link_session_id: String,
    pub action: String,
    pub institution_id: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub answers: Option<Vec<String>>,
    pub account_ids: Option<Vec<String>>,
    pub status: Option<String>,
    pub error: Option<LinkError>,
}

#[derive(Debug, Deserialize)]
pub struct LinkSessionInstitutionsRequest {
    pub link_token: String,
    pub query: String,
}

#[derive(Debug, Serialize)]
pub struct LinkSessionAnswer {
    pub link_session_id: String,
    pub client_name: String,
    pub is_update_mode: bool,
    pub institution: Option<LinkInstitution>,
    pub view: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit: Option<LinkExit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_redirect_uri: Option<String>,
    /// The institution's authorization request (`POST /link/session/oidc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    pub request_id: RequestId,
}

#[derive(Debug, Serialize)]
pub struct LinkSessionInstitutionsAnswer {
    pub institutions: Vec<Value>,
    pub request_id: RequestId,
}
