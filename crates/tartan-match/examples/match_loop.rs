//! Runs the criterion bench's full match (4 fields, 2 owners) N times, for profilers that count instructions
//! (`valgrind --tool=callgrind target/release/examples/match_loop 2000`): instructions per match = total / N,
//! minus the start-up a run with N = 0 shows.

use std::hint::black_box;

use tartan_match::synth::{sandbox_owner, us_address};
use tartan_match::{MatchOwner, MatchUser, match_identity};

/// The server's allocator (`crates/tartan/src/main.rs`), so the engine's many small allocations cost what
/// they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(1000);
    let owners = vec![
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
    ];
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
    let mut matched = 0;
    for _ in 0..count {
        if match_identity(black_box(&user), black_box(&owners)).is_ok() {
            matched += 1;
        }
    }
    println!("{matched} matches");
}
