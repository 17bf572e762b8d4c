//! Labelled name pairs: one person written two ways (positives) or two different people (negatives, including
//! relatives, namesakes, look-alike names and father/son).

use super::look_alikes::{
    CROSS_LANGUAGE_SPELLINGS, EQUIVALENTS_RESPELLED, EUROPEAN_PET_FORMS, EUROPEAN_SEX_PAIRS,
    GENDERED_FORMS, GIVEN_VARIANTS, HOMOPHONE_SURNAMES, HYPOCORISTICS, SURNAME_VARIANTS,
    TRANSLITERATED, equivalent_pair, look_alike_surnames, opposite_sex_pair, sound_alike_surnames,
};
use super::pools::{
    ACCENTED_GIVEN, BUSINESS_FIRST, BUSINESS_SECOND, GIVEN, HISPANIC, LEGAL_FORMS, SURNAMES,
};
use super::{ExpectedFlags, Field, Labelled, Rng, typo, variation};
use crate::nicknames;
use crate::{MatchOwner, MatchUser};
use std::sync::LazyLock;

const POSITIVES: &[&str] = &[
    "exact",
    "case_whitespace",
    "diacritics",
    "title",
    "suffix_one_side",
    "middle_missing",
    "middle_initial",
    "first_initial_with_middle",
    "last_comma_first",
    "reversed_order",
    "hyphen_spacing",
    "double_surname_part",
    "typo_first",
    "typo_last",
    "nickname",
    "nickname_and_typo",
    "business_format",
    "joint_account",
    "spelling_variant",
    "transliterated",
    "equivalent_given",
    "homophone_surname",
    "cross_language_spelling",
    "hypocoristic",
    "european_pet_form",
];

const NEGATIVES: &[&str] = &[
    "different_person",
    "family_member",
    "same_first_name",
    "similar_name",
    "father_son",
    "different_business",
    "relatives_joint",
    "opposite_sex_look_alike",
    "look_alike_surname",
    "european_sex_pair",
    "sound_alike_surname",
    "gendered_ending",
];

/// A generated person.
#[derive(Debug, Clone)]
struct Person {
    given: String,
    middle: Option<String>,
    surnames: Vec<String>,
    hyphenated: bool,
}

impl Person {
    fn surname(&self) -> String {
        self.surnames.join(if self.hyphenated { "-" } else { " " })
    }

