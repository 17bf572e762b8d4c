//! Affine transforms as PDF writes them: `[a b c d e f]`, row vectors, `p' = p × M`.

use super::Rect;

pub(super) type Matrix = [f32; 6];
pub(super) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b`: apply `a`, then `b`.
pub(super) fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// The image of `(x, y)`.
pub(super) fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

pub(super) fn translate(tx: f32, ty: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// The bounding box of `(x0,y0)-(x1,y1)` after `m`.
pub(super) fn map_box(m: &Matrix, x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
    let pts = [
        apply(m, x0, y0),
        apply(m, x1, y0),
        apply(m, x0, y1),
        apply(m, x1, y1),
    ];
    let (mut r, mut first) = (
        Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 0.0,
            y1: 0.0,
        },
        true,
    );
    for (x, y) in pts {
        if first {
            r = Rect {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            };
            first = false;
        }
        r = Rect {
            x0: r.x0.min(x),
            y0: r.y0.min(y),
            x1: r.x1.max(x),
            y1: r.y1.max(y),
        };
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_in_pdf_order() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let m = mul(&translate(10.0, 0.0), &scale);
        assert_eq!(apply(&m, 1.0, 1.0), (22.0, 2.0));
        let flipped = [1.0, 0.0, 0.0, -1.0, 0.0, 792.0];
        let r = map_box(&flipped, 0.0, 0.0, 10.0, 20.0);
        assert_eq!((r.x0, r.y0, r.x1, r.y1), (0.0, 772.0, 10.0, 792.0));
    }
}
