//! A fast non-cryptographic hasher (the Fx hash of rustc) for the static name tables: their keys are fixed at
//! build time, so SipHash's protection against chosen-key collisions buys nothing there, and hashing the looked-up
//! word cost more than the rest of the look-up (callgrind, `examples/match_loop.rs`).

use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap`/`HashSet` state using [`FxHasher`].
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let words = ["a", "ab", "abcdefgh", "abcdefghi", "zoë", ""];
        let map: HashMap<&str, usize, FxBuild> = words.iter().copied().zip(0..).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(&i));
        }
        assert_eq!(map.get("abcdefgj"), None);
    }
}
