//! The provider's record format, shared by `tartan import` (one record per NDJSON line) and the admin API
//! (one record per request): parsed and checked here into domain records, every problem named by its field.

use serde::Deserialize;

use super::passwords::{MAX_PASSWORD_BYTES, check_hash_format, check_totp_secret, hash_password};
use crate::domain::{
    Account, AccountId, AccountSubtype, AccountType, Balances, EndUser, InstitutionLogin, Numbers,
    Owner, Product, ProviderAccount, ProviderInstitution, ProviderRecord, ProviderSecret,
};
use crate::services::identity_updates::check_bounds;

/// Longest id, name or URL accepted.
const MAX_TEXT: usize = 256;
/// Largest logo (base64 characters).
const MAX_LOGO: usize = 256 * 1024;

/// One record as written by the provider: `{"type": "institution" | "user" | "account" | "owners", …}`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[allow(clippy::large_enum_variant)] // one line at a time
pub enum RecordLine {
    Institution(InstitutionLine),
    User(UserLine),
    Account(AccountLine),
    Owners(OwnersLine),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionLine {
    institution_id: String,
    name: String,
    country_codes: Vec<String>,
    products: Vec<Product>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    primary_color: Option<String>,
    #[serde(default)]
    url: Option<String>,
    login: InstitutionLogin,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserLine {
    institution_id: String,
    user_id: String,
    /// A password to hash with Argon2id (slow: prefer `password_hash` for bulk loads).
    #[serde(default)]
    password: Option<String>,
    /// An Argon2 PHC string or a bcrypt hash, stored as it is.
    #[serde(default)]
    password_hash: Option<String>,
    #[serde(default)]
    totp_secret: Option<String>,
    #[serde(default)]
    oidc_subject: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountLine {
    institution_id: String,
    user_id: String,
    account_id: String,
    name: String,
    #[serde(default)]
    official_name: Option<String>,
    #[serde(default)]
    mask: Option<String>,
    /// Plaid's account `type` (the line's `type` says what the record is).
    account_type: AccountType,
    #[serde(default)]
    subtype: Option<AccountSubtype>,
    balances: Balances,
    #[serde(default)]
    numbers: Numbers,
    owners: Vec<Owner>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnersLine {
    institution_id: String,
    account_id: String,
    owners: Vec<Owner>,
}

/// Parses one record's JSON; the error names the field (`owners[0].names: invalid type …`).
pub fn parse(text: &str) -> Result<RecordLine, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        // One record per line: serde's "line 1" says nothing, its column does.
        let inner = error
            .inner()
            .to_string()
            .replace(" at line 1 column ", " at column ");
        if path == "." || path == "?" {
            inner
        } else {
            format!("{path}: {inner}")
        }
    })
}

impl RecordLine {
    /// Checks the record and makes it a domain record. A plain `password` is hashed here (slow: run off the
    /// async threads).
    pub fn into_record(self) -> Result<ProviderRecord, String> {
        Ok(match self {
            Self::Institution(line) => ProviderRecord::Institution(line.into_institution()?),
            Self::User(line) => ProviderRecord::User(line.into_user()?),
            Self::Account(line) => ProviderRecord::Account(line.into_account()?),
            Self::Owners(line) => {
                id("institution_id", &line.institution_id)?;
                id("account_id", &line.account_id)?;
                owners(&line.owners)?;
                ProviderRecord::Owners {
                    institution_id: line.institution_id,
                    account_id: line.account_id,
                    owners: line.owners,
                }
            }
        })
    }

    /// Whether checking it hashes a password (the import keeps such records out of its fast path).
    pub fn hashes_password(&self) -> bool {
        matches!(
            self,
            Self::User(UserLine {
                password: Some(_),
                ..
            })
        )
    }
}

impl InstitutionLine {
    fn into_institution(self) -> Result<ProviderInstitution, String> {
        id("institution_id", &self.institution_id)?;
        text("name", &self.name)?;
        if self.country_codes.is_empty() {
            return Err("country_codes: at least one country code is required".into());
        }
        for (index, code) in self.country_codes.iter().enumerate() {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(format!(
                    "country_codes[{index}]: `{code}` is not an ISO-3166-1 alpha-2 code"
                ));
            }
        }
        if let Some(color) = &self.primary_color {
            let hex = color.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("primary_color: `{color}` is not #rrggbb"));
            }
        }
        if let Some(logo) = &self.logo {
            use base64::Engine;
            if logo.len() > MAX_LOGO
                || base64::engine::general_purpose::STANDARD
                    .decode(logo)
                    .is_err()
            {
                return Err(format!(
                    "logo: must be a base64-encoded PNG of at most {MAX_LOGO} characters"
                ));
            }
        }
        if let Some(url) = &self.url {
            url_field("url", url)?;
        }
        if let InstitutionLogin::Oidc {
            issuer, client_id, ..
        } = &self.login
        {
            url_field("login.issuer", issuer)?;
            text("login.client_id", client_id)?;
        }
        Ok(ProviderInstitution {
            institution_id: self.institution_id,
            name: self.name,
            country_codes: self.country_codes,
            products: self.products,
            logo: self.logo,
            primary_color: self.primary_color,
            url: self.url,
            login: self.login,
        })
    }
}

