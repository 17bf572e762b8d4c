//! Drawing a statement page: fonts as resources, and a canvas that writes content-stream operators the
//! way three kinds of generator do (whole strings with `Tj`, kerned `TJ` arrays, one run per word).

use super::ttf::Ttf;
use crate::text::metrics::standard_width;
use std::rc::Rc;

/// How one font resource is stored in the PDF.
#[derive(Debug, Clone)]
pub(crate) enum Face {
    /// A standard-14 font (no font program); `widths` adds a `/Widths` array as some engines do.
    Standard { base: &'static str, widths: bool },
    /// The vendored TrueType font, embedded; `cid` picks Type0/Identity-H over a simple TrueType font.
    Embedded { ttf: Rc<Ttf>, cid: bool },
}

/// A font resource: its name on the page (`/F1`) and its face.
#[derive(Debug, Clone)]
pub(crate) struct FontRes {
    pub key: &'static str,
    pub face: Face,
}

impl FontRes {
    pub(crate) fn standard(key: &'static str, base: &'static str, widths: bool) -> Self {
        Self {
            key,
            face: Face::Standard { base, widths },
        }
    }

    /// Advance of `c` in 1/1000 em, exactly as the analyser will measure it.
    pub(crate) fn advance(&self, c: char) -> f32 {
        match &self.face {
            Face::Standard { base, .. } => f32::from(standard_width(base, c).unwrap_or(556)),
            Face::Embedded { ttf, .. } => f32::from(ttf.advance(c)),
        }
    }

    /// Width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / 1000.0
    }

    /// `text` as a string operand: a literal in WinAnsi, or hex glyph ids for the CID font.
    pub(crate) fn operand(&self, text: &str) -> Vec<u8> {
        if let Face::Embedded { ttf, cid: true } = &self.face {
            let hex: String = text
                .chars()
                .map(|c| format!("{:04X}", ttf.glyph(c)))
                .collect();
            return format!("<{hex}>").into_bytes();
        }
        let mut out = vec![b'('];
        for c in text.chars() {
            let b = u8::try_from(u32::from(c)).unwrap_or(b'?');
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
        out
    }
}

/// Places the tamper rules need: what was drawn where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub what: MarkKind,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub size: f32,
    pub font: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkKind {
    ClosingBalance,
    TransactionRow,
}

/// One page's content stream under construction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Canvas {
    pub ops: Vec<u8>,
    pub marks: Vec<Mark>,
    /// `(x0, y0, x1, y1)` of link annotations to add.
    pub links: Vec<[f32; 4]>,
}

/// How a layout writes its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// One `Tj` per string.
    Whole,
    /// One `TJ` per string, words separated by kerning instead of space glyphs.
    Kerned,
    /// One `Tj` per word, each placed with its own `Td`.
    PerWord,
    /// One `Tj` per character, as some print drivers write.
    PerChar,
}

impl Canvas {
    fn push(&mut self, s: &str) {
        self.ops.extend_from_slice(s.as_bytes());
    }

    /// Draw `text` with its left end at `(x, y)`.
    pub(crate) fn text(
        &mut self,
        style: Style,
        f: &FontRes,
        size: f32,
        x: f32,
        y: f32,
        text: &str,
    ) {
        match style {
            Style::Whole => {
                self.push(&format!(
                    "BT /{} {size} Tf 1 0 0 1 {x:.2} {y:.2} Tm ",
                    f.key
                ));
                let op = f.operand(text);
                self.ops.extend_from_slice(&op);
                self.push(" Tj ET\n");
            }
            Style::Kerned => {
                self.push(&format!("BT /{} {size} Tf {x:.2} {y:.2} Td [", f.key));
                let space = -(f.advance(' ').round());
                for (i, word) in text.split(' ').enumerate() {
                    if i > 0 {
                        self.push(&format!(" {space} "));
                    }
                    let op = f.operand(word);
                    self.ops.extend_from_slice(&op);
                }
                self.push("] TJ ET\n");
            }
            Style::PerWord => {
                self.push(&format!("BT /{} {size} Tf {x:.2} {y:.2} Td ", f.key));
                let space = f.width(" ", size);
                for (i, word) in text.split(' ').enumerate() {
                    if i > 0 {
                        self.push(&format!(
                            "{:.2} 0 Td ",
                            space + f.width(text.split(' ').nth(i - 1).unwrap_or(""), size)
                        ));
                    }
                    let op = f.operand(word);
                    self.ops.extend_from_slice(&op);
                    self.push(" Tj ");
                }
                self.push("ET\n");
            }
            Style::PerChar => {
                self.push(&format!("BT /{} {size} Tf {x:.2} {y:.2} Td ", f.key));
                let mut prev = 0.0;
                for ch in text.chars() {
                    if prev > 0.0 {
                        self.push(&format!("{prev:.3} 0 Td "));
                    }
                    prev = f.width(&ch.to_string(), size);
                    if ch != ' ' {
                        let op = f.operand(&ch.to_string());
                        self.ops.extend_from_slice(&op);
                        self.push(" Tj ");
                    }
                }
                self.push("ET\n");
            }
        }
    }

    /// A filled rectangle in `gray` (0 black … 1 white).
    pub(crate) fn fill(&mut self, gray: f32, x: f32, y: f32, w: f32, h: f32) {
        self.push(&format!("q {gray} g {x:.2} {y:.2} {w:.2} {h:.2} re f Q\n"));
    }

    /// A filled rectangle in an RGB colour (logos, bands).
    pub(crate) fn fill_rgb(&mut self, rgb: [f32; 3], x: f32, y: f32, w: f32, h: f32) {
        self.push(&format!(
            "q {} {} {} rg {x:.2} {y:.2} {w:.2} {h:.2} re f Q\n",
            rgb[0], rgb[1], rgb[2]
        ));
    }

    /// A horizontal rule.
    pub(crate) fn rule(&mut self, x0: f32, x1: f32, y: f32) {
        self.push(&format!("q 0.5 w {x0:.2} {y:.2} m {x1:.2} {y:.2} l S Q\n"));
    }

    /// Record a mark.
    pub(crate) fn mark(
        &mut self,
        what: MarkKind,
        f: &FontRes,
        size: f32,
        x: f32,
        y: f32,
        text: &str,
    ) {
        self.marks.push(Mark {
            what,
            x,
            y,
            w: f.width(text, size),
            size,
            font: f.key,
            text: text.into(),
        });
    }
}
