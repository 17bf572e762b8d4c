//! Hash tables laid out at build time (`build/main.rs`) and read in place from the binary's read-only data.
//!
//! The name tables were `HashMap`s built on first use from the vendored text: the text stayed mapped and the map
//! was a second, larger copy on the heap (the 74,000 names given abroad took 6 MB once the map had grown), held
//! for the life of the process (docs/performance.md, "Idle memory after a load"). Laid out by the build script, a
//! table is two byte arrays in the binary: nothing is built at run time and only the pages a look-up reads are
//! resident, in the page cache, shared and reclaimable.
//!
//! Layout: `entries` holds one record a key, `[key length: u8][key bytes][value: value_len bytes]`; `slots` is
//! an open-addressing table of little-endian `u32`s, a power of two of them, each 0 (empty) or one plus the offset
//! of a record in `entries`. A key lives in the first free slot from its Fx hash onwards (linear probing); at most
//! half the slots are used, so a look-up reads one or two slots. A key may be a pair of words, stored joined by a
//! NUL byte and hashed part by part, so a look-up of a pair copies nothing.

use std::hash::Hasher;

use crate::fasthash::FxHasher;

const SLOT_BYTES: usize = 4;

/// Joins the words of a pair key.
const SEPARATOR: u8 = 0;

/// The slot a key's probe starts from, before masking: the Fx hash of its words, with the separator between.
pub(crate) fn hash(parts: &[&[u8]]) -> u64 {
    let mut hasher = FxHasher::default();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.write_u8(SEPARATOR);
        }
        hasher.write(part);
    }
    hasher.finish()
}

/// Whether a record's key is the pair (`a`, `b`): `a`, the separator, `b`.
fn is_pair(stored: &[u8], a: &[u8], b: &[u8]) -> bool {
    stored.len() == a.len() + 1 + b.len()
        && stored.starts_with(a)
        && stored.ends_with(b)
        && stored.get(a.len()) == Some(&SEPARATOR)
}

/// A table laid out by [`lay_out`], read in place.
pub(crate) struct StaticTable {
    slots: &'static [u8],
    entries: &'static [u8],
    value_len: usize,
}

impl StaticTable {
    pub(crate) const fn new(
        slots: &'static [u8],
        entries: &'static [u8],
        value_len: usize,
    ) -> Self {
        StaticTable {
            slots,
            entries,
            value_len,
        }
    }

    /// The value stored for `key`, if any.
    pub(crate) fn get(&self, key: &str) -> Option<&'static [u8]> {
        let key = key.as_bytes();
        self.find(hash(&[key]), |stored| stored == key)
    }

    /// Whether the pair (`a`, `b`) is a key, in this order.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn holds_pair(&self, a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        self.find(hash(&[a, b]), |stored| is_pair(stored, a, b))
            .is_some()
    }

    /// The value of the record whose key `is_key` accepts, probing from the slot of `hash`.
    fn find(&self, hash: u64, is_key: impl Fn(&[u8]) -> bool) -> Option<&'static [u8]> {
        let slot_count = self.slots.len() / SLOT_BYTES;
        let mask = slot_count.checked_sub(1)?;
        // Truncating the hash keeps its low bits, the ones the mask keeps.
        #[allow(clippy::cast_possible_truncation)]
        let mut slot = hash as usize & mask;
        for _ in 0..slot_count {
            let offset = self.slot(slot)?.checked_sub(1)?;
            let (&len, record) = self.entries.get(offset..)?.split_first()?;
            let len = usize::from(len);
            if is_key(record.get(..len)?) {
                return record.get(len..len + self.value_len);
            }
            slot = (slot + 1) & mask;
        }
        None
    }

    /// The content of slot `slot`: 0 when empty, else one plus a record's offset.
    fn slot(&self, slot: usize) -> Option<usize> {
        let at = slot * SLOT_BYTES;
        let bytes: [u8; SLOT_BYTES] = self.slots.get(at..at + SLOT_BYTES)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    }

    /// Every key with its value, in the order the build script wrote them.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &'static [u8])> + use<> {
        let (mut rest, value_len) = (self.entries, self.value_len);
        std::iter::from_fn(move || {
            let (&len, record) = rest.split_first()?;
            let len = usize::from(len);
            let key = std::str::from_utf8(record.get(..len)?).ok()?;
            let value = record.get(len..len + value_len)?;
            rest = record.get(len + value_len..)?;
            Some((key, value))
        })
    }
}

