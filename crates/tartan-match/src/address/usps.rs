//! USPS Publication 28 ("Postal Addressing Standards") tables used to normalise addresses: Appendix C1 street
//! suffixes (vendored as `data/usps/street_suffixes.tsv`, see `data/README.md`), and, as Rust tables below,
//! Appendix C2 secondary unit designators (§213), the directionals of §233 and the Appendix B state and possession
//! abbreviations. Pub 28 is a US Government work; every entry here is as USPS lists it, lowercased.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::fasthash::FxBuild;

const SUFFIX_TSV: &str = include_str!("../../data/usps/street_suffixes.tsv");

/// Any written form of a street suffix → its Postal Service standard abbreviation ("avenue", "av", "avn" → "ave").
/// Fx-hashed: the keys are fixed at build time (see `fasthash`), and every street word is looked up here.
static SUFFIXES: LazyLock<HashMap<String, String, FxBuild>> = LazyLock::new(|| {
    let rows: Vec<Vec<&str>> = SUFFIX_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let mut map = HashMap::default();
    for row in &rows {
        if let [primary, standard, common] = row.as_slice() {
            let standard = standard.to_lowercase();
            for form in common.split(',').chain([*primary]) {
                map.insert(form.to_lowercase(), standard.clone());
            }
        }
    }
    // Pub 28 lists "MDW" under both MEADOW and MEADOWS; a standard abbreviation always stands for itself.
    for row in &rows {
        if let [_, standard, _] = row.as_slice() {
            map.insert(standard.to_lowercase(), standard.to_lowercase());
        }
    }
    map
});

/// The standard abbreviation when `word` is a street suffix in any Pub 28 form.
pub(crate) fn suffix(word: &str) -> Option<&'static str> {
    SUFFIXES.get(word).map(String::as_str)
}

/// Pub 28 §233 directionals, both spellings.
const DIRECTIONALS: &[(&str, &str)] = &[
    ("north", "n"),
    ("south", "s"),
    ("east", "e"),
    ("west", "w"),
    ("northeast", "ne"),
    ("northwest", "nw"),
    ("southeast", "se"),
    ("southwest", "sw"),
];

/// The standard abbreviation when `word` is a directional.
pub(crate) fn directional(word: &str) -> Option<&'static str> {
    DIRECTIONALS
        .iter()
        .find(|(long, short)| *long == word || *short == word)
        .map(|(_, short)| *short)
}

/// Pub 28 Appendix C2 secondary unit designators: (name, approved abbreviation, requires a unit number). "#" is
/// the §213 stand-in for a designator the writer did not know.
const UNIT_DESIGNATORS: &[(&str, &str, bool)] = &[
    ("apartment", "apt", true),
    ("basement", "bsmt", false),
    ("building", "bldg", true),
    ("department", "dept", true),
    ("floor", "fl", true),
    ("front", "frnt", false),
    ("hangar", "hngr", true),
    ("key", "key", true),
    ("lobby", "lbby", false),
    ("lot", "lot", true),
    ("lower", "lowr", false),
    ("office", "ofc", false),
    ("penthouse", "ph", false),
    ("pier", "pier", true),
    ("rear", "rear", false),
    ("room", "rm", true),
    ("side", "side", false),
    ("slip", "slip", true),
    ("space", "spc", true),
    ("stop", "stop", true),
    ("suite", "ste", true),
    ("trailer", "trlr", true),
    ("unit", "unit", true),
    ("upper", "uppr", false),
    ("#", "#", true),
];

/// `(abbreviation, requires a unit number)` when `word` is a secondary unit designator.
pub(crate) fn unit_designator(word: &str) -> Option<(&'static str, bool)> {
    UNIT_DESIGNATORS
        .iter()
        .find(|(long, short, _)| *long == word || *short == word)
        .map(|(_, short, needs_id)| (*short, *needs_id))
}

