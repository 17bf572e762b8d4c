//! Tuning pairs for the name knowledge: curated spelling variants, homophone surnames and transliterations of one
//! name, and one given name in two languages drawn from the equivalents table (positives); different names that
//! look alike (negatives): first names of the other sex a letter or two away, drawn from the census lists and the
//! SSA first-name list (Carl/Carla, Daniel/Danielle, Jaylen/Jayla), and curated surnames (Hall/Hill, Baker/Barker;
//! Lee/Lay, Paul/Pool, which Beider–Morse pronounces alike).

use std::sync::LazyLock;

use super::Rng;
use super::names::capitalised;
use crate::census::{self, Sex};
use crate::{equivalents, given};

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

/// One surname spelled two ways that English speakers pronounce alike (curated: silent letters, `Mc`/`Mac`,
/// `ei`/`ee`, `ay`/`ey`, a silent final `e`).
pub(super) const HOMOPHONE_SURNAMES: &[(&str, &str)] = &[
    ("Thompson", "Thomson"),
    ("Reid", "Reed"),
    ("Gray", "Grey"),
    ("McDonald", "MacDonald"),
    ("McKenzie", "Mackenzie"),
    ("Lowe", "Low"),
    ("Cooke", "Cook"),
    ("Greene", "Green"),
    ("Browne", "Brown"),
    ("Wolfe", "Wolf"),
    ("Neal", "Neil"),
    ("Matthews", "Mathews"),
    ("Mathis", "Matthis"),
    ("Dunne", "Dunn"),
    ("Rowe", "Row"),
    ("Burke", "Burk"),
    // Census surnames Beider–Morse also pronounces alike, spelled two ways for one sound: a long vowel
    // (`ee`/`ie`, `au`/`ou`), German `tz`/`z`, a silent `e` in `-yes`.
    ("Greer", "Grier"),
    ("Daugherty", "Dougherty"),
    ("Krause", "Crouse"),
    ("Hauser", "Houser"),
    ("Faust", "Foust"),
    ("Schultz", "Schulz"),
    ("Schwartz", "Schwarz"),
    ("Hayes", "Hays"),
    ("Mayes", "Mays"),
    ("Keyes", "Keys"),
    ("Olsen", "Olson"),
    ("Hansen", "Hanson"),
    // Tenth pass: census surnames one edit apart that English reads alike and no earlier rule paired (judged
    // from English spelling, no pronouncing dictionary): `ow` before `l` and a final `owe` as a long `o`, a final
    // `-le` as `-el`, an unstressed middle vowel, `ue` as `u`, a silent `e` before `s` after `lk`, `-yres`,
    // `Vaughan`, `Somm-`, a leading `Y`, a silent final `b` after `m`.
    ("Roland", "Rowland"),
    ("Boling", "Bowling"),
    ("Boles", "Bowles"),
    ("Roe", "Rowe"),
    ("Engel", "Engle"),
    ("Nagel", "Nagle"),
    ("Jameson", "Jamison"),
    ("Callaway", "Calloway"),
    ("Flanagan", "Flanigan"),
    ("Krueger", "Kruger"),
    ("Pruett", "Pruitt"),
    ("Wilkes", "Wilks"),
    ("Ayers", "Ayres"),
    ("Vaughan", "Vaughn"),
    ("Sommers", "Summers"),
    ("Ibarra", "Ybarra"),
    ("Lamb", "Lam"),
    ("Randall", "Randle"),
];

