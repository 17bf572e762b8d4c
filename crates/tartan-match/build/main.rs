//! Lays out the name tables as hash tables in the binary's read-only data (`src/static_table.rs`), so nothing is
//! parsed or allocated for them at run time. Each table is written to `OUT_DIR` as `NAME.slots` and
//! `NAME.entries` and included by the module that reads it; the rules that turn the vendored text into entries
//! are the ones those modules applied at run time before (a line that does not parse is left out).

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::path::Path;

#[allow(dead_code)]
#[path = "../src/fasthash.rs"]
mod fasthash;
#[allow(dead_code, unused_macros, unused_imports)]
#[path = "../src/static_table.rs"]
mod static_table;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    let out = std::env::var("OUT_DIR")?;
    let out = Path::new(&out);
    println!("cargo::rerun-if-changed=build");
    println!("cargo::rerun-if-changed=src/fasthash.rs");
    println!("cargo::rerun-if-changed=src/static_table.rs");
    census(out)?;
    given_abroad(out)?;
    nicknames(out)?;
    Ok(())
}

/// Reads a vendored table, telling cargo to run the script again when it changes.
fn read(path: &str) -> Result<String> {
    println!("cargo::rerun-if-changed={path}");
    Ok(std::fs::read_to_string(path)?)
}

/// Writes `NAME.slots` and `NAME.entries` for `rows`.
fn write(out: &Path, name: &str, rows: &BTreeMap<&str, Vec<u8>>, value_len: usize) -> Result<()> {
    let layout = static_table::lay_out(rows.iter().map(|(k, v)| (*k, v.clone())), value_len)?;
    std::fs::write(out.join(format!("{name}.slots")), layout.slots)?;
    std::fs::write(out.join(format!("{name}.entries")), layout.entries)?;
    Ok(())
}

/// `src/census.rs`: surname → frequency (`u32`); first name → (men, women) frequencies (two `u32`s).
fn census(out: &Path) -> Result<()> {
    let surnames = read("data/census/surnames.txt")?;
    let rows: BTreeMap<&str, Vec<u8>> = surnames
        .lines()
        .filter_map(|line| {
            let (name, frequency) = line.split_once(' ')?;
            Some((name, frequency.parse::<u32>().ok()?.to_le_bytes().to_vec()))
        })
        .collect();
    write(out, "census_surnames", &rows, 4)?;
    let given = read("data/census/given_names.txt")?;
    let rows: BTreeMap<&str, Vec<u8>> = given
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(' ');
            let name = fields.next()?;
            let male = fields.next()?.parse::<u32>().ok()?;
            let female = fields.next()?.parse::<u32>().ok()?;
            Some((name, [male.to_le_bytes(), female.to_le_bytes()].concat()))
        })
        .collect();
    write(out, "census_given", &rows, 8)
}

/// `src/given_abroad.rs`: name → `m`, `f`, or `x` when two registers give it to different sexes. The national
/// registers, then the curated list.
fn given_abroad(out: &Path) -> Result<()> {
    let tables = [
        "fr", "br", "no", "se", "fi", "de", "es", "gb", "ie", "pl", "curated",
    ]
    .map(|name| read(&format!("data/given_abroad/{name}.txt")));
    let mut sexes: BTreeMap<&str, u8> = BTreeMap::new();
    for table in &tables {
        let table = table.as_ref().map_err(|e| e.to_string())?;
        for line in table.lines() {
            let Some((name, sex)) = line.split_once(' ') else {
                continue;
            };
            let sex = match sex {
                "m" => b'm',
                "f" => b'f',
                _ => continue,
            };
            sexes
                .entry(name)
                .and_modify(|known| {
                    if *known != sex {
                        *known = b'x';
                    }
                })
                .or_insert(sex);
        }
    }
    let rows = sexes
        .into_iter()
        .map(|(name, sex)| (name, vec![sex]))
        .collect();
    write(out, "given_abroad", &rows, 1)
}

/// `src/nicknames.rs`: every name of the data set; every ordered pair of two different names one of which is a
/// nickname of the other, or both nicknames of one canonical name, as the key `a NUL b`.
fn nicknames(out: &Path) -> Result<()> {
    let csv = read("data/nicknames/names.csv")?;
    let mut nicknames_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut pairs: BTreeSet<String> = BTreeSet::new();
    for line in csv.lines().skip(1) {
        let mut fields = line.split(',');
        let (Some(name), Some("has_nickname"), Some(nick)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // The set writes initials as "k.c."; names reach the engine with such dots already removed.
        let (name, nick) = (name.replace('.', ""), nick.replace('.', ""));
        pairs.insert(format!("{name}\0{nick}"));
        pairs.insert(format!("{nick}\0{name}"));
        names.insert(name.clone());
        names.insert(nick.clone());
        nicknames_of.entry(name).or_default().insert(nick);
    }
    for nicks in nicknames_of.values() {
        for a in nicks {
            pairs.extend(nicks.iter().map(|b| format!("{a}\0{b}")));
        }
    }
    pairs.retain(|pair| pair.split_once('\0').is_some_and(|(a, b)| a != b));
    let names: BTreeMap<&str, Vec<u8>> = names.iter().map(|n| (n.as_str(), vec![])).collect();
    write(out, "nickname_names", &names, 0)?;
    let pairs: BTreeMap<&str, Vec<u8>> = pairs.iter().map(|p| (p.as_str(), vec![])).collect();
    write(out, "nickname_pairs", &pairs, 0)
}
