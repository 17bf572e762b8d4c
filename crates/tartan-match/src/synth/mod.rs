//! Seeded generator of labelled identity pairs and the quality report built on it (feature `synth`: the crate's
//! tests, the `quality` example and the bench).
//!
//! Labels come from how a pair was built, never from the engine: a pair is positive when both sides describe the
//! same person (names), line (phones), mailbox (emails) or dwelling (addresses) written differently, and negative
//! when they describe different ones, including hard negatives such as relatives sharing a surname, neighbours
//! at another house number and the same mailbox name at another provider. Expected flags are likewise the
//! construction's: a nickname variation expects `is_nickname_match`, a pair that changed exactly one of first and
//! last name expects `is_first_name_or_last_name_match`, and so on.

mod addresses;
mod contact;
mod heldout;
mod look_alikes;
mod names;
mod pools;
mod report;
mod sandbox;

pub use heldout::{HELDOUT_JSONL, HELDOUT_SEED, load as load_heldout};
pub use report::{FieldQuality, FlagQuality, Report, evaluate};
pub use sandbox::{sandbox_owner, us_address};

use crate::{MatchOwner, MatchUser};

/// The field a pair exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `legal_name`
    Name,
    /// `phone_number`
    Phone,
    /// `email_address`
    Email,
    /// `address`
    Address,
}

impl Field {
    /// Every field, in report order.
    pub const ALL: [Field; 4] = [Field::Name, Field::Phone, Field::Email, Field::Address];

    /// The field's name in Plaid's response.
    pub fn wire_name(self) -> &'static str {
        match self {
            Field::Name => "legal_name",
            Field::Phone => "phone_number",
            Field::Email => "email_address",
            Field::Address => "address",
        }
    }
}

/// Flag values the construction of a pair determines; `None` where it says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExpectedFlags {
    /// `is_nickname_match`
    pub nickname: Option<bool>,
    /// `is_first_name_or_last_name_match`
    pub first_or_last: Option<bool>,
    /// `is_business_name_detected`
    pub business: Option<bool>,
    /// `is_postal_code_match`
    pub postal: Option<bool>,
}

/// One labelled pair: the user data, the account owners, and what the construction says about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// The field under test (the other user fields are left empty).
    pub field: Field,
    /// The variation that built the pair ("nickname", "family_member", …).
    pub variation: &'static str,
    /// Same person / line / mailbox / dwelling.
    pub same: bool,
    /// The user side.
    pub user: MatchUser,
    /// The account's owners.
    pub owners: Vec<MatchOwner>,
    /// Expected flags.
    pub expect: ExpectedFlags,
}

/// Generates `per_field` pairs for each field from `seed`; the same seed always gives the same pairs.
pub fn generate(seed: u64, per_field: usize) -> Vec<Labelled> {
    let mut rng = Rng::new(seed);
    let mut pairs = Vec::with_capacity(per_field * Field::ALL.len());
    for field in Field::ALL {
        for i in 0..per_field {
            let pair = match field {
                Field::Name => names::pair(&mut rng, i),
                Field::Phone => contact::phone_pair(&mut rng, i),
                Field::Email => contact::email_pair(&mut rng, i),
                Field::Address => addresses::pair(&mut rng, i),
            };
            pairs.push(pair);
        }
    }
    pairs
}

/// SplitMix64: tiny, seedable and stable across platforms and dependency upgrades, which a labelled data set
/// that tests assert on needs more than statistical quality.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A uniformly chosen element; `xs` must not be empty.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// The `i`-th pair's variation: positives and negatives alternate, each list taken round-robin so every
/// variation is covered evenly.
fn variation<'a>(i: usize, positives: &[&'a str], negatives: &[&'a str]) -> (&'a str, bool) {
    if i.is_multiple_of(2) {
        (positives[(i / 2) % positives.len()], true)
    } else {
        (negatives[(i / 2) % negatives.len()], false)
    }
}

/// One random typo (substitution, deletion, insertion or adjacent swap) away from `word`, never at its first
/// letter (people rarely mistype it, and it keeps initials meaningful), always different from `word`.
fn typo(rng: &mut Rng, word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    for _ in 0..16 {
        let mut out = chars.clone();
        let at = 1 + rng.below(chars.len().saturating_sub(1).max(1));
        let letter = (b'a' + rng.below(26) as u8) as char;
        match rng.below(4) {
            0 if at < out.len() => out[at] = letter,
            1 if at < out.len() && out.len() > 4 => {
                out.remove(at);
            }
            2 => out.insert(at.min(out.len()), letter),
            _ if at + 1 < out.len() => out.swap(at, at + 1),
            _ => continue,
        }
        let candidate: String = out.into_iter().collect();
        // A change that only moves punctuation ("D'Angelo" → "DA'ngelo") is not a typo of the name.
        let letters = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        };
        if letters(&candidate) != letters(word) {
            return candidate;
        }
    }
    format!("{word}x")
}
