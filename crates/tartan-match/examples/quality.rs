//! Quality report of the matching engine on the seeded labelled data set:
//! `cargo run --release -p tartan-match --example quality [-- --pairs N --seed S --dump FILE]`, or on the
//! held-out set (`heldout/pairs.jsonl`) with `-- --heldout [--dump FILE]`.
//!
//! Prints precision, recall and F1 of the "score >= 70" decision per field, flag accuracy, and per-variation
//! accuracy. `--dump FILE` also writes every pair with its label and scores as TSV, for inspection.

use std::fmt::Write as _;
use std::process::ExitCode;

use tartan_match::match_identity;
use tartan_match::synth::{
    HELDOUT_JSONL, HELDOUT_SEED, Labelled, evaluate, generate, load_heldout,
};

/// The published figures (docs/identity-match.md) come from this seed and size.
const SEED: u64 = 0x7A27_A2D0;
const PAIRS_PER_FIELD: usize = 3_000;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut seed, mut per_field, mut dump) = (SEED, PAIRS_PER_FIELD, None);
    let mut heldout = false;
    while let Some(arg) = args.next() {
        if arg == "--heldout" {
            heldout = true;
            continue;
        }
        let value = args.next();
        match (arg.as_str(), value) {
            ("--seed", Some(v)) => seed = parse_u64(&v).unwrap_or(seed),
            ("--pairs", Some(v)) => per_field = v.parse().unwrap_or(per_field),
            ("--dump", Some(v)) => dump = Some(v),
            _ => {
                eprintln!("usage: quality [--pairs N] [--seed S] [--heldout] [--dump FILE]");
                return ExitCode::FAILURE;
            }
        }
    }
    let (pairs, report) = if heldout {
        let pairs = match load_heldout(HELDOUT_JSONL) {
            Ok(pairs) => pairs,
            Err(e) => {
                eprintln!("heldout/pairs.jsonl: {e}");
                return ExitCode::FAILURE;
            }
        };
        let report = evaluate("held-out set", HELDOUT_SEED, &pairs);
        (pairs, report)
    } else {
        let pairs = generate(seed, per_field);
        let report = evaluate("tuning generator", seed, &pairs);
        (pairs, report)
    };
    print!("{report}");
    if let Some(path) = dump {
        if let Err(e) = std::fs::write(&path, tsv(&pairs)) {
            eprintln!("cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
        println!("\nwrote {} pairs to {path}", pairs.len());
    }
    ExitCode::SUCCESS
}

fn parse_u64(v: &str) -> Option<u64> {
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16).ok(),
        None => v.parse().ok(),
    }
}

fn tsv(pairs: &[Labelled]) -> String {
    let mut out = String::from("field\tvariation\tsame\tscores\texpected flags\tuser\towners\n");
    for p in pairs {
        let scores = match_identity(&p.user, &p.owners);
        let score = match (&scores, p.field.wire_name()) {
            (Ok(s), "legal_name") => format!(
                "{:?} first_or_last={:?} nickname={:?} business={:?}",
                s.legal_name.score,
                s.legal_name.is_first_name_or_last_name_match,
                s.legal_name.is_nickname_match,
                s.legal_name.is_business_name_detected
            ),
            (Ok(s), "phone_number") => format!("{:?}", s.phone_number.score),
            (Ok(s), "email_address") => format!("{:?}", s.email_address.score),
            (Ok(s), _) => format!(
                "{:?} postal={:?}",
                s.address.score, s.address.is_postal_code_match
            ),
            (Err(e), _) => format!("error: {e}"),
        };
        let (f, v, same, e) = (p.field.wire_name(), p.variation, p.same, p.expect);
        let _ = writeln!(
            out,
            "{f}\t{v}\t{same}\t{score}\t{e:?}\t{:?}\t{:?}",
            p.user, p.owners
        );
    }
    out
}
