//! The raw-byte census that runs before any PDF parsing.
//!
//! It refuses what must never reach the parser (empty, oversized, non-PDF, truncated, deeply nested, too
//! many objects, decompression bombs) in one linear pass, and records facts the risk rules need from the
//! raw bytes: where each revision ends (`%%EOF`) and whether qpdf left its fingerprint. It does not build
//! objects; lopdf does that afterwards on a file already known to be bounded.

use crate::{AnalyzeError, Limits, limits::Budget};
use flate2::read::{DeflateDecoder, ZlibDecoder};
use std::io::Read;

/// Deeper `[`/`<<` nesting than this is refused: real statements stay below 10.
pub(crate) const MAX_NESTING: usize = 64;
/// More object streams than this are refused. lopdf inflates each one eagerly while loading (capped per
/// stream), and in encrypted files the census cannot inflate them first, so their number is bounded.
pub(crate) const MAX_OBJECT_STREAMS: usize = 128;
/// How far from each end the header and the final `%%EOF` may sit (viewers accept junk around them).
const HEADER_WINDOW: usize = 1024;
const EOF_WINDOW: usize = 4096;
/// How far before `stream` its dictionary is looked for.
const DICT_WINDOW: usize = 4096;
/// qpdf writes this binary comment as the second line of every file it produces.
const QPDF_BINARY_MARK: &[u8] = b"%\xbf\xf7\xa2\xfe";

/// What the census learned about the raw file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Census {
    /// Offsets just past every `%%EOF` marker outside strings and streams, in file order.
    pub eof_offsets: Vec<usize>,
    /// qpdf's binary comment or a `%QDF-1.0` marker (qpdf's hand-editing mode) is present.
    pub qpdf_marker: bool,
    /// `N G obj` headers seen.
    pub object_headers: usize,
    /// Bytes that the file's non-image Flate streams inflate to.
    pub inflated_bytes: usize,
    /// The last `/Info N G R` in the file: some incremental writers drop `/Info` from their trailer.
    pub last_info_ref: Option<(u32, u16)>,
}

/// Check the raw bytes against `limits` and collect the [`Census`].
pub(crate) fn census(
    pdf: &[u8],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Census, AnalyzeError> {
    if pdf.is_empty() {
        return Err(AnalyzeError::Empty);
    }
    if pdf.len() > limits.max_bytes {
        return Err(AnalyzeError::TooLarge {
            size: pdf.len(),
            max: limits.max_bytes,
        });
    }
    let head = &pdf[..pdf.len().min(HEADER_WINDOW)];
    let start = find(head, b"%PDF-").ok_or(AnalyzeError::NotPdf)?;
    let tail_from = pdf.len().saturating_sub(EOF_WINDOW).max(start);
    if find(&pdf[tail_from..], b"%%EOF").is_none() {
        return Err(AnalyzeError::Truncated);
    }
    budget.charge_bytes(pdf.len())?;
    let mut scan = Scanner {
        pdf,
        pos: start,
        depth: 0,
        last_obj: start,
        census: Census::default(),
        obj_streams: 0,
    };
    scan.run(limits)?;
    Ok(scan.census)
}

struct Scanner<'a> {
    pdf: &'a [u8],
    pos: usize,
    depth: usize,
    /// Where the current object started, so a stream's dictionary can be inspected.
    last_obj: usize,
    census: Census,
    obj_streams: usize,
}

