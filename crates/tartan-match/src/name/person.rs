//! Person-name scoring: aligns first name, surname and middle names of two parsed names and turns the differences
//! into Plaid's bands. A pair scores 100 only when the normalised words are identical; every tolerated difference
//! costs a fixed number of points (the table in `docs/identity-match.md`), and a missing first or last name sends
//! the pair below 70 whatever else agrees.

use super::parse::ParsedName;
use super::spelling::{Kinship, Role, kinship, listed_given, opposite_sex_look_alike, other_sexes};
use crate::text::{graded, is_concat, similarity};
use crate::{equivalents, hypocoristics, nicknames};

/// A person-name comparison: Plaid's score and the two person flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Outcome {
    pub score: u8,
    pub first_or_last: bool,
    pub nickname: bool,
}

/// How two first names (or two middle names) correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    Exact,
    /// "Maryann" against "Mary Ann".
    Joined,
    Nickname,
    Initial,
    /// Another spelling of the same name ("Katherine" against "Catherine").
    Variant,
    Typo(usize),
}

impl Given {
    fn penalty(self) -> u32 {
        match self {
            Given::Exact => 0,
            Given::Joined => 1,
            Given::Variant => SPELLING_VARIANT,
            Given::Typo(1) => 8,
            Given::Nickname | Given::Initial => 10,
            Given::Typo(_) => 15,
        }
    }
}

/// How two surnames correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Surname {
    Exact,
    /// "Smithjones" against "Smith Jones".
    Joined,
    /// One side carries only one part of a double surname ("García" against "García López").
    PartOfDouble,
    /// Another spelling of the same surname ("Smyth" against "Smith").
    Variant,
    Typo(usize),
}

impl Surname {
    fn penalty(self) -> u32 {
        match self {
            Surname::Exact => 0,
            Surname::Joined => 1,
            Surname::Variant => SPELLING_VARIANT,
            Surname::PartOfDouble => 7,
            Surname::Typo(1) => 8,
            Surname::Typo(_) => 15,
        }
    }
}

/// Penalty for one initialed or corrected middle name, for a middle name present on one side only (up to two),
/// for a dropped part of a hyphenated surname, and for two different middle names.
const MIDDLE_INITIAL: u32 = 1;
const MIDDLE_FUZZY: u32 = 2;
const MIDDLE_EXTRA: u32 = 1;
const SURNAME_PART_DROPPED: u32 = 7;
const MIDDLE_CONFLICT: u32 = 15;
/// One name in another spelling: costs what one typo costs (Plaid's 90–94 band).
const SPELLING_VARIANT: u32 = 8;
/// Reading one name in reversed order ("Chen Li" against "Li Chen").
const REVERSED_ORDER: u32 = 1;
/// A first name found in the other name's middle position, after an initial (a person going by the middle name),
/// on top of how the names themselves compare.
const VIA_MIDDLE: u32 = 4;

/// One reading of a name's words: as written, or with the leading surname block moved to the end.
struct View<'a> {
    words: Vec<&'a str>,
    hyphen: Vec<bool>,
}

impl<'a> View<'a> {
    fn natural(name: &'a ParsedName) -> Self {
        View {
            words: name.words.iter().map(String::as_str).collect(),
            hyphen: name.hyphen.clone(),
        }
    }

    /// "Chen Li", "Smith John Michael", "García-López María": surname first, moved to the end.
    fn reversed(&self) -> Option<Self> {
        let block_end = self.hyphen.iter().position(|h| !h)?;
        if block_end + 1 >= self.words.len() {
            return None;
        }
        let mut words = self.words[block_end + 1..].to_vec();
        words.extend_from_slice(&self.words[..=block_end]);
        let mut hyphen = self.hyphen[block_end + 1..].to_vec();
        if let Some(last) = hyphen.last_mut() {
            *last = false;
        }
        hyphen.extend_from_slice(&self.hyphen[..=block_end]);
        Some(View { words, hyphen })
    }

    /// Whether the word at `i` is hyphen-linked through to the last word (part of a compound surname).
    fn in_surname_block(&self, i: usize) -> bool {
        i + 1 < self.words.len() && self.hyphen[i..self.words.len() - 1].iter().all(|h| *h)
    }
}

