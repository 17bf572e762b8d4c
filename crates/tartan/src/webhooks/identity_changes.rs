//! What an identity change is: the categories of IDENTITY `DEFAULT_UPDATE` that differ between two owner lists.

use serde::Serialize;

use crate::domain::Owner;

/// The parts of an owner Plaid reports as changed in IDENTITY `DEFAULT_UPDATE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum IdentityCategory {
    Names,
    Phones,
    Emails,
    Addresses,
}

/// What differs between two owner lists, category by category (order and duplicates do not count).
pub fn identity_changes(old: &[Owner], new: &[Owner]) -> Vec<IdentityCategory> {
    fn set<T: Ord + Clone>(owners: &[Owner], part: impl Fn(&Owner) -> Vec<T>) -> Vec<T> {
        let mut values: Vec<T> = owners.iter().flat_map(part).collect();
        values.sort();
        values.dedup();
        values
    }
    let names = |o: &Owner| o.names.clone();
    let phones = |o: &Owner| {
        o.phone_numbers
            .iter()
            .map(|p| (p.data.clone(), p.primary, format!("{:?}", p.kind)))
            .collect()
    };
    let emails = |o: &Owner| {
        o.emails
            .iter()
            .map(|e| (e.data.clone(), e.primary, format!("{:?}", e.kind)))
            .collect()
    };
    let addresses = |o: &Owner| {
        o.addresses
            .iter()
            .map(|a| {
                let d = &a.data;
                (
                    d.street.clone(),
                    d.city.clone(),
                    d.region.clone(),
                    d.postal_code.clone(),
                    d.country.clone(),
                    a.primary,
                )
            })
            .collect()
    };
    let mut changed = Vec::new();
    if set(old, names) != set(new, names) {
        changed.push(IdentityCategory::Names);
    }
    if set(old, phones) != set(new, phones) {
        changed.push(IdentityCategory::Phones);
    }
    if set(old, emails) != set(new, emails) {
        changed.push(IdentityCategory::Emails);
    }
    if set(old, addresses) != set(new, addresses) {
        changed.push(IdentityCategory::Addresses);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Address, AddressData, Email, EmailType};

    fn owner(name: &str, email: &str, street: &str) -> Owner {
        Owner {
            names: vec![name.to_owned()],
            phone_numbers: vec![],
            emails: vec![Email {
                data: email.to_owned(),
                primary: true,
                kind: EmailType::Primary,
            }],
            addresses: vec![Address {
                data: AddressData {
                    street: street.to_owned(),
                    city: Some("Malakoff".into()),
                    region: Some("NY".into()),
                    postal_code: Some("14236".into()),
                    country: Some("US".into()),
                },
                primary: true,
            }],
        }
    }

    #[test]
    fn changes_are_reported_per_category() {
        let old = [owner("Ann Lee", "ann@example.com", "1 Main St")];
        assert!(identity_changes(&old, &old).is_empty());
        let moved = [owner("Ann Lee", "ann@example.com", "2 Main St")];
        assert_eq!(
            identity_changes(&old, &moved),
            [IdentityCategory::Addresses]
        );
        let renamed = [owner("Ann Smith", "ann@smith.example", "1 Main St")];
        assert_eq!(
            identity_changes(&old, &renamed),
            [IdentityCategory::Names, IdentityCategory::Emails]
        );
    }

    #[test]
    fn reordering_is_not_a_change() {
        let a = owner("Ann Lee", "ann@example.com", "1 Main St");
        let b = owner("Bo Lee", "bo@example.com", "1 Main St");
        assert!(identity_changes(&[a.clone(), b.clone()], &[b, a]).is_empty());
    }
}
