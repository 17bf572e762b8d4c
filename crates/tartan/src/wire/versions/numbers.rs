//! Auth numbers as older versions shaped them.

use serde_json::{Map, Value};

use crate::domain::ApiVersion;

/// `/auth/get`: 2017-03-08 a flat list of ACH numbers; 2018-05-22 `{ach, eft}`; 2019-05-29 as today.
pub fn auth_numbers(version: ApiVersion, body: &mut Value) {
    let Some(numbers) = body.get_mut("numbers").and_then(Value::as_object_mut) else {
        return;
    };
    match version {
        ApiVersion::V2017_03_08 => {
            let ach = numbers.get("ach").and_then(Value::as_array);
            let flat: Vec<Value> = ach.into_iter().flatten().map(legacy_ach).collect();
            body["numbers"] = Value::Array(flat);
        }
        ApiVersion::V2018_05_22 => {
            numbers.remove("international");
            numbers.remove("bacs");
        }
        ApiVersion::V2019_05_29 | ApiVersion::V2020_09_14 => {}
    }
}

/// `/processor/auth/get` before 2020-09-14: `numbers` is a flat list of the account's ACH numbers.
pub fn processor_numbers(body: &mut Value) {
    let Some(numbers) = body.get_mut("numbers") else {
        return;
    };
    let flat: Vec<Value> = numbers
        .get("ach")
        .filter(|ach| ach.is_object())
        .map(legacy_ach)
        .into_iter()
        .collect();
    *numbers = Value::Array(flat);
}

/// The four fields an ACH entry had in the flat lists: `account`, `account_id`, `routing`, `wire_routing`.
fn legacy_ach(ach: &Value) -> Value {
    let fields: Map<String, Value> = ["account", "account_id", "routing", "wire_routing"]
        .into_iter()
        .map(|key| (key.to_owned(), ach.get(key).cloned().unwrap_or(Value::Null)))
        .collect();
    Value::Object(fields)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ach() -> Value {
        json!({"account_id": "a", "account": "1111222233330000", "routing": "011401533",
            "wire_routing": "021000021", "is_tokenized_account_number": false,
            "can_transfer_in": null, "can_transfer_out": null})
    }

    fn legacy() -> Value {
        json!({"account": "1111222233330000", "account_id": "a", "routing": "011401533",
            "wire_routing": "021000021"})
    }

    #[test]
    fn auth_numbers_per_version() {
        let today =
            json!({"numbers": {"ach": [ach()], "eft": [], "international": [], "bacs": []}});
        let mut body = today.clone();
        auth_numbers(ApiVersion::V2017_03_08, &mut body);
        assert_eq!(body["numbers"], json!([legacy()]));
        let mut body = today.clone();
        auth_numbers(ApiVersion::V2018_05_22, &mut body);
        assert_eq!(body["numbers"], json!({"ach": [ach()], "eft": []}));
        let mut body = today.clone();
        auth_numbers(ApiVersion::V2019_05_29, &mut body);
        assert_eq!(body, today);
    }

    #[test]
    fn processor_numbers_become_a_flat_ach_list() {
        let mut body =
            json!({"numbers": {"ach": ach(), "eft": null, "international": null, "bacs": null}});
        processor_numbers(&mut body);
        assert_eq!(body["numbers"], json!([legacy()]));
        let mut body = json!({"numbers": {"ach": null, "eft": {"account": "1"}, "international": null,
            "bacs": null}});
        processor_numbers(&mut body);
        assert_eq!(body["numbers"], json!([]));
    }
}
