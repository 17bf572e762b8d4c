//! Where ids and tokens get their randomness: the OS-seeded CSPRNG, or in deterministic mode (`tartan serve
//! --seed N`, sandbox only) a seeded generator per kind of value, so that an app's snapshot tests see the same
//! ids on every run against a fresh database, and drawing one kind (a request id for a health check) never
//! shifts another (the next account id). Seeded tokens are guessable: that mode is for tests only.

use std::sync::{Mutex, OnceLock, PoisonError};

use rand::distr::Alphanumeric;
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};

/// The kinds of values that draw from a stream of their own.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Items = 0,
    Accounts = 1,
    Tokens = 2,
    Requests = 3,
    Other = 4,
}

const STREAMS: usize = 5;

static SEEDED: OnceLock<[Mutex<StdRng>; STREAMS]> = OnceLock::new();

/// Switches this process to deterministic mode; `false` if it already was (the first seed stays).
pub fn seed(seed: u64) -> bool {
    SEEDED
        .set(std::array::from_fn(|stream| {
            // One generator per stream, each from the seed and its stream number.
            let stream = u64::try_from(stream).unwrap_or(u64::MAX);
            Mutex::new(StdRng::seed_from_u64(
                seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ stream,
            ))
        }))
        .is_ok()
}

/// Whether ids and tokens come from a seed.
pub fn is_seeded() -> bool {
    SEEDED.get().is_some()
}

fn with_rng<T>(stream: Stream, draw: impl FnOnce(&mut dyn RngCore) -> T) -> T {
    match SEEDED.get() {
        Some(streams) => {
            let mut rng = streams[stream as usize]
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            draw(&mut *rng)
        }
        None => draw(&mut rand::rng()),
    }
}

/// Fills `bytes` from `stream`.
pub fn fill(stream: Stream, bytes: &mut [u8]) {
    with_rng(stream, |rng| rng.fill_bytes(bytes));
}

/// Fills `out` with base62 characters from `stream`.
pub fn alphanumerics(stream: Stream, out: &mut [u8]) {
    with_rng(stream, |rng| {
        for byte in out {
            *byte = rng.sample(Alphanumeric);
        }
    });
}

/// `len` base62 characters from `stream` (the draws of [`alphanumerics`]).
pub fn base62(stream: Stream, len: usize) -> String {
    let mut bytes = vec![0; len];
    alphanumerics(stream, &mut bytes);
    bytes.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unseeded_draws_differ() {
        // (Unit tests never seed the process: that would make every other test's ids predictable.)
        assert_ne!(base62(Stream::Items, 37), base62(Stream::Items, 37));
        let (mut a, mut b) = ([0_u8; 16], [0_u8; 16]);
        fill(Stream::Tokens, &mut a);
        fill(Stream::Tokens, &mut b);
        assert_ne!(a, b);
    }
}
