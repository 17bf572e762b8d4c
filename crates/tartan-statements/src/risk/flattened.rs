//! `FLATTENED_PDF`: a page that is one picture and no text. Statement systems write text; a page turned
//! into an image (printed to an image, "flattened" by an online editor, or scanned) hides how its content
//! was made, which is why editors flatten after changing a figure. The description says whether OCR read
//! the page, so a reviewer knows where the holder, number and period came from.

use super::signal;
use crate::{
    RiskSignal,
    scan::{ImagePage, Outcome},
};

/// One `FLATTENED_PDF` signal per image-only page.
pub(crate) fn signals(pages: &[ImagePage]) -> Vec<RiskSignal> {
    pages
        .iter()
        .map(|p| {
            let read = match p.outcome {
                Outcome::Read(words) => format!("its text was read by OCR ({words} words)"),
                Outcome::TextLayer => "it carries an invisible OCR text layer".into(),
                Outcome::NoText => "OCR found no text on it".into(),
                Outcome::Unsupported => "its image encoding or size is not read by OCR".into(),
                Outcome::OverLimit => "it is past the pages OCR reads per document".into(),
                Outcome::Unavailable => "its text could not be read (OCR is not available)".into(),
            };
            let desc = format!(
                "The page is a single image with no text layer (flattened or scanned); {read}"
            );
            signal("FLATTENED_PDF", true, desc, p.page)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_image_only_page_is_reported_with_what_ocr_made_of_it() {
        let pages = [
            ImagePage {
                page: 1,
                outcome: Outcome::Read(212),
                runs: Vec::new(),
            },
            ImagePage {
                page: 3,
                outcome: Outcome::Unavailable,
                runs: Vec::new(),
            },
        ];
        let s = signals(&pages);
        assert_eq!(
            s.iter()
                .map(|x| (x.kind.as_str(), x.has_fraud_risk, x.page_number))
                .collect::<Vec<_>>(),
            [("FLATTENED_PDF", true, 1), ("FLATTENED_PDF", true, 3)]
        );
        assert!(s[0].description.contains("212 words"));
        assert!(s[1].description.contains("not available"));
        assert!(signals(&[]).is_empty());
    }
}
