//! Alberta Bobbeth Charleson: the default Sandbox identity, owner of every `user_good` account and
//! the fallback for whatever a `user_custom` identity leaves out (reference §8.3).

use crate::domain::{Address, AddressData, Email, EmailType, Owner, PhoneNumber, PhoneType};

/// The single Owner of every `user_good` account.
pub fn default_owner() -> Owner {
    Owner {
        names: default_names(),
        phone_numbers: default_phone_numbers(),
        emails: default_emails(),
        addresses: default_addresses(),
    }
}

pub fn default_names() -> Vec<String> {
    vec!["Alberta Bobbeth Charleson".to_owned()]
}

/// The live-sandbox phone numbers (reference §8.3 and §11.4: the docs' `2025550123` home number is
/// example data; recorded sandbox responses and the docs' match-testing note use `1112223333`).
pub fn default_phone_numbers() -> Vec<PhoneNumber> {
    [
        ("1112223333", PhoneType::Home),
        ("1112224444", PhoneType::Work),
        ("1112225555", PhoneType::Mobile),
    ]
    .into_iter()
    .map(|(data, kind)| PhoneNumber {
        data: data.to_owned(),
        primary: false,
        kind,
    })
    .collect()
}

pub fn default_emails() -> Vec<Email> {
    [
        ("accountholder0@example.com", true, EmailType::Primary),
        ("accountholder1@example.com", false, EmailType::Secondary),
        (
            "extraordinarily.long.email.username.123456@reallylonghostname.com",
            false,
            EmailType::Other,
        ),
    ]
    .into_iter()
    .map(|(data, primary, kind)| Email {
        data: data.to_owned(),
        primary,
        kind,
    })
    .collect()
}

pub fn default_addresses() -> Vec<Address> {
    [
        ("2992 Cameron Road", "Malakoff", "NY", "14236", true),
        ("2493 Leisure Lane", "San Matias", "CA", "93405-2255", false),
    ]
    .into_iter()
    .map(|(street, city, region, postal_code, primary)| Address {
        data: AddressData {
            street: street.to_owned(),
            city: Some(city.to_owned()),
            region: Some(region.to_owned()),
            postal_code: Some(postal_code.to_owned()),
            country: Some("US".to_owned()),
        },
        primary,
    })
    .collect()
}
