//! Given names that are one name in several languages or forms (`Joachim`/`Jochen`/`Joaquín`,
//! `William`/`Wilhelm`/`Guillaume`, `Agnes`/`Agnieszka`), from the `corp-names` package (MIT; extracted by
//! `data/equivalents/generate.py`, see `data/README.md`). One group a line, 330 lines: indexed once, on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fasthash::FxBuild;
use crate::phonetic;

const EQUIVALENTS_TXT: &str = include_str!("../data/equivalents/equivalents.txt");
/// More forms of sixty common European name families, typed for this crate from general knowledge
/// (`data/equivalents/curated.txt`: Finnish, Baltic, Hungarian, Romanian, South Slavic, Celtic and Iberian forms
/// the corp-names table lacks, `Pekka`/`Peter`, `Jurgis`/`George`, `Eoin`/`John`). Each group is one sex's: a
/// form the two sexes share across languages (`Andrea`, `Simone`, `Jean`, `Joan`) is left out, because the table's
/// matches are not sex-checked.
const CURATED_TXT: &str = include_str!("../data/equivalents/curated.txt");

/// Name → the groups (line numbers, the curated file's after the corp-names file's) it belongs to; a name in
/// several groups (`jan`) keeps them all.
static GROUPS: LazyLock<HashMap<&'static str, Vec<u16>, FxBuild>> = LazyLock::new(|| {
    let mut groups: HashMap<&'static str, Vec<u16>, FxBuild> = HashMap::default();
    for (line, id) in EQUIVALENTS_TXT
        .lines()
        .chain(CURATED_TXT.lines())
        .zip(0u16..)
    {
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

/// Whether the folded given name is in one of the table's groups.
pub(crate) fn is_listed(name: &str) -> bool {
    GROUPS.contains_key(name)
}

/// Beider–Morse pronunciation → the groups of the names that can be pronounced so: built once, on first use
/// (about a thousand encodings, tens of milliseconds).
static SOUNDS: LazyLock<HashMap<String, Vec<u16>>> = LazyLock::new(|| {
    let mut sounds: HashMap<String, Vec<u16>> = HashMap::new();
    for (name, ids) in GROUPS.iter() {
        for code in phonetic::encode(name) {
            let entry = sounds.entry(code).or_default();
            for id in ids {
                if !entry.contains(id) {
                    entry.push(*id);
                }
            }
        }
    }
    sounds
});

/// Fewest letters an unlisted name needs before its sound may lead to the table: a name of three letters or
/// fewer (`Mei`, `Ana`, `Ian`) shares a Beider–Morse pronunciation with some short form of many unrelated groups
/// (`Mei` with `Margaret`'s), so its sound tells nothing.
const MIN_SOUND_LETTERS: usize = 4;

/// Whether two different folded given names, one listed and one not, are one name of the table once the unlisted
/// one is read as the listed names it sounds like (`Michail`/`Michael` through `Mikhail`, `Juri`/`Georg` through
/// `Yuri`): the table gives one spelling of each name per language, people write others. Callers ask only after
/// [`same_name`] said no.
pub(crate) fn same_name_by_sound(a: &str, b: &str) -> bool {
    let (listed, unlisted) = match (GROUPS.get(a), GROUPS.get(b)) {
        (Some(groups), None) => (groups, b),
        (None, Some(groups)) => (groups, a),
        _ => return false,
    };
    if unlisted.chars().count() < MIN_SOUND_LETTERS {
        return false;
    }
    phonetic::any_code(unlisted, |code| {
        SOUNDS
            .get(code)
            .is_some_and(|ids| ids.iter().any(|id| listed.contains(id)))
    })
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
            // From the curated file.
            ("pekka", "peter", true),
            ("jurgis", "george", true),
            ("eoin", "john", true),
            ("andrea", "andrew", false),
            ("peter", "william", false),
            ("peter", "peter", false),
            ("qqq", "peter", false),
        ] {
            assert_eq!(same_name(a, b), want, "{a} / {b}");
            assert_eq!(same_name(b, a), want, "{b} / {a}");
        }
        assert_eq!(EQUIVALENTS_TXT.lines().count(), 330);
        assert_eq!(CURATED_TXT.lines().count(), 60);
        for line in CURATED_TXT.lines() {
            assert!(line.split(' ').count() >= 3, "{line}");
            assert!(
                line.bytes().all(|c| c.is_ascii_lowercase() || c == b' '),
                "{line}"
            );
        }
    }
    #[test]
    fn spellings_the_table_lacks_reach_their_group_by_sound() {
        // `michail` is now listed (the curated file): one group, no sound needed.
        assert!(same_name("michail", "michael"));
        for (a, b) in [("juri", "georg"), ("dmitri", "dmitry")] {
            assert!(same_name_by_sound(a, b), "{a} / {b}");
            assert!(same_name_by_sound(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("peter", "william"),
            ("qqqq", "peter"),
            ("josef", "giuseppe"),
            ("hall", "hill"),
            // Too short for its sound to say which name it is.
            ("mei", "margaret"),
        ] {
            assert!(!same_name_by_sound(a, b), "{a} / {b}");
        }
    }
}
