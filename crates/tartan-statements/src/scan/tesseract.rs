//! OCR through Tesseract (Debian's libtesseract 5 via the `tesseract` crate): the one call in the analyser
//! that reaches outside the process's memory (it reads Tesseract's language data from disk). Words come
//! back as TSV rows with pixel boxes, which are mapped onto the page through the image's placement.

use super::{
    Outcome,
    pixels::{Image, Pixels},
};
use crate::text::{Rect, TextRun};
use std::rc::Rc;
use tesseract::Tesseract;

/// A line box's height in em (ascenders to descenders, or caps only): splits the difference.
const LINE_HEIGHT_EM: f32 = 0.85;
/// Glyph box relative to the baseline, in em (as the interpreter's runs).
const ASCENT: f32 = 0.75;
const DESCENT: f32 = -0.2;

/// Whether Tesseract can be started here, learnt on first use.
#[derive(Default)]
pub(super) struct Lazy {
    unavailable: bool,
}

impl Lazy {
    /// OCR one image placed at `rect` on page `page`.
    pub(super) fn read(
        &mut self,
        image: &Image,
        page: u32,
        rect: &Rect,
    ) -> (Outcome, Vec<TextRun>) {
        if self.unavailable {
            return (Outcome::Unavailable, Vec::new());
        }
        // Tesseract reports a missing library or language data as an initialisation error.
        let Ok(tess) = Tesseract::new(None, Some("eng")) else {
            self.unavailable = true;
            return (Outcome::Unavailable, Vec::new());
        };
        let Some(tsv) = recognise(tess, image, rect) else {
            return (Outcome::Unsupported, Vec::new());
        };
        let runs = runs_from_tsv(&tsv, page, image, rect);
        if runs.is_empty() {
            (Outcome::NoText, runs)
        } else {
            (Outcome::Read(runs.len()), runs)
        }
    }
}

fn recognise(tess: Tesseract, image: &Image, rect: &Rect) -> Option<String> {
    let (w, h) = (
        i32::try_from(image.width).ok()?,
        i32::try_from(image.height).ok()?,
    );
    let tess = match &image.pixels {
        Pixels::Encoded(bytes) => tess.set_image_from_mem(bytes).ok()?,
        Pixels::Raw {
            data,
            bytes_per_pixel,
        } => {
            let bpp = i32::try_from(*bytes_per_pixel).ok()?;
            tess.set_frame(data, w, h, bpp, w.checked_mul(bpp)?).ok()?
        }
    };
    // Resolution from the image's size on the page, so Tesseract's size heuristics hold.
    let inches = ((rect.x1 - rect.x0) / 72.0).max(0.1);
    let dpi = (image.width as f32 / inches).clamp(50.0, 1200.0) as i32;
    let mut tess = tess.set_source_resolution(dpi).recognize().ok()?;
    tess.get_tsv_text(0).ok()
}

/// Words of a Tesseract TSV report as runs in page space. Every word of one Tesseract line shares the
/// line's baseline, so the layout keeps them on one line.
pub(super) fn runs_from_tsv(tsv: &str, page: u32, image: &Image, rect: &Rect) -> Vec<TextRun> {
    let sx = (rect.x1 - rect.x0) / image.width.max(1) as f32;
    let sy = (rect.y1 - rect.y0) / image.height.max(1) as f32;
    let font: Rc<str> = Rc::from("OCR");
    let mut line: Option<(f32, f32)> = None; // (baseline, size) in page space
    let mut out = Vec::new();
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        let [level, _, _, _, _, _, left, top, width, height, conf, text] = cols.as_slice() else {
            continue;
        };
        let num = |s: &str| s.trim().parse::<f32>().ok();
        let (Some(left), Some(top), Some(width), Some(height)) =
            (num(left), num(top), num(width), num(height))
        else {
            continue;
        };
        match *level {
            "4" => {
                let size = height * sy / LINE_HEIGHT_EM;
                let bottom = rect.y1 - (top + height) * sy;
                line = Some((bottom - DESCENT * size * 0.5, size));
            }
            "5" if num(conf).is_some_and(|c| c >= 0.0) && !text.trim().is_empty() => {
                let Some((baseline, size)) = line else {
                    continue;
                };
                let x0 = rect.x0 + left * sx;
                out.push(TextRun {
                    page,
                    seq: 0,
                    text: text.trim().to_owned(),
                    bbox: Rect {
                        x0,
                        y0: baseline + DESCENT * size,
                        x1: x0 + width * sx,
                        y1: baseline + ASCENT * size,
                    },
                    baseline,
                    size,
                    font: Rc::clone(&font),
                    invisible: false,
                });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_land_on_the_page_on_their_line() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t100\t200\t300\t20\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t202\t80\t18\t96.1\tJANE\n\
                   5\t1\t1\t1\t1\t2\t190\t200\t60\t20\t95.0\tDOE\n\
                   5\t1\t1\t1\t1\t3\t260\t200\t60\t20\t-1\t \n";
        let image = Image {
            pixels: Pixels::Encoded(Vec::new()),
            width: 1000,
            height: 1000,
        };
        let rect = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 500.0,
            y1: 500.0,
        };
        let runs = runs_from_tsv(tsv, 2, &image, &rect);
        assert_eq!(runs.len(), 2);
        assert_eq!(
            (runs[0].text.as_str(), runs[1].text.as_str()),
            ("JANE", "DOE")
        );
        assert_eq!(runs[0].baseline, runs[1].baseline);
        assert_eq!(
            (runs[0].page, runs[0].bbox.x0, runs[1].bbox.x0),
            (2, 50.0, 95.0)
        );
        // The line's bottom is 220 px from the top: 390 pt up the page, the baseline a little above.
        assert!(runs[0].baseline > 390.0 && runs[0].baseline < 393.0);
    }
}
