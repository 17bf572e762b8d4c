//! Plaid's sandbox `user_good` owner, as a fixture for the sandbox cross-checks and the benchmark.

use crate::{MatchAddress, MatchOwner};

/// A US address as the sandbox records it.
pub fn us_address(street: &str, city: &str, region: &str, postal_code: &str) -> MatchAddress {
    MatchAddress {
        street: Some(street.to_owned()),
        city: Some(city.to_owned()),
        region: Some(region.to_owned()),
        postal_code: Some(postal_code.to_owned()),
        country: Some("US".to_owned()),
    }
}

/// The owner every `user_good` account carries (Alberta Bobbeth Charleson, reference §8.3).
pub fn sandbox_owner() -> MatchOwner {
    MatchOwner {
        names: vec!["Alberta Bobbeth Charleson".to_owned()],
        phone_numbers: vec![
            "1112223333".to_owned(),
            "1112224444".to_owned(),
            "1112225555".to_owned(),
        ],
        emails: vec![
            "accountholder0@example.com".to_owned(),
            "accountholder1@example.com".to_owned(),
            "extraordinarily.long.email.username.123456@reallylonghostname.com".to_owned(),
        ],
        addresses: vec![
            us_address("2992 Cameron Road", "Malakoff", "NY", "14236"),
            us_address("2493 Leisure Lane", "San Matias", "CA", "93405-2255"),
        ],
    }
}
