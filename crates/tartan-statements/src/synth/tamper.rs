//! Writing genuine statements, and the thirteen ways of tampering with one. Each tamper makes exactly one
//! kind of change (the one its label names), the way the corresponding real-world tool would.

use super::{
    Draft, Label, Sample, build,
    layouts::{self, Fonts},
    model::{self, money},
    page::{Canvas, FontRes, MarkKind},
    rng::Rng,
};
use chrono::Duration;
use lopdf::{Dictionary, Document, IncrementalDocument, Object, Stream, dictionary};

/// A kind of tampering, and the Plaid risk signal that should expose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tamper {
    /// Page 1 content replaced in an incremental update (new name or new balances).
    EditedIncremental,
    /// A white rectangle over the closing balance with a new amount on top.
    Overlay,
    /// A white rectangle over one transaction row.
    Masking,
    /// One digit of the closing balance set in another font.
    MixedFontDigits,
    /// A markup annotation (free text, stamp, square) added to page 1.
    Annotation,
    /// Saved by an editor on the software blacklist.
    BlacklistedProducer,
    /// Modified weeks after creation, or created before the period ended.
    DatesOutsideWindow,
    /// Creation and modification dates stripped.
    DatesMissing,
    /// A creation date that is not a date.
    MalformedDate,
    /// Rewritten with qpdf.
    Qpdf,
    /// Edited with Acrobat's TouchUp text tool.
    TouchUp,
    /// A markup annotation stamped weeks after the document's last modification, in an incremental update.
    AnnotationDates,
    /// One transaction date on page 1 retyped with dashes among dates written with slashes.
    RetypedDate,
}

impl Tamper {
    pub const ALL: [Tamper; 13] = [
        Tamper::EditedIncremental,
        Tamper::Overlay,
        Tamper::Masking,
        Tamper::MixedFontDigits,
        Tamper::Annotation,
        Tamper::BlacklistedProducer,
        Tamper::DatesOutsideWindow,
        Tamper::DatesMissing,
        Tamper::MalformedDate,
        Tamper::Qpdf,
        Tamper::TouchUp,
        Tamper::AnnotationDates,
        Tamper::RetypedDate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tamper::EditedIncremental => "edited-incremental",
            Tamper::Overlay => "overlay",
            Tamper::Masking => "masking",
            Tamper::MixedFontDigits => "mixed-font-digits",
            Tamper::Annotation => "annotation",
            Tamper::BlacklistedProducer => "blacklisted-producer",
            Tamper::DatesOutsideWindow => "dates-outside-window",
            Tamper::DatesMissing => "dates-missing",
            Tamper::MalformedDate => "malformed-date",
            Tamper::Qpdf => "qpdf",
            Tamper::TouchUp => "touchup",
            Tamper::AnnotationDates => "annotation-dates",
            Tamper::RetypedDate => "retyped-date",
        }
    }

    /// The Plaid risk signal type this tamper must raise.
    pub fn expected_signal(self) -> &'static str {
        match self {
            Tamper::EditedIncremental => "EDITED_TEXT",
            Tamper::Overlay => "OVERLAID_TEXT",
            Tamper::Masking => "MASKING",
            Tamper::MixedFontDigits => "FONT_ANOMALY",
            Tamper::Annotation => "ANNOTATIONS",
            Tamper::BlacklistedProducer => "SOFTWARE_BLACKLIST",
            Tamper::DatesOutsideWindow => "METADATA_DATES_OUTSIDE_WINDOW",
            Tamper::DatesMissing => "METADATA_DATES_MISSING",
            Tamper::MalformedDate => "MALFORMED_DATE",
            Tamper::Qpdf => "QPDF",
            Tamper::TouchUp => "TOUCHUP_TEXT",
            Tamper::AnnotationDates => "ANNOTATION_DATES",
            Tamper::RetypedDate => "DATE_FORMAT_ANOMALY",
        }
    }
}

const EDITORS: [&str; 9] = [
    "Adobe Photoshop 25.0 (Windows)",
    "Adobe Acrobat Pro DC 23.8.20470",
    "Sejda (https://www.sejda.com)",
    "iLovePDF",
    "PDFescape Online",
    "Smallpdf.com",
    "Microsoft\u{ae} Word for Microsoft 365",
    "Foxit PDF Editor 12.1.2",
    "Canva",
];
const BAD_DATES: [&str; 6] = [
    "D:20261345103000Z",
    "D:2026-02-05",
    "yesterday",
    "D:20260230120000Z",
    "02/05/2026",
    "D:99999999999999",
];

