//! The numbering plan of one calling code, compiled once: the national-number lengths its number types allow and
//! libphonenumber's validity test (`phonenumber::is_valid`) on regular expressions of our own.
//!
//! Why not call `phonenumber::is_valid`: the crate keeps its patterns in one process-wide LRU cache behind a mutex
//! and hashes each pattern's text (SipHash) on every use, and a number that fits no region of +1 (the sandbox's
//! area code 111) tries the patterns of all 25 of them: about 30,000 instructions per number, a fifth of a full
//! match (callgrind, `examples/match_loop.rs`). The test here is the crate's own (`validator::source_for`, then
//! `number_type(..) != Unknown`) on the same pattern texts, so its answers are the crate's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::{Regex, RegexBuilder};

/// What the validity test needs of one calling code.
pub(crate) struct Plan {
    /// Every national-number length some number type of the code can have, sorted.
    pub lengths: Vec<usize>,
    /// `None` when the code is unknown or a pattern did not compile: nothing is then valid, as in the crate.
    regions: Option<Vec<Region>>,
}

/// One region sharing the calling code, in the database's order.
struct Region {
    /// Numbers starting with these digits belong to the region (NANP, +7, +44, …).
    leading_digits: Option<Regex>,
    /// The whole-number pattern every valid number matches.
    general: Pattern,
    /// The patterns of the number types `number_type` tells apart; a match on any one makes the number valid.
    types: Vec<Pattern>,
}

/// A descriptor: its pattern, anchored at the start (the crate accepts a match that starts at the first digit),
/// and the lengths it allows (none listed: any).
struct Pattern {
    regex: Regex,
    lengths: Vec<u16>,
}

impl Pattern {
    fn new(descriptor: &Descriptor) -> Option<Self> {
        Some(Pattern {
            regex: anchored(descriptor.national_number().as_str())?,
            lengths: descriptor.possible_length().to_vec(),
        })
    }

    /// `Descriptor::is_match`.
    fn is_match(&self, national: &str) -> bool {
        let length_ok = self.lengths.is_empty()
            || u16::try_from(national.len()).is_ok_and(|len| self.lengths.contains(&len));
        length_ok && self.regex.is_match(national)
    }
}

/// `source` compiled as the crate compiles it (whitespace ignored), anchored at the start: a leftmost match that
/// starts at 0 exists exactly when an anchored match does. The newlines keep a trailing `#` comment from eating
/// the closing parenthesis.
fn anchored(source: &str) -> Option<Regex> {
    RegexBuilder::new(&format!("^(?:\n{source}\n)"))
        .ignore_whitespace(true)
        .build()
        .ok()
}

impl Region {
    fn new(meta: &Metadata) -> Option<Self> {
        let d = meta.descriptors();
        // `number_type`'s order; for validity only "any of them" counts.
        let typed = [
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.fixed_line(),
            d.mobile(),
        ];
        Some(Region {
            leading_digits: match meta.leading_digits() {
                Some(pattern) => Some(anchored(pattern.as_str())?),
                None => None,
            },
            general: Pattern::new(d.general())?,
            types: typed
                .into_iter()
                .flatten()
                .map(Pattern::new)
                .collect::<Option<_>>()?,
        })
    }

    /// `number_type(meta, national) != Type::Unknown`.
    fn has_type(&self, national: &str) -> bool {
        self.general.is_match(national) && self.types.iter().any(|t| t.is_match(national))
    }
}

impl Plan {
    fn new(code: u16) -> Self {
        Plan {
            lengths: lengths_of(code),
            regions: regions_of(code),
        }
    }

    /// `phonenumber::is_valid` for a number of this calling code whose national number is written `national`
    /// (`PhoneNumber::national().to_string()`).
    pub fn is_valid(&self, national: &str) -> bool {
        let Some(regions) = &self.regions else {
            return false;
        };
        // `validator::source_for`: the only region, else the first whose leading digits (or, lacking them, whose
        // number types) the number fits; then that region's number types decide.
        let source = match regions.as_slice() {
            [only] => Some(only),
            all => all.iter().find(|r| match &r.leading_digits {
                Some(leading) => leading.is_match(national),
                None => r.has_type(national),
            }),
        };
        source.is_some_and(|r| r.has_type(national))
    }
}

