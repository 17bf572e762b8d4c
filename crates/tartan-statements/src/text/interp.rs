//! A minimal content-stream interpreter: text state, graphics-state stack, transforms, filled rectangles
//! and form XObjects, and where images land. Colours, clipping and curves are ignored because no rule looks
//! at them.

use super::{
    Fill, PageText, Rect, TextRun, decode_stream,
    fonts::{Font, number, push_expanding_ligatures},
    matrix::{IDENTITY, Matrix, apply, map_box, mul, translate},
};
use crate::{
    AnalyzeError,
    limits::Budget,
    load::{PageRef, get, get_dict, resolve},
};
use lopdf::{Dictionary, Document, Object, ObjectId, content::Content};
use std::{collections::HashMap, rc::Rc};

/// Form XObjects nest at most this deep (real files: 1–2).
const MAX_FORM_DEPTH: usize = 8;
/// `q` nesting beyond this is ignored rather than stored.
const MAX_GSTATE_STACK: usize = 256;
/// A `TJ` gap wider than this (in 1/1000 em) starts a new run: it is a column jump, not a word space.
const TJ_SPLIT: f32 = 1500.0;
/// A `TJ` gap wider than this (in 1/1000 em) reads as a space between words.
const TJ_SPACE: f32 = 180.0;
/// Work units per content operator: parsing one (lopdf allocates its name and operands) is the main cost of
/// an operator flood.
const OP_COST: u64 = 2;
/// Work units charged per stored text run (about 100 bytes each): bounds memory to ~100 MB at the default
/// budget even for a content stream that is nothing but `(A) Tj`.
const RUN_COST: u64 = 4;
/// Glyph box relative to the baseline, in em.
const ASCENT: f32 = 0.75;
const DESCENT: f32 = -0.2;

/// Fonts already read, shared by all pages (statements reuse two or three fonts throughout).
#[derive(Default)]
pub(crate) struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    render: i64,
}

impl Default for GState {
    fn default() -> Self {
        Self {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
        }
    }
}

struct Interp<'a, 'c> {
    doc: &'a Document,
    fonts: &'c mut FontCache,
    budget: &'c mut Budget,
    out: PageText,
    seq: u32,
    gs: GState,
    stack: Vec<GState>,
    overflow: usize,
    tm: Matrix,
    tlm: Matrix,
    rects: Vec<Rect>,
    forms: Vec<ObjectId>,
}

/// Replay one page.
pub(crate) fn interpret_page<'a>(
    doc: &'a Document,
    page: &PageRef<'a>,
    number: u32,
    fonts: &mut FontCache,
    budget: &mut Budget,
) -> Result<PageText, AnalyzeError> {
    let mut content = Vec::new();
    match get(doc, page.dict, b"Contents")? {
        Object::Array(parts) => {
            for part in parts {
                if let Object::Stream(s) = resolve(doc, part)? {
                    content.extend(decode_stream(s, budget)?);
                    content.push(b'\n');
                }
            }
        }
        Object::Stream(s) => content = decode_stream(s, budget)?,
        _ => {}
    }
    let out = PageText {
        number,
        ..PageText::default()
    };
    let mut it = Interp {
        doc,
        fonts,
        budget,
        out,
        seq: 0,
        gs: GState::default(),
        stack: Vec::new(),
        overflow: 0,
        tm: IDENTITY,
        tlm: IDENTITY,
        rects: Vec::new(),
        forms: Vec::new(),
    };
    it.run(&content, page.resources)?;
    Ok(it.out)
}

