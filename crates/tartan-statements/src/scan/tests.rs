use super::*;

fn image(x0: f32, y0: f32, x1: f32, y1: f32) -> PaintedImage {
    PaintedImage {
        rect: Rect { x0, y0, x1, y1 },
        xobject: None,
    }
}

#[test]
fn a_page_covered_by_an_image_with_no_text_is_a_picture_of_a_page() {
    let full = image(0.0, 0.0, 612.0, 792.0);
    assert!(picture_of_page(&[full], &LETTER, 0).is_some());
    // A page number stamped on the scan does not make a text layer.
    assert!(picture_of_page(&[full], &LETTER, 8).is_some());
    assert!(picture_of_page(&[full], &LETTER, 400).is_none());
}

#[test]
fn a_logo_or_a_half_page_chart_is_not_a_picture_of_a_page() {
    let logo = image(40.0, 700.0, 160.0, 760.0);
    assert!(picture_of_page(&[logo], &LETTER, 0).is_none());
    let chart = image(0.0, 0.0, 612.0, 300.0);
    assert!(picture_of_page(&[chart, logo], &LETTER, 0).is_none());
    assert!(picture_of_page(&[], &LETTER, 0).is_none());
}

#[test]
fn the_largest_image_is_the_one_read() {
    let strips = [
        image(0.0, 0.0, 612.0, 300.0),
        image(0.0, 300.0, 612.0, 792.0),
    ];
    let picked = picture_of_page(&strips, &LETTER, 0).unwrap();
    assert_eq!(picked.rect.y0, 300.0);
}
