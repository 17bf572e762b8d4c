//! `ANNOTATION_DATES`: an annotation stamped at a time the document's own dates say nothing happened.
//! Viewers and editors stamp each annotation's `/M` (last modified) and `/CreationDate`; a markup written
//! before the document existed, or after its last recorded modification, was added by a tool that left the
//! document's dates alone, which is how a note or a stamp slipped onto a finished statement looks.

use super::{metadata::Info, metadata::parse_pdf_date, signal, structure};
use crate::{AnalyzeError, RiskSignal, load::get};
use chrono::{Duration, NaiveDateTime};
use lopdf::{Dictionary, Document, Object};

/// Tools stamp the document and its annotations a few seconds apart; a time zone written without an offset
/// can still be off by hours, so only a larger gap counts.
const SLACK_WITH_OFFSET: Duration = Duration::minutes(2);
const SLACK_WITHOUT_OFFSET: Duration = Duration::hours(14);
/// Signatures are legitimately applied later, with their own dates.
const DATED_LATER_BY_DESIGN: [&[u8]; 1] = [b"Widget"];

/// One `ANNOTATION_DATES` signal per page with an annotation dated outside the document's lifetime.
pub(crate) fn signals(
    doc: &Document,
    info: &Info,
    annots: &[(u32, &Dictionary)],
) -> Result<Vec<RiskSignal>, AnalyzeError> {
    let created = info.created.as_deref().and_then(parse_pdf_date);
    let modified = info.modified.as_deref().and_then(parse_pdf_date);
    let Some(created) = created else {
        // Without a creation date there is nothing to contradict (METADATA_DATES_MISSING says so).
        return Ok(Vec::new());
    };
    let last = modified.map_or(created, |m| m.max(created));
    let mut out: Vec<RiskSignal> = Vec::new();
    for (page, annot) in annots {
        if DATED_LATER_BY_DESIGN.contains(&structure::subtype(doc, annot)?.as_slice())
            || out.last().is_some_and(|s| s.page_number == *page)
        {
            continue;
        }
        for key in [b"M".as_slice(), b"CreationDate"] {
            let Some((when, slack)) = stamp(doc, annot, key)? else {
                continue;
            };
            let why = if when < created - slack {
                "before the document was created"
            } else if when > last + slack {
                "after the document was last modified"
            } else {
                continue;
            };
            let desc = format!("An annotation on this page is dated {why}");
            out.push(signal("ANNOTATION_DATES", true, desc, *page));
            break;
        }
    }
    Ok(out)
}

/// The annotation's date under `key` and the slack its precision allows.
fn stamp(
    doc: &Document,
    annot: &Dictionary,
    key: &[u8],
) -> Result<Option<(NaiveDateTime, Duration)>, AnalyzeError> {
    let Object::String(bytes, _) = get(doc, annot, key)? else {
        return Ok(None);
    };
    let raw = String::from_utf8_lossy(bytes);
    let digits = raw
        .trim_start_matches("D:")
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let has_offset = raw
        .trim_start_matches("D:")
        .get(digits..)
        .is_some_and(|tz| !tz.is_empty());
    let slack = if has_offset {
        SLACK_WITH_OFFSET
    } else {
        SLACK_WITHOUT_OFFSET
    };
    Ok(parse_pdf_date(&raw).map(|when| (when, slack)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn info(created: &str, modified: Option<&str>) -> Info {
        Info {
            created: Some(created.into()),
            modified: modified.map(Into::into),
            ..Info::default()
        }
    }

    fn run(info: &Info, annots: &[Dictionary]) -> Vec<(u32, String)> {
        let doc = Document::with_version("1.7");
        let refs: Vec<(u32, &Dictionary)> = annots.iter().map(|a| (1, a)).collect();
        signals(&doc, info, &refs)
            .unwrap()
            .into_iter()
            .map(|s| (s.page_number, s.description))
            .collect()
    }

    fn free_text(m: &str) -> Dictionary {
        dictionary! { "Subtype" => "FreeText", "M" => Object::string_literal(m) }
    }

    #[test]
    fn annotations_dated_inside_the_documents_lifetime_are_consistent() {
        let i = info("D:20260203091500Z", Some("D:20260210120000Z"));
        assert!(run(&i, &[free_text("D:20260205103000Z")]).is_empty());
        assert!(run(&i, &[free_text("D:20260210120100Z")]).is_empty());
    }

    #[test]
    fn an_annotation_after_the_last_modification_or_before_creation_contradicts_the_document() {
        let i = info("D:20260203091500Z", None);
        let late = run(&i, &[free_text("D:20260311080000+01'00'")]);
        assert_eq!(late.len(), 1);
        assert!(late[0].1.contains("after the document was last modified"));
        let early = run(&i, &[free_text("D:20251231235900Z")]);
        assert!(early[0].1.contains("before the document was created"));
    }

    #[test]
    fn dates_without_an_offset_get_a_time_zones_slack_and_signatures_are_exempt() {
        let i = info("D:20260203091500Z", None);
        assert!(run(&i, &[free_text("D:20260203180000")]).is_empty());
        assert_eq!(run(&i, &[free_text("D:20260205180000")]).len(), 1);
        let signature = dictionary! { "Subtype" => "Widget", "M" => Object::string_literal("D:20270101000000Z") };
        assert!(run(&i, &[signature]).is_empty());
        assert!(run(&Info::default(), &[free_text("D:20270101000000Z")]).is_empty());
    }
}
