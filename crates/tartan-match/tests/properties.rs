//! Property tests over the public entry point: scores stay in 0..=100, identical values score 100, the
//! comparisons that should be symmetric are, and arbitrary input never panics.

use proptest::prelude::*;
use tartan_match::{MatchAddress, MatchOwner, MatchScores, MatchUser, match_identity};

fn name() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[A-Z][a-z]{1,9}",
        Just("José".to_owned()),
        Just("O'Brien".to_owned()),
        Just("J.".to_owned()),
        Just("Smith-Jones".to_owned()),
        Just("Jr.".to_owned()),
        Just("LLC".to_owned()),
        Just("Dr.".to_owned()),
    ];
    prop::collection::vec(word, 1..5).prop_map(|w| w.join(" "))
}

fn email() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,6}(\\.[a-z]{1,4})?(\\+[a-z]{1,3})?",
        prop_oneof![Just("gmail.com"), Just("example.com"), Just("x.io")],
    )
        .prop_map(|(local, domain)| format!("{local}@{domain}"))
}

fn phone() -> impl Strategy<Value = String> {
    (
        "[2-9][0-9]{2}",
        "[2-9][0-9]{2}",
        "[0-9]{4}",
        prop::option::of("[0-9]{1,4}"),
    )
        .prop_map(|(a, e, l, x)| {
            let ext = x.map(|x| format!(" ext. {x}")).unwrap_or_default();
            format!("({a}) {e}-{l}{ext}")
        })
}

fn address() -> impl Strategy<Value = MatchAddress> {
    let street = (
        1u32..9999,
        "[A-Z][a-z]{2,8}",
        prop_oneof![Just("St"), Just("Avenue"), Just("Ln."), Just("")],
        prop::option::of("(Apt|#|Unit) [0-9]{1,3}[A-C]?"),
    )
        .prop_map(|(n, s, suffix, unit)| format!("{n} {s} {suffix} {}", unit.unwrap_or_default()));
    let opt = |s: BoxedStrategy<String>| prop::option::of(s);
    (
        opt(street.boxed()),
        opt("[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?".boxed()),
        opt(prop_oneof![
            Just("CA".to_owned()),
            Just("New York".to_owned()),
            Just("tx".to_owned())
        ]
        .boxed()),
        opt("[0-9]{5}(-[0-9]{4})?".boxed()),
    )
        .prop_map(|(street, city, region, postal_code)| MatchAddress {
            street,
            city,
            region,
            postal_code,
            country: Some("US".to_owned()),
        })
}

fn user(
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<MatchAddress>,
) -> MatchUser {
    MatchUser {
        legal_name: name,
        phone_number: phone,
        email_address: email,
        address,
    }
}

fn owner_of(u: &MatchUser) -> MatchOwner {
    MatchOwner {
        names: u.legal_name.iter().cloned().collect(),
        phone_numbers: u.phone_number.iter().cloned().collect(),
        emails: u.email_address.iter().cloned().collect(),
        addresses: u.address.iter().cloned().collect(),
    }
}

fn scores(s: &MatchScores) -> [Option<u8>; 4] {
    [
        s.legal_name.score,
        s.phone_number.score,
        s.email_address.score,
        s.address.score,
    ]
}

proptest! {
    // No regression files: a failure prints its minimal input, which belongs in a table test.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn identical_values_score_100(n in name(), p in phone(), e in email(), a in address()) {
        let u = user(Some(n), Some(p), Some(e), Some(a.clone()));
        let s = match_identity(&u, &[owner_of(&u)]).unwrap();
        prop_assert_eq!(s.legal_name.score, Some(100));
        prop_assert_eq!(s.phone_number.score, Some(100));
        prop_assert_eq!(s.email_address.score, Some(100));
        let comparable = a.street.is_some() || a.city.is_some() || a.region.is_some() || a.postal_code.is_some();
        prop_assert_eq!(s.address.score, comparable.then_some(100));
    }

    #[test]
    fn scores_are_symmetric_and_bounded(
        (n1, n2) in (name(), name()),
        (p1, p2) in (phone(), phone()),
        (e1, e2) in (email(), email()),
        (a1, a2) in (address(), address()),
    ) {
        let u1 = user(Some(n1), Some(p1), Some(e1), Some(a1));
        let u2 = user(Some(n2), Some(p2), Some(e2), Some(a2));
        let forward = match_identity(&u1, &[owner_of(&u2)]).unwrap();
        let backward = match_identity(&u2, &[owner_of(&u1)]).unwrap();
        prop_assert_eq!(scores(&forward), scores(&backward));
        prop_assert_eq!(forward.address.is_postal_code_match, backward.address.is_postal_code_match);
        prop_assert_eq!(forward.legal_name.is_business_name_detected, backward.legal_name.is_business_name_detected);
        for score in scores(&forward).into_iter().flatten() {
            prop_assert!(score <= 100);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(fields in prop::collection::vec(".{0,40}", 9)) {
        let some = |i: usize| Some(fields[i].clone());
        let a = MatchAddress { street: some(4), city: some(5), region: some(6), postal_code: some(7), country: some(8) };
        let u = user(some(0), some(1), some(2), Some(a));
        let owner = MatchOwner { names: vec![fields[3].clone(), fields[0].clone()], ..owner_of(&u) };
        if let Ok(s) = match_identity(&u, &[owner]) {
            for score in scores(&s).into_iter().flatten() {
                prop_assert!(score <= 100);
            }
        }
    }
}
