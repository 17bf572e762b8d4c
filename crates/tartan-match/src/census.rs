//! How common a name is in the United States: the Census Bureau's 1990 surname and first-name frequency lists
//! (public domain; extracted by `data/census/generate.py`, see `data/README.md`). Frequencies are in units of
//! 0.001 % of the population (1 = one person in 100,000); a name missing from a list has frequency 0.

use crate::static_table::{StaticTable, built_table};

/// The vendored lists, for the tests that check the tables against them and for the tuning generator.
#[cfg(test)]
const SURNAMES_TXT: &str = include_str!("../data/census/surnames.txt");
#[cfg(any(test, feature = "synth"))]
const GIVEN_NAMES_TXT: &str = include_str!("../data/census/given_names.txt");

/// A first name used mostly by one sex outweighs the other by at least this factor (Francis 160 : 39 is male,
/// Leslie 81 : 154 is either).
const CLEAR_SEX_RATIO: u32 = 4;

/// Surname → frequency (a little-endian `u32`), laid out by the build script from `data/census/surnames.txt`.
static SURNAMES: StaticTable = built_table!("census_surnames", 4);
/// First name → frequency among men, then among women (two little-endian `u32`s), from
/// `data/census/given_names.txt`.
static GIVEN: StaticTable = built_table!("census_given", 8);

/// The little-endian `u32` at `at` in `value`.
fn u32_at(value: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(value.get(at..at + 4)?.try_into().ok()?))
}

/// (frequency among men, frequency among women) of a listed first name.
fn given(name: &str) -> Option<(u32, u32)> {
    let value = GIVEN.get(name)?;
    Some((u32_at(value, 0)?, u32_at(value, 4)?))
}

/// The sex a first name is given to, when the lists say clearly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    Male,
    Female,
}

/// Frequency of `name` (folded, lowercase) as a surname; 0 when unlisted.
pub(crate) fn surname_frequency(name: &str) -> u32 {
    SURNAMES
        .get(name)
        .and_then(|value| u32_at(value, 0))
        .unwrap_or(0)
}

/// Frequency of `name` as a first name, men and women together; 0 when unlisted.
pub(crate) fn given_frequency(name: &str) -> u32 {
    given(name).map_or(0, |(m, f)| m + f)
}

/// The sex `name` is clearly given to, if it is listed and one sex outweighs the other [`CLEAR_SEX_RATIO`] times.
pub(crate) fn given_sex(name: &str) -> Option<Sex> {
    let (male, female) = given(name)?;
    if male >= female.saturating_mul(CLEAR_SEX_RATIO) && male > 0 {
        Some(Sex::Male)
    } else if female >= male.saturating_mul(CLEAR_SEX_RATIO) && female > 0 {
        Some(Sex::Female)
    } else {
        None
    }
}

/// Every listed first name, most frequent first (the tuning generator draws look-alikes from them).
#[cfg(feature = "synth")]
pub(crate) fn given_names() -> impl Iterator<Item = &'static str> {
    GIVEN_NAMES_TXT.lines().filter_map(|l| l.split(' ').next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_hold_every_line_of_the_lists() {
        assert_eq!(SURNAMES.iter().count(), SURNAMES_TXT.lines().count());
        assert_eq!(GIVEN.iter().count(), GIVEN_NAMES_TXT.lines().count());
        assert_eq!(SURNAMES_TXT.lines().count(), 18_839);
        assert_eq!(GIVEN_NAMES_TXT.lines().count(), 5_163);
        for line in SURNAMES_TXT.lines() {
            let (name, frequency) = line.split_once(' ').unwrap();
            assert_eq!(surname_frequency(name).to_string(), frequency, "{line}");
        }
        for line in GIVEN_NAMES_TXT.lines() {
            let (name, m, f) = (
                line.split(' ').next().unwrap(),
                line.split(' ').nth(1).unwrap(),
                line.split(' ').nth(2).unwrap(),
            );
            assert_eq!(
                given(name).map(|(m, f)| format!("{m} {f}")),
                Some(format!("{m} {f}")),
                "{line}"
            );
        }
        assert_eq!(given("james"), Some((3318, 10)));
        assert_eq!(surname_frequency("smith"), 1006);
        assert_eq!(surname_frequency("qwxz"), 0);
        assert!(given_frequency("john") > 3000);
    }

    #[test]
    fn sex_is_told_only_when_clear() {
        assert_eq!(given_sex("daniel"), Some(Sex::Male));
        assert_eq!(given_sex("danielle"), Some(Sex::Female));
        assert_eq!(given_sex("francis"), Some(Sex::Male));
        assert_eq!(given_sex("frances"), Some(Sex::Female));
        assert_eq!(given_sex("leslie"), None);
        assert_eq!(given_sex("qwxz"), None);
    }
}
