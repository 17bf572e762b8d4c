//! Smallest `max_operations` each kind of generated statement needs (sizes the default budget).
use tartan_statements::{Limits, OnFile, analyze, synth};

fn needed(pdf: &[u8]) -> u64 {
    let (mut lo, mut hi) = (1u64, 50_000_000u64);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let limits = Limits {
            max_operations: mid,
            ..Limits::default()
        };
        if analyze(pdf, &OnFile::default(), &limits).is_ok() {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    lo
}

fn main() {
    for layout in synth::Layout::ALL {
        for pages in 1..=3 {
            let pdf = synth::statement(7, layout, pages);
            println!(
                "{:<8} {pages}p {:>8} bytes  needs {:>7} work units",
                layout.name(),
                pdf.len(),
                needed(&pdf)
            );
        }
    }
}
