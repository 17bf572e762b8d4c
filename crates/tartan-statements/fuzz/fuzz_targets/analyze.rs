//! Any bytes, with the default limits: the analyser must return, never panic (a panic caught inside
//! `analyze` still aborts here, because libFuzzer's panic hook runs first).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tartan_statements::{Limits, OnFile, analyze};

fuzz_target!(|data: &[u8]| {
    let on_file = OnFile {
        account_number: Some("000123456789".into()),
        mask: Some("6789".into()),
    };
    let _ = analyze(data, &on_file, &Limits::default());
});
