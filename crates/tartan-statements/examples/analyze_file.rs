//! Analyse PDF files from disk and print what the analyser found.
//!
//! `cargo run -p tartan-statements --example analyze_file -- statement.pdf [more.pdf …]`

use tartan_statements::{Limits, OnFile, analyze};

fn main() -> std::io::Result<()> {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let started = std::time::Instant::now();
        let result = analyze(&bytes, &OnFile::default(), &Limits::default());
        println!(
            "== {path} ({} bytes, {:.2} ms)",
            bytes.len(),
            started.elapsed().as_secs_f64() * 1e3
        );
        match result {
            Err(e) => println!("   refused {}: {e}", e.code()),
            Ok(a) => {
                println!(
                    "   pages {}  account {:?}  period {:?}",
                    a.page_count, a.account_number, a.period
                );
                if let Some(h) = &a.holder {
                    println!("   holder {:?}", h.names);
                    println!("   address {:?}", h.address);
                }
                for s in &a.risk_signals {
                    println!(
                        "   {:<30} risk={:<5} page={} {}",
                        s.kind, s.has_fraud_risk, s.page_number, s.description
                    );
                }
                println!("   risk score {}", a.risk_score);
            }
        }
    }
    Ok(())
}
