//! Sandbox routes: Items made from Plaid's test users without going through Link.

use axum::Json;
use axum::extract::State;
use chrono::{Duration, Utc};

use crate::app::AppState;
use crate::domain::{Environment, ItemId};
use crate::http::{ApiError, PlaidRequest, RequestId};
use crate::sandbox::{self, institutions};
use crate::store::{ItemRecord, NewItem};
use crate::tokens::{Token, TokenKind};
use crate::wire::{SandboxPublicTokenCreateRequest, SandboxPublicTokenCreateResponse};

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
    let webhook = options.webhook.map(|url| parse_webhook(&url)).transpose()?;
    let institution =
        institutions::find(&body.institution_id).ok_or(ApiError::InvalidInstitution)?;
    let accounts = sandbox::sandbox_accounts(
        institution,
        options.override_username.as_deref(),
        options.override_password.as_deref(),
    )?;

    let now = Utc::now();
    let public_token = Token::mint(TokenKind::Public, state.config.environment);
    let mut products = Vec::with_capacity(body.initial_products.len());
    for product in body.initial_products {
        if !products.contains(&product) {
            products.push(product);
        }
    }
    let item = ItemRecord {
        item_id: ItemId::generate(),
        client_id: client.client_id,
        institution_id: Some(institution.id.to_owned()),
        institution_name: Some(institution.name.to_owned()),
        webhook,
        products,
        created_at: now,
    };
    let new_item = NewItem {
        item,
        accounts,
        public_token: public_token.hash(),
        public_token_expires_at: now + PUBLIC_TOKEN_LIFETIME,
    };
    state.store.create_item(&new_item).await?;
    Ok(Json(SandboxPublicTokenCreateResponse {
        public_token: public_token.expose().to_owned(),
        request_id,
    }))
}

fn require_sandbox(state: &AppState, route: &str) -> Result<(), ApiError> {
    match state.config.environment {
        Environment::Sandbox => Ok(()),
        Environment::Production => Err(ApiError::SandboxOnly(route.to_owned())),
    }
}

/// Sandbox webhooks may be plain `http://` and local: developers receive them on their own machine.
fn parse_webhook(value: &str) -> Result<String, ApiError> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(value.to_owned())
        }
        _ => Err(ApiError::InvalidField(format!(
            "options.webhook must be an http(s) URL, got `{value}`"
        ))),
    }
}
