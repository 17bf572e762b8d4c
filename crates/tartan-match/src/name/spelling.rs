//! Whether two different name words are one name written another way or two names: the knowledge that string
//! distance lacks. "Hall"/"Hill" and "Baker"/"Barker" are one edit apart yet both are common surnames, so they are
//! two families; "Katherine"/"Catherine" and "Steven"/"Stephen" sound alike with the same vowels, so they are one
//! name spelled twice; "Daniel"/"Danielle" and "Carl"/"Carla" sound alike but are given to men and to women.
//!
//! Sound comes from Double Metaphone (`rphonetic`), frequency and sex from the Census lists (`crate::census`), and
//! given names the nickname data set lists separately also count as two names.

use std::sync::LazyLock;

use rphonetic::DoubleMetaphone;

use crate::census::{self, Sex};
use crate::nicknames;
use crate::text::typo_edits;

/// Whether a word is read as a first (or middle) name or as a surname: each has its own frequency list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Given,
    Surname,
}

/// How two different words that are not nicknames of each other can still be one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kinship {
    /// Same sounds, same vowels: another spelling of the same name.
    Variant,
    /// This many edits apart, and not two established names.
    Typo(usize),
}

/// Two listed names count as distinct names only when neither is this many times rarer than the other: a census
/// entry fifty times rarer than its look-alike ("Myres" 1, "Myers" 83) is as likely a recorded misspelling of it.
const ESTABLISHED_RATIO: u32 = 50;

/// Longest code compared: long enough that "Christopher" and "Christophe" keep apart.
const CODE_LENGTH: usize = 10;

static METAPHONE: LazyLock<DoubleMetaphone> =
    LazyLock::new(|| DoubleMetaphone::new(Some(CODE_LENGTH)));

/// How `a` and `b` (folded, different, not nickname-related) can be one name in `role`, if at all.
pub(crate) fn kinship(a: &str, b: &str, role: Role) -> Option<Kinship> {
    if role == Role::Given && (opposite_sex(a, b) || (!same_sex(a, b) && gendered_pair(a, b))) {
        return None;
    }
    let established = established_pair(a, b, role);
    // Only words of plain letters with similar lengths can be one name respelled; those tests are free, the
    // phonetic codes are not.
    let comparable = a.len().abs_diff(b.len()) <= 3
        && plain_letters(a)
        && plain_letters(b)
        && opening_sound(a) == opening_sound(b);
    if comparable && same_vowels(a, b, established) && sound_alike(a, b) {
        return Some(Kinship::Variant);
    }
    let edits = typo_edits(a, b)?;
    (!established).then_some(Kinship::Typo(edits))
}

/// Both first names clearly belong to different sexes (Daniel/Danielle, Francis/Frances).
fn opposite_sex(a: &str, b: &str) -> bool {
    matches!(
        (census::given_sex(a), census::given_sex(b)),
        (Some(Sex::Male), Some(Sex::Female)) | (Some(Sex::Female), Some(Sex::Male))
    )
}

/// Both first names are listed and clearly given to the same sex ("Ann"/"Anne").
fn same_sex(a: &str, b: &str) -> bool {
    let sex = census::given_sex(a);
    sex.is_some() && sex == census::given_sex(b)
}

/// Endings that make a woman's name from a man's in European languages (Carl → Carla, Louis → Louise,
/// Gabriel → Gabrielle, Yvon → Yvonne, Henri → Henriette, Paulin → Pauline).
const FEMININE_ENDINGS: &[&str] = &["a", "e", "le", "ne", "ette", "ine", "ina"];

/// One name is the other's form for the other sex: a feminine ending added, or Italian/Spanish `-o` against
/// `-a` (Mario/Maria, Alessio/Alessia). Told by shape, so it holds for names the census lists do not carry.
fn gendered_pair(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let ending_added = short.len() >= 3
        && long
            .strip_prefix(short)
            .is_some_and(|ending| FEMININE_ENDINGS.contains(&ending));
    let o_to_a = |x: &str, y: &str| {
        x.strip_suffix('o')
            .zip(y.strip_suffix('a'))
            .is_some_and(|(stem_x, stem_y)| stem_x.len() >= 3 && stem_x == stem_y)
    };
    ending_added || o_to_a(a, b) || o_to_a(b, a)
}

