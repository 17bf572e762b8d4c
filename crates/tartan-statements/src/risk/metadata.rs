//! Document-information dates: `METADATA_DATES_MISSING`, `MALFORMED_DATE`, `METADATA_DATES_MATCH`,
//! `METADATA_DATES_INSIDE_WINDOW` and `METADATA_DATES_OUTSIDE_WINDOW`.
//!
//! Statement systems stamp a file once, after the period closes, and never touch it again: CreationDate
//! equals ModDate (give or take the seconds it took to write) and neither precedes the period's last day.
//! Editors update ModDate; fabricators copy or invent dates; metadata strippers drop them.

use super::signal;
use crate::{AnalyzeError, RiskSignal, load::resolve};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use lopdf::{Document, Object};

/// Creation and modification within this are "the same moment".
const SAME_MOMENT: Duration = Duration::minutes(2);
/// A modification later than this after creation is an edit, not the generator finishing up.
const EDIT_WINDOW: Duration = Duration::hours(24);
/// Creation may precede the period end by this much (time zones, end-of-day batch runs).
const PERIOD_SLACK: Duration = Duration::days(1);

/// The fields of the trailer's `/Info` dictionary the rules use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Info {
    pub producer: Option<String>,
    pub creator: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
}

impl Info {
    /// Read the trailer's `/Info`, or the last one the census saw when the final trailer dropped it.
    pub(crate) fn read(
        doc: &Document,
        census_ref: Option<(u32, u16)>,
    ) -> Result<Self, AnalyzeError> {
        let fallback = census_ref.map(Object::Reference);
        let Some(info) = doc.trailer.get(b"Info").ok().or(fallback.as_ref()) else {
            return Ok(Self::default());
        };
        let Object::Dictionary(dict) = resolve(doc, info)? else {
            return Ok(Self::default());
        };
        let text = |key: &[u8]| -> Result<Option<String>, AnalyzeError> {
            let Ok(obj) = dict.get(key) else {
                return Ok(None);
            };
            Ok(match resolve(doc, obj)? {
                s @ Object::String(bytes, _) => Some(
                    lopdf::decode_text_string(s)
                        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
                ),
                _ => None,
            }
            .filter(|s| !s.trim().is_empty()))
        };
        Ok(Self {
            producer: text(b"Producer")?,
            creator: text(b"Creator")?,
            created: text(b"CreationDate")?,
            modified: text(b"ModDate")?,
        })
    }
}

/// Parse a PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year optional) into UTC.
pub(crate) fn parse_pdf_date(raw: &str) -> Option<NaiveDateTime> {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !matches!(digits, 4 | 6 | 8 | 10 | 12 | 14) {
        return None;
    }
    let field = |from: usize, default: u32| -> Option<u32> {
        if from + 2 <= digits {
            s[from..from + 2].parse().ok()
        } else {
            Some(default)
        }
    };
    let year: i32 = s[..4].parse().ok()?;
    if !(1980..=2100).contains(&year) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, field(4, 1)?, field(6, 1)?)?;
    let local = date.and_hms_opt(field(8, 0)?, field(10, 0)?, field(12, 0)?)?;
    let offset = parse_offset(&s[digits..])?;
    local.checked_sub_signed(offset)
}

/// `Z`, `+05'00'`, `-0800`, `+05`, or nothing.
fn parse_offset(tz: &str) -> Option<Duration> {
    let mut chars = tz.chars();
    let sign = match chars.next() {
        None => return Some(Duration::zero()),
        Some('Z') => 0,
        Some('+') => 1,
        Some('-') => -1,
        Some(_) => return None,
    };
    let rest: String = chars.collect();
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !rest.chars().all(|c| c.is_ascii_digit() || c == '\'') || !matches!(digits.len(), 0 | 2 | 4)
    {
        return None;
    }
    let hours: i64 = if digits.len() >= 2 {
        digits[..2].parse().ok()?
    } else {
        0
    };
    let minutes: i64 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(Duration::minutes(sign * (hours * 60 + minutes)))
}

