//! The analyser's quality report on a seeded synthetic corpus.
//!
//! `cargo run --release -p tartan-statements --example quality [-- seed genuine per_tamper]`
//! (defaults: seed 2026, 150 genuine files, 30 per tamper kind). Exits non-zero if a target is missed.

use std::time::{Duration, Instant};
use tartan_statements::{
    Limits, analyze,
    synth::{self, quality},
};

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let arg = |i: usize, d: u64| args.get(i).copied().unwrap_or(d);
    let (seed, genuine, per_tamper) = (arg(0, 2026), arg(1, 150) as usize, arg(2, 30) as usize);
    let started = Instant::now();
    let corpus = synth::corpus(seed, genuine, per_tamper);
    let generated = started.elapsed();
    let limits = Limits::default();
    let outcomes: Vec<quality::Outcome> = corpus
        .iter()
        .map(|s| {
            let t = Instant::now();
            let result = analyze(&s.bytes, &s.on_file, &limits);
            quality::Outcome {
                result,
                elapsed: t.elapsed(),
            }
        })
        .collect();
    let report = quality::report(&corpus, &outcomes);
    println!(
        "tartan-statements quality report: seed {seed}, {} files ({genuine} genuine, {per_tamper} per tamper kind, {} hostile), generated in {:.1} s",
        corpus.len(),
        synth::Hostile::ALL.len(),
        generated.as_secs_f64()
    );
    println!();
    print!("{report}");
    if std::env::var_os("SHOW_MISSES").is_some() {
        for m in &report.misses {
            println!("  miss: {m}");
        }
    }
    match report.check_targets(Duration::from_secs(1)) {
        Ok(()) => println!("\nAll targets met."),
        Err(missed) => {
            println!("\nTargets missed:\n{missed}");
            std::process::exit(1);
        }
    }
}
