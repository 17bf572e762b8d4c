//! The held-out corpus (independent producers and editors, never tuned on) meets the targets:
//! extraction ≥ 98 %, tamper recall ≥ 95 % with at least 6 of the 8 hard kinds caught, false positives
//! ≤ 2 %, hostile files refused. `cargo run -p tartan-statements --example heldout` prints the figures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::heldout::{Figures, run};

#[test]
fn held_out_corpus_meets_the_targets() {
    let (seed, outcomes) = run();
    let f = Figures::of(&outcomes);
    let report = f.report(seed, outcomes.len());
    for (field, (ok, n)) in &f.extraction {
        if !field.starts_with('(') {
            assert!(
                ok * 100 >= n * 98,
                "{field} extraction below 98 %\n{report}"
            );
        }
    }
    let (hit, n) = f.recall();
    assert!(hit * 100 >= n * 95, "tamper recall below 95 %\n{report}");
    let (caught, hard) = f.hard_kinds_caught();
    assert!(
        hard == 8 && caught >= 6,
        "hard kinds caught: {caught} of {hard}\n{report}"
    );
    assert!(
        f.false_positives.len() * 100 <= f.genuine * 2,
        "false positives over 2 %\n{report}"
    );
    assert!(
        !f.hostile.is_empty() && f.hostile.iter().all(|(_, refused)| refused.is_some()),
        "{report}"
    );
}