/// Scores two person names, trying the reversed reading of each unless a comma fixed its order.
pub(crate) fn score(a: &ParsedName, b: &ParsedName) -> Outcome {
    let (va, vb) = (View::natural(a), View::natural(b));
    let (mut best, _) = compare(&va, &vb, 0);
    let reversed_a = a.reorderable.then(|| va.reversed()).flatten();
    let reversed_b = b.reorderable.then(|| vb.reversed()).flatten();
    let candidates = [
        reversed_a.map(|ra| compare(&ra, &vb, REVERSED_ORDER)),
        reversed_b.map(|rb| compare(&va, &rb, REVERSED_ORDER)),
    ];
    // A reversed reading counts only when it aligns both first name and surname: otherwise it would just be a
    // second chance for unrelated words to look alike.
    for (candidate, aligned) in candidates.into_iter().flatten() {
        if aligned && candidate.score > best.score {
            best = candidate;
        }
    }
    match (a.generation, b.generation) {
        // Father and son share every other word of their names.
        (Some(x), Some(y)) if x != y => best.score = best.score.min(60),
        (Some(_), None) | (None, Some(_)) => best.score = best.score.saturating_sub(3),
        _ => {}
    }
    best
}

/// Compares two readings; the flag says whether both first name and surname found a counterpart.
fn compare(u: &View<'_>, v: &View<'_>, order_penalty: u32) -> (Outcome, bool) {
    let (n, m) = (u.words.len(), v.words.len());
    if n == 1 || m == 1 {
        return (mononym(u, v), false);
    }
    let mut used_u = vec![false; n];
    let mut used_v = vec![false; m];
    let given = match_given(u, v, &mut used_u, &mut used_v);
    // A reversed reading counts only when it aligns (see `score`): one that cannot skips the rest.
    let unaligned = (Outcome::default(), false);
    if order_penalty > 0 && given.is_none() {
        return unaligned;
    }
    let surname = match_surname(u, v, &mut used_u, &mut used_v, order_penalty == 0);
    if order_penalty > 0 && surname.is_none() {
        return unaligned;
    }
    let first_eq = matches!(given, Some((Given::Exact | Given::Joined, _)));
    let last_eq = matches!(
        surname,
        Some(Surname::Exact | Surname::Joined | Surname::PartOfDouble)
    );
    let nickname = matches!(given, Some((Given::Nickname, _)));
    let first_or_last = first_eq != last_eq;
    let score = match (given, surname) {
        (Some((g, extra)), Some(s)) => {
            let penalty =
                g.penalty() + extra + s.penalty() + middles(u, v, &used_u, &used_v) + order_penalty;
            u8::try_from(100u32.saturating_sub(penalty)).unwrap_or(0)
        }
        // A relative: same family name, another first name.
        (None, Some(s)) => {
            graded(50, 15, similarity(u.words[0], v.words[0])).saturating_sub(half(s.penalty()))
        }
        // A namesake: same first name, another family name. Only an exact first name earns the upper part of
        // the band, so a reversed reading cannot outscore the natural one on a fuzzy first name.
        (Some((g, _)), None) => {
            let base = if g == Given::Exact { 40 } else { 30 };
            graded(base, 15, similarity(u.words[n - 1], v.words[m - 1]))
        }
        (None, None) => graded(0, 45, similarity(&u.words.join(" "), &v.words.join(" "))),
    };
    (
        Outcome {
            score,
            first_or_last,
            nickname,
        },
        given.is_some() && surname.is_some(),
    )
}

fn half(penalty: u32) -> u8 {
    u8::try_from(penalty / 2).unwrap_or(u8::MAX)
}

