//! Write a generated corpus to a directory (for inspection with other PDF tools).
//!
//! `cargo run -p tartan-statements --example dump_corpus -- /tmp/corpus [seed] [genuine] [per_tamper]`

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(
        args.get(1)
            .map_or("target/statement-corpus", String::as_str),
    );
    let num = |i: usize, d: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    std::fs::create_dir_all(&dir)?;
    let corpus =
        tartan_statements::synth::corpus(num(2, 2026), num(3, 12) as usize, num(4, 2) as usize);
    for s in &corpus {
        std::fs::write(dir.join(format!("{}.pdf", s.name)), &s.bytes)?;
    }
    println!("wrote {} files to {}", corpus.len(), dir.display());
    Ok(())
}