    fn full(&self) -> String {
        let middle = self
            .middle
            .as_deref()
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        format!("{}{middle} {}", self.given, self.surname())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Surnames {
    Single,
    Hyphenated,
    Hispanic,
    Any,
}

fn person(rng: &mut Rng, kind: Surnames, middle: Option<bool>) -> Person {
    let kind = match kind {
        Surnames::Any => match rng.below(10) {
            0 => Surnames::Hispanic,
            1 => Surnames::Hyphenated,
            _ => Surnames::Single,
        },
        k => k,
    };
    let surnames = match kind {
        Surnames::Hispanic => two_distinct(rng, HISPANIC),
        Surnames::Hyphenated => two_distinct(rng, SURNAMES),
        _ => vec![rng.pick(SURNAMES).to_owned()],
    };
    let given = if rng.chance(0.15) {
        rng.pick(ACCENTED_GIVEN)
    } else {
        rng.pick(GIVEN)
    };
    let middle = middle
        .unwrap_or_else(|| rng.chance(0.4))
        .then(|| rng.pick(GIVEN).to_owned());
    Person {
        given: given.to_owned(),
        middle,
        surnames,
        hyphenated: kind == Surnames::Hyphenated,
    }
}

fn two_distinct(rng: &mut Rng, pool: &[&str]) -> Vec<String> {
    let first = rng.pick(pool);
    let second = loop {
        let s = rng.pick(pool);
        if s != first {
            break s;
        }
    };
    vec![first.to_owned(), second.to_owned()]
}

/// Given names that are different names, not spellings or nicknames of each other per the nickname data set.
fn other_given(rng: &mut Rng, given: &str, same_initial: bool) -> String {
    let low = given.to_lowercase();
    for _ in 0..200 {
        let g = rng.pick(GIVEN);
        let gl = g.to_lowercase();
        let initial_ok = !same_initial || gl.chars().next() == low.chars().next();
        if gl != low && !nicknames::related(&gl, &low) && initial_ok {
            return g.to_owned();
        }
    }
    if low == "zachary" {
        "Aaron".to_owned()
    } else {
        "Zachary".to_owned()
    }
}

/// A relative's given name: another name, not another spelling of `given` (`Steven`/`Stephen`,
/// `Catherine`/`Kathryn` are both in the pool, and a family of one name in two spellings would be labelled two
/// people while being written as one).
fn relative_given(rng: &mut Rng, given: &str) -> String {
    let mut g = other_given(rng, given, false);
    // Bounded: the pool holds a handful of spellings against more than a hundred other names.
    for _ in 0..64 {
        if !spellings_of_one_name(&g, given) {
            break;
        }
        g = other_given(rng, given, false);
    }
    g
}

/// The two given names are spellings of one name by the curated [`GIVEN_VARIANTS`], followed from pair to pair
/// (`Catherine`/`Katherine`/`Kathryn`).
fn spellings_of_one_name(a: &str, b: &str) -> bool {
    let mut reached = vec![a.to_lowercase()];
    let mut grew = true;
    while grew {
        grew = false;
        for (x, y) in GIVEN_VARIANTS {
            let (x, y) = (x.to_lowercase(), y.to_lowercase());
            for (from, to) in [(&x, &y), (&y, &x)] {
                if reached.contains(from) && !reached.contains(to) {
                    reached.push(to.clone());
                    grew = true;
                }
            }
        }
    }
    reached[1..].contains(&b.to_lowercase())
}

fn other_surname(rng: &mut Rng, surname: &str, same_start: bool) -> String {
    let prefix: String = surname.chars().take(2).collect();
    for _ in 0..400 {
        let s = rng.pick(SURNAMES);
        if s != surname && (!same_start || s.starts_with(&prefix)) {
            return s.to_owned();
        }
    }
    other_surname(rng, surname, false)
}

pub(super) fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Removes the diacritics the pools use, independently of the engine's folding.
fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'Á' => 'A',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'É' => 'E',
            'í' | 'ï' => 'i',
            'ó' | 'ö' | 'ø' => 'o',
            'Ó' | 'Ø' => 'O',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ł' => 'l',
            'Ł' => 'L',
            'Ö' => 'O',
            other => other,
        })
        .collect()
}

fn business(rng: &mut Rng) -> (String, String, &'static str) {
    (
        rng.pick(BUSINESS_FIRST).to_owned(),
        rng.pick(BUSINESS_SECOND).to_owned(),
        rng.pick(LEGAL_FORMS),
    )
}

