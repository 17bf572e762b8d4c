//! Plaid risk signals and the risk score.
//!
//! Each submodule owns one family of rules and only reports what the file really contains; this module
//! runs them, orders the result (most severe first) and combines the fraud-risk signals into a score.
//!
//! Score: every signal kind with `has_fraud_risk` has a weight `w` (the probability, as we judge it, that a
//! file showing only that sign was tampered with). Kinds combine as independent evidence (noisy-OR):
//! `score = round(100 * (1 - Π(1 - w)))`, each kind counted once however many pages show it. Informational
//! kinds (`METADATA_DATES_MATCH`, `METADATA_DATES_INSIDE_WINDOW`) weigh nothing. 80 or more means the
//! statement should be treated as unverified; one strong sign (edited or overlaid text) reaches 90 alone.

mod annotation_dates;
mod consistency;
mod flattened;
pub(crate) mod metadata;
mod revisions;
pub(crate) mod software;
mod structure;
pub(crate) mod visual;

use crate::{
    AnalyzeError, Limits, RiskSignal, extract::holder::Block, limits::Budget, load::PageRef,
    precheck::Census, scan::ImagePage, text::DocText, text::layout::Segment,
};
use chrono::NaiveDate;
use lopdf::Document;

/// Weight of each fraud-risk signal kind (see the module docs).
pub(crate) const WEIGHTS: [(&str, f64); 16] = [
    ("EDITED_TEXT", 0.90),
    ("OVERLAID_TEXT", 0.90),
    ("TOUCHUP_TEXT", 0.85),
    ("SOFTWARE_BLACKLIST", 0.80),
    ("MASKING", 0.70),
    ("FONT_ANOMALY", 0.70),
    ("FLATTENED_PDF", 0.60),
    ("DATE_FORMAT_ANOMALY", 0.60),
    ("NAME_FORMAT_ANOMALY", 0.60),
    ("ADDRESS_FORMAT_ANOMALY", 0.60),
    ("ANNOTATION_DATES", 0.60),
    ("METADATA_DATES_OUTSIDE_WINDOW", 0.60),
    ("QPDF", 0.50),
    ("MALFORMED_DATE", 0.50),
    ("ANNOTATIONS", 0.40),
    ("METADATA_DATES_MISSING", 0.30),
];

/// Everything the rules may look at.
pub(crate) struct Facts<'a> {
    pub doc: &'a Document,
    pub pages: &'a [PageRef<'a>],
    pub census: &'a Census,
    pub text: &'a DocText,
    pub coverage: &'a visual::Coverage,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub lines: &'a [Segment],
    pub holder: Option<&'a Block>,
    pub image_pages: &'a [ImagePage],
    pub pdf: &'a [u8],
    pub limits: &'a Limits,
}

/// Run every rule.
pub(crate) fn evaluate(
    f: &Facts<'_>,
    budget: &mut Budget,
) -> Result<Vec<RiskSignal>, AnalyzeError> {
    let info = metadata::Info::read(f.doc, f.census.last_info_ref)?;
    let mut out = metadata::date_signals(&info, f.period);
    out.extend(software::signals(f.doc, &info, budget)?);
    let annots = structure::page_annotations(f.doc, f.pages, budget)?;
    out.extend(structure::annotations(f.doc, &annots)?);
    out.extend(annotation_dates::signals(f.doc, &info, &annots)?);
    out.extend(structure::qpdf(f.census, &info));
    out.extend(structure::touchup(f.text));
    out.extend(revisions::edited_text(f, budget)?);
    out.extend(visual::overlay_signals(f.text, f.coverage));
    out.extend(visual::font_anomalies(f.text, f.coverage, budget)?);
    out.extend(flattened::signals(f.image_pages));
    // OCR misreads are not hand edits: pages read by OCR are left out of the consistency rules.
    let ocr_pages: Vec<u32> = f.image_pages.iter().map(|p| p.page).collect();
    out.extend(
        consistency::signals(f.lines, f.holder)
            .into_iter()
            .filter(|s| !ocr_pages.contains(&s.page_number)),
    );
    out.sort_by(|a, b| weight(b).total_cmp(&weight(a)));
    Ok(out)
}

fn weight(s: &RiskSignal) -> f64 {
    if !s.has_fraud_risk {
        return 0.0;
    }
    WEIGHTS
        .iter()
        .find(|(k, _)| *k == s.kind)
        .map_or(0.0, |(_, w)| *w)
}

/// The 0–100 risk score for `signals`.
pub(crate) fn score(signals: &[RiskSignal]) -> u8 {
    let mut seen: Vec<&str> = Vec::new();
    let mut clean = 1.0;
    for s in signals {
        if s.has_fraud_risk && !seen.contains(&s.kind.as_str()) {
            seen.push(&s.kind);
            clean *= 1.0 - weight(s);
        }
    }
    ((1.0 - clean) * 100.0).round().clamp(0.0, 100.0) as u8
}

/// Build a signal.
pub(crate) fn signal(
    kind: &str,
    has_fraud_risk: bool,
    description: impl Into<String>,
    page_number: u32,
) -> RiskSignal {
    RiskSignal {
        kind: kind.into(),
        has_fraud_risk,
        description: description.into(),
        page_number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_combine_as_independent_evidence_once_per_kind() {
        assert_eq!(score(&[]), 0);
        assert_eq!(score(&[signal("METADATA_DATES_MATCH", false, "", 0)]), 0);
        assert_eq!(
            score(&[
                signal("ANNOTATIONS", true, "", 1),
                signal("ANNOTATIONS", true, "", 2)
            ]),
            40
        );
        // Plaid's spec example: dates outside the window plus Adobe Acrobat is above 80.
        let example = [
            signal("METADATA_DATES_OUTSIDE_WINDOW", true, "", 0),
            signal("SOFTWARE_BLACKLIST", true, "", 0),
        ];
        assert_eq!(score(&example), 92);
        assert!(score(&[signal("EDITED_TEXT", true, "", 1)]) >= 80);
    }

    #[test]
    fn every_weighted_kind_is_a_documented_plaid_type() {
        // The spec's `x-override-enum-values-shown` for IdentityDocumentUploadRiskSignal.type.
        const PLAID: [&str; 16] = [
            "FLATTENED_PDF",
            "DATE_FORMAT_ANOMALY",
            "NAME_FORMAT_ANOMALY",
            "ADDRESS_FORMAT_ANOMALY",
            "ANNOTATION_DATES",
            "EDITED_TEXT",
            "OVERLAID_TEXT",
            "TOUCHUP_TEXT",
            "SOFTWARE_BLACKLIST",
            "MASKING",
            "FONT_ANOMALY",
            "METADATA_DATES_OUTSIDE_WINDOW",
            "QPDF",
            "MALFORMED_DATE",
            "ANNOTATIONS",
            "METADATA_DATES_MISSING",
        ];
        for (k, w) in WEIGHTS {
            assert!(PLAID.contains(&k) && w > 0.0 && w < 1.0, "{k}");
        }
    }
}