/// Write a genuine statement (sometimes with a benign incremental update that adds a signature field).
pub(crate) fn genuine(d: Draft, rng: &mut Rng, name: String) -> Sample {
    let canvases = layouts::render(&d.st, &d.fonts);
    let doc = build::assemble(
        &canvases,
        &d.fonts,
        &[],
        &d.info,
        d.save.compress,
        d.transform,
    );
    let mut bytes = build::save(doc, &d.save, rng);
    // lopdf cannot append to an encrypted file (a user-password one cannot even be read back).
    let encrypted = d.save.owner_only.is_some() || d.save.user_password.is_some();
    if !encrypted && rng.chance(0.1) {
        bytes = incremental(bytes, |inc, page| {
            let widget = dictionary! { "Type" => "Annot", "Subtype" => "Widget", "FT" => "Sig", "T" => Object::string_literal("Signature1"),
            "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()], "F" => 132, "P" => page };
            let id = inc.new_document.add_object(widget);
            add_annot(inc, page, id);
        });
    }
    let on_file = d.on_file.clone();
    Sample {
        name,
        bytes,
        label: Label::Genuine(d.truth()),
        on_file,
    }
}

/// Make a statement with one `kind` of tampering.
pub(crate) fn apply(kind: Tamper, mut d: Draft, rng: &mut Rng, name: String) -> Sample {
    if matches!(
        kind,
        Tamper::EditedIncremental | Tamper::Annotation | Tamper::AnnotationDates
    ) {
        // lopdf cannot append to an encrypted file; neither can most online editors.
        d.save.owner_only = None;
    }
    let created = d.st.created;
    match kind {
        Tamper::MixedFontDigits => d.st.mixed_font_digit = true,
        Tamper::BlacklistedProducer => {
            let editor = Some(rng.pick(&EDITORS).to_string());
            match rng.below(3) {
                0 => d.info.producer = editor,
                1 => d.info.creator = editor,
                _ => d.info.xmp_tool = editor,
            }
        }
        Tamper::DatesOutsideWindow => {
            if rng.chance(0.5) {
                d.info.modified = Some(d.pdf_date(created + Duration::days(rng.range(3, 60))));
            } else {
                let early = d.st.period.1.and_hms_opt(9, 0, 0).unwrap_or_default()
                    - Duration::days(rng.range(5, 20));
                d.info.created = Some(d.pdf_date(early));
                d.info.modified = d.info.created.clone();
            }
        }
        Tamper::DatesMissing => {
            (d.info.created, d.info.modified) = (None, None);
            d.info.omit = rng.chance(0.5);
        }
        Tamper::MalformedDate => d.info.created = Some(rng.pick(&BAD_DATES).to_string()),
        Tamper::Qpdf => d.save.binary_mark = Some(vec![0xbf, 0xf7, 0xa2, 0xfe]),
        Tamper::RetypedDate => {
            let rows: Vec<usize> = (0..d.st.txns.len().min(12)).collect();
            d.st.retyped_row = Some(*rng.pick(&rows));
        }
        _ => {}
    }
    let mut canvases = layouts::render(&d.st, &d.fonts);
    let mut annots: Vec<Vec<Dictionary>> = vec![Vec::new(); canvases.len()];
    let incremental_annot = kind == Tamper::Annotation && rng.chance(0.5);
    match kind {
        Tamper::Overlay => overlay(&mut canvases[0], &d.fonts, rng),
        Tamper::Masking => mask_row(&mut canvases[0], rng),
        Tamper::TouchUp => {
            let mut ops = b"/TouchUp_TextEdit MP\n".to_vec();
            ops.extend_from_slice(&canvases[0].ops);
            canvases[0].ops = ops;
        }
        Tamper::Annotation if !incremental_annot => annots[0].push(markup(&canvases[0], rng)),
        _ => {}
    }
    let doc = build::assemble(
        &canvases,
        &d.fonts,
        &annots,
        &d.info,
        d.save.compress,
        d.transform,
    );
    let mut bytes = build::save(doc, &d.save, rng);
    if kind == Tamper::AnnotationDates {
        // Added later by a tool that stamps its annotation but leaves the document's dates alone.
        let mut annot = markup(&canvases[0], rng);
        let when = d.pdf_date(created + Duration::days(rng.range(2, 40)));
        annot.set("M", Object::string_literal(when));
        bytes = incremental(bytes, |inc, page| {
            let id = inc.new_document.add_object(annot);
            add_annot(inc, page, id);
        });
    }
    if kind == Tamper::Annotation && incremental_annot {
        let annot = markup(&canvases[0], rng);
        bytes = incremental(bytes, |inc, page| {
            let id = inc.new_document.add_object(annot);
            add_annot(inc, page, id);
        });
    }
    if kind == Tamper::EditedIncremental {
        bytes = edit_page_one(bytes, &mut d, rng);
    }
    let on_file = d.on_file.clone();
    Sample {
        name,
        bytes,
        label: Label::Tampered(d.truth(), kind),
        on_file,
    }
}

/// White-out the closing balance and print another amount on it.
fn overlay(c: &mut Canvas, fonts: &Fonts, rng: &mut Rng) {
    let Some(m) = c
        .marks
        .iter()
        .find(|m| m.what == MarkKind::ClosingBalance)
        .cloned()
    else {
        return;
    };
    let font = font_by_key(fonts, m.font);
    let new = money(rng.range(100_000, 5_000_000));
    let x = m.x + m.w - font.width(&new, m.size);
    let x0 = m.x.min(x) - 1.0;
    c.fill(
        1.0,
        x0,
        m.y - 0.25 * m.size,
        m.x + m.w + 1.0 - x0,
        1.1 * m.size,
    );
    c.text(super::page::Style::Whole, font, m.size, x, m.y, &new);
}

/// White-out one transaction row.
fn mask_row(c: &mut Canvas, rng: &mut Rng) {
    let rows: Vec<_> = c
        .marks
        .iter()
        .filter(|m| m.what == MarkKind::TransactionRow)
        .cloned()
        .collect();
    if rows.is_empty() {
        return;
    }
    let m = rng.pick(&rows).clone();
    c.fill(1.0, m.x - 2.0, m.y - 0.3 * m.size, m.w + 4.0, 1.3 * m.size);
}

/// A markup annotation over the closing balance.
fn markup(c: &Canvas, rng: &mut Rng) -> Dictionary {
    let (x, y) = c
        .marks
        .iter()
        .find(|m| m.what == MarkKind::ClosingBalance)
        .map_or((400.0, 500.0), |m| (m.x, m.y));
    let rect = vec![
        Object::Real(x - 60.0),
        Object::Real(y - 4.0),
        Object::Real(x + 60.0),
        Object::Real(y + 12.0),
    ];
    match rng.below(3) {
        0 => {
            dictionary! { "Type" => "Annot", "Subtype" => "FreeText", "Rect" => rect, "Contents" => Object::string_literal(money(rng.range(100_000, 900_000))),
            "DA" => Object::string_literal("/Helv 9 Tf 0 g") }
        }
        1 => {
            dictionary! { "Type" => "Annot", "Subtype" => "Stamp", "Rect" => rect, "Name" => "Approved" }
        }
        _ => {
            dictionary! { "Type" => "Annot", "Subtype" => "Square", "Rect" => rect, "IC" => vec![1.into(), 1.into(), 1.into()] }
        }
    }
}

fn font_by_key<'a>(fonts: &'a Fonts, key: &str) -> &'a FontRes {
    fonts
        .all()
        .into_iter()
        .find(|f| f.key == key)
        .unwrap_or(&fonts.body)
}

