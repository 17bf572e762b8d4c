//! A seeded mutation sweep that runs in CI (the real fuzzer, `fuzz/`, needs nightly): damaged versions of
//! generated statements must come back as `Ok` or `Err`, never as a panic, and within the work budget.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use tartan_statements::{
    Limits, OnFile, analyze,
    synth::{self, Layout, Rng},
};

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn mutate(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    let at = |rng: &mut Rng, len: usize| rng.below(len.max(1) as u64) as usize;
    match rng.below(6) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = at(rng, b.len());
                b[i] = rng.below(256) as u8;
            }
        }
        1 => {
            let i = at(rng, b.len());
            let n = (rng.below(64) as usize).min(b.len() - i);
            let junk: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
            b[i..i + n].copy_from_slice(&junk);
        }
        2 => {
            let i = at(rng, b.len());
            let n = (rng.below(512) as usize).min(b.len() - i);
            b.drain(i..i + n);
        }
        3 => {
            let i = at(rng, b.len());
            let n = (rng.below(512) as usize).min(b.len() - i);
            let copy = b[i..i + n].to_vec();
            let j = at(rng, b.len());
            b.splice(j..j, copy);
        }
        4 => {
            let tokens: [&[u8]; 6] = [
                b"[[[[[[[[",
                b"<<<<",
                b" 1 0 R ",
                b"(((",
                b" 99999999 0 obj ",
                b"/Length 999999999 ",
            ];
            let j = at(rng, b.len());
            b.splice(j..j, rng.pick(&tokens).iter().copied());
        }
        _ => {
            let cut = at(rng, b.len());
            b.truncate(cut);
            b.extend_from_slice(b"\n%%EOF\n");
        }
    }
    b
}

#[test]
fn damaged_statements_never_panic() {
    std::panic::set_hook(Box::new(|_| {
        PANICS.fetch_add(1, Ordering::SeqCst);
    }));
    let bases: Vec<Vec<u8>> = Layout::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| synth::statement(100 + i as u64, *l, 2))
        .collect();
    let limits = Limits::default();
    let mut rng = Rng::new(4242);
    let (mut ok, mut refused) = (0, 0);
    for round in 0..240 {
        let pdf = mutate(&bases[round % bases.len()], &mut rng);
        match analyze(&pdf, &OnFile::default(), &limits) {
            Ok(_) => ok += 1,
            Err(_) => refused += 1,
        }
    }
    let _ = std::panic::take_hook();
    println!("{ok} analysed, {refused} refused");
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "a mutated file made the analyser panic"
    );
}
