//! `DATE_FORMAT_ANOMALY`: every date of one kind written one way but one.
//!
//! Dates are compared within a kind — numeric with a year (`01/31/2026`), numeric without (`01/31`, only
//! where it opens a line, as transaction rows do) and written out (`Jan 31, 2026`) — and within a role:
//! dates opening a line (transaction rows) apart from dates inside one (headers, the period). Each date
//! contributes its features (separator, field order, year digits, zero padding, month spelling and case,
//! comma); a feature value seen on one line only, against one seen on four or more, is the retyped spot.

use super::{super::signal, lone_outlier};
use crate::{RiskSignal, extract::dates::MONTHS, text::layout::Segment};

/// Lines that must agree before a lone exception counts.
const MAJORITY: usize = 4;
const FEATURES: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Numeric,
    Short,
    Written,
}

/// How one date is written; `None` where the date does not show the feature (a day ≥ 10 shows no
/// padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    kind: Kind,
    leading: bool,
    features: [Option<u8>; FEATURES],
}

pub(super) fn signals(lines: &[Segment]) -> Vec<RiskSignal> {
    let dated: Vec<(usize, Style)> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, seg)| styles_in(&seg.text).into_iter().map(move |s| (i, s)))
        .collect();
    let mut out = Vec::new();
    for kind in [Kind::Numeric, Kind::Short, Kind::Written] {
        for leading in [true, false] {
            let group: Vec<&(usize, Style)> = dated
                .iter()
                .filter(|(_, s)| s.kind == kind && s.leading == leading)
                .collect();
            for f in 0..FEATURES {
                let values: Vec<(usize, u8)> = group
                    .iter()
                    .filter_map(|(line, s)| s.features[f].map(|v| (*line, v)))
                    .collect();
                if let Some(line) = lone_outlier(&values, MAJORITY) {
                    out.push(signal(
                        "DATE_FORMAT_ANOMALY",
                        true,
                        "A date on this page is written in a different format from the same kind of date everywhere else in the document",
                        lines[line].page,
                    ));
                }
            }
        }
    }
    out
}

/// The style of every date in `text`.
fn styles_in(text: &str) -> Vec<Style> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let leading = i == 0;
        if let Some(features) = numeric(words[i], leading) {
            let kind = if features[2].is_some() {
                Kind::Numeric
            } else {
                Kind::Short
            };
            out.push(Style {
                kind,
                leading,
                features,
            });
            i += 1;
        } else if let Some((features, used)) = written(&words[i..]) {
            out.push(Style {
                kind: Kind::Written,
                leading,
                features,
            });
            i += used;
        } else {
            i += 1;
        }
    }
    out
}

fn trim(w: &str) -> &str {
    w.trim_start_matches('(')
        .trim_end_matches([',', ';', ':', ')'])
}

/// `01/31/2026`, `2026-01-31`, `31.01.26`; `01/31` only when `leading`. Features: separator, year first,
/// year digits (`None` for a short date), padding.
fn numeric(word: &str, leading: bool) -> Option<[Option<u8>; FEATURES]> {
    let w = trim(word).trim_end_matches('.');
    let sep = w.bytes().find(|b| matches!(b, b'/' | b'-' | b'.'))?;
    let parts: Vec<&str> = w.split(char::from(sep)).collect();
    if !parts
        .iter()
        .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let value = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (day_month, year_first, year_len) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ([*m, *d], true, Some(4)),
        [a, b, y] if y.len() == 4 || y.len() == 2 => ([*a, *b], false, u8::try_from(y.len()).ok()),
        // `6.19` is an amount, never a date without a year.
        [a, b] if leading && sep != b'.' && a.len() <= 2 && b.len() <= 2 => ([*a, *b], false, None),
        _ => return None,
    };
    let (x, y) = (value(day_month[0]), value(day_month[1]));
    if !(1..=31).contains(&x)
        || !(1..=31).contains(&y)
        || x > 12 && y > 12
        || day_month.iter().any(|p| p.len() > 2)
    {
        return None;
    }
    Some([
        Some(sep),
        Some(u8::from(year_first)),
        year_len,
        padding(&day_month),
        None,
        None,
    ])
}

/// Zero padding shown by day/month fields: 1 padded (`05`), 0 not (`5`), 2 both, `None` when no field is
/// under 10.
fn padding(fields: &[&str]) -> Option<u8> {
    let padded = fields.iter().any(|f| f.len() == 2 && f.starts_with('0'));
    let bare = fields.iter().any(|f| f.len() == 1);
    match (padded, bare) {
        (true, true) => Some(2),
        (true, false) => Some(1),
        (false, true) => Some(0),
        (false, false) => None,
    }
}

/// Month spelling (0 full, 1 three letters, 2 three letters and a dot; `None` for "May") and case (0
/// capitals, 1 capitalised, 2 lower case).
fn month(word: &str) -> Option<(Option<u8>, u8)> {
    let w = word.trim_end_matches(',');
    let dotted = w.ends_with('.');
    let bare = w.trim_end_matches('.');
    let lower = bare.to_lowercase();
    let full = MONTHS.contains(&lower.as_str());
    let abbr =
        (lower.len() == 3 || lower == "sept") && MONTHS.iter().any(|m| m.starts_with(&lower));
    if !full && !abbr {
        return None;
    }
    let form = match (lower.as_str(), full, dotted) {
        ("may", _, false) => None,
        (_, true, _) => Some(0),
        (_, false, false) => Some(1),
        (_, false, true) => Some(2),
    };
    let case = if bare.chars().all(char::is_uppercase) {
        0
    } else if bare.starts_with(char::is_uppercase) {
        1
    } else {
        2
    };
    Some((form, case))
}