/// Replace page 1's content in an incremental update: a new first holder, or new balances.
fn edit_page_one(bytes: Vec<u8>, d: &mut Draft, rng: &mut Rng) -> Vec<u8> {
    if rng.chance(0.5) {
        let new_name = model::statement(rng, d.st.layout, 1).names[0].clone();
        if d.st.name_lines.len() == d.st.names.len() {
            d.st.name_lines[0] = new_name.clone();
        } else {
            d.st.name_lines[0] = d.st.name_lines[0].replacen(&d.st.names[0], &new_name, 1);
        }
        d.st.names[0] = new_name;
    } else {
        d.st.opening_cents += rng.range(100_000, 2_000_000);
    }
    let canvas = layouts::render_page(&d.st, &d.fonts, 0);
    let bump_mod_date = rng.chance(0.5);
    let mod_date = d.pdf_date(d.st.created + Duration::days(rng.range(2, 30)));
    let (compress, transform) = (d.save.compress, d.transform);
    incremental(bytes, |inc, page| {
        let prev = inc.get_prev_documents();
        let content_id = prev.get_page_contents(page)[0];
        let info_id = prev
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .ok();
        let mut stream = Stream::new(Dictionary::new(), build::page_ops(&canvas.ops, transform));
        if compress {
            let _ = stream.compress();
        }
        inc.new_document.set_object(content_id, stream);
        if let (true, Some(info_id)) = (bump_mod_date, info_id) {
            inc.opt_clone_object_to_new_document(info_id)
                .expect("the Info dictionary exists");
            if let Ok(Object::Dictionary(info)) = inc.new_document.get_object_mut(info_id) {
                info.set("ModDate", Object::string_literal(mod_date.clone()));
            }
        }
    })
}

/// Append an incremental update made by `edit` (given page 1's id) to `bytes`.
fn incremental(
    bytes: Vec<u8>,
    edit: impl FnOnce(&mut IncrementalDocument, lopdf::ObjectId),
) -> Vec<u8> {
    let prev = Document::load_mem(&bytes).expect("the generator reads back its own file");
    let page = *prev.get_pages().get(&1).expect("page 1 exists");
    let mut inc = IncrementalDocument::create_from(bytes, prev);
    edit(&mut inc, page);
    let mut out = Vec::new();
    inc.save_to(&mut out).expect("writing to memory succeeds");
    out
}

/// Add annotation `id` to `page` in the update.
fn add_annot(inc: &mut IncrementalDocument, page: lopdf::ObjectId, id: lopdf::ObjectId) {
    inc.opt_clone_object_to_new_document(page)
        .expect("page 1 exists");
    if let Ok(Object::Dictionary(p)) = inc.new_document.get_object_mut(page) {
        let mut annots = match p.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        annots.push(Object::Reference(id));
        p.set("Annots", annots);
    }
}
