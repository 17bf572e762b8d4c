use crate::text::fonts::push_expanding_ligatures;
use crate::{
    Limits,
    limits::Budget,
    load,
    text::{DocText, extract_document},
};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// One page drawing `content` with Helvetica as `/F1`, Courier as `/F2` and `form` (if any) as `/X1`.
fn page(content: &[u8], form: Option<&[u8]>) -> DocText {
    let mut doc = Document::with_version("1.7");
    let f1 = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" });
    let f2 = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier" },
    );
    let fonts = dictionary! { "F1" => f1, "F2" => f2 };
    let mut resources = dictionary! { "Font" => fonts.clone() };
    if let Some(form) = form {
        let dict = dictionary! { "Type" => "XObject", "Subtype" => "Form", "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
        "Resources" => dictionary! { "Font" => fonts } };
        let x = doc.add_object(Stream::new(dict, form.to_vec()));
        resources.set("XObject", dictionary! { "X1" => x });
    }
    let contents = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
    let page = doc.add_object(
        dictionary! { "Type" => "Page", "Contents" => contents, "Resources" => resources },
    );
    let pages =
        doc.add_object(dictionary! { "Type" => "Pages", "Kids" => vec![Object::Reference(page)] });
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let limits = Limits::default();
    let mut budget = Budget::new(&limits);
    let refs = load::pages(&doc, &limits, &mut budget).unwrap();
    extract_document(&doc, &refs, &mut budget).unwrap()
}

#[test]
fn places_strings_with_tm_td_and_standard_widths() {
    let t = page(
        b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (AB) Tj 0 -12 Td (C) Tj ET",
        None,
    );
    let runs = &t.pages[0].runs;
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].text, "AB");
    assert_eq!(
        (runs[0].bbox.x0, runs[0].baseline, runs[0].size),
        (72.0, 700.0, 10.0)
    );
    // A and B are 667/1000 em each in Helvetica.
    assert!((runs[0].bbox.x1 - (72.0 + 13.34)).abs() < 0.01);
    assert_eq!((runs[1].bbox.x0, runs[1].baseline), (72.0, 688.0));
    assert_eq!(&*runs[1].font, "Helvetica");
}

#[test]
fn reads_kerned_tj_arrays_as_words_and_splits_column_jumps() {
    let t = page(
        b"BT /F1 10 Tf 72 700 Td [(JANE) -278 (DOE) -3000 (PAGE)] TJ ET",
        None,
    );
    let runs = &t.pages[0].runs;
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["JANE DOE", "PAGE"]);
    // The second run starts after the 30 em jump, not where the first ended.
    assert!(runs[1].bbox.x0 - runs[0].bbox.x1 > 29.0, "{runs:?}");
}

#[test]
fn applies_cm_and_graphics_state_nesting() {
    let t = page(
        b"q 2 0 0 2 10 20 cm BT /F1 5 Tf 0 0 Td (X) Tj ET Q BT /F1 5 Tf 0 0 Td (Y) Tj ET",
        None,
    );
    let runs = &t.pages[0].runs;
    assert_eq!(
        (runs[0].bbox.x0, runs[0].baseline, runs[0].size),
        (10.0, 20.0, 10.0)
    );
    assert_eq!(
        (runs[1].bbox.x0, runs[1].baseline, runs[1].size),
        (0.0, 0.0, 5.0)
    );
}

#[test]
fn records_fills_in_paint_order_and_ignores_stroked_paths() {
    let t = page(b"0.9 g 60 690 400 14 re f BT /F1 9 Tf 72 693 Td (ROW) Tj ET 1 g 70 690 50 14 re f 0 0 100 100 re S", None);
    let p = &t.pages[0];
    assert_eq!(p.fills.len(), 2);
    assert!(p.fills[0].seq < p.runs[0].seq && p.runs[0].seq < p.fills[1].seq);
    assert_eq!((p.fills[1].rect.x0, p.fills[1].rect.y1), (70.0, 704.0));
}

#[test]
fn draws_form_xobjects_with_their_matrix() {
    let t = page(
        b"q 1 0 0 1 0 50 cm /X1 Do Q",
        Some(b"BT /F2 10 Tf 0 0 Td (FORM) Tj ET"),
    );
    let r = &t.pages[0].runs[0];
    assert_eq!(
        (r.text.as_str(), r.bbox.x0, r.baseline, &*r.font),
        ("FORM", 100.0, 50.0, "Courier")
    );
    // Courier is 600/1000 em.
    assert_eq!(r.bbox.x1, 124.0);
}

#[test]
fn a_form_that_draws_itself_stops() {
    let t = page(b"/X1 Do", Some(b"/X1 Do BT /F1 10 Tf (LOOP) Tj ET"));
    assert_eq!(t.pages[0].runs.len(), 1);
}

#[test]
fn notes_invisible_text_and_touchup_tags() {
    let t = page(b"/TouchUp_TextEdit MP BT 3 Tr /F1 10 Tf (OCR) Tj ET", None);
    assert!(t.pages[0].touchup);
    assert!(t.pages[0].runs[0].invisible);
}

#[test]
fn survives_syntax_errors_and_missing_fonts() {
    let t = page(
        b"BT (no font) Tj /F7 10 Tf (unknown font) Tj ET BT /F1 10 Tf (ok) Tj ET ] ] } (trailing",
        None,
    );
    let texts: Vec<&str> = t.pages[0].runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["ok"]);
}

#[test]
fn ligature_characters_are_spelled_out() {
    let mut text = String::from("Flagsta");
    push_expanding_ligatures(&mut text, "\u{FB00} \u{FB01}rst");
    assert_eq!(text, "Flagstaff first");
}
