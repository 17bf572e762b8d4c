//! The statement period: two dates joined by a range word ("to", "through", "-", …) on one line, preferring
//! lines that say "period" or "statement". Transaction rows carry dates too, but never joined by a range
//! word, which is what keeps them out. Statements that print the period as two labelled lines ("Opening
//! date: …" over "Closing date: …") are read from the labels.

use super::dates::{Found, find_all};
use crate::text::layout::Segment;
use chrono::NaiveDate;

/// Longest plausible statement period (quarterly statements are about 92 days).
const MAX_PERIOD_DAYS: i64 = 200;
const CONNECTORS: [&str; 8] = ["-", "–", "—", "to", "through", "thru", "until", "and"];
/// Labels of the first and the last day when the period is printed as two dates on their own.
const OPENING_LABELS: [&str; 6] = [
    "opening date",
    "beginning date",
    "start date",
    "period start",
    "period beginning",
    "statement start",
];
const CLOSING_LABELS: [&str; 6] = [
    "closing date",
    "ending date",
    "end date",
    "period end",
    "period ending",
    "statement end",
];
/// Lines searched below an opening date for its closing date.
const CLOSING_WITHIN: usize = 3;

/// The printed statement period, if any.
pub(crate) fn find(segs: &[Segment]) -> Option<(NaiveDate, NaiveDate)> {
    let mut best: Option<(i32, (NaiveDate, NaiveDate))> = None;
    let all = lines(segs);
    for (i, line) in all.iter().enumerate() {
        let mut text = line.clone();
        let lower = text.to_lowercase();
        // "Statement period" printed as a label above its value.
        if lower.contains("period")
            && range_in(&text).is_none()
            && let Some(next) = all.get(i + 1)
        {
            text = format!("{text} {next}");
        }
        let Some(range) = range_in(&text) else {
            continue;
        };
        let score = i32::from(lower.contains("period")) * 4
            + i32::from(lower.contains("statement")) * 2
            - i32::try_from(i).unwrap_or(i32::MAX).min(1000) / 100;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, range));
        }
    }
    best.map(|(_, r)| r).or_else(|| labelled_ends(&all))
}

/// "Opening date: Jan 1, 2026" with "Closing date: Jan 31, 2026" on the same line or one of the next few.
fn labelled_ends(all: &[String]) -> Option<(NaiveDate, NaiveDate)> {
    all.iter().enumerate().find_map(|(i, line)| {
        let (open, rest) = date_after(line, &OPENING_LABELS)?;
        std::iter::once(rest.as_str())
            .chain(all[i + 1..].iter().take(CLOSING_WITHIN).map(String::as_str))
            .find_map(|l| date_after(l, &CLOSING_LABELS))
            .map(|(close, _)| (open, close))
            .filter(|(open, close)| (1..=MAX_PERIOD_DAYS).contains(&(*close - *open).num_days()))
    })
}

/// The first date after one of `labels` in `line`, and the text after that date.
fn date_after(line: &str, labels: &[&str]) -> Option<(NaiveDate, String)> {
    let lower = line.to_lowercase();
    let at = labels
        .iter()
        .filter_map(|l| lower.find(l).map(|p| p + l.len()))
        .min()?;
    let words: Vec<&str> = line.get(at..)?.split_whitespace().collect();
    let first = *find_all(&words).first()?;
    (first.start <= 1).then(|| (first.date, words[first.end..].join(" ")))
}

/// Whole lines of text (all segments of a line joined), in reading order.
fn lines(segs: &[Segment]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last_line = None;
    for seg in segs {
        if last_line == Some(seg.line) {
            if let Some(l) = out.last_mut() {
                l.push(' ');
                l.push_str(&seg.text);
            }
        } else {
            out.push(seg.text.clone());
            last_line = Some(seg.line);
        }
    }
    out
}

/// The first "date <range word> date" in `text`.
fn range_in(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    // Split "01/01/2026-01/31/2026" and "Jan 1, 2026–Jan 31, 2026" around the dash.
    let spaced = text.replace('–', " – ").replace('—', " — ");
    let spaced = spaced
        .split_whitespace()
        .flat_map(split_dash)
        .collect::<Vec<_>>();
    let words: Vec<&str> = spaced.iter().map(String::as_str).collect();
    let found = find_all(&words);
    found
        .windows(2)
        .find_map(|pair| joined(&words, pair[0], pair[1]))
}