/// Pub 28 Appendix B: states, the District of Columbia, possessions and military "states".
#[rustfmt::skip]
const STATES: &[(&str, &str)] = &[
    ("alabama", "al"), ("alaska", "ak"), ("arizona", "az"), ("arkansas", "ar"), ("california", "ca"),
    ("colorado", "co"), ("connecticut", "ct"), ("delaware", "de"), ("district of columbia", "dc"),
    ("florida", "fl"), ("georgia", "ga"), ("hawaii", "hi"), ("idaho", "id"), ("illinois", "il"),
    ("indiana", "in"), ("iowa", "ia"), ("kansas", "ks"), ("kentucky", "ky"), ("louisiana", "la"),
    ("maine", "me"), ("maryland", "md"), ("massachusetts", "ma"), ("michigan", "mi"), ("minnesota", "mn"),
    ("mississippi", "ms"), ("missouri", "mo"), ("montana", "mt"), ("nebraska", "ne"), ("nevada", "nv"),
    ("new hampshire", "nh"), ("new jersey", "nj"), ("new mexico", "nm"), ("new york", "ny"),
    ("north carolina", "nc"), ("north dakota", "nd"), ("ohio", "oh"), ("oklahoma", "ok"), ("oregon", "or"),
    ("pennsylvania", "pa"), ("rhode island", "ri"), ("south carolina", "sc"), ("south dakota", "sd"),
    ("tennessee", "tn"), ("texas", "tx"), ("utah", "ut"), ("vermont", "vt"), ("virginia", "va"),
    ("washington", "wa"), ("west virginia", "wv"), ("wisconsin", "wi"), ("wyoming", "wy"),
    ("american samoa", "as"), ("federated states of micronesia", "fm"), ("guam", "gu"),
    ("marshall islands", "mh"), ("northern mariana islands", "mp"), ("palau", "pw"), ("puerto rico", "pr"),
    ("virgin islands", "vi"), ("armed forces americas", "aa"), ("armed forces europe", "ae"),
    ("armed forces pacific", "ap"),
];

/// The two-letter code for a state written out ("new york" → "ny"); codes pass through unchanged.
pub(crate) fn state(words: &str) -> Option<&'static str> {
    STATES
        .iter()
        .find(|(name, code)| *name == words || *code == words)
        .map(|(_, code)| *code)
}

/// Numeric street names spelled out (Pub 28 §235 standardises them as ordinals: "FIFTH AVE" → "5TH AVE").
#[rustfmt::skip]
const ORDINALS: &[(&str, &str)] = &[
    ("first", "1st"), ("second", "2nd"), ("third", "3rd"), ("fourth", "4th"), ("fifth", "5th"),
    ("sixth", "6th"), ("seventh", "7th"), ("eighth", "8th"), ("ninth", "9th"), ("tenth", "10th"),
    ("eleventh", "11th"), ("twelfth", "12th"), ("thirteenth", "13th"), ("fourteenth", "14th"),
    ("fifteenth", "15th"), ("sixteenth", "16th"), ("seventeenth", "17th"), ("eighteenth", "18th"),
    ("nineteenth", "19th"), ("twentieth", "20th"),
];

/// The ordinal digits for a spelled-out numeric street name.
pub(crate) fn ordinal(word: &str) -> Option<&'static str> {
    ORDINALS
        .iter()
        .find(|(long, _)| *long == word)
        .map(|(_, short)| *short)
}

/// The spelled-out word for an ordinal written in digits ("3rd" → "third").
pub(crate) fn spelled_ordinal(word: &str) -> Option<&'static str> {
    ORDINALS
        .iter()
        .find(|(_, short)| *short == word)
        .map(|(long, _)| *long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_table_is_the_full_appendix_c1() {
        let primaries = SUFFIX_TSV.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(primaries, 206);
        let cases = [
            ("street", Some("st")),
            ("str", Some("st")),
            ("avenue", Some("ave")),
            ("avnue", Some("ave")),
            ("lane", Some("ln")),
            ("crossing", Some("xing")),
            ("mdw", Some("mdw")),
            ("meadows", Some("mdws")),
            ("boulevard", Some("blvd")),
            ("leisure", None),
        ];
        for (word, want) in cases {
            assert_eq!(suffix(word), want, "{word}");
        }
    }

    #[test]
    fn small_tables_resolve_both_spellings() {
        assert_eq!(directional("northwest"), Some("nw"));
        assert_eq!(directional("nw"), Some("nw"));
        assert_eq!(unit_designator("suite"), Some(("ste", true)));
        assert_eq!(unit_designator("rear"), Some(("rear", false)));
        assert_eq!(state("california"), Some("ca"));
        assert_eq!(state("ca"), Some("ca"));
        assert_eq!(state("narnia"), None);
        assert_eq!(STATES.len(), 62);
        assert_eq!(ordinal("fifth"), Some("5th"));
        assert_eq!(spelled_ordinal("5th"), Some("fifth"));
    }
}
