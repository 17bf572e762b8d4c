//! Table tests for name scoring: one row per rule, checked in both directions.

use super::*;

/// (user, owner, score, first-or-last flag, nickname flag)
const PERSON: &[(&str, &str, u8, bool, bool)] = &[
    // Identical after normalisation: case, punctuation, diacritics, whitespace, titles, post-nominals.
    ("Jennifer Smith", "Jennifer Smith", 100, false, false),
    ("JENNIFER  smith", "jennifer smith", 100, false, false),
    ("Ms. Jennifer Smith", "Jennifer Smith", 100, false, false),
    ("José Núñez", "Jose Nunez", 100, false, false),
    ("Seán O'Brien", "Sean OBrien", 100, false, false),
    ("Smith, Jennifer", "Jennifer Smith", 100, false, false),
    ("Anna Smith-Jones", "Anna Smith Jones", 100, false, false),
    (
        "Dr. Jennifer Smith, MD",
        "Jennifer Smith",
        100,
        false,
        false,
    ),
    // Strong: structural differences.
    ("Jennifer W. Smith", "Jennifer Smith", 99, false, false),
    (
        "Jennifer W. Smith",
        "Jennifer Wilma Smith",
        99,
        false,
        false,
    ),
    ("Li Chen", "Chen Li", 99, false, false),
    ("Smith John Michael", "John Michael Smith", 99, false, false),
    ("Mary Ann Smith", "Maryann Smith", 99, false, false),
    ("Andrew Smith", "Andrew Smith Jr.", 97, false, false),
    ("J. Michael Smith", "Michael Smith", 96, false, false),
    ("María García López", "María García", 93, false, false),
    ("Anna Smith-Jones", "Anna Jones", 93, false, false),
    ("Anna Smith-Jones", "Anna Smith", 93, false, false),
    (
        "Alberta Bobbeth Charleson",
        "Alerta Charleson",
        91,
        true,
        false,
    ),
    ("Jennifer Smith", "Jenifer Smith", 92, true, false),
    ("Jennifer Smith", "Jennifer Simth", 92, true, false),
    ("Jennifer Smith", "Jenn Smith", 90, true, true),
    ("Robert Smith", "Bob Smith", 90, true, true),
    ("Margaret Jones", "Peggy Jones", 90, true, true),
    ("J. Michael Smith", "John Michael Smith", 90, true, false),
    ("Jennifer Smith", "J. Smith", 90, true, false),
    ("John Paul Smith", "John Peter Smith", 85, false, false),
    // Ninth pass: curated equivalents and pet forms, a pet form the US lists give the other sex.
    ("Gerrit Smith", "Gerard Smith", 90, true, true),
    ("Karin Smith", "Katharina Smith", 90, true, true),
    ("Hedwig Smith", "Jadwiga Smith", 90, true, true),
    ("Andi Smith", "Andreas Smith", 90, true, true),
    ("Toni Smith", "Anton Smith", 90, true, true),
    ("Klaas Smith", "Nicolaas Smith", 90, true, true),
    // Partial: alias plus typo.
    ("Andrew Smith", "Andy Simth", 82, false, true),
    // Mismatches: relatives, namesakes, other generations, strangers.
    ("Betty Smith", "Jennifer Smith", 57, true, false),
    ("John Smith Jr", "John Smith Sr", 60, false, false),
    ("John Smith", "John Miller", 49, true, false),
    ("Jennifer Smith", "Carlos Ortega", 20, false, false),
    ("Madonna", "Madonna Ciccone", 60, true, false),
    // Still two names: a pet form two edits from a name of the other sex, and a translation of a pet form's
    // full name that is an American name of the other sex.
    ("Ira Smith", "Irina Smith", 60, true, false),
    ("Tonda Smith", "Tony Smith", 63, true, false),
    // One name in the equivalents table, but a man's and a woman's name a letter apart in the US lists.
    ("Nicolas Smith", "Nicola Smith", 65, true, false),
];

#[test]
fn person_name_table() {
    for &(a, b, score, first_or_last, nickname) in PERSON {
        for (x, y) in [(a, b), (b, a)] {
            let got = score_pair(x, y);
            let want = NameMatch {
                score: Some(score),
                is_first_name_or_last_name_match: Some(first_or_last),
                is_nickname_match: Some(nickname),
                is_business_name_detected: Some(false),
            };
            assert_eq!(got, want, "{x} / {y}");
        }
    }
}

#[test]
fn business_names_set_the_flag_from_either_side() {
    for (a, b) in [
        ("Acme Widgets LLC", "Acme Widgets"),
        ("Jennifer Smith", "Smith Holdings Inc"),
    ] {
        for (x, y) in [(a, b), (b, a)] {
            assert_eq!(
                score_pair(x, y).is_business_name_detected,
                Some(true),
                "{x} / {y}"
            );
        }
    }
}

#[test]
fn best_takes_the_maximum_over_owners_and_names() {
    let owners = [
        MatchOwner {
            names: vec!["Carlos Ortega".into()],
            ..MatchOwner::default()
        },
        MatchOwner {
            names: vec!["   ".into(), "Jenn Smith".into(), "Jennifer Smith".into()],
            ..MatchOwner::default()
        },
    ];
    assert_eq!(best(Some("Jennifer Smith"), &owners).score, Some(100));
    assert_eq!(best(Some("Jenn Smith"), &owners[..1]).score, Some(18));
}

#[test]
fn missing_names_on_either_side_give_null_scores_and_flags() {
    let owner = MatchOwner {
        names: vec!["Jennifer Smith".into()],
        ..MatchOwner::default()
    };
    assert_eq!(
        best(None, std::slice::from_ref(&owner)),
        NameMatch::default()
    );
    assert_eq!(
        best(Some("  "), std::slice::from_ref(&owner)),
        NameMatch::default()
    );
    assert_eq!(
        best(Some("Jennifer Smith"), &[MatchOwner::default()]),
        NameMatch::default()
    );
    assert_eq!(best(Some("Jennifer Smith"), &[]), NameMatch::default());
}

#[test]
fn cyrillic_and_greek_match_either_romanisation() {
    for (native, latin) in [
        ("Юлия Морозова", "Yuliya Morozova"),
        ("Юлия Морозова", "Iuliia Morozova"),
        ("Βασίλειος Χριστοδούλου", "Vasileios Christodoulou"),
        ("Βασίλειος Χριστοδούλου", "Basileios Khristodoulou"),
    ] {
        let owner = crate::MatchOwner {
            names: vec![latin.to_owned()],
            ..crate::MatchOwner::default()
        };
        let score = super::best(Some(native), std::slice::from_ref(&owner)).score;
        assert!(
            score.is_some_and(|s| s >= 85),
            "{native} / {latin}: {score:?}"
        );
        let reversed = crate::MatchOwner {
            names: vec![native.to_owned()],
            ..crate::MatchOwner::default()
        };
        let score = super::best(Some(latin), std::slice::from_ref(&reversed)).score;
        assert!(
            score.is_some_and(|s| s >= 85),
            "{latin} / {native}: {score:?}"
        );
    }
}
