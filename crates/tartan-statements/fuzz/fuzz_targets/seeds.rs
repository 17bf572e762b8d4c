//! Writes a seed corpus for the `analyze` target: generated genuine and tampered statements, plus the
//! hostile files small enough to mutate usefully.
//!
//! `cd crates/tartan-statements/fuzz && cargo run --release --bin seeds -- corpus/analyze`

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "corpus/analyze".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let mut written = 0;
    for s in tartan_statements::synth::corpus(99, 12, 2) {
        if s.bytes.len() <= 64 * 1024 {
            std::fs::write(dir.join(&s.name), &s.bytes)?;
            written += 1;
        }
    }
    println!("wrote {written} seeds to {}", dir.display());
    Ok(())
}
