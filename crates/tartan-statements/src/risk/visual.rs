//! What the page looks like versus what it contains: `OVERLAID_TEXT`, `MASKING` and `FONT_ANOMALY`.
//!
//! A filled rectangle painted after a piece of text, over most of its glyph box, hides it: a reader sees
//! the rectangle (white-out or a black bar) and whatever is painted on top. When new text lands on the
//! rectangle it is `OVERLAID_TEXT` (the classic "paste a new amount over the old one"); when nothing does it
//! is `MASKING`. Hidden runs are also dropped before extraction, so the analyser reads what a person sees.
//!
//! `FONT_ANOMALY`: two runs that touch on one baseline and together form one number (digits, `.` or `,`
//! on both sides of the seam) but use different fonts or sizes. Statement engines set a whole amount in one
//! font; a digit swapped by an editor usually is not.

use super::signal;
use crate::{
    AnalyzeError, RiskSignal,
    limits::Budget,
    text::{DocText, PageText, TextRun},
};

/// A run is hidden when a later fill covers at least this share of its glyph box.
const HIDDEN_SHARE: f32 = 0.6;
/// Fills thinner than this (points) are rules and borders; they cannot hide a glyph.
const MIN_FILL_SIDE: f32 = 2.0;
/// Runs closer than this (em) on one baseline touch.
const SEAM: f32 = 0.3;

/// Which runs are hidden, and which fills hide them.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    hidden: Vec<Vec<bool>>,
    /// Per page: for every fill that hides text, whether new text was painted on it.
    covers: Vec<Vec<bool>>,
}

impl Coverage {
    /// Every run a reader can see (including invisible OCR text, which hides nothing and is hidden by nothing
    /// it was not already under).
    pub(crate) fn visible_runs<'a>(&self, text: &'a DocText) -> Vec<&'a TextRun> {
        text.pages
            .iter()
            .zip(&self.hidden)
            .flat_map(|(p, h)| {
                p.runs
                    .iter()
                    .zip(h)
                    .filter(|(_, hidden)| !**hidden)
                    .map(|(r, _)| r)
            })
            .collect()
    }
}

/// Work out which runs later fills hide.
pub(crate) fn coverage(text: &DocText, budget: &mut Budget) -> Result<Coverage, AnalyzeError> {
    let mut cov = Coverage::default();
    for page in &text.pages {
        let (hidden, covers) = page_coverage(page, budget)?;
        cov.hidden.push(hidden);
        cov.covers.push(covers);
    }
    Ok(cov)
}

fn page_coverage(
    page: &PageText,
    budget: &mut Budget,
) -> Result<(Vec<bool>, Vec<bool>), AnalyzeError> {
    let runs = &page.runs;
    let mut hidden = vec![false; runs.len()];
    let mut covers = Vec::new();
    let mut by_y: Vec<usize> = (0..runs.len()).collect();
    by_y.sort_by(|&a, &b| runs[a].bbox.y0.total_cmp(&runs[b].bbox.y0));
    let tallest = runs
        .iter()
        .map(|r| r.bbox.y1 - r.bbox.y0)
        .fold(0.0f32, f32::max);
    budget.charge(u64::try_from(runs.len() + page.fills.len()).unwrap_or(u64::MAX))?;
    for fill in &page.fills {
        let f = fill.rect;
        if f.x1 - f.x0 < MIN_FILL_SIDE || f.y1 - f.y0 < MIN_FILL_SIDE {
            continue;
        }
        // Only runs whose boxes can reach the fill vertically.
        let start = by_y.partition_point(|&i| runs[i].bbox.y0 < f.y0 - tallest);
        let nearby: Vec<usize> = by_y[start..]
            .iter()
            .copied()
            .take_while(|&i| runs[i].bbox.y0 <= f.y1)
            .collect();
        budget.charge(1 + u64::try_from(nearby.len()).unwrap_or(u64::MAX))?;
        let mut hid_any = false;
        for &i in &nearby {
            let r = &runs[i];
            if r.seq < fill.seq
                && !r.invisible
                && r.bbox.intersection(&f) >= HIDDEN_SHARE * r.bbox.area().max(f32::MIN_POSITIVE)
            {
                hidden[i] = true;
                hid_any = true;
            }
        }
        if hid_any {
            let overlaid = nearby.iter().any(|&i| {
                let r = &runs[i];
                let (cx, cy) = ((r.bbox.x0 + r.bbox.x1) / 2.0, (r.bbox.y0 + r.bbox.y1) / 2.0);
                r.seq > fill.seq && !r.invisible && f.contains_point(cx, cy)
            });
            covers.push(overlaid);
        }
    }
    Ok((hidden, covers))
}