fn joined(words: &[&str], a: Found, b: Found) -> Option<(NaiveDate, NaiveDate)> {
    let between = &words[a.end..b.start];
    let connected = between.len() == 1 && CONNECTORS.contains(&between[0].to_lowercase().as_str());
    let days = (b.date - a.date).num_days();
    (connected && (1..=MAX_PERIOD_DAYS).contains(&days)).then_some((a.date, b.date))
}

/// `01/01/2026-01/31/2026` → three words; a lone date such as `2026-01-31` stays whole.
fn split_dash(word: &str) -> Vec<String> {
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() == 2 && parts.iter().all(|p| p.contains('/')) {
        return vec![parts[0].into(), "-".into(), parts[1].into()];
    }
    if parts.len() == 6 && parts[0].len() == 4 && parts[3].len() == 4 {
        return vec![parts[..3].join("-"), "-".into(), parts[3..].join("-")];
    }
    vec![word.into()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_period_printed_as_opening_and_closing_date_lines() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let segs = [
            seg(0, "Account number: 000123456789"),
            seg(1, "Opening date: 1 Apr 2026"),
            seg(2, "Closing date: 30 Apr 2026"),
            seg(3, "03 Apr UTILITY BILL PAYMENT -39.53"),
        ];
        assert_eq!(find(&segs), Some((d(4, 1), d(4, 30))));
        let one_line = [seg(0, "Beginning date 01/01/2026 Ending date 01/31/2026")];
        assert_eq!(find(&one_line), Some((d(1, 1), d(1, 31))));
        let backwards = [
            seg(0, "Opening date: 04/30/2026"),
            seg(1, "Closing date: 04/01/2026"),
        ];
        assert_eq!(find(&backwards), None);
        let far = [
            seg(0, "Opening date: 04/01/2026"),
            seg(1, "a"),
            seg(2, "b"),
            seg(3, "c"),
            seg(4, "Closing date: 04/30/2026"),
        ];
        assert_eq!(find(&far), None);
    }

    fn seg(line: usize, text: &str) -> Segment {
        Segment {
            page: 1,
            line,
            text: text.into(),
            x0: 0.0,
            x1: 100.0,
            baseline: 700.0 - line as f32 * 12.0,
            size: 10.0,
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period(lines: &[&str]) -> Option<(NaiveDate, NaiveDate)> {
        let segs: Vec<Segment> = lines.iter().enumerate().map(|(i, t)| seg(i, t)).collect();
        find(&segs)
    }

    #[test]
    fn reads_labelled_ranges_in_several_formats() {
        let jan = Some((ymd(2026, 1, 1), ymd(2026, 1, 31)));
        assert_eq!(period(&["Statement Period: 01/01/2026 - 01/31/2026"]), jan);
        assert_eq!(
            period(&["For the period January 1, 2026 through January 31, 2026"]),
            jan
        );
        assert_eq!(period(&["Statement period 2026-01-01 to 2026-01-31"]), jan);
        assert_eq!(period(&["01/01/2026-01/31/2026"]), jan);
        assert_eq!(period(&["2026-01-01-2026-01-31"]), jan);
        assert_eq!(period(&["Jan 1, 2026 – Jan 31, 2026"]), jan);
    }

    #[test]
    fn reads_a_label_above_its_value() {
        assert_eq!(
            period(&["Statement Period", "Jan 1, 2026 to Jan 31, 2026"]),
            Some((ymd(2026, 1, 1), ymd(2026, 1, 31)))
        );
    }

    #[test]
    fn ignores_transaction_rows_and_reversed_ranges() {
        assert_eq!(period(&["01/05/2026 01/06/2026 CARD PURCHASE 12.00"]), None);
        assert_eq!(period(&["Statement Period: 01/31/2026 - 01/01/2026"]), None);
    }

    #[test]
    fn prefers_the_period_line() {
        let p = period(&[
            "Offer valid 03/01/2026 - 03/31/2026",
            "Statement period: 01/01/2026 - 01/31/2026",
        ]);
        assert_eq!(p, Some((ymd(2026, 1, 1), ymd(2026, 1, 31))));
    }
}
