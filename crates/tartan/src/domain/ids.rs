//! Identifiers of clients, Items and accounts. Item and account ids follow Plaid: 37 random, case-sensitive
//! base62 characters; client ids are 24 lowercase hex characters.

use std::fmt;

use super::entropy::{self, Stream};

const PLAID_ID_LEN: usize = 37;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id read back from the store or from a request; ids are opaque to Tartan.
            pub fn from_stored(value: String) -> Self {
                Self(value)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// An Item: one login at one institution, owned by exactly one client.
    ItemId
);
string_id!(
    /// An account of an Item.
    AccountId
);
string_id!(
    /// A Plaid API client (the `client_id` credential; public, unlike the secret).
    ClientId
);

impl ItemId {
    pub fn generate() -> Self {
        Self(entropy::base62(Stream::Items, PLAID_ID_LEN))
    }
}

impl AccountId {
    pub fn generate() -> Self {
        Self(entropy::base62(Stream::Accounts, PLAID_ID_LEN))
    }
}

impl ClientId {
    pub fn generate() -> Self {
        let bytes: [u8; 12] = rand::random();
        Self(hex::encode(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_item_and_account_ids_look_like_plaids() {
        for id in [ItemId::generate().0, AccountId::generate().0] {
            assert_eq!(id.len(), 37);
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
        }
        assert_ne!(ItemId::generate(), ItemId::generate());
    }

    #[test]
    fn generated_client_ids_are_24_hex_characters() {
        let id = ClientId::generate();
        assert_eq!(id.as_str().len(), 24);
        assert!(id.as_str().chars().all(|c| c.is_ascii_hexdigit()));
    }
}
