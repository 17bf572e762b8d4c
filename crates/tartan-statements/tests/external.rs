//! Statements written and tampered with by third-party tools (reportlab, pypdf, qpdf, cairo, Ghostscript),
//! not by this crate's generator: see `tests/fixtures/external/make.py`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use tartan_statements::{Limits, OnFile, PostalAddress, StatementAnalysis, analyze};

fn analyse(name: &str) -> StatementAnalysis {
    let path = format!(
        "{}/tests/fixtures/external/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap();
    let on_file = OnFile {
        account_number: Some("447100932218".into()),
        mask: None,
    };
    analyze(&bytes, &on_file, &Limits::default()).unwrap()
}

fn fraud_kinds(a: &StatementAnalysis) -> Vec<&str> {
    a.risk_signals
        .iter()
        .filter(|s| s.has_fraud_risk)
        .map(|s| s.kind.as_str())
        .collect()
}

fn assert_reads_the_statement(a: &StatementAnalysis) {
    let holder = a.holder.as_ref().unwrap();
    assert_eq!(holder.names, ["ALEJANDRA M. TORRES", "ROBERT TORRES"]);
    let address = PostalAddress {
        street: "4410 N DIVISION ST UNIT 12".into(),
        city: Some("SPOKANE".into()),
        region: Some("WA".into()),
        postal_code: Some("99207-1834".into()),
        country: Some("US".into()),
    };
    assert_eq!(holder.address.as_ref(), Some(&address));
    assert_eq!(a.account_number.as_deref(), Some("4471-0093-2218"));
    assert_eq!(a.is_account_number_match, Some(true));
    let jan = (
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
    );
    assert_eq!(a.period, Some(jan));
    assert_eq!(a.page_count, 2);
}

#[test]
fn a_reportlab_statement_is_read_and_trusted() {
    let a = analyse("genuine-reportlab.pdf");
    assert_reads_the_statement(&a);
    assert!(fraud_kinds(&a).is_empty(), "{:?}", a.risk_signals);
    assert_eq!(a.risk_score, 0);
}

#[test]
fn cairo_and_ghostscript_reprints_are_read_and_trusted() {
    for name in ["cairo-reprint.pdf", "ghostscript-reprint.pdf"] {
        let a = analyse(name);
        assert_reads_the_statement(&a);
        assert!(fraud_kinds(&a).is_empty(), "{name}: {:?}", a.risk_signals);
    }
}

#[test]
fn a_pypdf_stamp_over_the_balance_is_overlaid_text() {
    let a = analyse("overlay-pypdf.pdf");
    assert_reads_the_statement(&a);
    assert_eq!(fraud_kinds(&a), ["OVERLAID_TEXT"]);
    assert!(a.risk_score >= 80);
}

#[test]
fn a_pypdf_incremental_content_edit_is_edited_text() {
    let a = analyse("edited-incremental-pypdf.pdf");
    assert_eq!(fraud_kinds(&a), ["EDITED_TEXT"]);
    assert_eq!(a.risk_signals[0].page_number, 1);
    assert!(a.risk_score >= 80);
}

#[test]
fn a_pypdf_incremental_annotation_is_annotations_not_edited_text() {
    let a = analyse("annotation-pypdf.pdf");
    assert_reads_the_statement(&a);
    assert_eq!(fraud_kinds(&a), ["ANNOTATIONS"]);
}

#[test]
fn software_and_qpdf_fingerprints_are_found() {
    let sejda = analyse("blacklisted-producer.pdf");
    assert_eq!(fraud_kinds(&sejda), ["SOFTWARE_BLACKLIST"]);
    assert_eq!(sejda.risk_signals[0].description, "Sejda");
    let qpdf = analyse("qpdf-rewrite.pdf");
    assert_reads_the_statement(&qpdf);
    assert_eq!(fraud_kinds(&qpdf), ["QPDF"]);
}
