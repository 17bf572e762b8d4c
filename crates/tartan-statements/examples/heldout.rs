//! Prints the held-out quality report (docs/quality.md, "Bank statements").
//! `cargo run --release -p tartan-statements [--features ocr] --example heldout`

#[path = "../tests/support/heldout.rs"]
mod heldout;

fn main() {
    let (seed, outcomes) = heldout::run();
    let figures = heldout::Figures::of(outcomes);
    print!("{}", figures.report(seed, outcomes.len()));
}