/// Both words are names in their own right: listed in the census with comparable frequency, or (given names)
/// listed separately in the nickname data set.
fn established_pair(a: &str, b: &str, role: Role) -> bool {
    let frequency = match role {
        Role::Given => census::given_frequency,
        Role::Surname => census::surname_frequency,
    };
    let (fa, fb) = (frequency(a), frequency(b));
    let in_census = fa > 0 && fb > 0 && fa.max(fb) <= fa.min(fb).saturating_mul(ESTABLISHED_RATIO);
    in_census || (role == Role::Given && nicknames::is_known(a) && nicknames::is_known(b))
}

/// Two or more unaccented Latin letters and nothing else: what Double Metaphone describes.
fn plain_letters(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|c| c.is_ascii_lowercase())
}

/// A coarse class of the sound a word opens with, so that only words that may start alike reach Double
/// Metaphone: `Catherine`/`Katherine`, `Geoffrey`/`Jeffrey`, `Phillip`/`Filip` share one.
fn opening_sound(word: &str) -> u8 {
    match word.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'y') => b'a',
        Some(b'c' | b'k' | b'q' | b's' | b'z' | b'x') => b'k',
        Some(b'g' | b'j') => b'j',
        Some(b'f' | b'p') => b'f',
        Some(b'v' | b'w') => b'v',
        Some(&other) => other,
        None => 0,
    }
}

/// Same Double Metaphone code, primary or alternate.
fn sound_alike(a: &str, b: &str) -> bool {
    let (x, y) = (METAPHONE.double_metaphone(a), METAPHONE.double_metaphone(b));
    let (xp, xa, yp, ya) = (x.primary(), x.alternate(), y.primary(), y.alternate());
    !xp.is_empty() && (xp == yp || xp == ya || xa == yp)
}

/// Double Metaphone ignores vowels after the first letter, so "Hall" and "Hill" share a code. A spelling variant
/// keeps the vowel sounds: the first vowel group must agree, and for two established names every group must,
/// except that one may drop an unstressed middle one ("Barbara"/"Barbra", "Katherine"/"Kathryn") and names of two
/// or more syllables may differ in the vowel of their last syllable, which English reduces to a schwa
/// ("Anderson"/"Andersen", "Allen"/"Alan"); a final vowel added or
/// dropped often marks another name ("Christina"/"Christine", "Carol"/"Carl").
fn same_vowels(a: &str, b: &str, established: bool) -> bool {
    // Most pairs differ in their first vowel; telling that costs no allocation. A word without vowels is no
    // spelling of another.
    if first_vowels(a).next().is_none() || !first_vowels(a).eq(first_vowels(b)) {
        return false;
    }
    let (va, vb) = (vowel_groups(a), vowel_groups(b));
    if va.first() != vb.first() {
        return false;
    }
    !established
        || va == vb
        || middle_group_dropped(&va, &vb)
        || middle_group_dropped(&vb, &va)
        || (va.len() >= 2 && va.len() == vb.len() && va[..va.len() - 1] == vb[..vb.len() - 1])
}

/// `short` is `long` with exactly one group, neither the first nor the last, left out.
fn middle_group_dropped(long: &[String], short: &[String]) -> bool {
    long.len() == short.len() + 1
        && (1..long.len() - 1).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, g)| g)
                .eq(short.iter())
        })
}

/// The word's vowel groups in order: `y` after the first letter reads as `i`, a doubled vowel as one, a final
/// silent `e` after a consonant is dropped (in one syllable marking the vowel before it long: "Hale" → a:), and the final `-ey`/`-ie` read `i` like `-y` ("Catherine" → a, e, i;
/// "Stephen" → e, e; "Tracey" → a, i).
fn vowel_groups(word: &str) -> Vec<String> {
    let word = word
        .strip_suffix("ey")
        .or_else(|| word.strip_suffix("ie"))
        .map_or_else(|| word.to_owned(), |stem| format!("{stem}i"));
    let chars: Vec<char> = word.chars().collect();
    let mut groups: Vec<String> = Vec::new();
    let mut in_group = false;
    for (i, &c) in chars.iter().enumerate() {
        let vowel = match c {
            'a' | 'e' | 'i' | 'o' | 'u' => Some(c),
            'y' if i > 0 => Some('i'),
            _ => None,
        };
        let silent_final_e = c == 'e' && i + 1 == chars.len() && i > 0 && !in_group;
        match vowel {
            Some(v) if !silent_final_e => {
                if !in_group {
                    groups.push(String::new());
                }
                if let Some(group) = groups.last_mut()
                    && !group.ends_with(v)
                {
                    group.push(v);
                }
                in_group = true;
            }
            _ => in_group = false,
        }
        // In a one-syllable name a silent final `e` after a single consonant lengthens the vowel: "Hale" is not
        // "Hall", "Rose" is not "Ross".
        let lengthening =
            silent_final_e && i >= 2 && !is_vowel(chars[i - 1]) && is_vowel(chars[i - 2]);
        if lengthening && groups.len() == 1 {
            groups[0].push(':');
        }
    }
    groups
}

