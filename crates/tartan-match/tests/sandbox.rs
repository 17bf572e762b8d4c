//! Cross-checks against Plaid's sandbox (`user_good`, Alberta Bobbeth Charleson) as recorded in
//! `shared/reference/plaid-behavior.md` §5 and §8.3, and the wire shape of the score objects.

use tartan_match::synth::{sandbox_owner, us_address};
use tartan_match::{
    AddressMatch, FieldMatch, MatchAddress, MatchError, MatchOwner, MatchUser, NameMatch,
    match_identity,
};

#[test]
fn sandbox_observations_are_reproduced() {
    let user = MatchUser {
        legal_name: Some("Alerta Charleson".to_owned()),
        phone_number: Some("+1-111-222-3333".to_owned()),
        email_address: Some("accountholder1@example.com".to_owned()),
        address: Some(MatchAddress {
            country: None,
            ..us_address("2493 Leisure Ln.", "San Matias", "CA", "93405")
        }),
    };
    let scores = match_identity(&user, &[sandbox_owner()]).unwrap();
    assert_eq!(
        scores.legal_name,
        NameMatch {
            score: Some(91),
            is_first_name_or_last_name_match: Some(true),
            is_nickname_match: Some(false),
            is_business_name_detected: Some(false),
        }
    );
    assert_eq!(scores.phone_number, FieldMatch { score: Some(100) });
    assert_eq!(scores.email_address, FieldMatch { score: Some(100) });
    assert_eq!(
        scores.address,
        AddressMatch {
            score: Some(100),
            is_postal_code_match: Some(true)
        }
    );
}

#[test]
fn the_docs_match_test_identity_scores_perfectly() {
    let user = MatchUser {
        legal_name: Some("Alberta Bobbeth Charleson".to_owned()),
        phone_number: Some("+1-111-222-3333".to_owned()),
        email_address: Some("accountholder0@example.com".to_owned()),
        address: Some(us_address("2992 Cameron Rd.", "Malakoff", "NY", "14236")),
    };
    let scores = match_identity(&user, &[sandbox_owner()]).unwrap();
    assert_eq!(scores.legal_name.score, Some(100));
    assert_eq!(scores.phone_number.score, Some(100));
    assert_eq!(scores.email_address.score, Some(100));
    assert_eq!(scores.address.score, Some(100));
}

#[test]
fn omitted_user_fields_give_null_scores() {
    let scores = match_identity(&MatchUser::default(), &[sandbox_owner()]).unwrap();
    assert_eq!(scores.legal_name, NameMatch::default());
    assert_eq!(scores.phone_number, FieldMatch::default());
    assert_eq!(scores.email_address, FieldMatch::default());
    assert_eq!(scores.address, AddressMatch::default());
}

#[test]
fn joint_accounts_report_the_best_owner() {
    let partner = MatchOwner {
        names: vec!["Carlos Ortega".to_owned()],
        ..MatchOwner::default()
    };
    let user = MatchUser {
        legal_name: Some("Alberta Charleson".to_owned()),
        ..MatchUser::default()
    };
    let scores = match_identity(&user, &[partner, sandbox_owner()]).unwrap();
    assert_eq!(scores.legal_name.score, Some(99));
}

#[test]
fn an_unusable_user_phone_is_refused_without_echoing_it() {
    for raw in ["not a phone", "12", "+1 415 555 01322 99"] {
        let user = MatchUser {
            phone_number: Some(raw.to_owned()),
            ..MatchUser::default()
        };
        match match_identity(&user, &[sandbox_owner()]) {
            Err(MatchError::InvalidPhoneNumber(message)) => {
                assert!(
                    message.starts_with("user.phone_number ") && !message.contains(raw),
                    "{message}"
                );
            }
            other => panic!("{raw}: {other:?}"),
        }
    }
    // An unusable number on the institution's side simply does not match.
    let owner = MatchOwner {
        phone_numbers: vec!["n/a".to_owned()],
        ..MatchOwner::default()
    };
    let user = MatchUser {
        phone_number: Some("+1 415 555 0132".to_owned()),
        ..MatchUser::default()
    };
    assert_eq!(
        match_identity(&user, &[owner]).unwrap().phone_number.score,
        Some(0)
    );
}

#[test]
fn scores_serialise_with_plaids_field_names_and_nulls() {
    let user = MatchUser {
        legal_name: Some("Alerta Charleson".to_owned()),
        ..MatchUser::default()
    };
    let scores = match_identity(&user, &[sandbox_owner()]).unwrap();
    let json = serde_json::to_value(&scores).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "legal_name": {
                "score": 91,
                "is_first_name_or_last_name_match": true,
                "is_nickname_match": false,
                "is_business_name_detected": false
            },
            "phone_number": { "score": null },
            "email_address": { "score": null },
            "address": { "score": null, "is_postal_code_match": null }
        })
    );
}
