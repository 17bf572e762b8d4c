//! An image XObject's pixels in a form OCR takes: a JPEG or JPEG 2000 file as stored (Leptonica decodes
//! it), or 8-bit grey/RGB rows decoded from Flate/LZW data. Encodings OCR is not given (CCITT, JBIG2,
//! indexed colour, 16-bit samples) come back as `None`, and so does anything over the pixel limit.

use crate::{
    AnalyzeError,
    limits::Budget,
    load::{get, resolve},
    text::decode_stream,
};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Pixels ready for OCR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pixels {
    /// A whole encoded image file (JPEG, JPEG 2000).
    Encoded(Vec<u8>),
    /// Uncompressed rows, `bytes_per_pixel` 1 (grey) or 3 (RGB), no row padding.
    Raw { data: Vec<u8>, bytes_per_pixel: u32 },
}

/// An image ready for OCR, with its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Image {
    pub pixels: Pixels,
    pub width: u32,
    pub height: u32,
}

/// Read image XObject `id`, if its encoding and size are ones OCR is given.
pub(crate) fn of_image(
    doc: &Document,
    id: Option<ObjectId>,
    max_pixels: u64,
    budget: &mut Budget,
) -> Result<Option<Image>, AnalyzeError> {
    let Some(Object::Stream(stream)) = id.and_then(|id| doc.objects.get(&id)) else {
        return Ok(None);
    };
    let dim = |key: &[u8]| -> Result<Option<u32>, AnalyzeError> {
        Ok(match get(doc, &stream.dict, key)? {
            Object::Integer(n) => u32::try_from(*n).ok().filter(|n| *n > 0),
            _ => None,
        })
    };
    let (Some(width), Some(height)) = (dim(b"Width")?, dim(b"Height")?) else {
        return Ok(None);
    };
    if u64::from(width) * u64::from(height) > max_pixels {
        return Ok(None);
    }
    let filters = filter_names(doc, &stream.dict)?;
    if let [only] = filters.as_slice()
        && (only == b"DCTDecode" || only == b"JPXDecode")
    {
        budget.charge_bytes(stream.content.len())?;
        return Ok(Some(Image {
            pixels: Pixels::Encoded(stream.content.clone()),
            width,
            height,
        }));
    }
    const PLAIN: [&[u8]; 4] = [b"FlateDecode", b"Fl", b"LZWDecode", b"LZW"];
    if !filters.iter().all(|f| PLAIN.contains(&f.as_slice())) {
        return Ok(None);
    }
    raw(doc, stream, width, height, budget)
}

