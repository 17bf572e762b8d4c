//! Given-name nicknames from the curated `carltonnorthern/nicknames` data set (Apache-2.0, vendored byte-identical
//! in `data/nicknames/`, see `data/README.md`), laid out by the build script as two tables in the binary: the names
//! it lists and the pairs of related names.

use crate::static_table::{StaticTable, built_table};

/// The vendored data set, for the tests that check the tables against it and for the tuning generator.
#[cfg(any(test, feature = "synth"))]
const NAMES_CSV: &str = include_str!("../data/nicknames/names.csv");

/// Every name the data set lists, as a canonical name or as a nickname (no value). Laid out by the build script
/// (`build/main.rs`), as the pairs below.
static NAMES: StaticTable = built_table!("nickname_names", 0);
/// Every ordered pair of two different related names: one a nickname of the other, or both nicknames of one
/// canonical name (about 10,000 pairs; the sets they came from were 0.75 MB on the heap).
static RELATED: StaticTable = built_table!("nickname_pairs", 0);

/// Whether two different folded given names are nickname-related: one is a nickname of the other, or both are
/// nicknames of one canonical name (Peggy and Maggie are both Margaret).
pub(crate) fn related(a: &str, b: &str) -> bool {
    a != b && RELATED.holds_pair(a, b)
}

/// Whether the data set lists `name`, as a canonical name or as a nickname.
pub(crate) fn is_known(name: &str) -> bool {
    NAMES.get(name).is_some()
}

/// Every (canonical name, nickname) row of the data set, dots removed as names reach us.
#[cfg(any(test, feature = "synth"))]
fn rows() -> impl Iterator<Item = (String, String)> {
    NAMES_CSV.lines().skip(1).filter_map(|line| {
        let mut fields = line.split(',');
        let (Some(name), Some("has_nickname"), Some(nick)) =
            (fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        // The set writes initials as "k.c."; names reach us with such dots already removed.
        Some((name.replace('.', ""), nick.replace('.', "")))
    })
}

/// Every (canonical name, nickname) pair, sorted, for the synthetic data generator.
#[cfg(feature = "synth")]
pub(crate) fn pairs() -> Vec<(String, String)> {
    let pairs: std::collections::BTreeSet<(String, String)> = rows().collect();
    pairs.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::{BTreeMap, BTreeSet};

    /// The tables against the data set, related the simple way: a row's two names, and two nicknames of one
    /// canonical name.
    #[test]
    fn the_tables_hold_every_row_of_the_data_set() {
        let rows: BTreeSet<(String, String)> = rows().collect();
        assert_eq!(rows.len(), 2_691);
        let mut names = BTreeSet::new();
        let mut nicknames_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, nick) in &rows {
            names.extend([name.as_str(), nick.as_str()]);
            nicknames_of.entry(name).or_default().push(nick);
        }
        assert_eq!(NAMES.iter().count(), names.len());
        assert!(names.iter().all(|name| is_known(name)));
        let mut expected = BTreeSet::new();
        for (name, nick) in &rows {
            expected.extend([
                (name.as_str(), nick.as_str()),
                (nick.as_str(), name.as_str()),
            ]);
        }
        for nicks in nicknames_of.values() {
            for a in nicks {
                expected.extend(nicks.iter().map(|b| (*a, *b)));
            }
        }
        expected.retain(|(a, b)| a != b);
        assert_eq!(RELATED.iter().count(), expected.len());
        for (a, b) in &expected {
            assert!(related(a, b), "{a} / {b}");
        }
        assert!(is_known("kasey") && is_known("kc") && related("kasey", "kc"));
    }

    #[test]
    fn related_covers_both_directions_and_shared_canonicals() {
        let cases = [
            ("robert", "bob", true),
            ("bob", "robert", true),
            ("margaret", "peggy", true),
            ("peggy", "maggie", true),
            ("jennifer", "jenn", true),
            ("jennifer", "margaret", false),
            ("robert", "robert", false),
            ("zzz", "robert", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(related(a, b), want, "{a} / {b}");
        }
        assert!(is_known("christina") && is_known("peggy") && !is_known("alerta"));
    }
}
