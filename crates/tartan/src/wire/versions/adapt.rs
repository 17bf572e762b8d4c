//! Which rewrite each operation needs for each version (reference §10).

use serde_json::Value;

use super::legacy_identity::move_owners_to_identity;
use super::numbers::{auth_numbers, processor_numbers};
use crate::domain::ApiVersion;

/// Rewrites `body`, the 2020-09-14 response of `operation` (its path, e.g. `/auth/get`), into `version`'s shape.
pub fn adapt(operation: &str, version: ApiVersion, body: &mut Value) {
    if version == ApiVersion::V2020_09_14 {
        return;
    }
    for account in accounts_of(body) {
        adapt_account(version, account);
    }
    match operation {
        "/auth/get" => auth_numbers(version, body),
        "/processor/auth/get" => processor_numbers(body),
        "/identity/get" | "/processor/identity/get" if version <= ApiVersion::V2018_05_22 => {
            move_owners_to_identity(body);
        }
        // Until 2020-09-14 `/item/remove` confirmed itself; a failure was always an error, never `false`.
        "/item/remove" => {
            if let Some(fields) = body.as_object_mut() {
                fields.insert("removed".into(), Value::Bool(true));
            }
        }
        _ => {}
    }
}

/// The accounts a response carries: `accounts[]`, or the one `account` of a processor response.
fn accounts_of(body: &mut Value) -> Vec<&mut Value> {
    let Some(fields) = body.as_object_mut() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, value) in fields.iter_mut() {
        match (key.as_str(), value) {
            ("accounts", Value::Array(accounts)) => found.extend(accounts.iter_mut()),
            ("account", account @ Value::Object(_)) => found.push(account),
            _ => {}
        }
    }
    found
}

/// `investment` was `brokerage` until 2019-05-29; currency codes arrived in 2018-05-22.
fn adapt_account(version: ApiVersion, account: &mut Value) {
    if version <= ApiVersion::V2018_05_22 && account["type"] == "investment" {
        account["type"] = Value::from("brokerage");
    }
    if version == ApiVersion::V2017_03_08
        && let Some(balances) = account.get_mut("balances").and_then(Value::as_object_mut)
    {
        balances.remove("iso_currency_code");
        balances.remove("unofficial_currency_code");
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_current_version_is_left_alone() {
        let original = json!({"accounts": [{"type": "investment"}], "request_id": "r"});
        let mut body = original.clone();
        adapt("/accounts/get", ApiVersion::V2020_09_14, &mut body);
        assert_eq!(body, original);
    }

    #[test]
    fn accounts_change_type_and_lose_currencies_in_the_oldest_versions() {
        let account = json!({"type": "investment", "balances": {"current": 1, "iso_currency_code": "USD",
            "unofficial_currency_code": null}});
        let mut body = json!({"accounts": [account.clone()]});
        adapt("/accounts/get", ApiVersion::V2017_03_08, &mut body);
        assert_eq!(
            body,
            json!({"accounts": [{"type": "brokerage", "balances": {"current": 1}}]})
        );

        let mut body = json!({"account": account.clone()});
        adapt("/processor/balance/get", ApiVersion::V2018_05_22, &mut body);
        assert_eq!(body["account"]["type"], "brokerage");
        assert_eq!(body["account"]["balances"]["iso_currency_code"], "USD");

        let mut body = json!({"accounts": [account]});
        adapt("/accounts/get", ApiVersion::V2019_05_29, &mut body);
        assert_eq!(body["accounts"][0]["type"], "investment");
    }

    #[test]
    fn item_remove_confirms_itself_before_2020() {
        for version in [ApiVersion::V2017_03_08, ApiVersion::V2019_05_29] {
            let mut body = json!({"request_id": "r"});
            adapt("/item/remove", version, &mut body);
            assert_eq!(body, json!({"removed": true, "request_id": "r"}));
        }
    }
}