/// Builds pair `i`: (user name, owner names, flags), sides swapped at random.
pub(super) fn pair(rng: &mut Rng, i: usize) -> Labelled {
    let (name, same) = variation(i, POSITIVES, NEGATIVES);
    let person_flags = |first_or_last: bool, nickname: bool| ExpectedFlags {
        nickname: Some(nickname),
        first_or_last: Some(first_or_last),
        business: Some(false),
        postal: None,
    };
    let business_flags = ExpectedFlags {
        business: Some(true),
        ..ExpectedFlags::default()
    };
    let (a, b, flags): (String, Vec<String>, ExpectedFlags) = match name {
        "exact" => {
            let p = person(rng, Surnames::Any, None);
            (p.full(), vec![p.full()], person_flags(false, false))
        }
        "case_whitespace" => {
            let p = person(rng, Surnames::Any, None);
            let shouted = format!("  {}  ", p.full().to_uppercase().replace(' ', "   "));
            (
                p.full().to_lowercase(),
                vec![shouted],
                person_flags(false, false),
            )
        }
        "diacritics" => {
            let mut p = person(rng, Surnames::Hispanic, None);
            p.given = rng.pick(ACCENTED_GIVEN).to_owned();
            (
                p.full(),
                vec![strip_accents(&p.full())],
                person_flags(false, false),
            )
        }
        "title" => {
            let p = person(rng, Surnames::Any, None);
            let title = rng.pick(&["Ms.", "Mr.", "Mrs.", "Dr.", "Miss", "Mx"]);
            (
                format!("{title} {}", p.full()),
                vec![p.full()],
                person_flags(false, false),
            )
        }
        "suffix_one_side" => {
            let p = person(rng, Surnames::Single, None);
            let suffix = rng.pick(&["Jr.", "Jr", "Sr.", "III", "II"]);
            (
                format!("{} {suffix}", p.full()),
                vec![p.full()],
                person_flags(false, false),
            )
        }
        "middle_missing" => {
            let p = person(rng, Surnames::Any, Some(true));
            let short = Person {
                middle: None,
                ..p.clone()
            };
            (p.full(), vec![short.full()], person_flags(false, false))
        }
        "middle_initial" => {
            let p = person(rng, Surnames::Any, Some(true));
            let initial = p
                .middle
                .as_deref()
                .and_then(|m| m.chars().next())
                .map(|c| format!("{c}."));
            let short = Person {
                middle: initial,
                ..p.clone()
            };
            (p.full(), vec![short.full()], person_flags(false, false))
        }
        "first_initial_with_middle" => {
            let p = person(rng, Surnames::Any, Some(true));
            let initial = p
                .given
                .chars()
                .next()
                .map(|c| format!("{c}."))
                .unwrap_or_default();
            let short = Person {
                given: initial,
                ..p.clone()
            };
            (p.full(), vec![short.full()], person_flags(true, false))
        }
        "last_comma_first" => {
            let p = person(rng, Surnames::Any, None);
            let middle = p
                .middle
                .as_deref()
                .map(|m| format!(" {m}"))
                .unwrap_or_default();
            (
                p.full(),
                vec![format!("{}, {}{middle}", p.surname(), p.given)],
                person_flags(false, false),
            )
        }
        "reversed_order" => {
            let kind = if rng.chance(0.8) {
                Surnames::Single
            } else {
                Surnames::Hyphenated
            };
            let p = person(rng, kind, Some(false));
            (
                p.full(),
                vec![format!("{} {}", p.surname(), p.given)],
                person_flags(false, false),
            )
        }
        "hyphen_spacing" => {
            let p = person(rng, Surnames::Hyphenated, None);
            let spaced = Person {
                hyphenated: false,
                ..p.clone()
            };
            (p.full(), vec![spaced.full()], person_flags(false, false))
        }
        "double_surname_part" => {
            let kind = if rng.chance(0.6) {
                Surnames::Hispanic
            } else {
                Surnames::Hyphenated
            };
            let p = person(rng, kind, None);
            let keep = if p.hyphenated && rng.chance(0.5) {
                1
            } else {
                0
            };
            let short = Person {
                surnames: vec![p.surnames[keep].clone()],
                hyphenated: false,
                ..p.clone()
            };
            (p.full(), vec![short.full()], person_flags(false, false))
        }
        "typo_first" => {
            let mut p = person(rng, Surnames::Any, None);
            while p.given.chars().count() < 5 {
                p.given = rng.pick(GIVEN).to_owned();
            }
            let typoed = Person {
                given: typo(rng, &p.given),
                ..p.clone()
            };
            (p.full(), vec![typoed.full()], person_flags(true, false))
        }
        "typo_last" => {
            let mut p = person(rng, Surnames::Single, None);
            while p.surnames[0].chars().count() < 5 {
                p.surnames[0] = rng.pick(SURNAMES).to_owned();
            }
            let typoed = Person {
                surnames: vec![typo(rng, &p.surnames[0])],
                ..p.clone()
            };
            (p.full(), vec![typoed.full()], person_flags(true, false))
        }
        "nickname" | "nickname_and_typo" => {
            let mut p = person(rng, Surnames::Single, None);
            let (canonical, nick) = nickname_pair(rng);
            p.given = capitalised(&canonical);
            let mut other = Person {
                given: capitalised(&nick),
                ..p.clone()
            };
            if name == "nickname_and_typo" {
                while p.surnames[0].chars().count() < 5 {
                    p.surnames[0] = rng.pick(SURNAMES).to_owned();
                }
                other.surnames = vec![typo(rng, &p.surnames[0])];
                (p.full(), vec![other.full()], person_flags(false, true))
            } else {
                (p.full(), vec![other.full()], person_flags(true, true))
            }
        }
        "business_format" => {
            let (first, second, form) = business(rng);
            let base = format!("{first} {second} {form}");
            let variant = match rng.below(4) {
                0 => format!("{} {}, L.L.C.", first.to_uppercase(), second.to_uppercase()),
                1 => format!("The {first} {second} Company"),
                2 => format!("{first} {second}"),
                _ => format!("{first} {second} Inc."),
            };
            (base, vec![variant], business_flags)
        }
        "joint_account" => {
            let p = person(rng, Surnames::Any, None);
            let partner = person(rng, Surnames::Any, None);
            (
                p.full(),
                vec![partner.full(), p.full()],
                person_flags(false, false),
            )
        }
        "different_person" => {
            let p = person(rng, Surnames::Any, None);
            let mut q = person(rng, Surnames::Any, None);
            q.given = other_given(rng, &p.given, false);
            while q.surnames.iter().any(|s| p.surnames.contains(s)) {
                q.surnames = vec![other_surname(rng, &p.surnames[0], false)];
            }
            (p.full(), vec![q.full()], person_flags(false, false))
        }
        "family_member" => {
            let p = person(rng, Surnames::Any, None);
            let relative = Person {
                given: other_given(rng, &p.given, false),
                middle: None,
                ..p.clone()
            };
            (p.full(), vec![relative.full()], person_flags(true, false))
        }
        "same_first_name" => {
            let p = person(rng, Surnames::Single, Some(false));
            let namesake = Person {
                surnames: vec![other_surname(rng, &p.surnames[0], false)],
                ..p.clone()
            };
            (p.full(), vec![namesake.full()], person_flags(true, false))
        }
        "spelling_variant" => {
            // One name in another spelling: the given name or the surname, never both.
            let p = person(rng, Surnames::Single, Some(false));
            let (first, last, first_or_last) = if rng.chance(0.6) {
                let (x, y) = rng.pick(GIVEN_VARIANTS);
                (x.to_owned(), format!("{y} {}", p.surname()), true)
            } else {
                let (x, y) = rng.pick(SURNAME_VARIANTS);
                (format!("{} {x}", p.given), format!("{} {y}", p.given), true)
            };
            let a = if first.contains(' ') {
                first
            } else {
                format!("{first} {}", p.surname())
            };
            (a, vec![last], person_flags(first_or_last, false))
        }
        "equivalent_given" => {
            // One given name in two languages or forms (corp-names' table), same surname.
            let p = person(rng, Surnames::Single, Some(false));
            // A quarter of them with one side respelled as the table does not list it.
            let (x, y) = if rng.chance(0.25) {
                let (x, y) = rng.pick(EQUIVALENTS_RESPELLED);
                (x.to_owned(), y.to_owned())
            } else {
                equivalent_pair(rng)
            };
            (
                format!("{x} {}", p.surname()),
                vec![format!("{y} {}", p.surname())],
                // Scored as a nickname, or as a spelling variant when the two forms also sound alike
                // (`Willem`/`William`): the nickname flag is not checked.
                ExpectedFlags {
                    nickname: None,
                    ..person_flags(true, false)
                },
            )
        }
        "hypocoristic" | "european_pet_form" => {
            // A European short form or pet form against the full name, same surname: scored as a nickname.
            let p = person(rng, Surnames::Single, Some(false));
            let pool = if name == "hypocoristic" {
                HYPOCORISTICS
            } else {
                EUROPEAN_PET_FORMS
            };
            let (x, y) = rng.pick(pool);
            let (x, y) = if rng.chance(0.5) { (x, y) } else { (y, x) };
            (
                format!("{x} {}", p.surname()),
                vec![format!("{y} {}", p.surname())],
                person_flags(true, true),
            )
        }
        "gendered_ending" => {
            // A man's and a woman's form of one European name (relatives), same surname.
            let p = person(rng, Surnames::Single, Some(false));
            let (x, y) = rng.pick(GENDERED_FORMS);
            let (x, y) = if rng.chance(0.5) { (x, y) } else { (y, x) };
            (
                format!("{x} {}", p.surname()),
                vec![format!("{y} {}", p.surname())],
                person_flags(true, false),
            )
        }
        "cross_language_spelling" | "european_sex_pair" => {
            // One given name as two languages spell it (same person), or a man's and a woman's name one `-a`
            // apart (relatives); same surname either way.
            let p = person(rng, Surnames::Single, Some(false));
            let pool = if same {
                CROSS_LANGUAGE_SPELLINGS
            } else {
                EUROPEAN_SEX_PAIRS
            };
            let (x, y) = rng.pick(pool);
            let (x, y) = if rng.chance(0.5) { (x, y) } else { (y, x) };
            (
                format!("{x} {}", p.surname()),
                vec![format!("{y} {}", p.surname())],
                person_flags(true, false),
            )
        }
        "homophone_surname" => {
            let p = person(rng, Surnames::Single, Some(false));
            let (x, y) = rng.pick(HOMOPHONE_SURNAMES);
            (
                format!("{} {x}", p.given),
                vec![format!("{} {y}", p.given)],
                person_flags(true, false),
            )
        }
        "transliterated" => {
            let (native, latin) = rng.pick(TRANSLITERATED);
            (
                native.to_owned(),
                vec![latin.to_owned()],
                ExpectedFlags {
                    first_or_last: None,
                    ..person_flags(false, false)
                },
            )
        }
        "opposite_sex_look_alike" => {
            let p = person(rng, Surnames::Single, Some(false));
            let (x, y) = opposite_sex_pair(rng);
            (
                format!("{x} {}", p.surname()),
                vec![format!("{y} {}", p.surname())],
                person_flags(true, false),
            )
        }
        "look_alike_surname" | "sound_alike_surname" => {
            let p = person(rng, Surnames::Single, Some(false));
            let (x, y) = if name == "look_alike_surname" {
                look_alike_surnames(rng)
            } else {
                sound_alike_surnames(rng)
            };
            (
                format!("{} {x}", p.given),
                vec![format!("{} {y}", p.given)],
                person_flags(true, false),
            )
        }
        "similar_name" => {
            // Another person whose surname starts like this one's (Johnson/Johnston, Wood/Woods, Harris/Harrison),
            // half the time with the same first name too: the hardest negatives a name matcher meets.
            let p = person(rng, Surnames::Single, Some(false));
            let same_given = rng.chance(0.5);
            let given = if same_given {
                p.given.clone()
            } else {
                other_given(rng, &p.given, true)
            };
            let q = Person {
                given,
                surnames: vec![other_surname(rng, &p.surnames[0], true)],
                ..p.clone()
            };
            (
                p.full(),
                vec![q.full()],
                ExpectedFlags {
                    first_or_last: None,
                    ..person_flags(same_given, false)
                },
            )
        }
        "father_son" => {
            let p = person(rng, Surnames::Single, Some(false));
            let (x, y) = if rng.chance(0.5) {
                ("Jr.", "Sr.")
            } else {
                ("II", "III")
            };
            (
                format!("{} {x}", p.full()),
                vec![format!("{} {y}", p.full())],
                person_flags(false, false),
            )
        }
        "different_business" => {
            let (first, second, form) = business(rng);
            let other_second = loop {
                let s = rng.pick(BUSINESS_SECOND);
                if s != second {
                    break s;
                }
            };
            (
                format!("{first} {second} {form}"),
                vec![format!("{first} {other_second} {form}")],
                business_flags,
            )
        }
        _ => {
            let p = person(rng, Surnames::Single, Some(false));
            let spouse = Person {
                given: relative_given(rng, &p.given),
                ..p.clone()
            };
            let child = Person {
                given: relative_given(rng, &p.given),
                ..p.clone()
            };
            (
                p.full(),
                vec![spouse.full(), child.full()],
                person_flags(true, false),
            )
        }
    };
    // Joint accounts list each holder as an owner of their own.
    let swap = b.len() == 1 && rng.chance(0.5);
    let (user, owner_names) = if swap {
        (b[0].clone(), vec![a])
    } else {
        (a, b)
    };
    let owners = owner_names
        .into_iter()
        .map(|n| MatchOwner {
            names: vec![n],
            ..MatchOwner::default()
        })
        .collect();
    Labelled {
        field: Field::Name,
        variation: name,
        same,
        user: MatchUser {
            legal_name: Some(user),
            ..MatchUser::default()
        },
        owners,
        expect: flags,
    }
}

/// (canonical, nickname) pairs from the data set whose canonical name is one of the pool's given names.
static NICKNAME_PAIRS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    nicknames::pairs()
        .into_iter()
        .filter(|(canonical, nick)| {
            GIVEN.iter().any(|g| g.eq_ignore_ascii_case(canonical))
                && nick.len() >= 2
                && nick != canonical
        })
        .collect()
});

/// A nickname pair for a common given name, in either order.
fn nickname_pair(rng: &mut Rng) -> (String, String) {
    let (canonical, nick) = NICKNAME_PAIRS[rng.below(NICKNAME_PAIRS.len())].clone();
    if rng.chance(0.5) {
        (canonical, nick)
    } else {
        (nick, canonical)
    }
}