/// One given name written as two languages or romanisations spell it (Beider–Morse's ground: `Józef`/`Josef`,
/// `Sergei`/`Sergey`, `Ksenia`/`Xenia`).
pub(super) const CROSS_LANGUAGE_SPELLINGS: &[(&str, &str)] = &[
    ("Józef", "Josef"),
    ("Josef", "Joseph"),
    ("Sergei", "Sergey"),
    ("Andrei", "Andrey"),
    ("Mikhail", "Michail"),
    ("Nikolai", "Nikolaj"),
    ("Dmitri", "Dmitry"),
    ("Matthias", "Mathias"),
    ("Katharina", "Katarina"),
    ("Kristina", "Christina"),
    ("Ksenia", "Xenia"),
    ("Zofia", "Sofia"),
    ("Henrik", "Henryk"),
    ("Jurgen", "Juergen"),
    ("Tatiana", "Tatjana"),
    ("Natalia", "Natalja"),
];

/// A European short form and its full name, the short form being rare in the US lists (German, Dutch and
/// Scandinavian cuts and pet forms).
pub(super) const HYPOCORISTICS: &[(&str, &str)] = &[
    ("Achim", "Joachim"),
    ("Bastian", "Sebastian"),
    ("Steffi", "Stefanie"),
    ("Maxi", "Maximilian"),
    ("Domi", "Dominik"),
    ("Fabi", "Fabian"),
    ("Lena", "Magdalena"),
    ("Niko", "Nikolaus"),
    ("Flori", "Florian"),
    ("Chris", "Christoph"),
    ("Benni", "Benjamin"),
];

/// One name in two languages where one side is a spelling the equivalents table does not list (`Michail` for the
/// listed `Mikhail`, `Juri` for `Yuri`), so only its sound leads to the table.
pub(super) const EQUIVALENTS_RESPELLED: &[(&str, &str)] = &[
    ("Michail", "Michael"),
    ("Juri", "Georg"),
    ("Juri", "Jürgen"),
    ("Dmitri", "Dmitry"),
];

/// A man's and a woman's name that differ only in the ending `-a` marks, in languages whose names the US lists
/// rarely carry (Italian, Czech, Latin).
pub(super) const EUROPEAN_SEX_PAIRS: &[(&str, &str)] = &[
    ("Daniele", "Daniela"),
    ("Zdenek", "Zdenka"),
    ("Radek", "Radka"),
    ("Mirek", "Mirka"),
    ("Claudius", "Claudia"),
    ("Aurelius", "Aurelia"),
    ("Gabriele", "Gabriela"),
    ("Emanuele", "Emanuela"),
    ("Raffaele", "Raffaela"),
    ("Octavius", "Octavia"),
    ("Janek", "Janka"),
    ("Franek", "Franka"),
];

/// A man's and a woman's form of one European name, one of the endings European languages mark sex with
/// (written for the tuning set from general knowledge of the languages' morphology, not drawn from any list):
/// Italian, Spanish, Portuguese and Slavic `-o`/`-a`, Slavic `-0`/`-a` and `-el`/`-la`, French `-0`/`-e`,
/// `-el`/`-elle`, `-in`/`-ine`, `-ien`/`-ienne`, `-ot`/`-otte`, German `-0`/`-ia`/`-ie`, Latin `-us`/`-a` and
/// `-ian`/`-ia`, Greek `-os`/`-a` and `-is`/`-a`, Lithuanian `-as`/`-a`, Portuguese `-ão`/`-ana`, Frisian
/// `-o`/`-e`.
pub(super) const GENDERED_FORMS: &[(&str, &str)] = &[
    ("Mirko", "Mirka"),
    ("Bruno", "Bruna"),
    ("Ivo", "Iva"),
    ("Branko", "Branka"),
    ("Zdravko", "Zdravka"),
    ("Slavko", "Slavka"),
    ("Fabrizio", "Fabrizia"),
    ("Maurizio", "Maurizia"),
    ("Ottavio", "Ottavia"),
    ("Michele", "Michela"),
    ("Jan", "Jana"),
    ("Milan", "Milana"),
    ("Bogdan", "Bogdana"),
    ("Zoran", "Zorana"),
    ("Dragan", "Dragana"),
    ("Miroslav", "Miroslava"),
    ("Stanislav", "Stanislava"),
    ("Pavel", "Pavla"),
    ("Karel", "Karla"),
    ("Pascal", "Pascale"),
    ("Denis", "Denise"),
    ("Fabien", "Fabienne"),
    ("Julien", "Julienne"),
    ("Lucien", "Lucienne"),
    ("Gilbert", "Gilberte"),
    ("Noël", "Noëlle"),
    ("Joël", "Joëlle"),
    ("Raphaël", "Raphaëlle"),
    ("Marcel", "Marcelle"),
    ("Emmanuel", "Emmanuelle"),
    ("Augustin", "Augustine"),
    ("Célestin", "Célestine"),
    ("Charlot", "Charlotte"),
    ("Stefan", "Stefania"),
    ("Emil", "Emilie"),
    ("Leon", "Leonie"),
    ("Eugen", "Eugenia"),
    ("Eugène", "Eugénie"),
    ("Émile", "Émilie"),
    ("Augustus", "Augusta"),
    ("Cornelius", "Cornelia"),
    ("Valerius", "Valeria"),
    ("Petros", "Petra"),
    ("Dimitris", "Dimitra"),
    ("Rimas", "Rima"),
    ("Julian", "Julia"),
    ("Adrian", "Adria"),
    ("João", "Joana"),
    ("Sebastião", "Sebastiana"),
    ("Heiko", "Heike"),
    ("Silko", "Silke"),
];