fn day(word: &str) -> Option<&str> {
    let d = word.trim_end_matches([',', '.']);
    (d.len() <= 2
        && d.bytes().all(|b| b.is_ascii_digit())
        && (1..=31).contains(&d.parse::<u32>().ok()?))
    .then_some(d)
}

fn year(word: Option<&&str>) -> bool {
    word.map(|w| trim(w).trim_end_matches('.'))
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// `Jan 31, 2026`, `January 31`, `31 Jan 2026`, `31-Jan-2026`, and how many words it used. Features:
/// order, month spelling, month case, comma after the day, year shown, day padding.
fn written(words: &[&str]) -> Option<([Option<u8>; FEATURES], usize)> {
    let w0 = trim(words.first()?);
    let mut dashed = w0.split('-');
    if let (Some(d), Some(m), Some(y), None) =
        (dashed.next(), dashed.next(), dashed.next(), dashed.next())
        && let (Some(d), Some((form, case))) = (day(d), month(m))
        && year(Some(&y))
    {
        return Some(([Some(2), form, Some(case), None, Some(1), padding(&[d])], 1));
    }
    if let Some((form, case)) = month(w0)
        && let Some(d) = words
            .get(1)
            .and_then(|w| day(trim(w)).map(|d| (d, w.ends_with(','))))
    {
        let has_year = year(words.get(2));
        let comma = has_year.then_some(u8::from(d.1));
        let f = [
            Some(0),
            form,
            Some(case),
            comma,
            Some(u8::from(has_year)),
            padding(&[d.0]),
        ];
        return Some((f, 2 + usize::from(has_year)));
    }
    if let Some(d) = day(w0)
        && let Some((form, case)) = words.get(1).and_then(|w| month(trim(w)))
    {
        let has_year = year(words.get(2));
        let f = [
            Some(1),
            form,
            Some(case),
            None,
            Some(u8::from(has_year)),
            padding(&[d]),
        ];
        return Some((f, 2 + usize::from(has_year)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::seg;
    use super::*;

    fn rows(dates: &[&str]) -> Vec<Segment> {
        let mut lines = vec![seg(0, 1, "Statement period: 01/01/2026 - 01/31/2026")];
        for (i, d) in dates.iter().enumerate() {
            lines.push(seg(
                i + 1,
                1 + u32::from(i >= 4),
                &format!("{d} DEBIT CARD PURCHASE -12.50"),
            ));
        }
        lines
    }

    fn pages(lines: &[Segment]) -> Vec<u32> {
        signals(lines).iter().map(|s| s.page_number).collect()
    }

    #[test]
    fn one_retyped_row_date_is_an_anomaly_on_its_page() {
        let lines = rows(&[
            "01/02/2026",
            "01/05/2026",
            "01/09/2026",
            "01/12/2026",
            "1/15/2026",
            "01/20/2026",
        ]);
        assert_eq!(pages(&lines), [2]);
        let iso = rows(&[
            "01/02/2026",
            "01/05/2026",
            "01/09/2026",
            "01/12/2026",
            "2026-01-15",
            "01/20/2026",
        ]);
        assert!(!pages(&iso).is_empty());
        let short = rows(&["01/02", "01/05", "01/09", "01/12", "01/15", "1/20"]);
        assert_eq!(pages(&short), [2]);
    }

    #[test]
    fn consistent_or_thoroughly_mixed_dates_are_not() {
        let same = rows(&[
            "01/02/2026",
            "01/05/2026",
            "01/09/2026",
            "01/12/2026",
            "01/15/2026",
            "01/20/2026",
        ]);
        assert!(pages(&same).is_empty());
        // Unpadded throughout: days of 10 and over show no padding and agree with everything.
        let bare = rows(&[
            "1/2/2026",
            "1/5/2026",
            "1/9/2026",
            "1/12/2026",
            "1/15/2026",
            "1/20/2026",
        ]);
        assert!(pages(&bare).is_empty());
        let mixed = rows(&[
            "1/2/2026",
            "01/05/2026",
            "1/9/2026",
            "01/12/2026",
            "1/15/2026",
            "01/20/2026",
        ]);
        assert!(pages(&mixed).is_empty());
        // Too few dates to call anything a template.
        assert!(pages(&rows(&["01/02/2026", "01/05/2026", "1/9/2026"])).is_empty());
    }

    #[test]
    fn written_dates_compare_spelling_case_and_commas() {
        let lines: Vec<Segment> = [
            "Jan 2, 2026",
            "Jan 5, 2026",
            "Jan 9, 2026",
            "Jan 12, 2026",
            "January 15, 2026",
        ]
        .iter()
        .enumerate()
        .map(|(i, d)| seg(i, 1, &format!("{d} Payroll deposit 1,706.67")))
        .collect();
        assert_eq!(pages(&lines), [1]);
        let mut ok = lines.clone();
        ok[4].text = "Jan 15, 2026 Payroll deposit 1,706.67".into();
        assert!(pages(&ok).is_empty());
    }

    #[test]
    fn styles_are_read_from_text() {
        let s = styles_in("Statement Period: Jan 1, 2026 to Jan 31, 2026");
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|x| x.kind == Kind::Written && !x.leading));
        assert_eq!(
            styles_in("01/05 ATM WITHDRAWAL -200.00")[0].kind,
            Kind::Short
        );
        assert!(styles_in("Page 1/2 of 3.5 and 4,877.52").is_empty());
        assert!(styles_in("6.19 32,011.39").is_empty());
        assert_eq!(styles_in("31-Jan-2026")[0].features[0], Some(2));
    }
}
