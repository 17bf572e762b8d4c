//! Structural signs of editing: `ANNOTATIONS` (markup laid over the page), `QPDF` (a qpdf rewrite, the
//! usual first step of hand-editing content streams) and `TOUCHUP_TEXT` (Acrobat's TouchUp text tool).

use super::{metadata::Info, signal};
use crate::{
    AnalyzeError, RiskSignal,
    limits::Budget,
    load::{PageRef, get, resolve},
    precheck::Census,
    text::DocText,
};
use lopdf::{Dictionary, Document, Object};

/// Annotation types statements legitimately carry: hyperlinks, form fields and signatures, and the popups
/// attached to other annotations.
const BENIGN_ANNOTATIONS: [&[u8]; 3] = [b"Link", b"Widget", b"Popup"];
/// At most this many annotations are inspected per page.
const MAX_ANNOTS_PER_PAGE: usize = 1000;

/// Every page's annotation dictionaries (at most [`MAX_ANNOTS_PER_PAGE`] each), with 1-based page numbers.
pub(crate) fn page_annotations<'a>(
    doc: &'a Document,
    pages: &[PageRef<'a>],
    budget: &mut Budget,
) -> Result<Vec<(u32, &'a Dictionary)>, AnalyzeError> {
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let Object::Array(annots) = get(doc, page.dict, b"Annots")? else {
            continue;
        };
        let page_number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for annot in annots.iter().take(MAX_ANNOTS_PER_PAGE) {
            budget.charge(1)?;
            if let Object::Dictionary(a) = resolve(doc, annot)? {
                out.push((page_number, a));
            }
        }
    }
    Ok(out)
}

/// An annotation's `/Subtype`, `Unknown` when it has none.
pub(crate) fn subtype(doc: &Document, annot: &Dictionary) -> Result<Vec<u8>, AnalyzeError> {
    Ok(match get(doc, annot, b"Subtype")? {
        Object::Name(n) => n.clone(),
        _ => b"Unknown".to_vec(),
    })
}

/// One `ANNOTATIONS` signal per page carrying markup (free text, stamps, shapes, ink, redactions, …).
pub(crate) fn annotations(
    doc: &Document,
    annots: &[(u32, &Dictionary)],
) -> Result<Vec<RiskSignal>, AnalyzeError> {
    let mut out: Vec<RiskSignal> = Vec::new();
    let mut page_kinds: Vec<(u32, usize, Vec<String>)> = Vec::new();
    for (page, a) in annots {
        let subtype = subtype(doc, a)?;
        if BENIGN_ANNOTATIONS.contains(&subtype.as_slice()) {
            continue;
        }
        let name = String::from_utf8_lossy(&subtype).into_owned();
        match page_kinds.last_mut() {
            Some((p, count, kinds)) if p == page => {
                *count += 1;
                if !kinds.contains(&name) {
                    kinds.push(name);
                }
            }
            _ => page_kinds.push((*page, 1, vec![name])),
        }
    }
    for (page, count, kinds) in page_kinds {
        let desc = format!(
            "{count} annotation(s) placed over the page content ({})",
            kinds.join(", ")
        );
        out.push(signal("ANNOTATIONS", true, desc, page));
    }
    Ok(out)
}

/// `QPDF` when qpdf's fingerprint is in the file: its binary header comment, a QDF marker, or its name in
/// the producer fields.
pub(crate) fn qpdf(census: &Census, info: &Info) -> Option<RiskSignal> {
    let named = [&info.producer, &info.creator]
        .into_iter()
        .flatten()
        .any(|t| t.to_lowercase().contains("qpdf"));
    (census.qpdf_marker || named).then(|| {
        signal(
            "QPDF",
            true,
            "The document was rewritten with qpdf after it was created",
            0,
        )
    })
}

/// `TOUCHUP_TEXT` for every page whose content carries Acrobat's `/TouchUp_TextEdit` tag.
pub(crate) fn touchup(text: &DocText) -> Vec<RiskSignal> {
    text.pages
        .iter()
        .filter(|p| p.touchup)
        .map(|p| {
            signal(
                "TOUCHUP_TEXT",
                true,
                "Text was edited with Acrobat's TouchUp text tool",
                p.number,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Limits, load};
    use lopdf::dictionary;

    fn page_with_annots(annots: Vec<Object>) -> Vec<RiskSignal> {
        let mut doc = Document::with_version("1.7");
        let page = doc.add_object(dictionary! { "Type" => "Page", "Annots" => annots });
        let pages = doc
            .add_object(dictionary! { "Type" => "Pages", "Kids" => vec![Object::Reference(page)] });
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let limits = Limits::default();
        let mut budget = Budget::new(&limits);
        let refs = load::pages(&doc, &limits, &mut budget).unwrap();
        let annots = page_annotations(&doc, &refs, &mut budget).unwrap();
        annotations(&doc, &annots).unwrap()
    }

    #[test]
    fn flags_markup_but_not_links_or_widgets() {
        let link = Object::Dictionary(dictionary! { "Subtype" => "Link" });
        let widget = Object::Dictionary(dictionary! { "Subtype" => "Widget" });
        assert!(page_with_annots(vec![link.clone(), widget]).is_empty());
        let free_text = Object::Dictionary(dictionary! { "Subtype" => "FreeText" });
        let s = page_with_annots(vec![link, free_text]);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].kind.as_str(), s[0].page_number), ("ANNOTATIONS", 1));
        assert!(s[0].description.contains("FreeText"));
    }

    #[test]
    fn touchup_tags_are_reported_per_page() {
        use crate::text::PageText;
        let pages = vec![
            PageText {
                number: 1,
                ..PageText::default()
            },
            PageText {
                number: 2,
                touchup: true,
                ..PageText::default()
            },
        ];
        let s = touchup(&DocText { pages });
        assert_eq!(
            s.iter()
                .map(|x| (x.kind.as_str(), x.page_number))
                .collect::<Vec<_>>(),
            [("TOUCHUP_TEXT", 2)]
        );
    }

    #[test]
    fn qpdf_needs_its_marker_or_its_name() {
        let plain = Census::default();
        assert!(qpdf(&plain, &Info::default()).is_none());
        let marked = Census {
            qpdf_marker: true,
            ..Census::default()
        };
        assert!(qpdf(&marked, &Info::default()).is_some());
        let named = Info {
            producer: Some("qpdf 11.9.0".into()),
            ..Info::default()
        };
        assert!(qpdf(&plain, &named).is_some());
    }
}