fn word_match(x: &str, y: &str) -> Option<Given> {
    if x == y {
        Some(Given::Exact)
    } else if nicknames::related(x, y) && !opposite_sex_look_alike(x, y) {
        Some(Given::Nickname)
    } else if let Some(kin) = kinship(x, y, Role::Given) {
        Some(match kin {
            Kinship::Variant => Given::Variant,
            Kinship::ShortForm => Given::Nickname,
            Kinship::Typo(edits) => Given::Typo(edits),
        })
    } else if equivalents::same_name(x, y) && !opposite_sex_look_alike(x, y) {
        // The same name in another language (`Wilhelm`/`William`): counted as a nickname, after the spelling
        // tests so that `Marc`/`Mark` stays a spelling variant. Not between names two edits apart or less that
        // the lists give to opposite sexes, as for the nickname set (`Nicolas`/`Nicola`, `Gabriel`/`Gabriele`:
        // an Italian man's name, but an English and a German woman's); the cost is the Italian `Daniele`, which
        // the US lists give to women, against `Daniel`.
        Some(Given::Nickname)
    } else if hypocoristics::same_name(x, y, spelled_alike)
        && ((hypocoristics::pet_of(x, y, |n| !listed_given(n)) && !opposite_sex_look_alike(x, y))
            || !other_sexes(x, y))
    {
        // A European pet form of the name or of one of its translations (`Sepp`/`Josef`, `Gosia`/`Margaret`),
        // unless the US lists or the sex endings say the two are a man's and a woman's name: `Tonda` (Czech, for
        // `Antonín`) is a woman's name in the US, `Franek` (Polish, for `Franciszek`) and `Franka` are a brother's
        // and a sister's. A pet form the table gives for this very name (or for its translation, against a name
        // the US lists lack) is taken at the table's word, as nicknames are, unless the two are spelled two edits
        // apart or less (`Ira`/`Irina`): `Andi`/`Andreas`, `Toni`/`Anton`, `Laci`/`László`, which the US lists
        // read as women's names. The cost left: `Sasha`/`Alexander` (a translation, and an American name).
        Some(Given::Nickname)
    } else if equivalents::same_name_by_sound(x, y) && !other_sexes(x, y) {
        // A spelling the table lacks of a name it lists in another language (`Michail`/`Michael`).
        Some(Given::Nickname)
    } else if (x.len() == 1 && y.starts_with(x)) || (y.len() == 1 && x.starts_with(y)) {
        Some(Given::Initial)
    } else {
        None
    }
}

/// Two given names that are one name spelled another way, or one the equivalents table reaches by sound
/// (`Mikhail`/`Michail`, `Natalya`/`Natalja`): how a pet form's full name meets the other side's spelling.
fn spelled_alike(x: &str, y: &str) -> bool {
    kinship(x, y, Role::Given) == Some(Kinship::Variant)
        || (equivalents::same_name_by_sound(x, y) && !other_sexes(x, y))
}

/// The best first-name correspondence and its extra penalty, marking the words it uses.
fn match_given(
    u: &View<'_>,
    v: &View<'_>,
    used_u: &mut [bool],
    used_v: &mut [bool],
) -> Option<(Given, u32)> {
    let (n, m) = (u.words.len(), v.words.len());
    // (kind, extra penalty, words of u used, words of v used)
    let mut options: Vec<(Given, u32, Vec<usize>, Vec<usize>)> = Vec::new();
    if let Some(kind) = word_match(u.words[0], v.words[0]) {
        options.push((kind, 0, vec![0], vec![0]));
    }
    if n >= 3 && is_concat(v.words[0], u.words[0], u.words[1]) {
        options.push((Given::Joined, 0, vec![0, 1], vec![0]));
    }
    if m >= 3 && is_concat(u.words[0], v.words[0], v.words[1]) {
        options.push((Given::Joined, 0, vec![0], vec![0, 1]));
    }
    // Going by the middle name ("J. Michael Smith" as "Michael Smith") is accepted only after an initial: a
    // written-out first name that the other side lacks is as likely a relative.
    if n >= 3
        && u.words[0].len() == 1
        && let Some(kind) = word_match(u.words[1], v.words[0]).filter(|k| *k != Given::Initial)
    {
        options.push((kind, VIA_MIDDLE, vec![0, 1], vec![0]));
    }
    if m >= 3
        && v.words[0].len() == 1
        && let Some(kind) = word_match(u.words[0], v.words[1]).filter(|k| *k != Given::Initial)
    {
        options.push((kind, VIA_MIDDLE, vec![0], vec![0, 1]));
    }
    let (kind, extra, on_u, on_v) = options
        .into_iter()
        .min_by_key(|(k, extra, _, _)| k.penalty() + extra)?;
    on_u.into_iter().for_each(|i| used_u[i] = true);
    on_v.into_iter().for_each(|i| used_v[i] = true);
    Some((kind, extra))
}

