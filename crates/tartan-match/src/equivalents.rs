//! Given names that are one name in several languages or forms (`Joachim`/`Jochen`/`Joaquín`,
//! `William`/`Wilhelm`/`Guillaume`, `Agnes`/`Agnieszka`), from the `corp-names` package (MIT; extracted by
//! `data/equivalents/generate.py`, see `data/README.md`). One group a line, 330 lines: indexed once, on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fasthash::FxBuild;

const EQUIVALENTS_TXT: &str = include_str!("../data/equivalents/equivalents.txt");

/// Name → the groups (line numbers) it belongs to; a name in several groups (`jan`) keeps them all.
static GROUPS: LazyLock<HashMap<&'static str, Vec<u16>, FxBuild>> = LazyLock::new(|| {
    let mut groups: HashMap<&'static str, Vec<u16>, FxBuild> = HashMap::default();
    for (line, id) in EQUIVALENTS_TXT.lines().zip(0u16..) {
        for name in line.split(' ') {
            groups.entry(name).or_default().push(id);
        }
    }
    groups
});

/// Whether two different folded given names are listed as one name.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    match (GROUPS.get(a), GROUPS.get(b)) {
        (Some(ga), Some(gb)) => ga.iter().any(|g| gb.contains(g)),
        _ => false,
    }
}

/// Every group, for the tuning generator.
#[cfg(feature = "synth")]
pub(crate) fn groups() -> impl Iterator<Item = Vec<&'static str>> {
    EQUIVALENTS_TXT
        .lines()
        .map(|line| line.split(' ').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_one_group_are_one_name() {
        for (a, b, want) in [
            ("joachim", "jochen", true),
            ("jochen", "joaquin", true),
            ("william", "wilhelm", true),
            ("agnieszka", "agnes", true),
            ("peter", "piotr", true),
            ("peter", "william", false),
            ("peter", "peter", false),
            ("qqq", "peter", false),
        ] {
            assert_eq!(same_name(a, b), want, "{a} / {b}");
            assert_eq!(same_name(b, a), want, "{b} / {a}");
        }
        assert_eq!(EQUIVALENTS_TXT.lines().count(), 330);
    }
}
