//! Image-only pages: a statement flattened to one picture per page (or scanned) has no text layer, so
//! nothing can be read from its content streams. This module recognises such pages and, with the `ocr`
//! feature and Tesseract installed, reads them: OCR words become text runs in page space, so the holder,
//! account and period extractors read them like any other text. Either way `risk::flattened` reports the
//! page.

mod pixels;
#[cfg(feature = "ocr")]
mod tesseract;

use crate::{
    AnalyzeError, Limits,
    limits::Budget,
    load::{PageRef, get, resolve},
    text::{DocText, PaintedImage, Rect, TextRun},
};
use lopdf::{Document, Object};

/// Visible characters a page may show and still count as image-only (a page number, a stamp).
const MAX_TEXT_CHARS: usize = 20;
/// Share of the page that images must cover for the page to be a picture of a page.
const MIN_IMAGE_COVER: f32 = 0.5;
/// Parent links followed to find an inherited `/MediaBox`.
const MAX_PARENT_HOPS: usize = 32;
/// US Letter, for a page without a usable `/MediaBox`.
const LETTER: Rect = Rect {
    x0: 0.0,
    y0: 0.0,
    x1: 612.0,
    y1: 792.0,
};

/// What became of reading one image-only page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// OCR read this many words.
    #[cfg_attr(not(feature = "ocr"), allow(dead_code))]
    Read(usize),
    /// The page already carries an invisible text layer (a scan that was OCR'd before upload).
    TextLayer,
    /// OCR ran and found no text.
    #[cfg_attr(not(feature = "ocr"), allow(dead_code))]
    NoText,
    /// The image is in an encoding OCR is not given (CCITT, JBIG2, indexed colour …) or is too large.
    Unsupported,
    /// More image-only pages than `Limits::max_ocr_pages`.
    OverLimit,
    /// This build has no OCR, or Tesseract (or its English data) is not installed.
    Unavailable,
}

/// One image-only page and what OCR made of it.
#[derive(Debug, Clone)]
pub(crate) struct ImagePage {
    pub page: u32,
    pub outcome: Outcome,
    /// OCR words as runs (empty unless `outcome` is `Read`).
    pub runs: Vec<TextRun>,
}

/// Find the image-only pages of the document and read what can be read.
pub(crate) fn image_pages(
    doc: &Document,
    pages: &[PageRef<'_>],
    text: &DocText,
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Vec<ImagePage>, AnalyzeError> {
    let mut out = Vec::new();
    let mut engine = Engine::new(limits);
    for (page_ref, page) in pages.iter().zip(&text.pages) {
        let visible: usize = page
            .runs
            .iter()
            .filter(|r| !r.invisible)
            .map(|r| r.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        let media = media_box(doc, page_ref)?;
        let Some(image) = picture_of_page(&page.images, &media, visible) else {
            continue;
        };
        let (outcome, runs) = if page.runs.iter().any(|r| r.invisible) {
            (Outcome::TextLayer, Vec::new())
        } else {
            engine.read(doc, page.number, &image, budget)?
        };
        out.push(ImagePage {
            page: page.number,
            outcome,
            runs,
        });
    }
    Ok(out)
}

/// The page's largest image when images cover most of the page and almost no text is visible.
fn picture_of_page(
    images: &[PaintedImage],
    media: &Rect,
    visible_chars: usize,
) -> Option<PaintedImage> {
    if visible_chars > MAX_TEXT_CHARS || media.area() <= 0.0 {
        return None;
    }
    let covered: f32 = images.iter().map(|i| i.rect.intersection(media)).sum();
    if covered / media.area() < MIN_IMAGE_COVER {
        return None;
    }
    images
        .iter()
        .max_by(|a, b| a.rect.area().total_cmp(&b.rect.area()))
        .copied()
}

/// The page's `/MediaBox`, inherited from the page tree when the page has none.
fn media_box(doc: &Document, page: &PageRef<'_>) -> Result<Rect, AnalyzeError> {
    let mut dict = page.dict;
    for _ in 0..MAX_PARENT_HOPS {
        if let Object::Array(a) = get(doc, dict, b"MediaBox")?
            && a.len() == 4
        {
            let mut v = [0.0f32; 4];
            for (slot, item) in v.iter_mut().zip(a) {
                *slot = match resolve(doc, item)? {
                    Object::Integer(i) => *i as f32,
                    Object::Real(r) => *r,
                    _ => 0.0,
                };
            }
            return Ok(Rect {
                x0: v[0].min(v[2]),
                y0: v[1].min(v[3]),
                x1: v[0].max(v[2]),
                y1: v[1].max(v[3]),
            });
        }
        match get(doc, dict, b"Parent")? {
            Object::Dictionary(parent) => dict = parent,
            _ => break,
        }
    }
    Ok(LETTER)
}

/// The OCR engine, started on first use and only if this build and machine have one.
struct Engine {
    pages_left: usize,
    max_pixels: u64,
    #[cfg(feature = "ocr")]
    tess: tesseract::Lazy,
}

impl Engine {
    fn new(limits: &Limits) -> Self {
        Self {
            pages_left: limits.max_ocr_pages,
            max_pixels: limits.max_ocr_pixels,
            #[cfg(feature = "ocr")]
            tess: tesseract::Lazy::default(),
        }
    }

    fn read(
        &mut self,
        doc: &Document,
        page: u32,
        image: &PaintedImage,
        budget: &mut Budget,
    ) -> Result<(Outcome, Vec<TextRun>), AnalyzeError> {
        if !cfg!(feature = "ocr") {
            return Ok((Outcome::Unavailable, Vec::new()));
        }
        if self.pages_left == 0 {
            return Ok((Outcome::OverLimit, Vec::new()));
        }
        let Some(pixels) = pixels::of_image(doc, image.xobject, self.max_pixels, budget)? else {
            return Ok((Outcome::Unsupported, Vec::new()));
        };
        self.pages_left -= 1;
        #[cfg(feature = "ocr")]
        {
            Ok(self.tess.read(&pixels, page, &image.rect))
        }
        #[cfg(not(feature = "ocr"))]
        {
            let _ = (pixels, page);
            Ok((Outcome::Unavailable, Vec::new()))
        }
    }
}

#[cfg(test)]
mod tests;
