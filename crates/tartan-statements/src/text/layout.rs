//! Reading order from positioned runs: runs sharing a baseline form a line, and a line splits into
//! segments wherever a gap is wide enough to be a column break. Extractors work on segments, so a holder
//! block on the left and an account box on the right at the same height stay apart.

use super::TextRun;
use crate::{AnalyzeError, limits::Budget};

/// Baselines closer than this (in em of the larger font) share a line.
const SAME_LINE: f32 = 0.35;
/// A horizontal gap wider than this (in em) starts a new segment.
const COLUMN_GAP: f32 = 1.5;
/// A gap wider than this (in em) between runs of one segment reads as a space.
const WORD_GAP: f32 = 0.12;

/// A run of text on one line with no column break inside.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub page: u32,
    /// Index of the line in the whole document; segments of one line share it.
    pub line: usize,
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub baseline: f32,
    pub size: f32,
}

/// Build segments, page by page, top to bottom, left to right.
pub(crate) fn segments(
    runs: &[&TextRun],
    budget: &mut Budget,
) -> Result<Vec<Segment>, AnalyzeError> {
    budget.charge(
        u64::try_from(runs.len())
            .unwrap_or(u64::MAX)
            .saturating_mul(4),
    )?;
    let mut sorted: Vec<&TextRun> = runs
        .iter()
        .copied()
        .filter(|r| r.size > 0.0 && !r.text.trim().is_empty())
        .collect();
    sorted.sort_by(|a, b| {
        a.page
            .cmp(&b.page)
            .then(b.baseline.total_cmp(&a.baseline))
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut out = Vec::new();
    let mut line: Vec<&TextRun> = Vec::new();
    let mut line_no = 0;
    for run in sorted {
        let joins = line.first().is_some_and(|first| {
            first.page == run.page
                && (first.baseline - run.baseline).abs() <= SAME_LINE * first.size.max(run.size)
        });
        if !joins && !line.is_empty() {
            split_line(&mut line, line_no, &mut out);
            line_no += 1;
        }
        line.push(run);
    }
    if !line.is_empty() {
        split_line(&mut line, line_no, &mut out);
    }
    Ok(out)
}

fn split_line(line: &mut Vec<&TextRun>, line_no: usize, out: &mut Vec<Segment>) {
    line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut current: Option<Segment> = None;
    let mut last: Option<&TextRun> = None;
    for run in line.drain(..) {
        if let Some(prev) = last
            && is_overprint(prev, run)
        {
            continue;
        }
        let size = run.size;
        match current.as_mut() {
            Some(seg) if run.bbox.x0 - seg.x1 <= COLUMN_GAP * size.max(seg.size) => {
                let gap = run.bbox.x0 - seg.x1;
                if gap > WORD_GAP * size && !seg.text.ends_with(' ') && !run.text.starts_with(' ') {
                    seg.text.push(' ');
                }
                seg.text.push_str(&run.text);
                seg.x1 = seg.x1.max(run.bbox.x1);
                seg.size = seg.size.max(size);
            }
            _ => {
                if let Some(done) = current.take() {
                    out.push(tidy(done));
                }
                current = Some(Segment {
                    page: run.page,
                    line: line_no,
                    text: run.text.clone(),
                    x0: run.bbox.x0,
                    x1: run.bbox.x1,
                    baseline: run.baseline,
                    size,
                });
            }
        }
        last = Some(run);
    }
    if let Some(done) = current {
        out.push(tidy(done));
    }
}

/// Fake bold: the same string painted again a fraction of a point to the right.
fn is_overprint(prev: &TextRun, run: &TextRun) -> bool {
    prev.text == run.text
        && run.bbox.intersection(&prev.bbox) >= 0.8 * run.bbox.area().max(f32::MIN_POSITIVE)
}

fn tidy(mut seg: Segment) -> Segment {
    seg.text = seg.text.split_whitespace().collect::<Vec<_>>().join(" ");
    seg
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Limits, text::Rect};
    use std::rc::Rc;

    /// A Helvetica-ish run of `text` at `(x, y)` in `size` points on page 1.
    pub(crate) fn run(text: &str, x: f32, y: f32, size: f32) -> TextRun {
        let w = text.chars().count() as f32 * 0.5 * size;
        TextRun {
            page: 1,
            seq: 0,
            text: text.into(),
            bbox: Rect {
                x0: x,
                y0: y - 0.2 * size,
                x1: x + w,
                y1: y + 0.75 * size,
            },
            baseline: y,
            size,
            font: Rc::from("Helvetica"),
            invisible: false,
        }
    }

    fn texts(runs: &[TextRun]) -> Vec<String> {
        let refs: Vec<&TextRun> = runs.iter().collect();
        segments(&refs, &mut Budget::new(&Limits::default()))
            .unwrap()
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn joins_words_and_splits_columns() {
        let runs = [
            run("JANE", 50.0, 700.0, 10.0),
            run("DOE", 72.0, 700.2, 10.0),
            run("Page 1", 400.0, 700.0, 10.0),
        ];
        assert_eq!(texts(&runs), ["JANE DOE", "Page 1"]);
    }

    #[test]
    fn orders_lines_top_to_bottom() {
        let runs = [
            run("second", 50.0, 680.0, 10.0),
            run("first", 50.0, 700.0, 10.0),
        ];
        assert_eq!(texts(&runs), ["first", "second"]);
    }

    #[test]
    fn drops_fake_bold_overprint() {
        let runs = [
            run("TOTAL", 50.0, 700.0, 10.0),
            run("TOTAL", 50.3, 700.0, 10.0),
        ];
        assert_eq!(texts(&runs), ["TOTAL"]);
    }
}
