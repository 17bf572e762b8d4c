//! Sandbox routes: Items made from Plaid's test users without going through Link.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};

use super::guards::{require_sandbox, webhook_url};
use crate::domain::ItemRecord;
use crate::domain::tokens::{ProcessorToken, PublicToken};
use crate::domain::{Account, ClientId, ItemId, Product};
use crate::http::{ApiError, PlaidRequest};
use crate::sandbox::{self, institutions};
use crate::services::AppState;
use crate::services::clock::Clock;
use crate::services::link::PUBLIC_TOKEN_LIFETIME;
use crate::store::{Grant, NewItem, NewProcessorToken};
use crate::wire::RequestId;
use crate::wire::{
    ProcessorTokenCreateResponse, SandboxCredentials, SandboxProcessorTokenCreateRequest,
    SandboxPublicTokenCreateRequest, SandboxPublicTokenCreateResponse,
};

/// <https://plaid.com/docs/api/sandbox/#sandboxpublic_tokencreate>
pub async fn public_token_create(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<SandboxPublicTokenCreateRequest>,
) -> Result<Json<SandboxPublicTokenCreateResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/public_token/create")?;
    if body.initial_products.is_empty() {
        return Err(ApiError::InvalidField(
            "initial_products must contain at least one product".into(),
        ));
    }
    let options = body.options.unwrap_or_default();
    let webhook = options
        .webhook
        .as_deref()
        .map(|url| webhook_url(&state, url))
        .transpose()?;
    let credentials = SandboxCredentials {
        override_username: options.override_username,
        override_password: options.override_password,
    };
    let (item, accounts) = sandbox_item(
        Clock::of(&client).now(),
        client.client_id,
        &body.institution_id,
        &credentials,
        body.initial_products,
        webhook,
    )?;
    let public_token = PublicToken::mint(state.config.environment);
    let grant = Grant::PublicToken {
        hash: public_token.hash(),
        expires_at: item.created_at + PUBLIC_TOKEN_LIFETIME,
    };
    state
        .store
        .create_item(&NewItem {
            item,
            accounts,
            grant,
        })
        .await?;
    Ok(Json(SandboxPublicTokenCreateResponse {
        public_token,
        request_id,
    }))
}

/// <https://plaid.com/docs/api/sandbox/#sandboxprocessor_tokencreate>
///
/// The token is for the caller's processor when the caller is a processor partner (so partners can test
/// without an app), else for the caller alone. It reaches the Item's first account with payment numbers.
pub async fn processor_token_create(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body, .. }: PlaidRequest<SandboxProcessorTokenCreateRequest>,
) -> Result<Json<ProcessorTokenCreateResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/processor_token/create")?;
    let credentials = body.options.unwrap_or_default();
    let (item, accounts) = sandbox_item(
        Clock::of(&client).now(),
        client.client_id.clone(),
        &body.institution_id,
        &credentials,
        vec![Product::Auth],
        None,
    )?;
    let account = accounts
        .iter()
        .find(|account| account.numbers.has_any())
        .or_else(|| accounts.first())
        .ok_or_else(|| ApiError::InvalidField("the sandbox user has no accounts".into()))?;
    let token = ProcessorToken::mint(state.config.environment);
    let grant = Grant::ProcessorToken(NewProcessorToken {
        hash: token.hash(),
        item_id: item.item_id.clone(),
        account_id: account.account_id.clone(),
        processor: client.processor,
        client_id: client.client_id,
        created_at: item.created_at,
    });
    state
        .store
        .create_item(&NewItem {
            item,
            accounts,
            grant,
        })
        .await?;
    Ok(Json(ProcessorTokenCreateResponse {
        processor_token: token,
        request_id,
    }))
}

/// The Item Plaid's sandbox would create for these credentials at this institution.
fn sandbox_item(
    now: DateTime<Utc>,
    client_id: ClientId,
    institution_id: &str,
    credentials: &SandboxCredentials,
    initial_products: Vec<Product>,
    webhook: Option<String>,
) -> Result<(ItemRecord, Vec<Account>), ApiError> {
    let institution = institutions::find(institution_id).ok_or(ApiError::InvalidInstitution)?;
    let accounts = sandbox::sandbox_accounts(
        institution,
        credentials.override_username.as_deref(),
        credentials.override_password.as_deref(),
    )?;
    let mut products = Vec::with_capacity(initial_products.len());
    for product in initial_products {
        if !products.contains(&product) {
            products.push(product);
        }
    }
    let item = ItemRecord {
        item_id: ItemId::generate(),
        client_id,
        institution_id: Some(institution.id.to_owned()),
        institution_name: Some(institution.name.to_owned()),
        webhook,
        products,
        created_at: now,
        login_required: false,
        error: None,
    };
    Ok((item, accounts))
}
