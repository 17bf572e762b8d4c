//! How common a name is in the United States: the Census Bureau's 1990 surname and first-name frequency lists
//! (public domain; extracted by `data/census/generate.py`, see `data/README.md`). Frequencies are in units of
//! 0.001 % of the population (1 = one person in 100,000); a name missing from a list has frequency 0.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fasthash::FxBuild;

const SURNAMES_TXT: &str = include_str!("../data/census/surnames.txt");
const GIVEN_NAMES_TXT: &str = include_str!("../data/census/given_names.txt");

/// A first name used mostly by one sex outweighs the other by at least this factor (Francis 160 : 39 is male,
/// Leslie 81 : 154 is either).
const CLEAR_SEX_RATIO: u32 = 4;

struct Tables {
    surnames: HashMap<&'static str, u32, FxBuild>,
    /// Name → (frequency among men, frequency among women).
    given: HashMap<&'static str, (u32, u32), FxBuild>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| Tables {
    surnames: SURNAMES_TXT
        .lines()
        .filter_map(|line| {
            let (name, frequency) = line.split_once(' ')?;
            Some((name, frequency.parse().ok()?))
        })
        .collect(),
    given: GIVEN_NAMES_TXT
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(' ');
            let name = fields.next()?;
            let male = fields.next()?.parse().ok()?;
            let female = fields.next()?.parse().ok()?;
            Some((name, (male, female)))
        })
        .collect(),
});

/// The sex a first name is given to, when the lists say clearly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    Male,
    Female,
}

/// Frequency of `name` (folded, lowercase) as a surname; 0 when unlisted.
pub(crate) fn surname_frequency(name: &str) -> u32 {
    TABLES.surnames.get(name).copied().unwrap_or(0)
}

/// Frequency of `name` as a first name, men and women together; 0 when unlisted.
pub(crate) fn given_frequency(name: &str) -> u32 {
    TABLES.given.get(name).map_or(0, |(m, f)| m + f)
}

/// The sex `name` is clearly given to, if it is listed and one sex outweighs the other [`CLEAR_SEX_RATIO`] times.
pub(crate) fn given_sex(name: &str) -> Option<Sex> {
    let (male, female) = *TABLES.given.get(name)?;
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
    fn every_listed_name_is_loaded() {
        assert_eq!(TABLES.surnames.len(), SURNAMES_TXT.lines().count());
        assert_eq!(TABLES.given.len(), GIVEN_NAMES_TXT.lines().count());
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
