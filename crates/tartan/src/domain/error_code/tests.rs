//! The table in [`super`] checked code by code against the reference's error table (§2.1 of
//! `$TARTAN_SHARED_DIR/reference/plaid-behavior.md`, default `<manifest>/../../../shared`).

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;

fn reference() -> PathBuf {
    std::env::var_os("TARTAN_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("reference/plaid-behavior.md")
}

/// `code → (error_type, status)` from the rows of §2.1. A row may list several codes (`A, B`, `A / B`) and
/// decorate them (`(alias …)`, `(+ …)`, `**404**`, `USER_ERROR (!)`).
fn table(text: &str) -> HashMap<String, (String, u16)> {
    let section = text
        .split("### 2.1")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .unwrap_or_default();
    let mut rows = HashMap::new();
    for line in section.lines().filter(|line| line.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (codes, kind, status) = (cells[1], cells[2], cells[3]);
        let Ok(status) = status.trim_matches('*').parse::<u16>() else {
            continue; // the header row
        };
        let kind = kind.split_whitespace().next().unwrap().to_owned();
        let codes = codes.split(" (").next().unwrap();
        for code in codes.split([',', '/']).map(str::trim) {
            if code.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !code.is_empty() {
                rows.insert(code.to_owned(), (kind.clone(), status));
            }
        }
    }
    rows
}

#[test]
fn every_code_has_the_type_and_status_of_plaids_table() {
    let path = reference();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "SKIPPED: {} not found (set TARTAN_SHARED_DIR); error codes not checked against Plaid's table",
            path.display()
        );
        return;
    };
    let rows = table(&text);
    assert!(
        rows.len() > 60,
        "the reference's table did not parse: {rows:?}"
    );
    for code in ErrorCode::ALL {
        let Some((kind, status)) = rows.get(code.as_str()) else {
            panic!("{code} is not in the reference's error table");
        };
        assert_eq!(code.error_type().as_str(), kind, "{code}");
        assert_eq!(code.http_status(), *status, "{code}");
    }
}

#[test]
fn codes_round_trip_through_their_spelling() {
    for code in ErrorCode::ALL {
        assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
    }
    assert_eq!(ErrorCode::parse("item_locked"), None);
    assert_eq!(ErrorCode::parse("PLAID_ERROR"), None);
}

#[test]
fn the_sandbox_simulates_item_institution_and_outage_errors_only() {
    assert!(ErrorCode::ItemLocked.is_simulated_in_sandbox());
    assert!(ErrorCode::InstitutionDown.is_simulated_in_sandbox());
    assert!(ErrorCode::PlannedMaintenance.is_simulated_in_sandbox());
    assert!(ErrorCode::InvalidLinkToken.is_simulated_in_sandbox());
    assert!(!ErrorCode::InvalidApiKeys.is_simulated_in_sandbox());
    assert!(!ErrorCode::AuthLimit.is_simulated_in_sandbox());
}
