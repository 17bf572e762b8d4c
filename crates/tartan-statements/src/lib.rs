//! Bank statement PDF analysis (pure, no I/O).
//!
//! [`analyze`] reads an uploaded bank statement the way Plaid's Identity Document Upload does: it extracts
//! the account holder (names and postal address), the account number as printed (full or masked), and the
//! statement period; compares the account number with the one on file; and reports Plaid risk signals
//! (`SOFTWARE_BLACKLIST`, `EDITED_TEXT`, `OVERLAID_TEXT`, …) with a 0–100 risk score.
//!
//! The crate owns parsing and judgement only. It never touches the network, the clock or the file system,
//! and it refuses hostile input with an [`AnalyzeError`] instead of panicking: every cost (bytes, pages,
//! objects, decompressed bytes, interpreter steps) is bounded by [`Limits`]. Callers that need a wall-clock
//! bound should still run it on a blocking thread with a timeout. See `docs/statements.md` for the rules,
//! weights and measured quality.

mod error;
mod extract;
mod limits;
mod load;
mod model;
mod precheck;
mod risk;
mod scan;
mod text;

#[cfg(feature = "synth")]
pub mod synth;

pub use error::AnalyzeError;
pub use limits::Limits;
pub use model::{Holder, OnFile, PostalAddress, RiskSignal, StatementAnalysis};

use limits::Budget;

/// Every risk signal type [`analyze`] can raise with `has_fraud_risk` (Plaid documents more; these are the
/// ones this analyser raises), most telling first.
pub fn fraud_signal_kinds() -> impl Iterator<Item = &'static str> {
    risk::WEIGHTS.iter().map(|(kind, _)| *kind)
}
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Analyse one uploaded statement.
///
/// `on_file` is what the bank holds for the account (full number and/or mask); it only feeds
/// [`StatementAnalysis::is_account_number_match`]. Errors are meant to be shown to the uploader.
pub fn analyze(
    pdf: &[u8],
    on_file: &OnFile,
    limits: &Limits,
) -> Result<StatementAnalysis, AnalyzeError> {
    // lopdf is hardened but third-party; a panic deep inside it must still come back as a clean refusal.
    catch_unwind(AssertUnwindSafe(|| analyze_unguarded(pdf, on_file, limits))).unwrap_or_else(
        |_| {
            Err(AnalyzeError::Malformed(
                "the PDF structure could not be read".into(),
            ))
        },
    )
}

fn analyze_unguarded(
    pdf: &[u8],
    on_file: &OnFile,
    limits: &Limits,
) -> Result<StatementAnalysis, AnalyzeError> {
    let mut budget = Budget::new(limits);
    let census = precheck::census(pdf, limits, &mut budget)?;
    let doc = load::load(pdf, limits, &mut budget)?;
    let pages = load::pages(&doc, limits, &mut budget)?;
    let extracted = text::extract_document(&doc, &pages, &mut budget)?;
    // Text hidden under a later fill is not what a reader sees, so it is not what we extract from.
    let coverage = risk::visual::coverage(&extracted, &mut budget)?;
    // Pages that are one picture are read by OCR where it is available; their words join the text.
    let image_pages = scan::image_pages(&doc, &pages, &extracted, limits, &mut budget)?;
    let mut readable = coverage.visible_runs(&extracted);
    readable.extend(image_pages.iter().flat_map(|p| &p.runs));
    let lines = text::layout::segments(&readable, &mut budget)?;

    let block = extract::holder::find(&lines);
    let account = extract::account::find(&lines);
    let period = extract::period::find(&lines);
    let is_account_number_match = account
        .as_deref()
        .and_then(|printed| extract::account::matches(printed, on_file));

    let facts = risk::Facts {
        doc: &doc,
        pages: &pages,
        census: &census,
        text: &extracted,
        coverage: &coverage,
        period,
        lines: &lines,
        holder: block.as_ref(),
        image_pages: &image_pages,
        pdf,
        limits,
    };
    let risk_signals = risk::evaluate(&facts, &mut budget)?;
    let risk_score = risk::score(&risk_signals);

    Ok(StatementAnalysis {
        page_count: u32::try_from(pages.len()).unwrap_or(u32::MAX),
        holder: block.map(|b| b.holder),
        account_number: account,
        is_account_number_match,
        period,
        risk_signals,
        risk_score,
    })
}