/// The date signals for `info`, judged against the printed statement `period`.
pub(crate) fn date_signals(info: &Info, period: Option<(NaiveDate, NaiveDate)>) -> Vec<RiskSignal> {
    let mut out = Vec::new();
    let created = info.created.as_deref().map(parse_pdf_date);
    let modified = info.modified.as_deref().map(parse_pdf_date);
    for (what, parsed) in [("creation", created), ("modification", modified)] {
        if parsed == Some(None) {
            out.push(signal(
                "MALFORMED_DATE",
                true,
                format!("The document's {what} date is not a valid PDF date"),
                0,
            ));
        }
    }
    let Some(created) = created else {
        let what = if modified.is_none() {
            "creation or modification date"
        } else {
            "creation date"
        };
        out.push(signal(
            "METADATA_DATES_MISSING",
            true,
            format!("The document has no {what}"),
            0,
        ));
        return out;
    };
    let (Some(c), Some(m)) = (created, modified.unwrap_or(created)) else {
        return out;
    };
    let mut outside = Vec::new();
    if m < c - SAME_MOMENT {
        outside.push("Modification date is earlier than the creation date");
    }
    if m > c + EDIT_WINDOW {
        outside.push("Creation date and modification date do not match");
    }
    if let Some((_, end)) = period
        && c.date() < end - PERIOD_SLACK
    {
        outside.push("The document was created before the statement period ended");
    }
    if !outside.is_empty() {
        out.push(signal(
            "METADATA_DATES_OUTSIDE_WINDOW",
            true,
            outside.join("; "),
            0,
        ));
        return out;
    }
    if modified.is_some() && (m - c).abs() <= SAME_MOMENT {
        out.push(signal(
            "METADATA_DATES_MATCH",
            false,
            "Creation date and modification date match",
            0,
        ));
    }
    if period.is_some() {
        out.push(signal(
            "METADATA_DATES_INSIDE_WINDOW",
            false,
            "Document dates are consistent with the statement period",
            0,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Option<NaiveDateTime> {
        NaiveDate::from_ymd_opt(y, mo, d).and_then(|x| x.and_hms_opt(h, mi, 0))
    }

    #[test]
    fn parses_pdf_dates_with_offsets() {
        assert_eq!(
            parse_pdf_date("D:20260205103000-08'00'"),
            at(2026, 2, 5, 18, 30)
        );
        assert_eq!(parse_pdf_date("D:20260205103000Z"), at(2026, 2, 5, 10, 30));
        assert_eq!(
            parse_pdf_date("D:20260205103000+0530"),
            at(2026, 2, 5, 5, 0)
        );
        assert_eq!(parse_pdf_date("20260205"), at(2026, 2, 5, 0, 0));
        assert_eq!(parse_pdf_date("D:2026"), at(2026, 1, 1, 0, 0));
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "D:20261305",
            "D:20260230",
            "D:202602051261",
            "yesterday",
            "D:2026-02-05",
            "D:20260205103000+25'00'",
            "D:12",
        ] {
            assert_eq!(parse_pdf_date(bad), None, "{bad}");
        }
    }

    fn info(created: Option<&str>, modified: Option<&str>) -> Info {
        Info {
            created: created.map(Into::into),
            modified: modified.map(Into::into),
            ..Info::default()
        }
    }

    fn kinds(i: &Info, period: Option<(NaiveDate, NaiveDate)>) -> Vec<(String, bool)> {
        date_signals(i, period)
            .into_iter()
            .map(|s| (s.kind, s.has_fraud_risk))
            .collect()
    }

    fn jan() -> Option<(NaiveDate, NaiveDate)> {
        Some((
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        ))
    }

    #[test]
    fn genuine_dates_match_and_sit_inside_the_window() {
        let k = kinds(
            &info(Some("D:20260203040000Z"), Some("D:20260203040005Z")),
            jan(),
        );
        assert_eq!(
            k,
            [
                ("METADATA_DATES_MATCH".into(), false),
                ("METADATA_DATES_INSIDE_WINDOW".into(), false)
            ]
        );
    }

    #[test]
    fn later_edits_and_early_creation_are_outside_the_window() {
        let edited = kinds(
            &info(Some("D:20260203040000Z"), Some("D:20260310120000Z")),
            jan(),
        );
        assert_eq!(edited, [("METADATA_DATES_OUTSIDE_WINDOW".into(), true)]);
        let early = kinds(
            &info(Some("D:20260115040000Z"), Some("D:20260115040000Z")),
            jan(),
        );
        assert_eq!(early, [("METADATA_DATES_OUTSIDE_WINDOW".into(), true)]);
    }

    #[test]
    fn missing_and_malformed_dates_are_flagged() {
        assert_eq!(
            kinds(&info(None, None), jan()),
            [("METADATA_DATES_MISSING".into(), true)]
        );
        assert_eq!(
            kinds(&info(Some("D:20261345"), Some("D:20261345")), jan())[0],
            ("MALFORMED_DATE".into(), true)
        );
    }
}
