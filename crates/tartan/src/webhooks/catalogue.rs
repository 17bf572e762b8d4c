//! Every webhook Tartan sends, declared once: its fields (a [`Webhook`] variant) and its `webhook_type` and
//! `webhook_code` (the one match in [`Webhook::kind`]). A [`Payload`] is a webhook addressed to an Item.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::identity_changes::IdentityCategory;
use crate::domain::{Environment, ErrorCode, ErrorType};

/// A webhook's code-specific fields, in Plaid's shapes. `error: None` is sent as `"error": null`, as Plaid does.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Webhook {
    /// IDENTITY `DEFAULT_UPDATE`: which owners' categories changed, per account.
    IdentityDefaultUpdate {
        account_ids_with_updated_identity: BTreeMap<String, Vec<IdentityCategory>>,
        error: Option<()>,
    },
    /// AUTH `DEFAULT_UPDATE`: accounts whose numbers are new or changed.
    AuthDefaultUpdate {
        account_ids_with_new_auth: Vec<String>,
        account_ids_with_updated_auth: BTreeMap<String, Vec<&'static str>>,
        error: Option<()>,
    },
    /// ITEM `WEBHOOK_UPDATE_ACKNOWLEDGED`, sent to the new URL.
    WebhookUpdateAcknowledged {
        new_webhook_url: String,
        error: Option<()>,
    },
    /// ITEM `ERROR`: the Item's error, with the HTTP status it would have had.
    ItemError { error: EmbeddedError },
    /// ITEM `USER_PERMISSION_REVOKED`.
    UserPermissionRevoked { error: EmbeddedError },
    /// ITEM `USER_ACCOUNT_REVOKED`.
    UserAccountRevoked { account_id: String },
    /// ITEM `PENDING_DISCONNECT`.
    PendingDisconnect {
        reason: &'static str,
        disconnect_time: String,
    },
    /// ITEM `NEW_ACCOUNTS_AVAILABLE`.
    NewAccountsAvailable { error: Option<()> },
    /// ITEM `LOGIN_REPAIRED` (its schema, unlike its neighbours', has no `error`).
    LoginRepaired {},
    /// LINK `ITEM_ADD_RESULT`: a session of a hosted Link token added an Item.
    LinkItemAddResult {
        link_session_id: String,
        link_token: String,
        public_token: String,
    },
    /// LINK `SESSION_FINISHED`: a session of a hosted Link token ended (`SUCCESS` or `EXITED`).
    LinkSessionFinished {
        status: &'static str,
        link_session_id: String,
        link_token: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        public_token: Option<String>,
        public_tokens: Vec<String>,
    },
}

impl Webhook {
    /// `(webhook_type, webhook_code)`.
    pub const fn kind(&self) -> (&'static str, &'static str) {
        match self {
            Self::IdentityDefaultUpdate { .. } => ("IDENTITY", "DEFAULT_UPDATE"),
            Self::AuthDefaultUpdate { .. } => ("AUTH", "DEFAULT_UPDATE"),
            Self::WebhookUpdateAcknowledged { .. } => ("ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED"),
            Self::ItemError { .. } => ("ITEM", "ERROR"),
            Self::UserPermissionRevoked { .. } => ("ITEM", "USER_PERMISSION_REVOKED"),
            Self::UserAccountRevoked { .. } => ("ITEM", "USER_ACCOUNT_REVOKED"),
            Self::PendingDisconnect { .. } => ("ITEM", "PENDING_DISCONNECT"),
            Self::NewAccountsAvailable { .. } => ("ITEM", "NEW_ACCOUNTS_AVAILABLE"),
            Self::LoginRepaired { .. } => ("ITEM", "LOGIN_REPAIRED"),
            Self::LinkItemAddResult { .. } => ("LINK", "ITEM_ADD_RESULT"),
            Self::LinkSessionFinished { .. } => ("LINK", "SESSION_FINISHED"),
        }
    }

    /// ITEM `ERROR` with `ITEM_LOGIN_REQUIRED`, as Plaid sends when a login stops working.
    pub fn login_required() -> Self {
        Self::ItemError {
            error: EmbeddedError::new(
                ErrorCode::ItemLoginRequired,
                "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information",
            ),
        }
    }