/// The best surname correspondence, marking the words it uses.
/// Double surnames are recognised in the natural reading only: reversing a name moves its first word, which
/// would otherwise be taken for a dropped surname part.
fn match_surname(
    u: &View<'_>,
    v: &View<'_>,
    used_u: &mut [bool],
    used_v: &mut [bool],
    allow_double: bool,
) -> Option<Surname> {
    let (n, m) = (u.words.len(), v.words.len());
    let (lu, lv) = (u.words[n - 1], v.words[m - 1]);
    let mut options: Vec<(Surname, Option<usize>, Option<usize>)> = Vec::new();
    if lu == lv {
        options.push((Surname::Exact, None, None));
    } else if let Some(kin) = kinship(lu, lv, Role::Surname) {
        let kind = match kin {
            Kinship::Variant | Kinship::ShortForm => Surname::Variant,
            Kinship::Typo(edits) => Surname::Typo(edits),
        };
        options.push((kind, None, None));
    }
    if n >= 3 && !used_u[n - 2] {
        if is_concat(lv, u.words[n - 2], lu) {
            options.push((Surname::Joined, Some(n - 2), None));
        }
        if allow_double && u.words[n - 2] == lv {
            options.push((Surname::PartOfDouble, Some(n - 2), None));
        }
    }
    if m >= 3 && !used_v[m - 2] {
        if is_concat(lu, v.words[m - 2], lv) {
            options.push((Surname::Joined, None, Some(m - 2)));
        }
        if allow_double && v.words[m - 2] == lu {
            options.push((Surname::PartOfDouble, None, Some(m - 2)));
        }
    }
    let (kind, on_u, on_v) = options.into_iter().min_by_key(|(k, _, _)| k.penalty())?;
    used_u[n - 1] = true;
    used_v[m - 1] = true;
    on_u.into_iter().for_each(|i| used_u[i] = true);
    on_v.into_iter().for_each(|i| used_v[i] = true);
    Some(kind)
}

/// Which word correspondences a middle-name matching stage accepts, and what each costs.
type Stage = (fn(Given) -> bool, u32);

/// Penalty for the words left between first name and surname: matched in stages (exact, then initials, then
/// nicknames and typos) so the result does not depend on which side is which.
fn middles(u: &View<'_>, v: &View<'_>, used_u: &[bool], used_v: &[bool]) -> u32 {
    let mut left_u: Vec<usize> = (0..u.words.len()).filter(|i| !used_u[*i]).collect();
    let mut left_v: Vec<usize> = (0..v.words.len()).filter(|i| !used_v[*i]).collect();
    let mut penalty = 0;
    let stages: [Stage; 3] = [
        (|k| k == Given::Exact, 0),
        (|k| k == Given::Initial, MIDDLE_INITIAL),
        (
            |k| matches!(k, Given::Nickname | Given::Variant | Given::Typo(_)),
            MIDDLE_FUZZY,
        ),
    ];
    for (accept, cost) in stages {
        left_u.retain(|&i| {
            let found = left_v
                .iter()
                .position(|&j| word_match(u.words[i], v.words[j]).is_some_and(accept));
            if let Some(at) = found {
                left_v.remove(at);
                penalty += cost;
            }
            found.is_none()
        });
    }
    if !left_u.is_empty() && !left_v.is_empty() {
        return penalty + MIDDLE_CONFLICT;
    }
    let (view, left) = if left_u.is_empty() {
        (v, &left_v)
    } else {
        (u, &left_u)
    };
    let dropped_part = left.iter().any(|&i| view.in_surname_block(i));
    let extras = u32::try_from(left.iter().filter(|&&i| !view.in_surname_block(i)).count())
        .unwrap_or(u32::MAX);
    penalty
        + extras.min(2) * MIDDLE_EXTRA
        + if dropped_part {
            SURNAME_PART_DROPPED
        } else {
            0
        }
}

/// One side is a single word ("Madonna"): it can at best confirm one part of the other name.
fn mononym(u: &View<'_>, v: &View<'_>) -> Outcome {
    let (n, m) = (u.words.len(), v.words.len());
    if n == 1 && m == 1 {
        let kind = word_match(u.words[0], v.words[0]);
        let score = match kind {
            Some(k) if k != Given::Initial => u8::try_from(100 - k.penalty()).unwrap_or(0),
            _ => graded(0, 45, similarity(u.words[0], v.words[0])),
        };
        return Outcome {
            score,
            first_or_last: false,
            nickname: kind == Some(Given::Nickname),
        };
    }
    let (single, other) = if n == 1 {
        (u.words[0], v)
    } else {
        (v.words[0], u)
    };
    let ends = [other.words[0], other.words[other.words.len() - 1]];
    if ends.contains(&single) {
        return Outcome {
            score: 60,
            first_or_last: true,
            nickname: false,
        };
    }
    let close = ends
        .iter()
        .any(|w| word_match(single, w).is_some_and(|k| k != Given::Initial));
    let score = if close {
        55
    } else {
        graded(0, 45, similarity(single, &other.words.join(" ")))
    };
    Outcome {
        score,
        first_or_last: false,
        nickname: false,
    }
}
