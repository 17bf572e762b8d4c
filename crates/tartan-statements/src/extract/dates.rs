//! Dates as US and Canadian statements print them: `01/31/2026`, `1/31/26`, `2026-01-31`,
//! `January 31, 2026`, `Jan. 31 2026`, `31 Jan 2026`, `31-Jan-2026`.

use chrono::NaiveDate;

/// A date found in a list of words: the value and the word range `[start, end)` it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

/// Month names, lower case, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// All dates in `words`, left to right, non-overlapping.
pub(crate) fn find_all(words: &[&str]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((date, len)) = parse_at(&words[i..]) {
            out.push(Found {
                date,
                start: i,
                end: i + len,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

/// A date starting at `words[0]`, and how many words it used.
fn parse_at(words: &[&str]) -> Option<(NaiveDate, usize)> {
    let w0 = trim(words.first()?);
    if let Some(d) = numeric(w0) {
        return Some((d, 1));
    }
    if let Some(d) = dashed_month(w0) {
        return Some((d, 1));
    }
    // Month D, YYYY
    if let (Some(m), Some(w1), Some(w2)) = (month(w0), words.get(1), words.get(2))
        && let (Some(d), Some(y)) = (day(w1), year4(trim(w2)))
    {
        return NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, 3));
    }
    // D Month YYYY
    if let (Some(d), Some(w1), Some(w2)) = (day(w0), words.get(1), words.get(2))
        && let (Some(m), Some(y)) = (month(trim(w1)), year4(trim(w2)))
    {
        return NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, 3));
    }
    None
}

fn trim(w: &str) -> &str {
    w.trim_matches(|c: char| {
        matches!(c, ',' | ';' | ':' | '(' | ')') || c == '.' && !w.contains('/')
    })
}

/// `MM/DD/YYYY`, `M/D/YY`, `MM-DD-YYYY`, `YYYY-MM-DD`, `YYYY/MM/DD`.
fn numeric(w: &str) -> Option<NaiveDate> {
    let sep = if w.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = w.split(sep).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(i32::try_from(nums[0]).ok()?, nums[1], nums[2]);
    }
    let year = match parts[2].len() {
        4 => i32::try_from(nums[2]).ok()?,
        2 => 2000 + i32::try_from(nums[2]).ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, nums[0], nums[1])
}

/// `31-Jan-2026`.
fn dashed_month(w: &str) -> Option<NaiveDate> {
    let mut parts = w.split('-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year4(y)?, month(m)?, day(d)?)
}

fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let idx = MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 || w == "sept") && m.starts_with(&w[..3]))?;
    u32::try_from(idx + 1).ok()
}

fn day(w: &str) -> Option<u32> {
    let w = trim(w);
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !(suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th"))
        || digits.is_empty()
        || digits.len() > 2
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year4(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(s: &str) -> Option<NaiveDate> {
        let words: Vec<&str> = s.split_whitespace().collect();
        find_all(&words).first().map(|f| f.date)
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn reads_the_formats_statements_print() {
        assert_eq!(first("01/31/2026"), ymd(2026, 1, 31));
        assert_eq!(first("1/5/26"), ymd(2026, 1, 5));
        assert_eq!(first("2026-01-31"), ymd(2026, 1, 31));
        assert_eq!(first("January 31, 2026"), ymd(2026, 1, 31));
        assert_eq!(first("Jan. 3 2026"), ymd(2026, 1, 3));
        assert_eq!(first("Sept 3, 2026"), ymd(2026, 9, 3));
        assert_eq!(first("31 Jan 2026"), ymd(2026, 1, 31));
        assert_eq!(first("on 3rd March 2026"), ymd(2026, 3, 3));
        assert_eq!(first("31-Jan-2026"), ymd(2026, 1, 31));
    }

    #[test]
    fn ignores_amounts_and_impossible_dates() {
        assert_eq!(first("1,234.56"), None);
        assert_eq!(first("02/30/2026"), None);
        assert_eq!(first("May 2026"), None);
        assert_eq!(first("12/31"), None);
    }

    #[test]
    fn reports_word_spans() {
        let words: Vec<&str> = "from Jan 1, 2026 to 01/31/2026"
            .split_whitespace()
            .collect();
        let found = find_all(&words);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].start, found[0].end, found[1].start), (1, 4, 5));
    }
}
