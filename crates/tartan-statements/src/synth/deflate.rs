//! Decompression bombs written by hand: deflate data for long repeats costs about 13 bits per 258 bytes,
//! so a 512 MiB bomb is built in microseconds without running a compressor.

/// A zlib stream of `n` zero bytes (see [`repeat_bomb`]).
pub(super) fn zero_bomb(n: usize) -> Vec<u8> {
    repeat_bomb(b"", b"\0", n)
}

/// A zlib stream of `prefix` followed by `pattern` repeated to `total` bytes, written directly: one
/// fixed-Huffman block of literals, then length-258 copies at distance `pattern.len()` (at most 8). About 13
/// bits per 258 bytes, built in microseconds in any build profile; the checksum is computed by combining.
pub(super) fn repeat_bomb(prefix: &[u8], pattern: &[u8], total: usize) -> Vec<u8> {
    assert!(
        (1..=8).contains(&pattern.len()),
        "distance codes are written for patterns of 1-8 bytes"
    );
    let mut w = BitWriter::default();
    w.bits(1, 1); // BFINAL
    w.bits(1, 2); // BTYPE = fixed Huffman
    let literal = |w: &mut BitWriter, b: u8| {
        if b < 144 {
            w.code(0x30 + u32::from(b), 8)
        } else {
            w.code(0x190 + u32::from(b - 144), 9)
        }
    };
    for &b in prefix.iter().chain(pattern) {
        literal(&mut w, b);
    }
    let d = pattern.len() as u32;
    let (dist_code, extra) = match d {
        1..=4 => (d - 1, None),
        5 | 6 => (4, Some(d - 5)),
        _ => (5, Some(d - 7)),
    };
    let mut done = prefix.len() + pattern.len();
    while total >= done + 258 {
        w.code(0b1100_0101, 8); // length code 285 = 258
        w.code(dist_code, 5);
        if let Some(e) = extra {
            w.bits(e, 1);
        }
        done += 258;
    }
    while done < total {
        literal(&mut w, pattern[(done - prefix.len()) % pattern.len()]);
        done += 1;
    }
    w.code(0, 7); // end of block
    let mut out = vec![0x78, 0x01];
    out.extend(w.finish());
    let body = total.saturating_sub(prefix.len());
    let sum = combine(
        adler(prefix),
        repeated_adler(pattern, body / pattern.len()),
        body - body % pattern.len(),
    );
    let sum = combine(
        sum,
        adler(&pattern[..body % pattern.len()]),
        body % pattern.len(),
    );
    out.extend_from_slice(&((sum.1 << 16) | sum.0).to_be_bytes());
    out
}

const ADLER_MOD: u64 = 65_521;

fn adler(data: &[u8]) -> (u32, u32) {
    let (mut a, mut b) = (1u64, 0u64);
    for &x in data {
        a = (a + u64::from(x)) % ADLER_MOD;
        b = (b + a) % ADLER_MOD;
    }
    (a as u32, b as u32)
}

/// The Adler-32 of `x` followed by `y`, where `y` is `len_y` bytes long (zlib's `adler32_combine`).
fn combine(x: (u32, u32), y: (u32, u32), len_y: usize) -> (u32, u32) {
    let m = ADLER_MOD;
    let (a1, b1, a2, b2) = (
        u64::from(x.0),
        u64::from(x.1),
        u64::from(y.0),
        u64::from(y.1),
    );
    let rem = len_y as u64 % m;
    let a = (a1 + a2 + m - 1) % m;
    let b = (b1 + b2 + (rem * ((a1 + m - 1) % m)) % m) % m;
    (a as u32, b as u32)
}

/// The Adler-32 of `pattern` repeated `times` times, by doubling.
fn repeated_adler(pattern: &[u8], times: usize) -> (u32, u32) {
    let mut acc = (1u32, 0u32);
    let (mut block, mut block_len) = (adler(pattern), pattern.len());
    let mut k = times;
    while k > 0 {
        if k & 1 == 1 {
            acc = combine(acc, block, block_len);
        }
        block = combine(block, block, block_len);
        block_len *= 2;
        k >>= 1;
    }
    acc
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    used: u32,
}

impl BitWriter {
    /// `len` bits of `value`, least significant first (deflate's order for header fields).
    fn bits(&mut self, value: u32, len: u32) {
        for i in 0..len {
            self.acc |= ((value >> i) & 1) << self.used;
            self.used += 1;
            if self.used == 8 {
                self.out.push(self.acc as u8);
                (self.acc, self.used) = (0, 0);
            }
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.bits((code >> i) & 1, 1);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_handmade_bomb_is_valid_zlib() {
        for n in [1usize, 300, 70_000] {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(zero_bomb(n).as_slice())
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out.len(), n);
            assert!(out.iter().all(|&b| b == 0));
        }
        for (prefix, pattern, n) in [
            (&b"BT /F1 1 Tf "[..], &b"(A) Tj "[..], 100_003usize),
            (b"", b"q Q ", 9_999),
        ] {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(repeat_bomb(prefix, pattern, n).as_slice())
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out.len(), n);
            assert!(out.starts_with(prefix) && out[prefix.len()..].starts_with(pattern));
        }
    }
}
