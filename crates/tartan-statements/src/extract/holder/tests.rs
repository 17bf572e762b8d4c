use super::*;

/// Segments stacked 12 pt apart at `x`, starting at line `first_line`.
fn block(first_line: usize, x: f32, lines: &[&str]) -> Vec<Segment> {
    lines
        .iter()
        .enumerate()
        .map(|(i, t)| Segment {
            page: 1,
            line: first_line + i,
            text: (*t).into(),
            x0: x,
            x1: x + 150.0,
            baseline: 700.0 - (first_line + i) as f32 * 12.0,
            size: 10.0,
        })
        .collect()
}

fn addr(street: &str, city: &str, region: &str, zip: &str, country: &str) -> Option<PostalAddress> {
    Some(PostalAddress {
        street: street.into(),
        city: Some(city.into()),
        region: Some(region.into()),
        postal_code: Some(zip.into()),
        country: Some(country.into()),
    })
}

#[test]
fn reads_the_window_envelope_block() {
    let segs = block(0, 50.0, &["JANE DOE", "1234 GRAND AVE", "OAKLAND CA 94103"]);
    let h = find(&segs).unwrap().holder;
    assert_eq!(h.names, ["JANE DOE"]);
    assert_eq!(
        h.address,
        addr("1234 GRAND AVE", "OAKLAND", "CA", "94103", "US")
    );
}

#[test]
fn prefers_the_customer_over_the_bank_return_address() {
    let mut segs = block(
        0,
        50.0,
        &["FIRST HARBOR BANK", "PO BOX 4000", "BOSTON, MA 02110"],
    );
    segs.extend(block(
        4,
        50.0,
        &[
            "Prepared for:",
            "Jane A. Doe",
            "John Doe",
            "77 Elm St",
            "Apt 4B",
            "Salt Lake City, UT 84101-2231",
        ],
    ));
    let h = find(&segs).unwrap().holder;
    assert_eq!(h.names, ["Jane A. Doe", "John Doe"]);
    assert_eq!(
        h.address,
        addr(
            "77 Elm St, Apt 4B",
            "Salt Lake City",
            "UT",
            "84101-2231",
            "US"
        )
    );
}

#[test]
fn splits_joint_holders_on_one_line_and_reads_canadian_codes() {
    let segs = block(
        0,
        300.0,
        &[
            "Account holder",
            "Marie Tremblay and Luc Tremblay",
            "88 Rue Saint-Denis",
            "Montreal QC H2X 3K8",
        ],
    );
    let h = find(&segs).unwrap().holder;
    assert_eq!(h.names, ["Marie Tremblay", "Luc Tremblay"]);
    assert_eq!(
        h.address,
        addr("88 Rue Saint-Denis", "Montreal", "QC", "H2X 3K8", "CA")
    );
}

#[test]
fn reads_single_line_labelled_addresses() {
    let segs = block(
        0,
        50.0,
        &[
            "Account Holder: JANE DOE",
            "Address: 1234 GRAND AVE, OAKLAND, CA 94103",
        ],
    );
    let h = find(&segs).unwrap().holder;
    assert_eq!(h.names, ["JANE DOE"]);
    assert_eq!(
        h.address,
        addr("1234 GRAND AVE", "OAKLAND", "CA", "94103", "US")
    );
}

#[test]
fn keeps_columns_apart_and_rejects_headings_as_names() {
    let mut segs = block(
        0,
        50.0,
        &["ACCOUNT SUMMARY", "1234 GRAND AVE", "OAKLAND CA 94103"],
    );
    segs.extend(block(3, 300.0, &["JOHN ROE"]));
    let h = find(&segs).unwrap().holder;
    assert!(h.names.is_empty());
}

#[test]
fn falls_back_to_a_labelled_name() {
    let segs = block(
        0,
        50.0,
        &["Customer Name: Jane Doe", "Statement date 01/31/2026"],
    );
    assert_eq!(
        find(&segs).unwrap().holder,
        Holder {
            names: vec!["Jane Doe".into()],
            address: None
        }
    );
}

