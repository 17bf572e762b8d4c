//! Sandbox routes: Items made from Plaid's test users without going through Link.

use axum::Json;
use axum::extract::State;
use chrono::{Duration, Utc};

use super::webhooks::webhook_url;
use crate::app::AppState;
use crate::domain::{Account, ClientId, Environment, ItemId, Product};
use crate::http::{ApiError, PlaidRequest, RequestId};
use crate::sandbox::{self, institutions};
use crate::store::{Grant, ItemRecord, NewItem, NewProcessorToken};
use crate::tokens::{Token, TokenKind};
use crate::wire::{
    ProcessorTokenCreateResponse, SandboxCredentials, SandboxProcessorTokenCreateRequest,
    SandboxPublicTokenCreateRequest, SandboxPublicTokenCreateResponse,
};

/// Public tokens expire 30 minutes after creation, as Plaid's do.
const PUBLIC_TOKEN_LIFETIME: Duration = Duration::minutes(30);

/// <https://plaid.com/docs/api/sandbox/#sandboxpublic_tokencreate>
pub async fn public_token_create(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<SandboxPublicTokenCreateRequest>,
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
        client.client_id,
        &body.institution_id,
        &credentials,
        body.initial_products,
        webhook,
    )?;
    let public_token = Token::mint(TokenKind::Public, state.config.environment);
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
        public_token: public_token.expose().to_owned(),
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
    PlaidRequest { client, body }: PlaidRequest<SandboxProcessorTokenCreateRequest>,
) -> Result<Json<ProcessorTokenCreateResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/processor_token/create")?;
    let credentials = body.options.unwrap_or_default();
    let (item, accounts) = sandbox_item(
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
    let token = Token::mint(TokenKind::Processor, state.config.environment);
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
        processor_token: token.expose().to_owned(),
        request_id,
    }))
}

/// The Item Plaid's sandbox would create for these credentials at this institution.
fn sandbox_item(
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
        created_at: Utc::now(),
    };
    Ok((item, accounts))
}

pub(super) fn require_sandbox(state: &AppState, route: &str) -> Result<(), ApiError> {
    match state.config.environment {
        Environment::Sandbox => Ok(()),
        Environment::Production => Err(ApiError::SandboxOnly(route.to_owned())),
    }
}
