//! European pet forms of given names (`Sepp`/`Josef`, `Gosia`/`Małgorzata`, `Lutz`/`Ludwig`, `Paco`/`Francisco`):
//! hypocoristics that are neither a listed translation, nor a cut of the full name, nor a respelling of it, so no
//! other rule reaches them. Typed for this crate from general knowledge of German, Dutch, Scandinavian, Finnish,
//! Polish, Czech, Russian, Ukrainian, Romanian, Spanish, Portuguese, Italian, French, Greek and Hungarian naming (`data/hypocoristics/hypocoristics.txt`,
//! no outside list copied): one full name a line, then its pet forms, folded to ASCII as names are compared.
//! A pet form reaches the other spellings and translations of its full name through the equivalents table
//! (`Sepp`/`Giuseppe`, `Kuba`/`Jacob`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::equivalents;
use crate::fasthash::FxBuild;

const HYPOCORISTICS_TXT: &str = include_str!("../data/hypocoristics/hypocoristics.txt");

/// Pet form → the full names it stands for (`lele` → `emanuele`, `raffaele`, `gabriele`); indexed once, on
/// first use.
static FULL_NAMES: LazyLock<HashMap<&'static str, Vec<&'static str>, FxBuild>> =
    LazyLock::new(|| {
        let mut full_names: HashMap<&'static str, Vec<&'static str>, FxBuild> = HashMap::default();
        for line in HYPOCORISTICS_TXT.lines() {
            let mut words = line.split(' ');
            let Some(full) = words.next() else { continue };
            for pet in words {
                full_names.entry(pet).or_default().push(full);
            }
        }
        full_names
    });

/// Whether the folded given name is a full name or a pet form of the table. Czech, Polish and Russian pet forms of
/// men's names end in `-a` (`Honza`, `Kuba`, `Misha`): the sex-by-ending rule leaves the table's words alone.
pub(crate) fn is_listed(name: &str) -> bool {
    FULL_NAMES.contains_key(name) || LISTED_FULL_NAMES.contains(name)
}

/// The full names the table lists (each line's first word), indexed once, on first use.
static LISTED_FULL_NAMES: LazyLock<HashSet<&'static str, FxBuild>> = LazyLock::new(|| {
    HYPOCORISTICS_TXT
        .lines()
        .filter_map(|line| line.split(' ').next())
        .collect()
});

/// Whether two different folded given names, at least one of them a listed pet form, name one person: the pet
/// form's full name is the other name, one of its translations (the equivalents table), the full name of the
/// other pet form, or — as `one_name` judges, the caller's spelling rules — another spelling of one of those
/// (`Mischa`/`Michail` through `Mikhail`).
pub(crate) fn same_name(a: &str, b: &str, one_name: impl Fn(&str, &str) -> bool) -> bool {
    if a == b {
        return false;
    }
    let (fa, fb) = (FULL_NAMES.get(a), FULL_NAMES.get(b));
    if fa.is_none() && fb.is_none() {
        return false;
    }
    // A name that is no pet form stands for itself.
    let (own_a, own_b) = ([a], [b]);
    let fa: &[&str] = fa.map_or(&own_a, Vec::as_slice);
    let fb: &[&str] = fb.map_or(&own_b, Vec::as_slice);
    fa.iter().any(|x| {
        fb.iter()
            .any(|y| x == y || equivalents::same_name(x, y) || one_name(x, y))
    })
}

/// Whether one of two different folded given names is a pet form the table gives for the other itself, or for
/// one of the other's translations in the equivalents table when `foreign` says the other is no American name
/// (`andi` for `andreas`, hence `andrzej`): the row says so outright, so the caller need not ask the US lists for
/// their sexes, which read many European pet forms of men's names as American women's names (`Andi`, `Toni`,
/// `Sascha`). Against an American name the translation is not enough: `Tonda` (Czech, for `Antonín`) is an
/// American woman's name too, and `Tonda`/`Tony` as likely a sister and a brother. Pet forms are not joined to
/// each other here (`Franek`/`Franka` stay a brother's and a sister's name).
pub(crate) fn pet_of(a: &str, b: &str, foreign: impl Fn(&str) -> bool) -> bool {
    let row = |pet: &str, full: &str| {
        FULL_NAMES.get(pet).is_some_and(|fulls| {
            fulls
                .iter()
                .any(|f| *f == full || (equivalents::same_name(f, full) && foreign(full)))
        })
    };
    a != b && (row(a, b) || row(b, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pet_forms_reach_their_full_name_and_its_translations() {
        for (a, b) in [
            ("sepp", "josef"),
            ("sepp", "giuseppe"),
            ("sepp", "beppe"),
            ("gosia", "malgorzata"),
            ("gosia", "margaret"),
            ("lutz", "ludwig"),
            ("kuba", "jacob"),
            ("paco", "francisco"),
            ("paco", "franz"),
            ("sasha", "aleksandr"),
            // Added in the eighth pass (Portuguese, Finnish, Romanian, more German, Russian and Spanish).
            ("uschi", "ursula"),
            ("zeca", "jose"),
            ("chucho", "jesus"),
            ("heikki", "henrik"),
            ("costel", "constantin"),
            ("olya", "olga"),
            ("hannes", "johannes"),
        ] {
            assert!(same_name(a, b, |_, _| false), "{a} / {b}");
            assert!(same_name(b, a, |_, _| false), "{b} / {a}");
        }
        for (a, b) in [
            ("sepp", "ludwig"),
            ("josef", "giuseppe"),
            ("sepp", "sepp"),
            ("qqq", "josef"),
            ("gosia", "kasia"),
        ] {
            assert!(!same_name(a, b, |_, _| false), "{a} / {b}");
        }
        // Spellings the table lacks are the caller's to judge.
        assert!(same_name("mischa", "michail", |x, y| (x, y) == ("mikhail", "michail")));
    }

    #[test]
    fn a_pet_form_of_the_name_itself_is_the_tables_word() {
        let foreign = |n: &str| n != "tony" && n != "andrew";
        for (a, b) in [
            ("andi", "andreas"),
            ("toni", "anton"),
            ("klaas", "nicolaas"),
            ("andi", "andrzej"),
        ] {
            assert!(pet_of(a, b, foreign), "{a} / {b}");
            assert!(pet_of(b, a, foreign), "{b} / {a}");
        }
        for (a, b) in [
            // A translation that is an American name: the sexes decide.
            ("tonda", "tony"),
            ("andi", "andrew"),
            // Two pet forms: not the table's word.
            ("franek", "franka"),
            ("andi", "andi"),
            ("andreas", "anton"),
        ] {
            assert!(!pet_of(a, b, foreign), "{a} / {b}");
        }
    }

    #[test]
    fn the_table_is_folded_ascii_with_a_pet_form_on_every_line() {
        for line in HYPOCORISTICS_TXT.lines() {
            assert!(line.split(' ').count() >= 2, "{line}");
            assert!(
                line.bytes().all(|c| c.is_ascii_lowercase() || c == b' '),
                "{line}"
            );
        }
    }
}
