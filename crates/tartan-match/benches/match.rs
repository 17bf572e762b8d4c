//! One full identity match: all four fields against an account with two owners (the sandbox's Alberta Bobbeth
//! Charleson plus a joint holder), each holding several names, phones, emails and addresses. Criterion reports
//! the throughput in matches per second ("elem/s").

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tartan_match::{MatchAddress, MatchOwner, MatchUser, match_identity};

fn address(street: &str, city: &str, region: &str, postal: &str) -> MatchAddress {
    MatchAddress {
        street: Some(street.to_owned()),
        city: Some(city.to_owned()),
        region: Some(region.to_owned()),
        postal_code: Some(postal.to_owned()),
        country: Some("US".to_owned()),
    }
}

fn owners() -> Vec<MatchOwner> {
    vec![
        MatchOwner {
            names: vec!["Alberta Bobbeth Charleson".to_owned()],
            phone_numbers: vec![
                "1112223333".to_owned(),
                "1112224444".to_owned(),
                "1112225555".to_owned(),
            ],
            emails: vec![
                "accountholder0@example.com".to_owned(),
                "accountholder1@example.com".to_owned(),
                "extraordinarily.long.email.username.123456@reallylonghostname.com".to_owned(),
            ],
            addresses: vec![
                address("2992 Cameron Road", "Malakoff", "NY", "14236"),
                address("2493 Leisure Lane", "San Matias", "CA", "93405-2255"),
            ],
        },
        MatchOwner {
            names: vec![
                "Carlos Ortega Ramírez".to_owned(),
                "Carlos Ortega".to_owned(),
            ],
            phone_numbers: vec!["+1 (415) 555-0132".to_owned()],
            emails: vec!["carlos.ortega@gmail.com".to_owned()],
            addresses: vec![address(
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
        address: Some(address(
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

criterion_group!(benches, full_match);
criterion_main!(benches);