    /// ITEM `USER_PERMISSION_REVOKED`.
    pub fn permission_revoked() -> Self {
        Self::UserPermissionRevoked {
            error: EmbeddedError::new(
                ErrorCode::UserPermissionRevoked,
                "the holder of this account has revoked their permission for your application to access it",
            ),
        }
    }

    /// ITEM `PENDING_DISCONNECT` for an institution migration a week from `now`.
    pub fn pending_disconnect(now: DateTime<Utc>) -> Self {
        Self::PendingDisconnect {
            reason: "INSTITUTION_MIGRATION",
            disconnect_time: (now + chrono::Duration::days(7))
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }
}

/// A `PlaidError` as embedded in a webhook: with `status`, without `request_id`.
#[derive(Debug, Clone, Serialize)]
pub struct EmbeddedError {
    pub error_type: ErrorType,
    pub error_code: ErrorCode,
    pub error_code_reason: Option<&'static str>,
    pub error_message: &'static str,
    pub display_message: Option<&'static str>,
    pub status: u16,
}

impl EmbeddedError {
    pub fn new(code: ErrorCode, error_message: &'static str) -> Self {
        Self {
            error_type: code.error_type(),
            error_code: code,
            error_code_reason: None,
            error_message,
            display_message: None,
            status: code.http_status(),
        }
    }
}

/// A webhook addressed to an Item (or, for LINK webhooks, to a Link session): the body Plaid POSTs.
#[derive(Debug, Clone, Serialize)]
pub struct Payload {
    webhook_type: &'static str,
    webhook_code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    #[serde(flatten)]
    webhook: Webhook,
    environment: Environment,
}

impl Payload {
    pub fn new(item_id: impl Into<String>, environment: Environment, webhook: Webhook) -> Self {
        let (webhook_type, webhook_code) = webhook.kind();
        Self {
            webhook_type,
            webhook_code,
            item_id: Some(item_id.into()),
            webhook,
            environment,
        }
    }

    /// A LINK webhook: about a Link session, not (yet) an Item, so without `item_id`.
    pub fn for_link_session(environment: Environment, webhook: Webhook) -> Self {
        let (webhook_type, webhook_code) = webhook.kind();
        Self {
            webhook_type,
            webhook_code,
            item_id: None,
            webhook,
            environment,
        }
    }

    pub const fn webhook_type(&self) -> &'static str {
        self.webhook_type
    }

    pub const fn webhook_code(&self) -> &'static str {
        self.webhook_code
    }

    /// The bytes POSTed: pretty-printed with two spaces, as Plaid sends them (the signature covers these bytes).
    pub fn to_body(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_plaids_pretty_json() {
        let payload = Payload::new(
            "item",
            Environment::Sandbox,
            Webhook::IdentityDefaultUpdate {
                account_ids_with_updated_identity: BTreeMap::from([(
                    "acc".to_owned(),
                    vec![IdentityCategory::Phones],
                )]),
                error: None,
            },
        );
        let body = payload.to_body().unwrap();
        assert!(
            body.starts_with(
                "{\n  \"webhook_type\": \"IDENTITY\",\n  \"webhook_code\": \"DEFAULT_UPDATE\""
            ),
            "{body}"
        );
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            value["account_ids_with_updated_identity"]["acc"],
            serde_json::json!(["PHONES"])
        );
        assert_eq!(value["error"], serde_json::Value::Null);
        assert_eq!(value["environment"], "sandbox");
    }

    #[test]
    fn embedded_errors_carry_their_codes_type_and_status() {
        let value = serde_json::to_value(Webhook::login_required()).unwrap();
        assert_eq!(value["error"]["error_code"], "ITEM_LOGIN_REQUIRED");
        assert_eq!(value["error"]["error_type"], "ITEM_ERROR");
        assert_eq!(value["error"]["status"], 400);
        let (kind, code) = Webhook::login_required().kind();
        assert_eq!((kind, code), ("ITEM", "ERROR"));
        let repaired = Payload::new("item", Environment::Sandbox, Webhook::LoginRepaired {});
        let value: serde_json::Value = serde_json::from_str(&repaired.to_body().unwrap()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"webhook_type": "ITEM", "webhook_code": "LOGIN_REPAIRED", "item_id": "item",
                               "environment": "sandbox"})
        );
    }
}
