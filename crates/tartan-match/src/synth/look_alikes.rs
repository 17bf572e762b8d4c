//! Tuning pairs for the name knowledge: curated spelling variants and transliterations of one name (positives),
//! and different names that look alike (negatives): first names of the other sex a letter or two away, drawn from
//! the census lists (Carl/Carla, Daniel/Danielle), and curated surnames (Hall/Hill, Baker/Barker).

use std::sync::LazyLock;

use super::Rng;
use super::names::capitalised;
use crate::census::{self, Sex};

/// One given name in two spellings, both in use.
pub(super) const GIVEN_VARIANTS: &[(&str, &str)] = &[
    ("Katherine", "Catherine"),
    ("Kathryn", "Katherine"),
    ("Steven", "Stephen"),
    ("Sara", "Sarah"),
    ("Brian", "Bryan"),
    ("Philip", "Phillip"),
    ("Ann", "Anne"),
    ("Marc", "Mark"),
    ("Eric", "Erik"),
    ("Teresa", "Theresa"),
    ("Nicolas", "Nicholas"),
    ("Matthew", "Mathew"),
    ("Allan", "Alan"),
    ("Rebecca", "Rebekah"),
    ("Jeffery", "Jeffrey"),
    ("Tracy", "Tracey"),
    ("Lindsay", "Lindsey"),
    ("Zachary", "Zackary"),
    ("Carolyn", "Carolynn"),
    ("Isabel", "Isabelle"),
];

/// One surname in two spellings.
pub(super) const SURNAME_VARIANTS: &[(&str, &str)] = &[
    ("Smith", "Smyth"),
    ("Thompson", "Thomson"),
    ("Phillips", "Philips"),
    ("Clark", "Clarke"),
    ("Meyer", "Meier"),
    ("Schmidt", "Schmitt"),
    ("Anderson", "Andersen"),
    ("Peterson", "Petersen"),
];

/// A name in its own script and the Latin spelling on a passport or bank record.
pub(super) const TRANSLITERATED: &[(&str, &str)] = &[
    ("Дмитрий Иванов", "Dmitriy Ivanov"),
    ("Ольга Смирнова", "Olga Smirnova"),
    ("Сергей Кузнецов", "Sergey Kuznetsov"),
    ("Андрій Шевченко", "Andriy Shevchenko"),
    ("Наталья Попова", "Natalya Popova"),
    ("Алексей Соколов", "Aleksey Sokolov"),
    ("Юлия Морозова", "Yuliya Morozova"),
    ("Νικόλαος Παπαδόπουλος", "Nikolaos Papadopoulos"),
    ("Ελένη Γεωργίου", "Eleni Georgiou"),
    ("Γιώργος Οικονόμου", "Giorgos Oikonomou"),
];

/// Different surnames a letter or two apart (census one-edit neighbours are often spellings of one family name,
/// Matthews/Mathews, so these are curated).
const DISTINCT_SURNAMES: &[(&str, &str)] = &[
    ("Hall", "Hill"),
    ("Baker", "Barker"),
    ("Mason", "Carson"),
    ("Wood", "Woods"),
    ("Johnson", "Johnston"),
    ("Price", "Prince"),
    ("Bell", "Ball"),
    ("Long", "Lang"),
    ("Walker", "Walter"),
    ("Rose", "Ross"),
    ("Lane", "Lake"),
    ("Wade", "Ward"),
    ("Barnes", "Burns"),
    ("Fox", "Cox"),
    ("Hale", "Hall"),
    ("Hart", "Hunt"),
    ("Rice", "Rich"),
    ("Harmon", "Hartman"),
    ("Powell", "Howell"),
    ("Parks", "Parker"),
    ("Mills", "Miles"),
    ("Holt", "Hoyt"),
    ("Byrd", "Boyd"),
    ("Dean", "Dunn"),
    ("Frank", "Franks"),
];

/// Census first names of opposite clear sexes, at most two edits apart and sharing their first three letters.
static OPPOSITE_SEX: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let named: Vec<(&str, Sex)> = census::given_names()
        .filter_map(|n| Some((n, census::given_sex(n)?)))
        .collect();
    let mut pairs = Vec::new();
    for (i, (a, sa)) in named.iter().enumerate() {
        for (b, sb) in &named[i + 1..] {
            let close = a.len() >= 4 && a.get(..3) == b.get(..3) && strsim::osa_distance(a, b) <= 2;
            if sa != sb && close {
                pairs.push((capitalised(a), capitalised(b)));
            }
        }
    }
    pairs.sort();
    pairs
});

pub(super) fn opposite_sex_pair(rng: &mut Rng) -> (String, String) {
    OPPOSITE_SEX[rng.below(OPPOSITE_SEX.len())].clone()
}

pub(super) fn look_alike_surnames(rng: &mut Rng) -> (String, String) {
    let (a, b) = rng.pick(DISTINCT_SURNAMES);
    (a.to_owned(), b.to_owned())
}
