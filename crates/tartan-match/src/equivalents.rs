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

/// Name → the groups it belongs to; a name in several groups (`jan`) keeps them all. A group is named by a
/// line's first word (its canonical name): lines that open with the same name, in either file, are one group,
/// and a curated line that lists another line's canonical name joins that group too (`katherine … catherine`:
/// the corp-names table keeps `Katherine`/`Karin` and `Catherine`/`Katharina` apart). Only the curated lines
/// join groups so: each is one sex's forms of one name, typed for this purpose, while a corp-names line may
/// name a short form that heads another name's line (`janet jan`).
static GROUPS: LazyLock<HashMap<&'static str, Vec<u16>, FxBuild>> = LazyLock::new(|| {
    let lines = || EQUIVALENTS_TXT.lines().chain(CURATED_TXT.lines());
    let mut heads: HashMap<&'static str, u16, FxBuild> = HashMap::default();
    for line in lines() {
        if let Some(head) = line.split(' ').next() {
            let next = u16::try_from(heads.len()).unwrap_or(u16::MAX);
            heads.entry(head).or_insert(next);
        }
    }
    // Union–find over the canonical names a curated line mentions.
    let mut parent: Vec<u16> = (0..u16::try_from(heads.len()).unwrap_or(u16::MAX)).collect();
    fn root(parent: &mut [u16], mut id: u16) -> u16 {
        while parent[usize::from(id)] != id {
            let up = parent[usize::from(parent[usize::from(id)])];
            parent[usize::from(id)] = up;
            id = up;
        }
        id
    }
    for line in CURATED_TXT.lines() {
        let mut words = line.split(' ');
        let Some(own) = words.next().and_then(|head| heads.get(head)) else {
            continue;
        };
        let own = *own;
        for other in words.filter_map(|word| heads.get(word)) {
            let (x, y) = (root(&mut parent, own), root(&mut parent, *other));
            parent[usize::from(x.max(y))] = x.min(y);
        }
    }
    let mut groups: HashMap<&'static str, Vec<u16>, FxBuild> = HashMap::default();
    for line in lines() {
        let Some(head) = line.split(' ').next().and_then(|head| heads.get(head)) else {
            continue;
        };
        let id = root(&mut parent, *head);
        for name in line.split(' ') {
            let ids = groups.entry(name).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
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
            // Ninth pass: new curated groups, and curated lines that join two corp-names groups.
            ("gerrit", "gerard", true),
            ("hedwig", "jadwiga", true),
            ("wenzel", "vaclav", true),
            ("karin", "katharina", true),
            ("siobhan", "joan", true),
            ("elise", "elisabeth", true),
            ("kerstin", "kirsten", true),
            // `janet jan` (corp-names) is not joined to Jane's group: `Jan` is John's too.
            ("jan", "jane", false),
            ("jonah", "john", false),
            ("antonia", "anton", false),
            ("andrea", "andrew", false),
            ("peter", "william", false),
            ("peter", "peter", false),
            ("qqq", "peter", false),
        ] {
            assert_eq!(same_name(a, b), want, "{a} / {b}");
            assert_eq!(same_name(b, a), want, "{b} / {a}");
        }
        assert_eq!(EQUIVALENTS_TXT.lines().count(), 330);
        assert_eq!(CURATED_TXT.lines().count(), 232);
        // Every curated line is one sex's (no man's and woman's form of a name on one line): see the file's
        // README entry.
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
        // `dmitri` is listed since the ninth pass (the curated Demetrius line joins corp-names' `demetrius dmitry`).
        assert!(same_name("dmitri", "dmitry"));
        for (a, b) in [("juri", "georg"), ("dimitrij", "dmitry")] {
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