#[test]
fn recognises_street_and_city_lines() {
    assert!(is_street("1234 GRAND AVE"));
    assert!(is_street("P.O. Box 77"));
    assert!(!is_street("2026 STATEMENT"));
    assert!(!is_street("OAKLAND CA 94103"));
    assert!(parse_city("OAKLAND, CA 94103 USA").is_some());
    assert!(parse_city("Balance 1,234.56 CA 94103").is_none());
    assert!(parse_city("OAKLAND ZZ 94103").is_none());
}

/// Segments like `block`, with every line at font size `size` and baselines `size * 1.3` apart.
fn sized(first_line: usize, top: f32, size: f32, lines: &[&str]) -> Vec<Segment> {
    block(first_line, 50.0, lines)
        .into_iter()
        .enumerate()
        .map(|(i, s)| Segment {
            baseline: top - i as f32 * size * 1.3,
            size,
            ..s
        })
        .collect()
}

#[test]
fn a_trust_is_the_holder_over_the_bank_letterhead() {
    // The bank's name is set large over a small return address; the trust's title carries TRUST.
    let mut segs = sized(0, 740.0, 15.0, &["HARBOR POINT COMMUNITY BANK"]);
    segs.extend(sized(1, 727.0, 8.0, &["PO BOX 4000", "BOSTON, MA 02110"]));
    segs.extend(sized(
        3,
        650.0,
        10.0,
        &[
            "JANE Q DOE LIVING TRUST",
            "1234 GRAND AVE",
            "OAKLAND, CA 94103",
        ],
    ));
    let h = find(&segs).unwrap().holder;
    assert_eq!(h.names, ["JANE Q DOE LIVING TRUST"]);
    assert_eq!(
        h.address,
        addr("1234 GRAND AVE", "OAKLAND", "CA", "94103", "US")
    );

    // A trust company's letterhead ties with a family trust on words; the letterhead loses.
    let mut segs = sized(0, 740.0, 15.0, &["WILMINGTON TRUST"]);
    segs.extend(sized(
        1,
        727.0,
        8.0,
        &["PO BOX 8000", "WILMINGTON, DE 19899"],
    ));
    segs.extend(sized(
        3,
        650.0,
        10.0,
        &["DOE FAMILY TRUST", "77 ELM ST", "DOVER, DE 19901"],
    ));
    assert_eq!(find(&segs).unwrap().holder.names, ["DOE FAMILY TRUST"]);

    // A bank word proper still marks the bank's block, whatever comes first.
    let mut segs = block(0, 50.0, &["JOHN ROE", "9 OAK RD", "BOSTON, MA 02110"]);
    segs.extend(block(
        4,
        50.0,
        &[
            "FIRST HARBOR BANK AND TRUST",
            "PO BOX 4000",
            "BOSTON, MA 02110",
        ],
    ));
    assert_eq!(find(&segs).unwrap().holder.names, ["JOHN ROE"]);
}

#[test]
fn a_surname_that_is_a_label_word_is_still_a_name() {
    for name in ["JIMMY PAGE", "Anna Date", "JOHN SERVICE", "Mary Holder"] {
        let mut segs = block(
            0,
            50.0,
            &["FIRST HARBOR BANK", "PO BOX 4000", "BOSTON, MA 02110"],
        );
        segs.extend(block(
            4,
            50.0,
            &[name, "1234 GRAND AVE", "OAKLAND CA 94103"],
        ));
        let h = find(&segs).unwrap().holder;
        assert_eq!(h.names, [name]);
        assert_eq!(
            h.address,
            addr("1234 GRAND AVE", "OAKLAND", "CA", "94103", "US")
        );
    }
    // Where the word stands as a label, the line is still no name.
    for heading in [
        "Date Issued",
        "Call Anytime",
        "Service Charges",
        "Statement Page",
    ] {
        assert!(!is_name_like(heading), "{heading}");
    }
    assert!(has_label("Page 1 of 2"));
    assert!(has_label("Printed Page: 2"));
    assert!(has_label("Issue Date 01/31/2026"));
    assert!(!has_label("JIMMY PAGE"));
    assert!(is_street("1234 PAGE MILL RD"));
}