/// The table the build script (`build/main.rs`) wrote to `OUT_DIR` as `NAME.slots` and `NAME.entries`, with values
/// of `value_len` bytes: one place that names the two files of a table alike.
macro_rules! built_table {
    ($name:literal, $value_len:expr) => {
        $crate::static_table::StaticTable::new(
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".slots")),
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".entries")),
            $value_len,
        )
    };
}
pub(crate) use built_table;

/// The two arrays of a table, as the build script writes them.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Layout {
    pub slots: Vec<u8>,
    pub entries: Vec<u8>,
}

/// Lays out `rows` (distinct keys, each value `value_len` bytes long) as a [`StaticTable`] reads them. A key with
/// a NUL byte is a pair of words.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn lay_out<'k>(
    rows: impl IntoIterator<Item = (&'k str, Vec<u8>)>,
    value_len: usize,
) -> Result<Layout, String> {
    let rows: Vec<(&str, Vec<u8>)> = rows.into_iter().collect();
    let slot_count = (rows.len() * 2).max(1).next_power_of_two();
    let mut slots = vec![0u32; slot_count];
    let mut entries = Vec::new();
    for (key, value) in rows {
        let len = u8::try_from(key.len()).map_err(|_| format!("key too long: {key}"))?;
        if value.len() != value_len {
            return Err(format!("value of {key} is not {value_len} bytes"));
        }
        let offset = u32::try_from(entries.len() + 1).map_err(|_| "table too large".to_owned())?;
        entries.push(len);
        entries.extend_from_slice(key.as_bytes());
        entries.extend_from_slice(&value);
        let parts: Vec<&[u8]> = key.as_bytes().split(|&b| b == SEPARATOR).collect();
        #[allow(clippy::cast_possible_truncation)]
        let mut slot = hash(&parts) as usize & (slot_count - 1);
        while slots[slot] != 0 {
            slot = (slot + 1) & (slot_count - 1);
        }
        slots[slot] = offset;
    }
    Ok(Layout {
        slots: slots.iter().flat_map(|slot| slot.to_le_bytes()).collect(),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leak(layout: Layout, value_len: usize) -> StaticTable {
        StaticTable::new(
            Vec::leak(layout.slots),
            Vec::leak(layout.entries),
            value_len,
        )
    }

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let words = ["a", "ab", "abcdefgh", "abcdefghi", "zoë", ""];
        let layout = lay_out(words.iter().zip(0u8..).map(|(w, i)| (*w, vec![i, 7])), 2).unwrap();
        assert_eq!(layout.slots.len(), 16 * SLOT_BYTES);
        let table = leak(layout, 2);
        for (i, word) in (0u8..).zip(words) {
            assert_eq!(table.get(word), Some(&[i, 7][..]), "{word}");
        }
        for absent in ["b", "abcdefgj", "zo", "abc"] {
            assert_eq!(table.get(absent), None, "{absent}");
        }
        let listed: Vec<&str> = table.iter().map(|(key, _)| key).collect();
        assert_eq!(listed, words);
    }

    #[test]
    fn colliding_keys_probe_on_and_an_empty_table_holds_nothing() {
        // 300 keys in 1,024 slots: many share a start slot with another.
        let keys: Vec<String> = (0..300).map(|i| format!("k{i}")).collect();
        let layout = lay_out(keys.iter().map(|k| (k.as_str(), vec![])), 0).unwrap();
        let table = leak(layout, 0);
        assert!(keys.iter().all(|k| table.get(k) == Some(&[][..])));
        assert_eq!(table.get("k300"), None);
        let empty = leak(lay_out(std::iter::empty(), 1).unwrap(), 1);
        assert_eq!(empty.get("a"), None);
        assert!(lay_out([("a", vec![1, 2])], 1).is_err());
        assert!(lay_out([("x".repeat(256).as_str(), vec![])], 0).is_err());
    }

    #[test]
    fn pairs_are_found_in_their_order_only() {
        let layout = lay_out([("bob\0robert", vec![]), ("ab\0c", vec![])], 0).unwrap();
        let table = leak(layout, 0);
        assert!(table.holds_pair("bob", "robert") && table.holds_pair("ab", "c"));
        for (a, b) in [
            ("robert", "bob"),
            ("a", "bc"),
            ("abc", ""),
            ("bob", "rober"),
            ("bo", "brobert"),
        ] {
            assert!(!table.holds_pair(a, b), "{a} {b}");
        }
        assert_eq!(table.get("bob"), None);
    }
}
