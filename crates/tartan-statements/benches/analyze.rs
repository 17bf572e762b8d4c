//! Pages analysed per second on generated 3-page statements: one per bank layout, plus the Modern layout
//! saved with object streams and AES-256 owner-password encryption (what the key derivation costs).
//!
//! `cargo bench -p tartan-statements --bench analyze`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tartan_statements::{
    Limits, OnFile, analyze,
    synth::{self, Cipher, Layout},
};

fn bench_analyze(c: &mut Criterion) {
    let limits = Limits::default();
    let on_file = OnFile {
        account_number: Some("000123456789".into()),
        mask: None,
    };
    let mut group = c.benchmark_group("analyze_3_page_statement");
    group.throughput(Throughput::Elements(3));
    let mut cases: Vec<(String, Vec<u8>)> = Layout::ALL
        .iter()
        .map(|l| (l.name().to_string(), synth::statement(2026, *l, 3)))
        .collect();
    cases.push((
        "modern_objstm_aes256".into(),
        synth::statement_with(2026, Layout::Modern, 3, Some(Cipher::Aes256), true),
    ));
    for (name, pdf) in &cases {
        assert_eq!(analyze(pdf, &on_file, &limits).map(|a| a.page_count), Ok(3));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| analyze(black_box(pdf), &on_file, &limits))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_analyze);
criterion_main!(benches);
