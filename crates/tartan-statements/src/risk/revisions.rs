//! `EDITED_TEXT`: text that changed in an incremental update after the document was first written.
//!
//! Every revision of an incrementally updated PDF ends with its own `%%EOF`, and the bytes up to that marker
//! are the complete earlier document. So the earliest revision that loads is read like the final one and
//! the text of each page compared (as a multiset of runs, so a re-ordered but unchanged page is not
//! flagged). Updates that change no text (a signature, a form field, an outline) raise nothing here; a
//! linearized file's first `%%EOF` ends its first-page section, not a revision, and is skipped.

use super::{Facts, signal};
use crate::{AnalyzeError, RiskSignal, limits::Budget, load, text};

/// Earlier revisions tried before giving up (each try costs a parse).
const MAX_TRIES: usize = 3;

/// Compare the earliest loadable revision's text with the final text.
pub(crate) fn edited_text(
    f: &Facts<'_>,
    budget: &mut Budget,
) -> Result<Vec<RiskSignal>, AnalyzeError> {
    let eofs = &f.census.eof_offsets;
    if eofs.len() < 2 {
        return Ok(Vec::new());
    }
    let skip = usize::from(f.doc.linearization.is_some());
    for &end in eofs[..eofs.len() - 1].iter().skip(skip).take(MAX_TRIES) {
        if let Some(earlier) = revision_text(&f.pdf[..end], f, budget)? {
            return Ok(compare(&earlier, &signature(f.text)));
        }
    }
    Ok(Vec::new())
}

/// Per page, the sorted texts of its runs.
type Signature = Vec<Vec<String>>;

fn signature(doc: &text::DocText) -> Signature {
    doc.pages
        .iter()
        .map(|p| {
            let mut runs: Vec<String> = p
                .runs
                .iter()
                .map(|r| r.text.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            runs.sort_unstable();
            runs
        })
        .collect()
}

/// The text of the revision that ends at `prefix`'s end, or `None` if that revision does not load on its
/// own. Running out of budget is still a refusal.
fn revision_text(
    prefix: &[u8],
    f: &Facts<'_>,
    budget: &mut Budget,
) -> Result<Option<Signature>, AnalyzeError> {
    let keep_fatal = |e: AnalyzeError| match e {
        AnalyzeError::WorkLimit | AnalyzeError::DecompressionLimit => Err(e),
        _ => Ok(None),
    };
    let doc = match load::load(prefix, f.limits, budget) {
        Ok(d) => d,
        Err(e) => return keep_fatal(e),
    };
    let pages = match load::pages(&doc, f.limits, budget) {
        Ok(p) => p,
        Err(e) => return keep_fatal(e),
    };
    match text::extract_document(&doc, &pages, budget) {
        Ok(t) => Ok(Some(signature(&t))),
        Err(e) => keep_fatal(e),
    }
}

fn compare(earlier: &Signature, now: &Signature) -> Vec<RiskSignal> {
    let mut out = Vec::new();
    for (i, page) in now.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match earlier.get(i) {
            Some(before) if before == page => {}
            Some(_) => out.push(signal(
                "EDITED_TEXT",
                true,
                "Text on the page was changed by an update saved after the document was created",
                number,
            )),
            None => out.push(signal(
                "EDITED_TEXT",
                true,
                "The page was added by an update saved after the document was created",
                number,
            )),
        }
    }
    if earlier.len() > now.len() {
        out.push(signal(
            "EDITED_TEXT",
            true,
            "Pages were removed by an update saved after the document was created",
            0,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(pages: &[&[&str]]) -> Signature {
        pages
            .iter()
            .map(|p| p.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn flags_changed_added_and_removed_pages_only() {
        let before = sig(&[&["A", "B"], &["C"]]);
        assert!(compare(&before, &sig(&[&["A", "B"], &["C"]])).is_empty());
        let changed = compare(&before, &sig(&[&["A", "X"], &["C"]]));
        assert_eq!(
            changed.iter().map(|s| s.page_number).collect::<Vec<_>>(),
            [1]
        );
        let added = compare(&before, &sig(&[&["A", "B"], &["C"], &["D"]]));
        assert_eq!(added.iter().map(|s| s.page_number).collect::<Vec<_>>(), [3]);
        let removed = compare(&before, &sig(&[&["A", "B"]]));
        assert_eq!(
            removed.iter().map(|s| s.page_number).collect::<Vec<_>>(),
            [0]
        );
    }
}
