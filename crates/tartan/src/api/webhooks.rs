//! Webhook endpoints: `/item/webhook/update`, `/webhook_verification_key/get`, `/sandbox/item/fire_webhook`.

use std::collections::BTreeMap;
use std::net::IpAddr;

use axum::Json;
use axum::extract::State;
use chrono::Utc;

use super::authorize_item;
use super::sandbox::require_sandbox;
use crate::app::AppState;
use crate::domain::{Environment, Product};
use crate::http::{ApiError, PlaidRequest, RequestId};
use crate::store::ItemRecord;
use crate::webhooks::payload::EmbeddedError;
use crate::webhooks::{Detail, NewWebhook, Payload};
use crate::wire::{
    ItemWebhookUpdateRequest, ItemWebhookUpdateResponse, SandboxItemFireWebhookRequest,
    SandboxItemFireWebhookResponse, WebhookVerificationKeyGetRequest,
    WebhookVerificationKeyGetResponse,
};

/// <https://plaid.com/docs/api/items/#itemwebhookupdate>: fires ITEM `WEBHOOK_UPDATE_ACKNOWLEDGED` to the new URL.
pub async fn item_webhook_update(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<ItemWebhookUpdateRequest>,
) -> Result<Json<ItemWebhookUpdateResponse>, ApiError> {
    let mut item = authorize_item(&state, &client, &body.access_token).await?;
    let url = body
        .webhook
        .as_deref()
        .map(|url| webhook_url(&state, url))
        .transpose()?;
    let acknowledgement = match &url {
        Some(url) => Some(webhook(
            &state,
            &item,
            url,
            "ITEM",
            "WEBHOOK_UPDATE_ACKNOWLEDGED",
            Detail::WebhookUpdateAcknowledged {
                new_webhook_url: url.clone(),
                error: None,
            },
        )?),
        None => None,
    };
    state
        .store
        .set_item_webhook(&item.item_id, url.as_deref(), acknowledgement.as_ref())
        .await?;
    state.webhook_wake.notify_one();
    item.webhook = url;
    Ok(Json(ItemWebhookUpdateResponse {
        item: (&item).into(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/webhooks/webhook-verification/#webhook_verification_keyget>
pub async fn verification_key_get(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { body, .. }: PlaidRequest<WebhookVerificationKeyGetRequest>,
) -> Result<Json<WebhookVerificationKeyGetResponse>, ApiError> {
    let key = state
        .store
        .find_webhook_key(&body.key_id)
        .await?
        .ok_or(ApiError::InvalidWebhookVerificationKeyId)?;
    Ok(Json(WebhookVerificationKeyGetResponse {
        key: key.jwk(),
        request_id,
    }))
}

/// <https://plaid.com/docs/api/sandbox/#sandboxitemfire_webhook>, for the products Tartan serves.
pub async fn sandbox_fire(
    State(state): State<AppState>,
    request_id: RequestId,
    PlaidRequest { client, body }: PlaidRequest<SandboxItemFireWebhookRequest>,
) -> Result<Json<SandboxItemFireWebhookResponse>, ApiError> {
    require_sandbox(&state, "/sandbox/item/fire_webhook")?;
    let item = authorize_item(&state, &client, &body.access_token).await?;
    let url = item
        .webhook
        .clone()
        .ok_or(ApiError::SandboxWebhookInvalid)?;
    let accounts = state.store.list_accounts(&item.item_id).await?;
    let first_account = accounts
        .first()
        .map(|account| account.account_id.to_string())
        .unwrap_or_default();
    let code = body.webhook_code.as_str();
    let (webhook_type, webhook_code, detail) = match (body.webhook_type.as_deref(), code) {
        (Some("IDENTITY"), "DEFAULT_UPDATE") => {
            require_product(&item, Product::Identity, "identity")?;
            let updated = BTreeMap::from([(
                first_account,
                vec![crate::webhooks::IdentityCategory::Addresses],
            )]);
            (
                "IDENTITY",
                "DEFAULT_UPDATE",
                Detail::IdentityUpdate {
                    account_ids_with_updated_identity: updated,
                    error: None,
                },
            )
        }
        (Some("AUTH"), "DEFAULT_UPDATE") => {
            require_product(&item, Product::Auth, "auth")?;
            let auth_account = accounts
                .iter()
                .find(|account| account.numbers.has_any())
                .map(|a| a.account_id.to_string());
            let updated = auth_account
                .into_iter()
                .map(|id| (id, vec!["ACCOUNT_NUMBER"]))
                .collect();
            let detail = Detail::AuthUpdate {
                account_ids_with_new_auth: vec![],
                account_ids_with_updated_auth: updated,
                error: None,
            };
            ("AUTH", "DEFAULT_UPDATE", detail)
        }
        (None, "DEFAULT_UPDATE") => {
            return Err(ApiError::InvalidField(
                "webhook_type is required with DEFAULT_UPDATE: IDENTITY or AUTH (Plaid's historical default, \
                 TRANSACTIONS, is not served by Tartan)"
                    .into(),
            ));
        }
        (None | Some("ITEM"), _) => item_webhook(code, first_account)?,
        _ => return Err(unsupported(body.webhook_type.as_deref(), code)),
    };
    let webhook = webhook(&state, &item, &url, webhook_type, webhook_code, detail)?;
    state.store.enqueue_webhook(&webhook).await?;
    state.webhook_wake.notify_one();
    Ok(Json(SandboxItemFireWebhookResponse {
        webhook_fired: true,
        request_id,
    }))
}

type Fired = (&'static str, &'static str, Detail);

fn item_webhook(code: &str, first_account: String) -> Result<Fired, ApiError> {
    let detail = match code {
        "NEW_ACCOUNTS_AVAILABLE" => (
            "ITEM",
            "NEW_ACCOUNTS_AVAILABLE",
            Detail::Plain { error: None },
        ),
        "LOGIN_REPAIRED" => ("ITEM", "LOGIN_REPAIRED", Detail::Plain { error: None }),
        "USER_ACCOUNT_REVOKED" => (
            "ITEM",
            "USER_ACCOUNT_REVOKED",
            Detail::AccountRevoked {
                account_id: first_account,
            },
        ),
        "PENDING_DISCONNECT" => {
            let disconnect_time = (Utc::now() + chrono::Duration::days(7))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            (
                "ITEM",
                "PENDING_DISCONNECT",
                Detail::PendingDisconnect {
                    reason: "INSTITUTION_MIGRATION",
                    disconnect_time,
                },
            )
        }
        "USER_PERMISSION_REVOKED" => (
            "ITEM",
            "USER_PERMISSION_REVOKED",
            Detail::ItemError {
                error: EmbeddedError {
                    error_type: "ITEM_ERROR",
                    error_code: "USER_PERMISSION_REVOKED",
                    error_code_reason: None,
                    error_message: "the holder of this account has revoked their permission for your application to access it",
                    display_message: None,
                    status: 400,
                },
            },
        ),
        "ERROR" => (
            "ITEM",
            "ERROR",
            Detail::ItemError {
                error: EmbeddedError {
                    error_type: "ITEM_ERROR",
                    error_code: "ITEM_LOGIN_REQUIRED",
                    error_code_reason: None,
                    error_message: "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information",
                    display_message: None,
                    status: 400,
                },
            },
        ),
        _ => return Err(unsupported(Some("ITEM"), code)),
    };
    Ok(detail)
}

fn unsupported(webhook_type: Option<&str>, code: &str) -> ApiError {
    ApiError::InvalidField(format!(
        "Tartan's sandbox fires IDENTITY and AUTH DEFAULT_UPDATE and ITEM NEW_ACCOUNTS_AVAILABLE, LOGIN_REPAIRED, \
         PENDING_DISCONNECT, USER_PERMISSION_REVOKED, USER_ACCOUNT_REVOKED and ERROR; not {} {code}",
        webhook_type.unwrap_or("(no webhook_type)")
    ))
}

fn require_product(
    item: &ItemRecord,
    product: Product,
    name: &'static str,
) -> Result<(), ApiError> {
    if item.products.contains(&product) {
        Ok(())
    } else {
        Err(ApiError::SandboxProductNotEnabled(name))
    }
}

fn webhook(
    state: &AppState,
    item: &ItemRecord,
    url: &str,
    webhook_type: &'static str,
    webhook_code: &'static str,
    detail: Detail,
) -> Result<NewWebhook, ApiError> {
    let payload = Payload {
        webhook_type,
        webhook_code,
        item_id: item.item_id.to_string(),
        detail,
        environment: state.config.environment,
    };
    NewWebhook::new(url, &payload, Utc::now()).map_err(|error| ApiError::Internal(error.into()))
}

/// A webhook URL this server may POST to. Sandbox: any http(s) URL, local receivers included (developers
/// receive webhooks on their own machine). Production: https only, and never loopback or private addresses
/// (SSRF) unless the operator allowed them.
pub fn webhook_url(state: &AppState, value: &str) -> Result<String, ApiError> {
    check_webhook_url(
        state.config.environment,
        state.config.allow_private_webhooks,
        value,
    )
}

fn check_webhook_url(
    environment: Environment,
    allow_private: bool,
    value: &str,
) -> Result<String, ApiError> {
    let invalid =
        |why: &str| ApiError::InvalidField(format!("webhook must be {why}, got `{value}`"));
    let url = url::Url::parse(value).map_err(|_| invalid("an http(s) URL"))?;
    let host = url
        .host()
        .ok_or_else(|| invalid("an http(s) URL with a host"))?;
    match (environment, url.scheme()) {
        (Environment::Sandbox, "http" | "https") => return Ok(value.to_owned()),
        (Environment::Production, "https") => {}
        _ => return Err(invalid("an https URL")),
    }
    let private = match host {
        url::Host::Domain(name) => {
            name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => is_private(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => is_private(IpAddr::V6(ip)),
    };
    if private && !allow_private {
        return Err(invalid(
            "a public https URL (loopback and private addresses are refused)",
        ));
    }
    Ok(value.to_owned())
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        IpAddr::V6(ip) => {
            ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_accepts_local_http_receivers() {
        for url in [
            "http://localhost:8000/hook",
            "http://127.0.0.1:9/x",
            "https://example.com/hook",
        ] {
            assert!(
                check_webhook_url(Environment::Sandbox, false, url).is_ok(),
                "{url}"
            );
        }
        for url in ["ftp://example.com", "not a url", "http://"] {
            assert!(
                check_webhook_url(Environment::Sandbox, false, url).is_err(),
                "{url}"
            );
        }
    }

    #[test]
    fn production_wants_public_https_unless_the_operator_allows_private() {
        let production = |url, allow| check_webhook_url(Environment::Production, allow, url);
        assert!(production("https://hooks.example.com/plaid", false).is_ok());
        for url in [
            "http://hooks.example.com/plaid",
            "https://localhost/hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://192.168.0.9/hook",
            "https://169.254.169.254/latest",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
        ] {
            assert!(production(url, false).is_err(), "{url}");
        }
        assert!(production("https://10.1.2.3/hook", true).is_ok());
        assert!(
            production("http://10.1.2.3/hook", true).is_err(),
            "still https only"
        );
    }
}