/// The first vowel group as [`vowel_groups`] reads it (`y` after the first letter as `i`, doubled vowels once),
/// without allocating.
fn first_vowels(word: &str) -> impl Iterator<Item = char> + '_ {
    let vowel = |(i, c): (usize, char)| match c {
        'a' | 'e' | 'i' | 'o' | 'u' => Some(c),
        'y' if i > 0 => Some('i'),
        _ => None,
    };
    let mut last = None;
    word.chars()
        .enumerate()
        .skip_while(move |&p| vowel(p).is_none())
        .map_while(vowel)
        .filter(move |&c| {
            let repeat = last == Some(c);
            last = Some(c);
            !repeat
        })
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_of_one_name_are_variants() {
        for (a, b) in [
            ("katherine", "catherine"),
            ("steven", "stephen"),
            ("sara", "sarah"),
            ("brian", "bryan"),
            ("smith", "smyth"),
            ("barbara", "barbra"),
            ("katherine", "kathryn"),
            ("ann", "anne"),
            ("tracy", "tracey"),
            ("jeffery", "jeffrey"),
            ("anderson", "andersen"),
            ("allen", "alan"),
        ] {
            let role = if a == "smith" {
                Role::Surname
            } else {
                Role::Given
            };
            assert_eq!(kinship(a, b, role), Some(Kinship::Variant), "{a} / {b}");
            assert_eq!(kinship(b, a, role), Some(Kinship::Variant), "{b} / {a}");
        }
    }

    #[test]
    fn look_alike_names_are_two_names() {
        let cases = [
            ("hall", "hill", Role::Surname),
            ("baker", "barker", Role::Surname),
            ("mason", "carson", Role::Surname),
            ("wood", "woods", Role::Surname),
            ("hale", "hall", Role::Surname),
            ("rose", "ross", Role::Surname),
            ("johnson", "johnston", Role::Surname),
            ("daniel", "danielle", Role::Given),
            ("carl", "carla", Role::Given),
            ("dean", "dennis", Role::Given),
            ("dean", "dan", Role::Given),
            ("francis", "frances", Role::Given),
            ("christina", "christine", Role::Given),
            ("carol", "carl", Role::Given),
            ("adnan", "adnana", Role::Given),
            ("alessio", "alessia", Role::Given),
            ("yvon", "yvonne", Role::Given),
        ];
        for (a, b, role) in cases {
            assert_eq!(kinship(a, b, role), None, "{a} / {b}");
            assert_eq!(kinship(b, a, role), None, "{b} / {a}");
        }
    }

    #[test]
    fn misspellings_of_a_name_stay_one_name() {
        let cases = [
            ("johnson", "jonhson", Role::Surname),
            ("alberta", "alerta", Role::Given),
            ("charleson", "charlesno", Role::Surname),
            ("jennifer", "jenifer", Role::Given),
        ];
        for (a, b, role) in cases {
            assert!(kinship(a, b, role).is_some(), "{a} / {b}");
        }
    }

    #[test]
    fn words_in_other_scripts_are_no_kin_and_do_not_panic() {
        assert_eq!(kinship("王伟", "王伟a", Role::Given), None);
        assert_eq!(kinship("伟o", "伟a", Role::Given), None);
    }

    #[test]
    fn vowel_groups_read_y_doubles_and_silent_e() {
        assert_eq!(vowel_groups("catherine"), ["a", "e", "i"]);
        assert_eq!(vowel_groups("hale"), ["a:"]);
        assert_eq!(vowel_groups("anne"), ["a"]);
        assert_eq!(vowel_groups("stephen"), ["e", "e"]);
        assert_eq!(vowel_groups("reed"), ["e"]);
        assert_eq!(vowel_groups("yvonne"), ["o"]);
        assert_eq!(vowel_groups("lee"), ["e"]);
    }
}
