//! Plaid's custom Sandbox user (`user_custom`): the JSON configuration passed as its password
//! (reference §8.4, spec `OverrideAccounts`), parsed into typed values and turned into accounts.
//!
//! Every member is optional and nullable. Parsing rejects what cannot mean anything (wrong JSON types,
//! unknown account types or subtypes, malformed numbers) with an error naming the JSON path, and fills
//! the rest with the defaults documented on [`AccountOverride`], [`NumbersOverride`] and
//! [`IdentityOverride`]. Members Tartan has no use for (`transactions`, `liability`, `holdings`,
//! `inflow_model`, `income`, `mfa`, `recaptcha`, unknown keys, …) are accepted and ignored.

mod account;
mod identity;
mod json;
mod numbers;

pub use account::{AccountOverride, Available};
pub use identity::IdentityOverride;
pub use numbers::{NumbersOverride, check_aba, parse_bic, parse_iban};

use json::{Node, field, items};

use super::default_user;
use super::error::{SandboxError, known_code};
use super::institutions::Institution;
use crate::domain::{Account, ErrorCode};

/// Plaid's documented maximum number of `override_accounts`.
pub const MAX_ACCOUNTS: usize = 10;

/// A parsed `user_custom` configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomUser {
    /// `version`: `"1"` or `"2"` (a JSON number is accepted too); Plaid's default is 2.
    pub version: Option<u8>,
    /// `seed`: makes the generated balances and masks deterministic per seed.
    pub seed: Option<String>,
    /// `override_accounts`, at most [`MAX_ACCOUNTS`]. Empty when absent, `null` or `[]`, in which case
    /// the Item gets the default Sandbox user's accounts (Plaid documents `{}` as "random data").
    pub accounts: Vec<AccountOverride>,
    /// `force_error`: the Plaid error code every login with this configuration fails with. Any code in
    /// [`super::known_code`] is accepted (Plaid documents thirteen); `PLAID_ERROR` becomes
    /// `INTERNAL_SERVER_ERROR`.
    pub force_error: Option<ErrorCode>,
}

impl CustomUser {
    /// Parses the configuration; the error message names the JSON path of the first problem.
    pub fn parse(json: &str) -> Result<Self, SandboxError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|error| {
            SandboxError::InvalidCustomUser(format!(
                "override_password: not a JSON custom user configuration: {error}"
            ))
        })?;
        let root = Node::root(&value);
        root.object()?;
        let version = field(&root, "version", |node| {
            let version = match node.value() {
                serde_json::Value::Number(number) => number.as_u64().map(|n| n.to_string()),
                _ => Some(node.str()?.to_owned()),
            };
            match version.as_deref() {
                Some("1") => Ok(1),
                Some("2") => Ok(2),
                _ => Err(node.error("must be \"1\" or \"2\"")),
            }
        })?;
        let seed = json::string(&root, "seed")?;
        let accounts = items(&root, "override_accounts", account::parse)?.unwrap_or_default();
        if accounts.len() > MAX_ACCOUNTS {
            let message = format!(
                "at most {MAX_ACCOUNTS} accounts are allowed, found {}",
                accounts.len()
            );
            return Err(json::invalid("override_accounts", message));
        }
        let force_error = field(&root, "force_error", |node| {
            let code = node.str()?;
            known_code(code).ok_or_else(|| {
                node.error(format_args!(
                    "`{code}` is not an error code the sandbox can simulate"
                ))
            })
        })?;
        Ok(Self {
            version,
            seed,
            accounts,
            force_error,
        })
    }

    /// The Item's accounts at `institution`, each with a fresh account id. Owner names are one set for the
    /// whole Item (spec `OwnerOverride.names`): the first account's `identity.names` that are given, else
    /// the default user's name.
    pub fn accounts(&self, institution: &Institution) -> Vec<Account> {
        if self.accounts.is_empty() {
            return default_user::user_good_accounts(institution);
        }
        let names = self
            .accounts
            .iter()
            .find_map(|account| account.identity.names.clone())
            .unwrap_or_else(default_user::default_names);
        self.accounts
            .iter()
            .enumerate()
            .map(|(index, account)| account.build(index, self.seed.as_deref(), institution, &names))
            .collect()
    }

    /// The configured `force_error`, if any.
    pub fn force_error(&self) -> Option<ErrorCode> {
        self.force_error
    }
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod tests;
