//! Given-name nicknames from the curated `carltonnorthern/nicknames` data set (Apache-2.0, vendored byte-identical
//! in `data/nicknames/`, see `data/README.md`). Built once, on first use, into two indexes.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::fasthash::FxBuild;

const NAMES_CSV: &str = include_str!("../data/nicknames/names.csv");

struct Index {
    /// Canonical name → its nicknames.
    nicknames: HashMap<String, HashSet<String, FxBuild>, FxBuild>,
    /// Nickname → the canonical names it shortens.
    canonicals: HashMap<String, HashSet<String, FxBuild>, FxBuild>,
}

static INDEX: LazyLock<Index> = LazyLock::new(load);

fn load() -> Index {
    let mut index = Index {
        nicknames: HashMap::default(),
        canonicals: HashMap::default(),
    };
    for line in NAMES_CSV.lines().skip(1) {
        let mut fields = line.split(',');
        let (Some(name), Some("has_nickname"), Some(nick)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // The set writes initials as "k.c."; names reach us with such dots already removed.
        let (name, nick) = (name.replace('.', ""), nick.replace('.', ""));
        index
            .nicknames
            .entry(name.clone())
            .or_default()
            .insert(nick.clone());
        index.canonicals.entry(nick).or_default().insert(name);
    }
    index
}

/// Whether two different folded given names are nickname-related: one is a nickname of the other, or both are
/// nicknames of one canonical name (Peggy and Maggie are both Margaret).
pub(crate) fn related(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let index = &*INDEX;
    let nick_of = |x: &str, y: &str| index.nicknames.get(x).is_some_and(|n| n.contains(y));
    if nick_of(a, b) || nick_of(b, a) {
        return true;
    }
    match (index.canonicals.get(a), index.canonicals.get(b)) {
        (Some(ca), Some(cb)) => !ca.is_disjoint(cb),
        _ => false,
    }
}

/// Whether the data set lists `name`, as a canonical name or as a nickname.
pub(crate) fn is_known(name: &str) -> bool {
    INDEX.nicknames.contains_key(name) || INDEX.canonicals.contains_key(name)
}

/// Every (canonical name, nickname) pair, for the synthetic data generator.
#[cfg(feature = "synth")]
pub(crate) fn pairs() -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = INDEX
        .nicknames
        .iter()
        .flat_map(|(name, nicks)| nicks.iter().map(move |nick| (name.clone(), nick.clone())))
        .collect();
    pairs.sort();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_data_set_is_loaded() {
        let rows: usize = INDEX.nicknames.values().map(HashSet::len).sum();
        assert_eq!(rows, 2_691);
        assert!(INDEX.nicknames.contains_key("kasey") && INDEX.canonicals.contains_key("kc"));
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