/// A European pet form and the full name it stands for, in one language (written for the tuning set from
/// general knowledge: German, Dutch, Scandinavian, Polish, Czech, Russian, Spanish, Italian, Greek, Hungarian).
pub(super) const EUROPEAN_PET_FORMS: &[(&str, &str)] = &[
    ("Sepp", "Josef"),
    ("Lutz", "Ludwig"),
    ("Heiner", "Heinrich"),
    ("Ulli", "Ulrich"),
    ("Bernd", "Bernhard"),
    ("Gerd", "Gerhard"),
    ("Rudi", "Rudolf"),
    ("Liesel", "Elisabeth"),
    ("Grete", "Margarete"),
    ("Resi", "Theresia"),
    ("Kees", "Cornelis"),
    ("Henk", "Hendrik"),
    ("Joop", "Johannes"),
    ("Lasse", "Lars"),
    ("Kalle", "Karl"),
    ("Gosia", "Małgorzata"),
    ("Kasia", "Katarzyna"),
    ("Wojtek", "Wojciech"),
    ("Kuba", "Jakub"),
    ("Staszek", "Stanisław"),
    ("Honza", "Jan"),
    ("Jirka", "Jiří"),
    ("Vašek", "Václav"),
    ("Sascha", "Alexander"),
    ("Mischa", "Michail"),
    ("Natascha", "Natalja"),
    ("Katja", "Jekaterina"),
    ("Pepe", "José"),
    ("Paco", "Francisco"),
    ("Nacho", "Ignacio"),
    ("Lola", "Dolores"),
    ("Beppe", "Giuseppe"),
    ("Gigi", "Luigi"),
    ("Sandro", "Alessandro"),
    ("Mimmo", "Domenico"),
    ("Kostas", "Konstantinos"),
    ("Giannis", "Ioannis"),
    ("Laci", "László"),
    ("Pisti", "István"),
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
    // Romanised letter by letter, as some banks' software does.
    ("Яна Павлюк", "Iana Pavliuk"),
    ("Юлия Морозова", "Iuliia Morozova"),
    ("Χρήστος Φωτίου", "Khrestos Photiou"),
    ("Βασίλειος Χριστοδούλου", "Basileios Khristodoulou"),
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
    // Tenth pass: pairs the new spelling readings must keep apart (`ow` of "how", soft `g`, short `u`).
    ("Howland", "Holland"),
    ("Cooley", "Cowley"),
    ("Angel", "Angle"),
    ("Mueller", "Muller"),
    ("Crowley", "Croley"),
];

