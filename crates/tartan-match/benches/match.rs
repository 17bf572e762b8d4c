//! One full identity match: all four fields against an account with two owners (the sandbox's Alberta Bobbeth
//! Charleson plus a joint holder), each holding several names, phones, emails and addresses. Criterion reports
//! the throughput in matches per second ("elem/s"). A second benchmark times the worst input the limits allow
//! (32 owners × 64 values per list, every string near 1,000 characters, nothing matching early).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tartan_match::synth::{sandbox_owner, us_address};
use tartan_match::{
    MAX_OWNERS, MAX_STRING_CHARS, MAX_VALUES_PER_LIST, MatchAddress, MatchOwner, MatchUser,
    match_identity,
};

/// The server's allocator (`crates/tartan/src/main.rs`), so the engine's many small allocations cost what
/// they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn owners() -> Vec<MatchOwner> {
    vec![
        sandbox_owner(),
        MatchOwner {
            names: vec![
                "Carlos Ortega Ramírez".to_owned(),
                "Carlos Ortega".to_owned(),
            ],
            phone_numbers: vec!["+1 (415) 555-0132".to_owned()],
            emails: vec!["carlos.ortega@gmail.com".to_owned()],
            addresses: vec![us_address(
                "100 N Main St Apt 4B",
                "Springfield",
                "IL",
                "62701",
            )],
        },
    ]
}

fn full_match(c: &mut Criterion) {
    let user = MatchUser {
        legal_name: Some("Ms. Alerta B. Charleson".to_owned()),
        phone_number: Some("+1-111-222-3333".to_owned()),
        email_address: Some("AccountHolder1+bank@example.com".to_owned()),
        address: Some(us_address(
            "2493 Leisure Ln., Apt 4",
            "San Matias",
            "California",
            "93405",
        )),
    };
    let owners = owners();
    let mut group = c.benchmark_group("identity_match");
    group.throughput(Throughput::Elements(1));
    group.bench_function("4_fields_2_owners", |b| {
        b.iter(|| match_identity(black_box(&user), black_box(&owners)))
    });
    group.finish();
}

/// A 1,000-character name of distinct words, different for every `seed`.
fn long_name(seed: usize) -> String {
    let words: Vec<String> = (0..125)
        .map(|i| format!("N{:06}", i * 7919 + seed))
        .collect();
    words.join(" ").chars().take(MAX_STRING_CHARS).collect()
}

fn long_address(seed: usize) -> MatchAddress {
    MatchAddress {
        street: Some(format!("{seed} {} Street Apt 4", "Oak ".repeat(240))),
        city: Some(format!("{seed}{}", "x".repeat(990))),
        region: Some("y".repeat(MAX_STRING_CHARS)),
        postal_code: Some(format!("{seed}{}", "9".repeat(990))),
        country: Some("US".to_owned()),
    }
}

fn worst_case(c: &mut Criterion) {
    let owners: Vec<MatchOwner> = (0..MAX_OWNERS)
        .map(|o| {
            let seeds = (0..MAX_VALUES_PER_LIST).map(move |i| o * MAX_VALUES_PER_LIST + i + 1);
            MatchOwner {
                names: seeds.clone().map(long_name).collect(),
                phone_numbers: seeds
                    .clone()
                    .map(|i| format!("+1 415 555 {:04} ext. {}", i % 10_000, "1".repeat(970)))
                    .collect(),
                emails: seeds
                    .clone()
                    .map(|i| format!("{i}{}@example.com", "a".repeat(970)))
                    .collect(),
                addresses: seeds.map(long_address).collect(),
            }
        })
        .collect();
    let user = MatchUser {
        legal_name: Some(long_name(0)),
        phone_number: Some("+1 415 555 0132".to_owned()),
        email_address: Some(format!("zz{}@example.com", "a".repeat(970))),
        address: Some(long_address(0)),
    };
    let mut group = c.benchmark_group("identity_match");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1));
    group.bench_function("worst_case_at_limits", |b| {
        b.iter(|| match_identity(black_box(&user), black_box(&owners)))
    });
    group.finish();
}

criterion_group!(benches, full_match, worst_case);
criterion_main!(benches);
