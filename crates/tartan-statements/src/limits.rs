//! Hard limits on what one analysis may cost, and the running budget that enforces them.
//!
//! The engine has no clock, so "time" is counted in work units: 2 per content-stream operator, 4 per stored
//! text run, 1 per string shown, page-tree node, annotation or font width entry, and 1 per 256 bytes scanned,
//! parsed or inflated. A generated statement page costs 2,300–5,500 units, or about 20,000 when every
//! character is drawn on its own (`examples/work_units.rs`). The default (4,000,000) covers 100 such dense
//! pages and stops a six-million-operator flood in about a third of a second on the reference machine.

use crate::AnalyzeError;

/// Upper bounds applied to one call of [`crate::analyze`]. All are checked before the expensive step they
/// guard, so a hostile file is refused without paying for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload, in bytes. Default 10 MiB (10,485,760).
    pub max_bytes: usize,
    /// Most pages accepted. Default 100.
    pub max_pages: usize,
    /// Most indirect objects accepted (counted in the raw file and again after loading). Default 50,000.
    pub max_objects: usize,
    /// Most bytes that compressed streams may expand to: bounds both the up-front census of all non-image
    /// Flate streams and the total the analyser itself decompresses. Default 64 MiB.
    pub max_decompressed_bytes: usize,
    /// Most work units one analysis may spend (see the module docs). Default 4,000,000.
    pub max_operations: u64,
    /// Most image-only pages read by OCR (feature `ocr`, when Tesseract is installed); 0 turns OCR off.
    /// OCR is the one costly step the work budget cannot meter (about a second per page). Default 5.
    pub max_ocr_pages: usize,
    /// Largest image, in pixels, handed to OCR (300 dpi US Letter is 8.4 million). Default 25,000,000.
    pub max_ocr_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pages: 100,
            max_objects: 50_000,
            max_decompressed_bytes: 64 * 1024 * 1024,
            max_operations: 4_000_000,
            max_ocr_pages: 5,
            max_ocr_pixels: 25_000_000,
        }
    }
}

/// The running cost of one analysis.
#[derive(Debug)]
pub(crate) struct Budget {
    ops: u64,
    max_ops: u64,
    inflated: usize,
    max_inflated: usize,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            ops: 0,
            max_ops: limits.max_operations,
            inflated: 0,
            max_inflated: limits.max_decompressed_bytes,
        }
    }

    /// Spend `n` work units.
    pub(crate) fn charge(&mut self, n: u64) -> Result<(), AnalyzeError> {
        self.ops = self.ops.saturating_add(n);
        if self.ops > self.max_ops {
            Err(AnalyzeError::WorkLimit)
        } else {
            Ok(())
        }
    }

    /// Spend the work of scanning or parsing `bytes` bytes.
    pub(crate) fn charge_bytes(&mut self, bytes: usize) -> Result<(), AnalyzeError> {
        self.charge(
            u64::try_from(bytes / 256)
                .unwrap_or(u64::MAX)
                .saturating_add(1),
        )
    }

    /// How many more bytes the analyser may decompress.
    pub(crate) fn inflate_room(&self) -> usize {
        self.max_inflated.saturating_sub(self.inflated)
    }

    /// Record `n` decompressed bytes.
    pub(crate) fn take_inflated(&mut self, n: usize) -> Result<(), AnalyzeError> {
        self.inflated = self.inflated.saturating_add(n);
        if self.inflated > self.max_inflated {
            return Err(AnalyzeError::DecompressionLimit);
        }
        self.charge_bytes(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charging_past_the_budget_is_a_work_limit() {
        let limits = Limits {
            max_operations: 10,
            ..Limits::default()
        };
        let mut b = Budget::new(&limits);
        assert!(b.charge(10).is_ok());
        assert_eq!(b.charge(1), Err(AnalyzeError::WorkLimit));
    }

    #[test]
    fn inflating_past_the_cap_is_a_decompression_limit() {
        let limits = Limits {
            max_decompressed_bytes: 100,
            ..Limits::default()
        };
        let mut b = Budget::new(&limits);
        assert!(b.take_inflated(60).is_ok());
        assert_eq!(b.inflate_room(), 40);
        assert_eq!(b.take_inflated(41), Err(AnalyzeError::DecompressionLimit));
    }
}
