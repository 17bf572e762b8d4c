//! Table tests for address normalisation.

use super::*;

fn civic(raw: &str) -> Civic {
    match street(raw) {
        Some(Street::Civic(c)) => c,
        other => panic!("{raw}: {other:?}"),
    }
}

/// (raw, number, name, suffix, directionals, unit)
type StreetCase = (
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    Option<&'static str>,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn street_lines_normalise_to_pub_28_parts() {
    let cases: &[StreetCase] = &[
        (
            "2493 Leisure Lane",
            Some("2493"),
            &["leisure"],
            Some("ln"),
            &[],
            &[],
        ),
        (
            "2493 Leisure Ln.",
            Some("2493"),
            &["leisure"],
            Some("ln"),
            &[],
            &[],
        ),
        (
            "2992 CAMERON ROAD",
            Some("2992"),
            &["cameron"],
            Some("rd"),
            &[],
            &[],
        ),
        (
            "100 North Main Street, Apartment 4B",
            Some("100"),
            &["main"],
            Some("st"),
            &["n"],
            &["4b"],
        ),
        (
            "100 N. Main St. Apt #04B",
            Some("100"),
            &["main"],
            Some("st"),
            &["n"],
            &["4b"],
        ),
        (
            "100 Main St #4B",
            Some("100"),
            &["main"],
            Some("st"),
            &[],
            &["4b"],
        ),
        (
            "100 Main St 4B",
            Some("100"),
            &["main"],
            Some("st"),
            &[],
            &["4b"],
        ),
        (
            "100 Main St SW Suite 300",
            Some("100"),
            &["main"],
            Some("st"),
            &["sw"],
            &["300"],
        ),
        (
            "100 Main St Rear",
            Some("100"),
            &["main"],
            Some("st"),
            &[],
            &["rear"],
        ),
        (
            "12 Key West Dr",
            Some("12"),
            &["ky", "w"],
            Some("dr"),
            &[],
            &[],
        ),
        ("12 Front St", Some("12"), &["front"], Some("st"), &[], &[]),
        ("5 Fifth Avenue", Some("5"), &["5th"], Some("ave"), &[], &[]),
        (
            "5 Saint Charles Avnue",
            Some("5"),
            &["st", "charles"],
            Some("ave"),
            &[],
            &[],
        ),
        (
            "112-10 Bronx Rd",
            Some("112-10"),
            &["bronx"],
            Some("rd"),
            &[],
            &[],
        ),
        (
            "12 1/2 Elm St",
            Some("12 1/2"),
            &["elm"],
            Some("st"),
            &[],
            &[],
        ),
        ("East West Highway", None, &["w"], Some("hwy"), &["e"], &[]),
        ("123 Avenue", Some("123"), &["ave"], None, &[], &[]),
    ];
    for &(raw, number, name, suffix, directionals, unit) in cases {
        let c = civic(raw);
        assert_eq!(c.number.as_deref(), number, "{raw}");
        assert_eq!(c.name, name, "{raw}");
        assert_eq!(c.suffix, suffix, "{raw}");
        assert_eq!(c.directionals, directionals, "{raw}");
        assert_eq!(c.unit, unit, "{raw}");
    }
}

#[test]
fn po_boxes_are_recognised_in_their_usual_spellings() {
    for raw in [
        "PO Box 123",
        "P.O. Box 0123",
        "Post Office Box 123",
        "Box 123",
    ] {
        assert_eq!(street(raw), Some(Street::PoBox("123".to_owned())), "{raw}");
    }
}

#[test]
fn last_line_parts_normalise() {
    let a = parse(&MatchAddress {
        street: Some("  ".into()),
        city: Some("Saint Louis".into()),
        region: Some("Missouri".into()),
        postal_code: Some("63101-1234".into()),
        country: Some("United States".into()),
    });
    assert_eq!(a.street, None);
    assert_eq!(a.city.as_deref(), Some("st louis"));
    assert_eq!(a.region.as_deref(), Some("mo"));
    assert_eq!(
        a.postal,
        Some(Postal {
            main: "63101".into(),
            plus4: Some("1234".into())
        })
    );
    assert_eq!(a.country.as_deref(), Some("us"));
    assert_eq!(
        postal("K1A 0B1"),
        Some(Postal {
            main: "k1a0b1".into(),
            plus4: None
        })
    );
    assert!(parse(&MatchAddress::default()).is_empty());
}
