//! A data provider's catalogue in production: its institutions (with how their users log in), its end users,
//! their accounts with the accounts' owners, and which institutions each client may link.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::Account;
use super::product::Product;

/// A secret the provider configured (an OIDC client secret, a TOTP seed, a password hash): kept as given, never
/// shown in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProviderSecret(String);

impl ProviderSecret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ProviderSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProviderSecret(***)")
    }
}

/// How an institution's end users log in through Link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "lowercase", deny_unknown_fields)]
pub enum InstitutionLogin {
    /// A user id and password checked by Tartan, then a TOTP code if `totp` and the user has a TOTP secret.
    Password {
        #[serde(default)]
        totp: bool,
    },
    /// The provider's OpenID Connect authorization server; the ID token's `sub` picks the end user.
    Oidc {
        issuer: String,
        client_id: String,
        client_secret: ProviderSecret,
        #[serde(default)]
        scopes: Vec<String>,
    },
}

/// An institution of the provider, as `/institutions/*` and Link show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderInstitution {
    pub institution_id: String,
    pub name: String,
    /// ISO-3166-1 alpha-2 codes, upper case.
    pub country_codes: Vec<String>,
    pub products: Vec<Product>,
    /// Base64-encoded PNG, as Plaid's `logo`.
    pub logo: Option<String>,
    /// `#rrggbb`.
    pub primary_color: Option<String>,
    pub url: Option<String>,
    pub login: InstitutionLogin,
}

/// An end user of an institution: the provider's customer who logs in through Link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUser {
    pub institution_id: String,
    /// The provider's id of the user, unique per institution; what the user types as user name.
    pub user_id: String,
    /// An Argon2 PHC string (`$argon2id$…`) or a bcrypt hash (`$2b$…`); `None`: no password login.
    pub password_hash: Option<ProviderSecret>,
    /// The RFC 6238 seed, base32; `None`: no second factor.
    pub totp_secret: Option<ProviderSecret>,
    /// The `sub` the provider's OpenID provider gives this user, when it differs from `user_id`.
    pub oidc_subject: Option<String>,
}

/// An account of an end user. `account.account_id` is the provider's id (unique per institution); an Item
/// that includes the account shows it under an id of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderAccount {
    pub institution_id: String,
    pub user_id: String,
    pub account: Account,
}

/// One change to the catalogue: what an import line or an admin request asks for. Each is applied whole or
/// not at all.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // records are built one at a time and moved into a batch
pub enum ProviderRecord {
    Institution(ProviderInstitution),
    User(EndUser),
    Account(ProviderAccount),
    /// Replaces an existing account's owners.
    Owners {
        institution_id: String,
        account_id: String,
        owners: Vec<super::account::Owner>,
    },
}

impl ProviderRecord {
    /// `type/id` of the record, as errors and the audit log name it.
    pub fn key(&self) -> String {
        match self {
            Self::Institution(institution) => format!("institution/{}", institution.institution_id),
            Self::User(user) => format!("user/{}/{}", user.institution_id, user.user_id),
            Self::Account(account) => format!(
                "account/{}/{}",
                account.institution_id, account.account.account_id
            ),
            Self::Owners {
                institution_id,
                account_id,
                ..
            } => format!("owners/{institution_id}/{account_id}"),
        }
    }
}

/// Which end user an Item of a provider's institution belongs to, and which provider account each of the
/// Item's accounts shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderLink {
    pub institution_id: String,
    pub user_id: String,
    /// `(the Item's account id, the provider's account id)`.
    pub accounts: Vec<(super::ids::AccountId, String)>,
}

/// One line of the audit log: who did what, when, from where, and how it went. Never a password, code or
/// token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// `admin`, `cli`, `client:<client_id>` or `user:<institution_id>/<user_id>`.
    pub actor: String,
    /// `login`, `link`, `revoke`, `import`, `institution.save`, …
    pub action: String,
    /// What it was done to (`item/<id>`, `user/<institution>/<user>`, …).
    pub subject: String,
    /// The client address (`ip` of the request), or `cli`.
    pub source: String,
    /// `success`, or the failure's error code.
    pub outcome: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_parse_in_the_agreed_shape_and_hide_secrets() {
        let password: InstitutionLogin =
            serde_json::from_value(serde_json::json!({"method": "password", "totp": true}))
                .unwrap();
        assert_eq!(password, InstitutionLogin::Password { totp: true });
        let oidc: InstitutionLogin = serde_json::from_value(serde_json::json!({
            "method": "oidc", "issuer": "http://127.0.0.1:9/", "client_id": "c",
            "client_secret": "s3cret", "scopes": ["openid"]
        }))
        .unwrap();
        assert!(!format!("{oidc:?}").contains("s3cret"));
        assert!(
            serde_json::from_value::<InstitutionLogin>(serde_json::json!({"method": "magic"}))
                .is_err()
        );
    }
}