/// Decode Flate/LZW (or unfiltered) samples into 8-bit grey or RGB rows.
fn raw(
    doc: &Document,
    stream: &Stream,
    width: u32,
    height: u32,
    budget: &mut Budget,
) -> Result<Option<Image>, AnalyzeError> {
    let is_mask = matches!(get(doc, &stream.dict, b"ImageMask")?, Object::Boolean(true));
    let bits = match get(doc, &stream.dict, b"BitsPerComponent")? {
        Object::Integer(b) => *b,
        _ if is_mask => 1,
        _ => return Ok(None),
    };
    let components = if is_mask {
        1
    } else {
        match components(doc, &stream.dict)? {
            Some(n) => n,
            None => return Ok(None),
        }
    };
    let inverted = match get(doc, &stream.dict, b"Decode")? {
        Object::Array(d) => matches!(
            d.first(),
            Some(Object::Integer(1)) | Some(Object::Real(1.0))
        ),
        _ => false,
    };
    let data = decode_stream(stream, budget)?;
    let (w, h) = (width as usize, height as usize);
    let pixels = match (bits, components) {
        (8, 1 | 3) => {
            let need = w * h * components;
            if data.len() < need {
                return Ok(None);
            }
            let mut rows = data;
            rows.truncate(need);
            if inverted {
                rows.iter_mut().for_each(|b| *b = 255 - *b);
            }
            Pixels::Raw {
                data: rows,
                bytes_per_pixel: components as u32,
            }
        }
        (8, 4) => match cmyk_to_grey(&data, w * h) {
            Some(grey) => Pixels::Raw {
                data: grey,
                bytes_per_pixel: 1,
            },
            None => return Ok(None),
        },
        (1, 1) => {
            // An image mask paints where samples are 0 (1 with a [1 0] Decode); a 1-bit image is black at 0.
            let black_is_one = is_mask == inverted;
            match bits_to_grey(&data, w, h, !black_is_one) {
                Some(grey) => Pixels::Raw {
                    data: grey,
                    bytes_per_pixel: 1,
                },
                None => return Ok(None),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(Image {
        pixels,
        width,
        height,
    }))
}

/// The `/Filter` names, outermost first.
fn filter_names(doc: &Document, dict: &Dictionary) -> Result<Vec<Vec<u8>>, AnalyzeError> {
    Ok(match get(doc, dict, b"Filter")? {
        Object::Name(n) => vec![n.clone()],
        Object::Array(items) => items
            .iter()
            .filter_map(|i| match i {
                Object::Name(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}

/// Colour components of the image's colour space; `None` for indexed, separation and pattern spaces.
fn components(doc: &Document, dict: &Dictionary) -> Result<Option<usize>, AnalyzeError> {
    let by_name = |n: &[u8]| match n {
        b"DeviceGray" | b"G" | b"CalGray" => Some(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" | b"Lab" => Some(3),
        b"DeviceCMYK" | b"CMYK" => Some(4),
        _ => None,
    };
    Ok(match get(doc, dict, b"ColorSpace")? {
        Object::Name(n) => by_name(n),
        Object::Array(a) => match a.first() {
            Some(Object::Name(n)) if n == b"ICCBased" => {
                let Some(profile) = a.get(1) else {
                    return Ok(None);
                };
                match resolve(doc, profile)? {
                    Object::Stream(s) => match get(doc, &s.dict, b"N")? {
                        Object::Integer(n @ (1 | 3 | 4)) => Some(*n as usize),
                        _ => None,
                    },
                    _ => None,
                }
            }
            Some(Object::Name(n)) => by_name(n),
            _ => None,
        },
        _ => None,
    })
}

/// Rows of 1-bit samples (each row padded to a byte) as 8-bit grey; `zero_is_black` picks the polarity.
fn bits_to_grey(data: &[u8], w: usize, h: usize, zero_is_black: bool) -> Option<Vec<u8>> {
    let row_bytes = w.div_ceil(8);
    if data.len() < row_bytes * h {
        return None;
    }
    let mut out = Vec::with_capacity(w * h);
    for row in data.chunks(row_bytes).take(h) {
        for x in 0..w {
            let bit = (row[x / 8] >> (7 - x % 8)) & 1;
            out.push(if (bit == 0) == zero_is_black { 0 } else { 255 });
        }
    }
    Some(out)
}

/// CMYK samples as grey, ink subtracted from white.
fn cmyk_to_grey(data: &[u8], pixels: usize) -> Option<Vec<u8>> {
    if data.len() < pixels * 4 {
        return None;
    }
    Some(
        data.chunks_exact(4)
            .take(pixels)
            .map(|p| {
                let ink = 0.3 * f32::from(p[0]) + 0.59 * f32::from(p[1]) + 0.11 * f32::from(p[2]);
                (255.0 - (ink + f32::from(p[3])).min(255.0)) as u8
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn one_bit_rows_expand_with_either_polarity() {
        // Two rows of 10 pixels: each row is padded to two bytes.
        let data = [0b1000_0000, 0b0100_0000, 0b0000_0000, 0b1100_0000];
        let g = bits_to_grey(&data, 10, 2, true).unwrap();
        assert_eq!(g.len(), 20);
        assert_eq!((g[0], g[1], g[9], g[10], g[18]), (255, 0, 255, 0, 255));
        let inv = bits_to_grey(&data, 10, 2, false).unwrap();
        assert_eq!((inv[0], inv[1]), (0, 255));
        assert!(bits_to_grey(&data[..3], 10, 2, true).is_none());
    }

    #[test]
    fn cmyk_ink_darkens() {
        let g = cmyk_to_grey(&[0, 0, 0, 0, 0, 0, 0, 255], 2).unwrap();
        assert_eq!(g, [255, 0]);
        assert!(cmyk_to_grey(&[0; 7], 2).is_none());
    }

    #[test]
    fn images_over_the_pixel_limit_or_without_a_stream_are_not_read() {
        let mut doc = Document::with_version("1.7");
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        };
        let id = doc.add_object(Stream::new(dict, vec![7; 8]));
        let limits = crate::Limits::default();
        let mut budget = Budget::new(&limits);
        let image = of_image(&doc, Some(id), 8, &mut budget).unwrap().unwrap();
        assert_eq!(
            image.pixels,
            Pixels::Raw {
                data: vec![7; 8],
                bytes_per_pixel: 1
            }
        );
        assert!(of_image(&doc, Some(id), 7, &mut budget).unwrap().is_none());
        assert!(of_image(&doc, None, 100, &mut budget).unwrap().is_none());
    }
}