impl UserLine {
    fn into_user(self) -> Result<EndUser, String> {
        id("institution_id", &self.institution_id)?;
        id("user_id", &self.user_id)?;
        let password_hash = match (self.password, self.password_hash) {
            (Some(_), Some(_)) => {
                return Err("give either password or password_hash, not both".into());
            }
            (Some(password), None) => {
                if password.is_empty() || password.len() > MAX_PASSWORD_BYTES {
                    return Err(format!("password: must be 1 to {MAX_PASSWORD_BYTES} bytes"));
                }
                Some(hash_password(&password)?)
            }
            (None, Some(hash)) => {
                check_hash_format(&hash)?;
                Some(hash)
            }
            (None, None) => None,
        };
        if let Some(secret) = &self.totp_secret {
            check_totp_secret(secret).map_err(|error| format!("totp_secret: {error}"))?;
        }
        if let Some(subject) = &self.oidc_subject {
            text("oidc_subject", subject)?;
        }
        Ok(EndUser {
            institution_id: self.institution_id,
            user_id: self.user_id,
            password_hash: password_hash.map(ProviderSecret::new),
            totp_secret: self.totp_secret.map(ProviderSecret::new),
            oidc_subject: self.oidc_subject,
        })
    }
}

impl AccountLine {
    fn into_account(self) -> Result<ProviderAccount, String> {
        id("institution_id", &self.institution_id)?;
        id("user_id", &self.user_id)?;
        id("account_id", &self.account_id)?;
        text("name", &self.name)?;
        if let Some(mask) = &self.mask
            && !(2..=4).contains(&mask.len())
        {
            return Err(format!("mask: `{mask}` must be 2 to 4 characters"));
        }
        let balances = &self.balances;
        match (
            &balances.iso_currency_code,
            &balances.unofficial_currency_code,
        ) {
            (Some(code), None)
                if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {}
            (None, Some(code)) if !code.is_empty() && code.len() <= 16 => {}
            (Some(_), Some(_)) => {
                return Err(
                    "balances: give iso_currency_code or unofficial_currency_code, not both".into(),
                );
            }
            _ => {
                return Err(
                    "balances.iso_currency_code: a currency (ISO-4217, e.g. USD) is required"
                        .into(),
                );
            }
        }
        if self.owners.is_empty() {
            return Err("owners: an account needs at least one owner".into());
        }
        owners(&self.owners)?;
        Ok(ProviderAccount {
            institution_id: self.institution_id,
            user_id: self.user_id,
            account: Account {
                account_id: AccountId::from_stored(self.account_id),
                name: self.name,
                official_name: self.official_name,
                mask: self.mask,
                account_type: self.account_type,
                subtype: self.subtype,
                balances: self.balances,
                numbers: self.numbers,
                owners: self.owners,
            },
        })
    }
}

fn owners(owners: &[Owner]) -> Result<(), String> {
    check_bounds(owners).map_err(|error| format!("owners: {error}"))
}

fn id(field: &str, value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > MAX_TEXT || value.contains('/') || value.trim() != value {
        return Err(format!(
            "{field}: must be 1 to {MAX_TEXT} characters, without `/` or surrounding spaces"
        ));
    }
    Ok(())
}

fn text(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() || value.len() > MAX_TEXT {
        return Err(format!("{field}: must be 1 to {MAX_TEXT} characters"));
    }
    Ok(())
}

fn url_field(field: &str, value: &str) -> Result<(), String> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && value.len() <= MAX_TEXT => Ok(()),
        _ => Err(format!("{field}: `{value}` is not an http(s) URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_named_by_their_field() {
        let error = parse(r#"{"type":"account","institution_id":"i","user_id":"u","account_id":"a","name":"n","type2":1}"#)
            .unwrap_err();
        assert!(error.contains("type2"), "{error}");
        let error = parse(r#"{"type":"institution","institution_id":"i","name":"n","country_codes":["US"],"products":["auth"],"login":{"method":"password","totp":"yes"}}"#)
            .unwrap_err();
        assert!(error.contains("expected a boolean"), "{error}");
        let account = parse(r#"{"type":"account","institution_id":"i","user_id":"u","account_id":"a","name":"n","account_type":"depository","balances":{"current":1,"iso_currency_code":"USD"},"owners":[]}"#)
            .unwrap()
            .into_record()
            .unwrap_err();
        assert!(account.starts_with("owners:"), "{account}");
        let user =
            parse(r#"{"type":"user","institution_id":"i","user_id":"u","password_hash":"secret"}"#)
                .unwrap()
                .into_record()
                .unwrap_err();
        assert!(user.contains("Argon2"), "{user}");
        assert!(parse("{").unwrap_err().contains("EOF"));
    }
}