/// Different census surnames one or two letters apart that Beider–Morse's exact rules pronounce alike (its
/// European readings of English spellings) while English speakers do not: a vowel (`Lee`/`Lay`, `Paul`/`Pool`,
/// `Rice`/`Reece`) or a consonant (`Wells`/`Welch`, `Page`/`Pace`) tells them apart.
const SOUND_ALIKE_SURNAMES: &[(&str, &str)] = &[
    ("Lee", "Lay"),
    ("Wells", "Welch"),
    ("Rice", "Reece"),
    ("Wheeler", "Weller"),
    ("Lowe", "Love"),
    ("Page", "Pace"),
    ("Walsh", "Walls"),
    ("Paul", "Pool"),
    ("Quinn", "Queen"),
    ("Roy", "Roe"),
    ("Boone", "Bone"),
    ("Heath", "Hyatt"),
    ("Duran", "Durham"),
    ("Rush", "Roush"),
    ("Bean", "Beam"),
    ("Fry", "Free"),
    ("Marsh", "Marx"),
    ("Reeder", "Ryder"),
    ("Hook", "Houck"),
    ("Lange", "Lance"),
    ("Huggins", "Hudgins"),
    ("Reed", "Redd"),
    ("Coe", "Coy"),
    ("Hahn", "Ham"),
];

/// First names of opposite clear sexes, at most two edits apart and sharing their first three letters: the census
/// names, and the SSA list's names that ranked among the [`YEAR_RANK`] commonest in some year.
static OPPOSITE_SEX: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut named: Vec<(&str, Sex)> = census::given_names()
        .filter_map(|n| Some((n, census::given_sex(n)?)))
        .chain(given::all().filter_map(|(n, g)| {
            let listed_in_census = census::given_frequency(n) > 0;
            (g.rank <= YEAR_RANK && !listed_in_census).then_some((n, g.sex?))
        }))
        .collect();
    named.sort_unstable_by_key(|(n, _)| *n);
    named.dedup_by_key(|(n, _)| *n);
    let mut pairs = Vec::new();
    for (i, (a, sa)) in named.iter().enumerate() {
        // Sorted, so names sharing their first three letters are neighbours.
        for (b, sb) in named[i + 1..]
            .iter()
            .take_while(|(b, _)| a.get(..3) == b.get(..3))
        {
            let close = a.len() >= 4 && strsim::osa_distance(a, b) <= 2;
            if sa != sb && close {
                pairs.push((capitalised(a), capitalised(b)));
            }
        }
    }
    pairs.sort();
    pairs
});

/// How common a name of the SSA list must have been in some year to be drawn as a look-alike.
const YEAR_RANK: u32 = 1_000;

/// Two different members of one group of the equivalents table (`Joachim`/`Jochen`, `Peter`/`Piotr`).
static EQUIVALENT_PAIRS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut pairs = Vec::new();
    for group in equivalents::groups() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                pairs.push((capitalised(a), capitalised(b)));
            }
        }
    }
    pairs
});

pub(super) fn equivalent_pair(rng: &mut Rng) -> (String, String) {
    EQUIVALENT_PAIRS[rng.below(EQUIVALENT_PAIRS.len())].clone()
}

pub(super) fn opposite_sex_pair(rng: &mut Rng) -> (String, String) {
    OPPOSITE_SEX[rng.below(OPPOSITE_SEX.len())].clone()
}

pub(super) fn look_alike_surnames(rng: &mut Rng) -> (String, String) {
    let (a, b) = rng.pick(DISTINCT_SURNAMES);
    (a.to_owned(), b.to_owned())
}

pub(super) fn sound_alike_surnames(rng: &mut Rng) -> (String, String) {
    let (a, b) = rng.pick(SOUND_ALIKE_SURNAMES);
    (a.to_owned(), b.to_owned())
}