/// `OVERLAID_TEXT` and `MASKING`, one of each at most per page.
pub(crate) fn overlay_signals(text: &DocText, cov: &Coverage) -> Vec<RiskSignal> {
    let mut out = Vec::new();
    for (page, covers) in text.pages.iter().zip(&cov.covers) {
        let overlaid = covers.iter().filter(|o| **o).count();
        let masking = covers.len() - overlaid;
        if overlaid > 0 {
            let desc = format!(
                "New text was placed on {overlaid} filled rectangle(s) that hide the original text"
            );
            out.push(signal("OVERLAID_TEXT", true, desc, page.number));
        }
        if masking > 0 {
            out.push(signal(
                "MASKING",
                true,
                format!("{masking} filled rectangle(s) hide text on the page"),
                page.number,
            ));
        }
    }
    out
}

/// `FONT_ANOMALY`, at most one per page.
pub(crate) fn font_anomalies(
    text: &DocText,
    cov: &Coverage,
    budget: &mut Budget,
) -> Result<Vec<RiskSignal>, AnalyzeError> {
    let mut out = Vec::new();
    for (page, hidden) in text.pages.iter().zip(&cov.hidden) {
        let mut runs: Vec<&TextRun> = page
            .runs
            .iter()
            .zip(hidden)
            .filter(|(r, h)| !**h && !r.invisible)
            .map(|(r, _)| r)
            .collect();
        budget.charge(
            u64::try_from(runs.len())
                .unwrap_or(u64::MAX)
                .saturating_mul(2),
        )?;
        runs.sort_by(|a, b| {
            b.baseline
                .total_cmp(&a.baseline)
                .then(a.bbox.x0.total_cmp(&b.bbox.x0))
        });
        let mut found: Option<String> = None;
        for (i, a) in runs.iter().enumerate() {
            // Runs on a line are contiguous after the sort, so only the next few can touch `a`.
            for b in runs[i + 1..]
                .iter()
                .take_while(|b| a.baseline - b.baseline <= SEAM * a.size)
            {
                // Baselines a hair apart can put the right-hand run first in the sort.
                let (left, right) = if a.bbox.x0 <= b.bbox.x0 {
                    (a, b)
                } else {
                    (b, a)
                };
                if found.is_none() && touching_number(left, right) {
                    found = Some(if a.font == b.font {
                        "Characters of one number are set in different font sizes".to_string()
                    } else {
                        format!(
                            "Characters of one number are set in different fonts ({} and {})",
                            a.font, b.font
                        )
                    });
                }
            }
        }
        if let Some(desc) = found {
            out.push(signal("FONT_ANOMALY", true, desc, page.number));
        }
    }
    Ok(out)
}

/// `b` continues the number `a` ends with, in another font or size.
fn touching_number(a: &TextRun, b: &TextRun) -> bool {
    let size = a.size.max(b.size);
    let gap = b.bbox.x0 - a.bbox.x1;
    let numeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let (end, start) = (a.text.chars().next_back(), b.text.chars().next());
    let joins_digits = numeric(end)
        && numeric(start)
        && (end.is_some_and(|c| c.is_ascii_digit()) || start.is_some_and(|c| c.is_ascii_digit()));
    let differs = a.font != b.font || (a.size - b.size).abs() > 0.08 * size;
    (a.baseline - b.baseline).abs() <= 0.1 * size
        && gap.abs() <= SEAM * size
        && joins_digits
        && differs
}

#[cfg(test)]
mod tests;
