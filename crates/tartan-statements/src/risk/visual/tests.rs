use super::*;
use crate::{
    Limits,
    text::{Fill, Rect, layout::tests::run},
};
use std::rc::Rc;

fn page(runs: Vec<TextRun>, fills: Vec<Fill>) -> DocText {
    DocText {
        pages: vec![PageText {
            number: 1,
            runs,
            fills,
            touchup: false,
            images: Vec::new(),
        }],
    }
}

fn seq(mut r: TextRun, seq: u32) -> TextRun {
    r.seq = seq;
    r
}

fn fill(seq: u32, x0: f32, y0: f32, x1: f32, y1: f32) -> Fill {
    Fill {
        seq,
        rect: Rect { x0, y0, x1, y1 },
    }
}

fn kinds(doc: &DocText) -> (Vec<String>, usize) {
    let mut budget = Budget::new(&Limits::default());
    let cov = coverage(doc, &mut budget).unwrap();
    let mut k: Vec<String> = overlay_signals(doc, &cov)
        .into_iter()
        .map(|s| s.kind)
        .collect();
    k.extend(
        font_anomalies(doc, &cov, &mut budget)
            .unwrap()
            .into_iter()
            .map(|s| s.kind),
    );
    (k, cov.visible_runs(doc).len())
}

#[test]
fn new_text_on_a_white_out_is_overlaid_text() {
    let doc = page(
        vec![
            seq(run("1,234.56", 400.0, 500.0, 10.0), 1),
            seq(run("9,234.56", 400.0, 500.0, 10.0), 3),
        ],
        vec![fill(2, 398.0, 496.0, 450.0, 510.0)],
    );
    assert_eq!(kinds(&doc), (vec!["OVERLAID_TEXT".to_string()], 1));
}

#[test]
fn a_bare_cover_is_masking_and_a_background_is_nothing() {
    let masked = page(
        vec![seq(run("CASH WITHDRAWAL 500.00", 50.0, 500.0, 10.0), 1)],
        vec![fill(2, 45.0, 495.0, 300.0, 510.0)],
    );
    assert_eq!(kinds(&masked), (vec!["MASKING".to_string()], 0));
    let shaded_row = page(
        vec![seq(run("CASH WITHDRAWAL 500.00", 50.0, 500.0, 10.0), 2)],
        vec![fill(1, 45.0, 495.0, 300.0, 510.0)],
    );
    assert_eq!(kinds(&shaded_row), (vec![], 1));
}

#[test]
fn thin_rules_do_not_hide_text() {
    let ruled = page(
        vec![seq(run("TOTAL 10.00", 50.0, 500.0, 10.0), 1)],
        vec![fill(2, 45.0, 499.0, 300.0, 500.5)],
    );
    assert_eq!(kinds(&ruled), (vec![], 1));
}

#[test]
fn a_digit_in_another_font_is_a_font_anomaly() {
    let mut odd = run("8", 415.0, 500.0, 10.0);
    odd.font = Rc::from("ArialMT");
    let doc = page(
        vec![
            run("1,2", 400.0, 500.0, 10.0),
            odd,
            run("4.56", 420.0, 500.0, 10.0),
        ],
        vec![],
    );
    assert_eq!(kinds(&doc).0, ["FONT_ANOMALY"]);
}

#[test]
fn separate_words_in_other_fonts_are_not_anomalies() {
    let mut amount = run("1,234.56", 480.0, 500.0, 10.0);
    amount.font = Rc::from("Courier");
    let doc = page(
        vec![run("Balance 2026", 400.0, 500.0, 10.0), amount],
        vec![],
    );
    assert_eq!(kinds(&doc).0, Vec::<String>::new());
    let same_font_digits = page(
        vec![
            run("1,2", 400.0, 500.0, 10.0),
            run("34.56", 415.0, 500.0, 10.0),
        ],
        vec![],
    );
    assert_eq!(kinds(&same_font_digits).0, Vec::<String>::new());
}
