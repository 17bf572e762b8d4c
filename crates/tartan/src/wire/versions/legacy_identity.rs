//! Identity before 2019-05-29: one top-level `identity` object for the Item instead of `owners` per account.
//!
//! Its addresses list the accounts they belong to by display name (`"Plaid Checking 0000"`) and spell the
//! address `{city, state, street, zip}` with strings where today has `{city, region, street, postal_code,
//! country}` with nulls.

use serde_json::{Map, Value, json};

/// Takes every account's `owners` out and merges them into `identity`: names, emails and phone numbers once
/// each, addresses once each with the accounts they appear on.
pub fn move_owners_to_identity(body: &mut Value) {
    let mut identity = LegacyIdentity::default();
    let accounts: Vec<&mut Value> = match body {
        Value::Object(fields) if fields.contains_key("accounts") => fields
            .get_mut("accounts")
            .and_then(Value::as_array_mut)
            .map(|accounts| accounts.iter_mut().collect())
            .unwrap_or_default(),
        Value::Object(fields) => fields.get_mut("account").into_iter().collect(),
        _ => return,
    };
    for account in accounts {
        let label = display_name(account);
        let owners = account
            .as_object_mut()
            .and_then(|fields| fields.remove("owners"));
        for owner in owners
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            identity.add(owner, &label);
        }
    }
    if let Some(fields) = body.as_object_mut() {
        fields.insert("identity".into(), identity.into_json());
    }
}

/// `"Plaid Checking 0000"`: the account's name and mask, as legacy addresses named accounts.
fn display_name(account: &Value) -> String {
    let name = account["name"].as_str().unwrap_or_default();
    match account["mask"].as_str() {
        Some(mask) => format!("{name} {mask}"),
        None => name.to_owned(),
    }
}

#[derive(Default)]
struct LegacyIdentity {
    names: Vec<Value>,
    emails: Vec<Value>,
    phone_numbers: Vec<Value>,
    addresses: Vec<(Value, bool, Vec<Value>)>,
}

impl LegacyIdentity {
    fn add(&mut self, owner: &Value, account: &str) {
        for (list, key) in [
            (&mut self.names, "names"),
            (&mut self.emails, "emails"),
            (&mut self.phone_numbers, "phone_numbers"),
        ] {
            for entry in owner[key].as_array().into_iter().flatten() {
                if !list.contains(entry) {
                    list.push(entry.clone());
                }
            }
        }
        for address in owner["addresses"].as_array().into_iter().flatten() {
            let data = legacy_address(&address["data"]);
            let primary = address["primary"].as_bool().unwrap_or(false);
            let label = Value::from(account);
            match self.addresses.iter_mut().find(|(known, ..)| *known == data) {
                Some((_, _, accounts)) if accounts.contains(&label) => {}
                Some((_, _, accounts)) => accounts.push(label),
                None => self.addresses.push((data, primary, vec![label])),
            }
        }
    }

    fn into_json(self) -> Value {
        let addresses: Vec<Value> = self
            .addresses
            .into_iter()
            .map(|(data, primary, accounts)| json!({"accounts": accounts, "data": data, "primary": primary}))
            .collect();
        json!({
            "addresses": addresses,
            "emails": self.emails,
            "names": self.names,
            "phone_numbers": self.phone_numbers,
        })
    }
}

/// `{city, state, street, zip}`, strings throughout (`""` where today has `null`).
fn legacy_address(data: &Value) -> Value {
    let text = |key: &str| Value::from(data[key].as_str().unwrap_or_default());
    let fields: Map<String, Value> = [
        ("city", text("city")),
        ("state", text("region")),
        ("street", text("street")),
        ("zip", text("postal_code")),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value))
    .collect();
    Value::Object(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(street: &str) -> Value {
        json!({
            "names": ["Alberta Bobbeth Charleson"],
            "emails": [{"data": "accountholder0@example.com", "primary": true, "type": "primary"}],
            "phone_numbers": [{"data": "1112223333", "primary": false, "type": "home"}],
            "addresses": [{"data": {"city": "Malakoff", "region": "NY", "street": street,
                "postal_code": "14236", "country": null}, "primary": true}],
        })
    }

    #[test]
    fn owners_of_all_accounts_merge_into_one_identity() {
        let mut body = json!({
            "accounts": [
                {"name": "Plaid Checking", "mask": "0000", "owners": [owner("2992 Cameron Road")]},
                {"name": "Plaid Saving", "mask": "1111", "owners": [owner("2992 Cameron Road")]},
                {"name": "Plaid CD", "mask": null, "owners": [owner("1 Other Street")]},
            ],
            "request_id": "r",
        });
        move_owners_to_identity(&mut body);
        assert!(
            body["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a.get("owners").is_none())
        );
        let identity = &body["identity"];
        assert_eq!(identity["names"], json!(["Alberta Bobbeth Charleson"]));
        assert_eq!(identity["emails"].as_array().unwrap().len(), 1);
        assert_eq!(identity["phone_numbers"].as_array().unwrap().len(), 1);
        assert_eq!(
            identity["addresses"],
            json!([
                {"accounts": ["Plaid Checking 0000", "Plaid Saving 1111"], "primary": true,
                 "data": {"city": "Malakoff", "state": "NY", "street": "2992 Cameron Road", "zip": "14236"}},
                {"accounts": ["Plaid CD"], "primary": true,
                 "data": {"city": "Malakoff", "state": "NY", "street": "1 Other Street", "zip": "14236"}},
            ])
        );
    }

    #[test]
    fn a_processor_account_gives_its_owners_too() {
        let mut body =
            json!({"account": {"name": "Plaid Checking", "mask": "0000", "owners": [owner("x")]}});
        move_owners_to_identity(&mut body);
        assert!(body["account"].get("owners").is_none());
        assert_eq!(
            body["identity"]["addresses"][0]["accounts"],
            json!(["Plaid Checking 0000"])
        );
    }
}