impl<'a> Interp<'a, '_> {
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), AnalyzeError> {
        for op in Content::decode_iter(content) {
            // Viewers render up to a syntax error and stop; so do we.
            let Ok(op) = op else { break };
            self.budget.charge(OP_COST)?;
            self.op(&op.operator, &op.operands, resources)?;
        }
        Ok(())
    }

    fn op(
        &mut self,
        operator: &str,
        args: &[Object],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), AnalyzeError> {
        let n = |i: usize| args.get(i).and_then(number).unwrap_or(0.0);
        match operator {
            "q" if self.stack.len() < MAX_GSTATE_STACK => self.stack.push(self.gs.clone()),
            "q" => self.overflow += 1,
            "Q" if self.overflow > 0 => self.overflow -= 1,
            "Q" => self.gs = self.stack.pop().unwrap_or_default(),
            "cm" => self.gs.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &self.gs.ctm),
            "BT" => (self.tm, self.tlm) = (IDENTITY, IDENTITY),
            "Tf" => self.set_font(args, resources)?,
            "Tc" => self.gs.char_spacing = n(0),
            "Tw" => self.gs.word_spacing = n(0),
            "Tz" => self.gs.hscale = n(0) / 100.0,
            "TL" => self.gs.leading = n(0),
            "Ts" => self.gs.rise = n(0),
            "Tr" => self.gs.render = args.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
            "Td" => self.next_line(n(0), n(1)),
            "TD" => {
                self.gs.leading = -n(1);
                self.next_line(n(0), n(1));
            }
            "Tm" => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                (self.tm, self.tlm) = (m, m);
            }
            "T*" => self.next_line(0.0, -self.gs.leading),
            "Tj" => self.show(args.first())?,
            "'" => {
                self.next_line(0.0, -self.gs.leading);
                self.show(args.first())?;
            }
            "\"" => {
                (self.gs.word_spacing, self.gs.char_spacing) = (n(0), n(1));
                self.next_line(0.0, -self.gs.leading);
                self.show(args.get(2))?;
            }
            "TJ" => self.show_array(args.first())?,
            "re" => self
                .rects
                .push(map_box(&self.gs.ctm, n(0), n(1), n(0) + n(2), n(1) + n(3))),
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                for rect in std::mem::take(&mut self.rects) {
                    self.seq += 1;
                    self.out.fills.push(Fill {
                        seq: self.seq,
                        rect,
                    });
                }
            }
            "S" | "s" | "n" => self.rects.clear(),
            "Do" => self.draw_xobject(args, resources)?,
            "BI" => self.paint_image(None),
            "BDC" | "BMC" | "MP" | "DP" => {
                if matches!(args.first(), Some(Object::Name(tag)) if tag == b"TouchUp_TextEdit") {
                    self.out.touchup = true;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&translate(tx, ty), &self.tlm);
        self.tm = self.tlm;
    }

    fn set_font(
        &mut self,
        args: &[Object],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), AnalyzeError> {
        self.gs.size = args.get(1).and_then(number).unwrap_or(0.0);
        self.gs.font = None;
        let (Some(Object::Name(name)), Some(res)) = (args.first(), resources) else {
            return Ok(());
        };
        let doc = self.doc;
        let Some(fonts) = get_dict(doc, res, b"Font")? else {
            return Ok(());
        };
        let Ok(entry) = fonts.get(name) else {
            return Ok(());
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(cached) = id.and_then(|id| self.fonts.by_id.get(&id)) {
            self.gs.font = Some(Rc::clone(cached));
            return Ok(());
        }
        let Object::Dictionary(dict) = resolve(doc, entry)? else {
            return Ok(());
        };
        let font = Rc::new(Font::load(doc, dict, self.budget)?);
        if let Some(id) = id {
            self.fonts.by_id.insert(id, Rc::clone(&font));
        }
        self.gs.font = Some(font);
        Ok(())
    }

    fn show(&mut self, arg: Option<&Object>) -> Result<(), AnalyzeError> {
        if let Some(Object::String(bytes, _)) = arg {
            let mut run = PendingRun::new(self.tm);
            self.glyphs(bytes, &mut run)?;
            self.finish(run)?;
        }
        Ok(())
    }

    fn show_array(&mut self, arg: Option<&Object>) -> Result<(), AnalyzeError> {
        let Some(Object::Array(items)) = arg else {
            return Ok(());
        };
        let mut run = PendingRun::new(self.tm);
        for item in items {
            match item {
                Object::String(bytes, _) => self.glyphs(bytes, &mut run)?,
                other => {
                    let Some(adj) = number(other) else { continue };
                    let tx = -adj / 1000.0 * self.gs.size * self.gs.hscale;
                    self.tm = mul(&translate(tx, 0.0), &self.tm);
                    if -adj > TJ_SPLIT {
                        // The next run starts where the jump lands, not where this one ended.
                        self.finish(run)?;
                        run = PendingRun::new(self.tm);
                        continue;
                    }
                    if -adj > TJ_SPACE && !run.text.ends_with(' ') && !run.text.is_empty() {
                        run.text.push(' ');
                    }
                    run.width += tx;
                }
            }
        }
        self.finish(run)
    }

    /// Decode `bytes`, advancing the text matrix glyph by glyph.
    fn glyphs(&mut self, bytes: &[u8], run: &mut PendingRun) -> Result<(), AnalyzeError> {
        self.budget
            .charge(1 + u64::try_from(bytes.len() / 8).unwrap_or(u64::MAX))?;
        let Some(font) = self.gs.font.clone() else {
            return Ok(());
        };
        let gs = &self.gs;
        let mut advance = 0.0;
        for code in font.codes(bytes) {
            let decoded = font.decode(code);
            let w0 = font.width(code, decoded.chars().next()) / 1000.0;
            let word = if code == b" " { gs.word_spacing } else { 0.0 };
            advance += (w0 * gs.size + gs.char_spacing + word) * gs.hscale;
            push_expanding_ligatures(&mut run.text, &decoded);
        }
        self.tm = mul(&translate(advance, 0.0), &self.tm);
        run.width += advance;
        Ok(())
    }

    fn finish(&mut self, run: PendingRun) -> Result<(), AnalyzeError> {
        let Some(font) = self.gs.font.as_ref() else {
            return Ok(());
        };
        if run.text.trim().is_empty() {
            return Ok(());
        }
        // Runs are what the analyser keeps in memory, so they cost more than the operators that make them.
        self.budget.charge(RUN_COST)?;
        let gs = &self.gs;
        let m = mul(&run.start, &gs.ctm);
        let (size, rise) = (gs.size, gs.rise);
        let bbox = map_box(
            &m,
            0.0,
            rise + DESCENT * size,
            run.width,
            rise + ASCENT * size,
        );
        let baseline = apply(&m, 0.0, rise).1;
        let scale = m[2].hypot(m[3]);
        self.seq += 1;
        self.out.runs.push(TextRun {
            page: self.out.number,
            seq: self.seq,
            text: run.text,
            bbox,
            baseline,
            size: (size * scale).abs(),
            font: Rc::clone(&font.name),
            invisible: matches!(gs.render, 3 | 7),
        });
        Ok(())
    }
}

/// A run being assembled: where it started and how far the pen has moved.
struct PendingRun {
    start: Matrix,
    width: f32,
    text: String,
}

impl PendingRun {
    fn new(start: Matrix) -> Self {
        Self {
            start,
            width: 0.0,
            text: String::new(),
        }
    }
}

mod xobject;

#[cfg(test)]
mod tests;
