//! The smallest `max_operations` generated statements need, to size the default work budget.
//!
//! `cargo run --release -p tartan-statements --example work_units`

use tartan_statements::{Limits, OnFile, analyze, synth};

/// Binary search for the least budget that still analyses `pdf`.
fn needed(pdf: &[u8]) -> u64 {
    let (mut lo, mut hi) = (1u64, 50_000_000u64);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let limits = Limits {
            max_operations: mid,
            ..Limits::default()
        };
        if analyze(pdf, &OnFile::default(), &limits).is_ok() {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

fn main() {
    for layout in synth::Layout::ALL {
        for pages in 1..=3 {
            let costs: Vec<u64> = (0..20)
                .map(|seed| needed(&synth::statement(seed, layout, pages)))
                .collect();
            let (min, max) = (
                costs.iter().min().copied().unwrap_or(0),
                costs.iter().max().copied().unwrap_or(0),
            );
            println!(
                "{:<8} {pages} page(s): {min:>6} – {max:>6} work units (20 seeds)",
                layout.name()
            );
        }
    }
}