/// The regions of `code` as `validator::source_for` walks them, each with the metadata `is_valid_with` then
/// reads; `None` when the crate would find no metadata.
fn regions_of(code: u16) -> Option<Vec<Region>> {
    let ids = DATABASE.region(&code)?;
    if let [only] = ids.as_slice() {
        // A single region: non-geographic codes ("001") use the code's first entry; a region whose name is no
        // country id has no source.
        let meta = if *only == "001" {
            DATABASE.by_code(&code)?.into_iter().next()?
        } else {
            only.parse::<phonenumber::country::Id>().ok()?;
            DATABASE.by_id(*only)?
        };
        return Some(vec![Region::new(meta)?]);
    }
    ids.into_iter()
        .map(|id| Region::new(DATABASE.by_id(id)?))
        .collect()
}

fn lengths_of(code: u16) -> Vec<usize> {
    let mut lengths: Vec<usize> = DATABASE
        .by_code(&code)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|meta| {
            let d = meta.descriptors();
            let types = [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.shared_cost(),
                d.voip(),
            ];
            let typed: Vec<u16> = types
                .into_iter()
                .flatten()
                .flat_map(|t| t.possible_length().to_vec())
                .collect();
            d.general()
                .possible_length()
                .iter()
                .copied()
                .chain(typed)
                .collect::<Vec<u16>>()
        })
        .map(usize::from)
        .collect();
    lengths.sort_unstable();
    lengths.dedup();
    lengths
}

/// The plan of `code`, compiled on first use: the metadata never changes, and compiling the patterns of +1's 25
/// regions costs milliseconds. At most one entry per calling code (a few hundred).
pub(crate) fn plan(code: u16) -> Arc<Plan> {
    static BY_CODE: OnceLock<Mutex<HashMap<u16, Arc<Plan>>>> = OnceLock::new();
    let cache = BY_CODE.get_or_init(Mutex::default);
    if let Some(known) = cache
        .lock()
        .ok()
        .and_then(|known| known.get(&code).cloned())
    {
        return known;
    }
    let plan = Arc::new(Plan::new(code));
    if let Ok(mut known) = cache.lock() {
        known.insert(code, Arc::clone(&plan));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crate's answer and ours agree on numbers of every kind: valid, unassigned ranges, other regions of
    /// +1, non-geographic codes, wrong lengths.
    #[test]
    fn validity_is_the_crates() {
        let numbers = [
            "+1 415 555 0132",
            "+1 111 222 3333",
            "+1 212 867 5309",
            "+1 800 555 0100",
            "+1 416 555 0100",
            "+1 787 555 0100",
            "+1 876 555 0100",
            "+1 684 733 1234",
            "+1 900 555 0100",
            "+1 415 555 01322",
            "+44 20 7946 0958",
            "+44 7911 123456",
            "+44 1111 111111",
            "+7 495 123 45 67",
            "+7 701 123 45 67",
            "+33 6 12 34 56 78",
            "+49 30 123456",
            "+800 1234 5678",
            "+882 1234 5678",
            "+39 02 1234 5678",
            "+61 2 9876 5432",
            "+86 10 1234 5678",
            "+91 98765 43210",
            "+55 11 91234 5678",
        ];
        let mut seen = (0, 0);
        for raw in numbers {
            let number = phonenumber::parse(None, raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            let national = number.national().to_string();
            let valid = phonenumber::is_valid(&number);
            assert_eq!(
                plan(number.code().value()).is_valid(&national),
                valid,
                "{raw}"
            );
            if valid { seen.0 += 1 } else { seen.1 += 1 }
        }
        // Both answers occur, so the comparison tests something.
        assert!(seen.0 >= 10 && seen.1 >= 3, "{seen:?}");
        assert!(!plan(0).is_valid("1234567"));
        assert_eq!(plan(1).lengths, [10]);
    }
}