impl Scanner<'_> {
    fn run(&mut self, limits: &Limits) -> Result<(), AnalyzeError> {
        let pdf = self.pdf;
        while self.pos < pdf.len() {
            let c = pdf[self.pos];
            match c {
                b'%' => self.comment(),
                b'(' => self.literal_string(),
                b'<' if pdf.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    self.open()?;
                }
                b'<' => self.hex_string(),
                b'>' if pdf.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    self.depth = self.depth.saturating_sub(1);
                }
                b'[' => {
                    self.pos += 1;
                    self.open()?;
                }
                b']' => {
                    self.pos += 1;
                    self.depth = self.depth.saturating_sub(1);
                }
                b'o' if self.keyword(b"obj") => {
                    self.census.object_headers += 1;
                    if self.census.object_headers > limits.max_objects {
                        return Err(AnalyzeError::TooManyObjects {
                            max: limits.max_objects,
                        });
                    }
                    // A malformed object must not push its unbalanced brackets onto the next one.
                    self.depth = 0;
                    self.last_obj = self.pos;
                    self.pos += 3;
                }
                b's' if self.keyword(b"stream") => self.stream(limits)?,
                b'/' if pdf[self.pos..].starts_with(b"/Info") => self.info_ref(),
                _ => self.pos += 1,
            }
        }
        Ok(())
    }

    fn open(&mut self) -> Result<(), AnalyzeError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(AnalyzeError::Malformed(format!(
                "objects are nested more than {MAX_NESTING} levels deep"
            )));
        }
        Ok(())
    }

    /// `word` starts at `pos` and stands alone as a token.
    fn keyword(&self, word: &[u8]) -> bool {
        let pdf = self.pdf;
        let before_ok = self.pos == 0 || is_boundary(pdf[self.pos - 1]);
        let after_ok = pdf
            .get(self.pos + word.len())
            .is_none_or(|&b| is_boundary(b));
        before_ok && after_ok && pdf[self.pos..].starts_with(word)
    }

    fn comment(&mut self) {
        let rest = &self.pdf[self.pos..];
        if rest.starts_with(b"%%EOF") {
            self.census.eof_offsets.push(self.pos + 5);
        }
        if rest.starts_with(QPDF_BINARY_MARK) || rest.starts_with(b"%QDF-1.0") {
            self.census.qpdf_marker = true;
        }
        let len = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        self.pos += len.max(1);
    }

    /// `/Info 12 0 R`: remember the reference.
    fn info_ref(&mut self) {
        self.pos += b"/Info".len();
        let rest = &self.pdf[self.pos..self.pdf.len().min(self.pos + 32)];
        let text = String::from_utf8_lossy(rest);
        let mut words = text.split_whitespace();
        if let (Some(n), Some(g), Some(r)) = (words.next(), words.next(), words.next())
            && r.starts_with('R')
            && let (Ok(n), Ok(g)) = (n.parse(), g.parse())
        {
            self.census.last_info_ref = Some((n, g));
        }
    }

    fn literal_string(&mut self) {
        let pdf = self.pdf;
        let mut nesting = 0usize;
        while self.pos < pdf.len() {
            match pdf[self.pos] {
                b'\\' => self.pos += 1,
                b'(' => nesting += 1,
                b')' => {
                    nesting = nesting.saturating_sub(1);
                    if nesting == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn hex_string(&mut self) {
        let rest = &self.pdf[self.pos..];
        self.pos += rest
            .iter()
            .position(|&b| b == b'>')
            .map_or(rest.len(), |p| p + 1);
    }

    /// Skip the stream body; inflate it first if it is a non-image Flate stream.
    fn stream(&mut self, limits: &Limits) -> Result<(), AnalyzeError> {
        let pdf = self.pdf;
        // Bounded look-back: a run of `stream` keywords after one header must not make the scan quadratic.
        let dict = &pdf[self
            .last_obj
            .max(self.pos.saturating_sub(DICT_WINDOW))
            .min(self.pos)..self.pos];
        let mut data_start = self.pos + b"stream".len();
        if pdf.get(data_start) == Some(&b'\r') {
            data_start += 1;
        }
        if pdf.get(data_start) == Some(&b'\n') {
            data_start += 1;
        }
        let data_start = data_start.min(pdf.len());
        let data_end = find(&pdf[data_start..], b"endstream").map_or(pdf.len(), |p| data_start + p);
        if has_name(dict, b"ObjStm") {
            self.obj_streams += 1;
            if self.obj_streams > MAX_OBJECT_STREAMS {
                return Err(AnalyzeError::TooManyObjects {
                    max: limits.max_objects,
                });
            }
        }
        let flate = has_name(dict, b"FlateDecode") || has_name(dict, b"Fl");
        if flate && !has_name(dict, b"Image") {
            let room = limits
                .max_decompressed_bytes
                .saturating_sub(self.census.inflated_bytes);
            let produced = inflated_len(&pdf[data_start..data_end], room);
            self.census.inflated_bytes += produced;
            if self.census.inflated_bytes > limits.max_decompressed_bytes {
                return Err(AnalyzeError::DecompressionLimit);
            }
        }
        self.pos = data_end + b"endstream".len();
        Ok(())
    }
}

/// How many bytes `data` inflates to, counting at most `room + 1` (enough to know the cap is exceeded).
/// Damaged or encrypted data simply stops counting where it stops decoding.
pub(crate) fn inflated_len(data: &[u8], room: usize) -> usize {
    let zlib = count_capped(ZlibDecoder::new(data), room);
    if zlib > 0 || data.len() <= 2 {
        return zlib;
    }
    // Some writers omit the zlib header; lopdf falls back to raw deflate, so the census must too.
    count_capped(DeflateDecoder::new(&data[2..]), room)
}

fn count_capped(mut reader: impl Read, room: usize) -> usize {
    let mut buf = [0u8; 16 * 1024];
    let mut total = 0usize;
    loop {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => return total,
            Ok(n) => {
                total += n;
                if total > room {
                    return total;
                }
            }
        }
    }
}

fn is_boundary(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0 || b"()<>[]{}/%".contains(&b)
}

/// `/name` occurs in `dict` as a whole name token.
fn has_name(dict: &[u8], name: &[u8]) -> bool {
    let mut from = 0;
    while let Some(p) = find(&dict[from..], name) {
        let at = from + p;
        let after = dict.get(at + name.len()).is_none_or(|&b| is_boundary(b));
        if at > 0 && dict[at - 1] == b'/' && after {
            return true;
        }
        from = at + 1;
    }
    false
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::ZlibEncoder};
    use std::io::Write;

    fn run(pdf: &[u8]) -> Result<Census, AnalyzeError> {
        let limits = Limits::default();
        census(pdf, &limits, &mut Budget::new(&limits))
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn refuses_empty_non_pdf_and_truncated_files() {
        assert_eq!(run(b"").unwrap_err(), AnalyzeError::Empty);
        assert_eq!(run(b"PK\x03\x04 zip").unwrap_err(), AnalyzeError::NotPdf);
        assert_eq!(
            run(b"%PDF-1.7\n1 0 obj << >> endobj\n").unwrap_err(),
            AnalyzeError::Truncated
        );
    }

    #[test]
    fn refuses_oversized_files_before_scanning() {
        let limits = Limits {
            max_bytes: 8,
            ..Limits::default()
        };
        let err = census(b"%PDF-1.7 %%EOF", &limits, &mut Budget::new(&limits)).unwrap_err();
        assert_eq!(err, AnalyzeError::TooLarge { size: 14, max: 8 });
    }

    #[test]
    fn refuses_deep_nesting_but_not_brackets_inside_strings() {
        let deep = format!(
            "%PDF-1.7\n1 0 obj {} endobj\n%%EOF",
            "[".repeat(MAX_NESTING + 1)
        );
        assert!(matches!(
            run(deep.as_bytes()),
            Err(AnalyzeError::Malformed(_))
        ));
        let quoted = format!("%PDF-1.7\n1 0 obj ({}) endobj\n%%EOF", "[".repeat(500));
        assert!(run(quoted.as_bytes()).is_ok());
    }

    #[test]
    fn counts_revisions_and_the_qpdf_fingerprint() {
        let pdf = b"%PDF-1.5\n%\xbf\xf7\xa2\xfe\n1 0 obj 1 endobj\ntrailer << /Info 1 0 R >>\n%%EOF\n2 0 obj 2 endobj\n%%EOF\n";
        let c = run(pdf).unwrap();
        assert_eq!(c.last_info_ref, Some((1, 0)));
        assert_eq!(c.eof_offsets.len(), 2);
        assert!(c.qpdf_marker);
        assert_eq!(c.object_headers, 2);
    }

    #[test]
    fn refuses_flate_streams_that_inflate_past_the_cap() {
        let bomb = zlib(&vec![0u8; 3 * 1024 * 1024]);
        let mut pdf = b"%PDF-1.7\n1 0 obj << /Filter /FlateDecode >> stream\n".to_vec();
        pdf.extend_from_slice(&bomb);
        pdf.extend_from_slice(b"\nendstream endobj\n%%EOF\n");
        let limits = Limits {
            max_decompressed_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let err = census(&pdf, &limits, &mut Budget::new(&limits)).unwrap_err();
        assert_eq!(err, AnalyzeError::DecompressionLimit);
        // Images are never decoded by the analyser, so they do not count.
        let mut img =
            b"%PDF-1.7\n1 0 obj << /Subtype /Image /Filter /FlateDecode >> stream\n".to_vec();
        img.extend_from_slice(&bomb);
        img.extend_from_slice(b"\nendstream endobj\n%%EOF\n");
        assert!(census(&img, &limits, &mut Budget::new(&limits)).is_ok());
    }

    #[test]
    fn refuses_too_many_objects() {
        let limits = Limits {
            max_objects: 3,
            ..Limits::default()
        };
        let pdf =
            b"%PDF-1.7\n1 0 obj 1 endobj 2 0 obj 2 endobj 3 0 obj 3 endobj 4 0 obj 4 endobj\n%%EOF";
        let err = census(pdf, &limits, &mut Budget::new(&limits)).unwrap_err();
        assert_eq!(err, AnalyzeError::TooManyObjects { max: 3 });
    }
}
