//! Text with positions, and the filled rectangles painted around it, for every page.
//!
//! The interpreter ([`interp`]) replays each page's content streams (and the form XObjects they draw) just
//! far enough to know where each string lands, in which font and size, and in what paint order relative to
//! filled rectangles: what the extractors and the visual tamper rules need, nothing more. [`layout`] then
//! rebuilds reading-order lines from the runs.

mod cmap;
mod fonts;
mod interp;
pub(crate) mod layout;
mod matrix;
pub(crate) mod metrics;

use crate::{AnalyzeError, limits::Budget, load::PageRef};
use lopdf::Document;
use std::rc::Rc;

/// An axis-aligned box in page space (points, origin bottom-left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub(crate) fn area(&self) -> f32 {
        (self.x1 - self.x0).max(0.0) * (self.y1 - self.y0).max(0.0)
    }

    pub(crate) fn intersection(&self, other: &Rect) -> f32 {
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        if w <= 0.0 || h <= 0.0 { 0.0 } else { w * h }
    }

    pub(crate) fn contains_point(&self, x: f32, y: f32) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }
}

/// One shown string (a `Tj`, `'`, `"` or `TJ` operand), placed on the page.
#[derive(Debug, Clone)]
pub(crate) struct TextRun {
    /// 1-based page number.
    pub page: u32,
    /// Paint order on the page, shared with [`Fill::seq`].
    pub seq: u32,
    pub text: String,
    /// Glyph box: baseline-to-ascent plus descent, pen start to pen end.
    pub bbox: Rect,
    /// Page-space y of the baseline.
    pub baseline: f32,
    /// Font size after the text and current transformation matrices.
    pub size: f32,
    pub font: Rc<str>,
    /// Render mode 3/7: present for search and copy (OCR layers) but never seen.
    pub invisible: bool,
}

/// A filled rectangle (`re` followed by a fill operator).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fill {
    pub seq: u32,
    pub rect: Rect,
}

/// An image painted on the page (`Do` of an image XObject, or an inline `BI … EI` image).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PaintedImage {
    /// Where the image's unit square lands on the page.
    pub rect: Rect,
    /// The image XObject, so OCR can read its pixels; `None` for inline images.
    pub xobject: Option<lopdf::ObjectId>,
}

/// Everything one page painted that the analyser cares about.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageText {
    pub number: u32,
    pub runs: Vec<TextRun>,
    pub fills: Vec<Fill>,
    pub images: Vec<PaintedImage>,
    /// Acrobat's TouchUp text tool left its `/TouchUp_TextEdit` marked-content tag.
    pub touchup: bool,
}

/// Text of the whole document, page by page.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocText {
    pub pages: Vec<PageText>,
}

/// Interpret every page of `doc`.
pub(crate) fn extract_document(
    doc: &Document,
    pages: &[PageRef<'_>],
    budget: &mut Budget,
) -> Result<DocText, AnalyzeError> {
    let mut fonts = interp::FontCache::default();
    let mut out = DocText::default();
    for (i, page) in pages.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.pages.push(interp::interpret_page(
            doc, page, number, &mut fonts, budget,
        )?);
    }
    Ok(out)
}

/// A content stream's bytes, decompressed against the budget.
pub(super) fn decode_stream(
    s: &lopdf::Stream,
    budget: &mut Budget,
) -> Result<Vec<u8>, AnalyzeError> {
    let bytes = match s.decompressed_content_with_limit(budget.inflate_room()) {
        Ok(b) => b,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(AnalyzeError::DecompressionLimit);
        }
        // Viewers skip a stream they cannot decode; so do we.
        Err(_) => Vec::new(),
    };
    budget.take_inflated(bytes.len())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rect_geometry() {
        let a = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let b = Rect {
            x0: 5.0,
            y0: 5.0,
            x1: 20.0,
            y1: 20.0,
        };
        assert_eq!(a.area(), 100.0);
        assert_eq!(a.intersection(&b), 25.0);
        assert!(a.contains_point(10.0, 0.0));
        assert!(!a.contains_point(10.1, 0.0));
    }
}
