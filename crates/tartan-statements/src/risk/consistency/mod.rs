//! Internal inconsistency: `DATE_FORMAT_ANOMALY`, `NAME_FORMAT_ANOMALY` and `ADDRESS_FORMAT_ANOMALY`.
//!
//! A statement system prints every date, name and address through one template, so each is written the
//! same way everywhere it appears. A hand edit retypes one spot, and the retyped spot rarely matches the
//! template exactly: `1/5/2026` among `01/05/2026`, `Jane Q. Doe` in a block set in capitals. These rules
//! report a format that holds everywhere but one spot; a document that mixes formats throughout (a
//! template choice, not an edit) raises nothing.

mod dates;
mod names;

use crate::{RiskSignal, extract::holder::Block, text::layout::Segment};

/// All inconsistency signals, at most one per kind and page.
pub(crate) fn signals(lines: &[Segment], block: Option<&Block>) -> Vec<RiskSignal> {
    let mut out = dates::signals(lines);
    if let Some(block) = block {
        out.extend(names::signals(lines, block));
    }
    let mut seen: Vec<(String, u32)> = Vec::new();
    out.retain(|s| {
        let key = (s.kind.clone(), s.page_number);
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    out
}

/// Lines (indices into the document's segments) whose value for one feature differs from a value that
/// at least `majority` other lines share, when exactly one line does: "everywhere but one spot".
/// `values` holds (line, feature value) pairs; a line may appear several times.
pub(super) fn lone_outlier<V: PartialEq + Copy>(
    values: &[(usize, V)],
    majority: usize,
) -> Option<usize> {
    let mut tallies: Vec<(V, Vec<usize>)> = Vec::new();
    for &(line, v) in values {
        match tallies.iter_mut().find(|(t, _)| *t == v) {
            Some((_, lines)) if lines.contains(&line) => {}
            Some((_, lines)) => lines.push(line),
            None => tallies.push((v, vec![line])),
        }
    }
    let top = tallies.iter().map(|(_, l)| l.len()).max()?;
    if tallies.len() != 2 || top < majority {
        return None;
    }
    let (_, odd) = tallies.iter().find(|(_, l)| l.len() < top)?;
    match odd.as_slice() {
        [line] => Some(*line),
        _ => None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A segment on line `line` of page `page`, lines 12 pt apart.
    pub(in crate::risk::consistency) fn seg(line: usize, page: u32, text: &str) -> Segment {
        Segment {
            page,
            line,
            text: text.into(),
            x0: 50.0,
            x1: 300.0,
            baseline: 700.0 - line as f32 * 12.0,
            size: 10.0,
        }
    }

    #[test]
    fn one_line_against_a_majority_is_the_outlier() {
        let v = [(0, 'a'), (1, 'a'), (2, 'a'), (3, 'a'), (4, 'b')];
        assert_eq!(lone_outlier(&v, 4), Some(4));
        assert_eq!(lone_outlier(&v, 5), None, "majority too small");
        let two_odd = [(0, 'a'), (1, 'a'), (2, 'a'), (3, 'a'), (4, 'b'), (5, 'b')];
        assert_eq!(
            lone_outlier(&two_odd, 4),
            None,
            "a second line in the format is a template"
        );
        let three_formats = [(0, 'a'), (1, 'a'), (2, 'a'), (3, 'a'), (4, 'b'), (5, 'c')];
        assert_eq!(lone_outlier(&three_formats, 4), None);
        // Both dates of one line count once.
        let one_line = [(0, 'a'), (1, 'a'), (2, 'a'), (3, 'a'), (4, 'b'), (4, 'b')];
        assert_eq!(lone_outlier(&one_line, 4), Some(4));
    }
}
