//! Beider–Morse Phonetic Matching: whether two spellings can be one name pronounced in some European language
//! (`Josef`/`Joseph`/`Józef`, `Sergei`/`Sergey`, `Mikhail`/`Michail`, `Mathews`/`Matthews`). Double Metaphone
//! reads every word as English; Beider–Morse was designed to match name spellings across languages, with rules
//! that keep vowels and endings apart (`Hall`/`Hill`, `Carl`/`Carla`, `Daniele`/`Daniela` stay two names).
//!
//! The rules are Apache commons-codec's, embedded by the `rphonetic` crate (Apache-2.0, feature `embedded_bm`:
//! the generic name type with its language-independent `any` rules). We use the *exact* rule set: the approximate
//! one folds unstressed vowels and so matches `Mirko`/`Mirka`.
//!
//! Encoding costs tens of microseconds a word, so callers ask only for pairs that cheaper tests left open, and
//! each thread keeps the codes of the words it encoded last (a request compares one user's words with many).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use rphonetic::{BeiderMorse, BeiderMorseBuilder, ConfigFiles, Encoder, NameType, RuleType};

/// Longest word encoded: the rules branch on every ambiguous letter, so the work grows with the length.
const MAX_WORD_CHARS: usize = 14;
/// Words whose codes a thread keeps; the cache is emptied when it is full (bounded memory, no eviction cost).
const CACHE_WORDS: usize = 256;

static RULES: LazyLock<ConfigFiles> = LazyLock::new(ConfigFiles::default);
static ENCODER: LazyLock<BeiderMorse<'static>> = LazyLock::new(|| {
    BeiderMorseBuilder::new(&RULES)
        .name_type(NameType::Generic)
        .rule_type(RuleType::Exact)
        .concat(false)
        .build()
});

thread_local! {
    static CODES: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
}

/// Whether the folded words `a` and `b` share a Beider–Morse pronunciation. Only plain lowercase words up to
/// `MAX_WORD_CHARS` letters are encoded; anything else is not a name these rules describe.
pub(crate) fn same_sound(a: &str, b: &str) -> bool {
    if a == b || !plain(a) || !plain(b) {
        return false;
    }
    CODES.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.len() + 2 > CACHE_WORDS {
            cache.clear();
        }
        codes(&mut cache, a);
        codes(&mut cache, b);
        match (cache.get(a), cache.get(b)) {
            (Some(codes_a), Some(codes_b)) => codes_a.iter().any(|code| codes_b.contains(code)),
            _ => false,
        }
    })
}

/// The pronunciations of `word`, from the cache or encoded now.
fn codes<'c>(cache: &'c mut HashMap<String, Vec<String>>, word: &str) -> &'c [String] {
    cache.entry(word.to_owned()).or_insert_with(|| encode(word))
}

/// The pronunciations of the plain lowercase word `word` (none for anything else), sorted, without repeats.
pub(crate) fn encode(word: &str) -> Vec<String> {
    if !plain(word) {
        return Vec::new();
    }
    // The encoder writes alternatives joined by `|`, and a possible name prefix as `(…)-(…)`.
    let mut codes: Vec<String> = ENCODER
        .encode(word)
        .split(['|', '(', ')', '-'])
        .filter(|code| !code.is_empty())
        .map(str::to_owned)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Whether any pronunciation of `word` satisfies `test`, through this thread's cache (nothing copied).
pub(crate) fn any_code(word: &str, test: impl Fn(&str) -> bool) -> bool {
    if !plain(word) {
        return false;
    }
    CODES.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.len() + 1 > CACHE_WORDS {
            cache.clear();
        }
        codes(&mut cache, word).iter().any(|code| test(code))
    })
}

/// A word the rules describe: plain lowercase letters, not too long to encode cheaply.
fn plain(word: &str) -> bool {
    (2..=MAX_WORD_CHARS).contains(&word.len()) && word.bytes().all(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_across_languages_sound_alike() {
        for (a, b) in [
            ("josef", "joseph"),
            ("jozef", "josef"),
            ("sergei", "sergey"),
            ("mikhail", "michail"),
            ("katherine", "catherine"),
            ("mathews", "matthews"),
            ("jon", "john"),
        ] {
            assert!(same_sound(a, b), "{a} / {b}");
            assert!(same_sound(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn different_names_do_not() {
        for (a, b) in [
            ("hall", "hill"),
            ("baker", "barker"),
            ("mason", "carson"),
            ("carl", "carla"),
            ("daniel", "danielle"),
            ("daniele", "daniela"),
            ("mirko", "mirka"),
            ("simone", "simona"),
            ("jan", "jana"),
            ("dean", "dennis"),
            ("josef", "josef"),
            ("", "a"),
            ("jose", "José"),
            (
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
            ),
        ] {
            assert!(!same_sound(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn the_cache_stays_bounded() {
        for i in 0..(3 * CACHE_WORDS) {
            let word: String = format!("{i}")
                .bytes()
                .map(|d| char::from(b'a' + (d - b'0')))
                .collect();
            let _ = same_sound(&format!("{word}son"), "johnson");
        }
        CODES.with(|cell| assert!(cell.borrow().len() <= CACHE_WORDS));
    }
}
