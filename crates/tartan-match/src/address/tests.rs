//! Table tests for address scoring, through the public shapes.

use super::*;

fn addr(street: &str, city: &str, region: &str, postal: &str) -> MatchAddress {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    MatchAddress {
        street: some(street),
        city: some(city),
        region: some(region),
        postal_code: some(postal),
        country: Some("US".to_owned()),
    }
}

fn one(a: &MatchAddress, b: &MatchAddress) -> AddressMatch {
    best(
        Some(a),
        &[MatchOwner {
            addresses: vec![b.clone()],
            ..MatchOwner::default()
        }],
    )
}

#[test]
fn address_table() {
    let home = addr("2493 Leisure Lane", "San Matias", "CA", "93405-2255");
    // (user address, score, postal flag)
    let cases = [
        (
            addr("2493 Leisure Ln.", "San Matias", "CA", "93405"),
            100,
            true,
        ),
        (
            addr("2493 LEISURE LANE", "SAN MATIAS", "California", "93405"),
            100,
            true,
        ),
        (
            addr("2493 Leisure Ln", "San Matias", "CA", "934052255"),
            100,
            true,
        ),
        (
            addr("2493 Leisure Ln", "San Matias", "CA", "93405-1111"),
            98,
            true,
        ),
        (addr("2493 Leisure Ln", "", "CA", "93405"), 98, true),
        (addr("2493 Leisure Ln", "San Matias", "CA", ""), 98, false),
        (addr("2493 Leisure", "San Matias", "CA", "93405"), 96, true),
        (
            addr("2493 Liesure Ln", "San Matias", "CA", "93405"),
            92,
            true,
        ),
        (
            addr("2493 Leisure Ln", "San Mateo", "CA", "93405"),
            80,
            true,
        ),
        (
            addr("2493 Leisure Ln", "San Matias", "CA", "93450"),
            88,
            false,
        ),
        (
            addr("2493 Leisure Ln Apt 4", "San Matias", "CA", "93405"),
            85,
            true,
        ),
        (addr("Leisure Ln", "San Matias", "CA", "93405"), 79, true),
        (addr("", "San Matias", "CA", "93405"), 80, true),
        (
            addr("2495 Leisure Ln", "San Matias", "CA", "93405"),
            50,
            true,
        ),
        (
            addr("2493 Cameron Rd", "San Matias", "CA", "93405"),
            35,
            true,
        ),
        (
            addr("2493 Leisure Ln", "Malakoff", "NY", "14236"),
            55,
            false,
        ),
        (addr("PO Box 2493", "San Matias", "CA", "93405"), 40, true),
    ];
    for (user, score, postal) in cases {
        let want = AddressMatch {
            score: Some(score),
            is_postal_code_match: Some(postal),
        };
        assert_eq!(one(&user, &home), want, "{user:?}");
        assert_eq!(one(&home, &user), want, "reversed {user:?}");
    }
}

#[test]
fn units_and_directionals_must_agree_when_both_are_written() {
    let flat = addr("10 N Main St Apt 4", "Springfield", "IL", "62701");
    let cases = [
        (
            addr("10 North Main Street, Unit 4", "Springfield", "IL", "62701"),
            100,
        ),
        (addr("10 N Main St # 4", "Springfield", "IL", "62701"), 100),
        (addr("10 Main St Apt 4", "Springfield", "IL", "62701"), 97),
        (addr("10 N Main St Apt 5", "Springfield", "IL", "62701"), 60),
        (addr("10 S Main St Apt 4", "Springfield", "IL", "62701"), 60),
        (
            addr("10 N Main Ave Apt 4", "Springfield", "IL", "62701"),
            75,
        ),
    ];
    for (user, score) in cases {
        assert_eq!(one(&user, &flat).score, Some(score), "{user:?}");
    }
}

#[test]
fn missing_or_incomparable_addresses_give_null() {
    let home = addr("2493 Leisure Lane", "San Matias", "CA", "93405");
    let owner = MatchOwner {
        addresses: vec![home.clone()],
        ..MatchOwner::default()
    };
    assert_eq!(
        best(None, std::slice::from_ref(&owner)),
        AddressMatch::default()
    );
    assert_eq!(
        best(Some(&MatchAddress::default()), std::slice::from_ref(&owner)),
        AddressMatch::default()
    );
    assert_eq!(
        best(Some(&home), &[MatchOwner::default()]),
        AddressMatch::default()
    );
    // Identical addresses score 100 even without a street (a former proptest failure).
    let region_only = MatchAddress {
        region: Some("CA".into()),
        ..MatchAddress::default()
    };
    assert_eq!(one(&region_only, &region_only).score, Some(100));
    let country_only = MatchAddress {
        country: Some("US".into()),
        ..MatchAddress::default()
    };
    assert_eq!(best(Some(&country_only), &[owner]), AddressMatch::default());
}
