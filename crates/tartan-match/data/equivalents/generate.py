#!/usr/bin/env python3
"""Builds `equivalents.txt`: groups of given names that are one name in several languages or forms.

Source: `corp_names/data/nicknames.json` of the PyPI package `corp-names` 0.3.3 (github.com/corp-o-rate/corp-names,
MIT, text in LICENSE-corp-names; the package does not say where the cross-language `international` mappings come
from, see docs/identity-match.md): 15,197 person-name entries, each a name and, for nicknames, translations and
archaic forms, its canonical name (`jochen` → `joachim`, `wilhelm` → `william`, `agnieszka` → `agnes`,
`bob` → `robert`). Kept: the `international`, `common` and `archaic` mappings whose two names fold (NFKD, marks
dropped, lowercase) to two or more letters a-z. A mapping between two names that `../given/given_names.txt` (US Social
Security Administration counts) gives clearly to opposite sexes (`andrea` → `andrew`) is dropped: it is a shared
stem, not one name.

Written, one group a line, sorted: `canonical variant variant …` (every member is the same name).

Reproduce (after `../given/generate.py`):
    python3 -m venv /tmp/cn && /tmp/cn/bin/pip install corp-names==0.3.3
    /tmp/cn/bin/python crates/tartan-match/data/equivalents/generate.py /tmp/cn/lib/python3*/site-packages/corp_names
"""
import collections
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).parent
CATEGORIES = {"international", "common", "archaic"}


def fold(name):
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).lower()


def sexes():
    out = {}
    for line in (HERE.parent / "given" / "given_names.txt").read_text().splitlines():
        name, _rank, sex = line.split(" ")
        out[name] = sex
    return out


def main(package_dir):
    data = json.loads((pathlib.Path(package_dir) / "data" / "nicknames.json").read_text(encoding="utf-8"))
    sex = sexes()
    groups = collections.defaultdict(set)
    dropped = 0
    for name, entry in data.items():
        canonical = entry.get("canonical")
        if not canonical or entry.get("category") not in CATEGORIES:
            continue
        a, b = fold(name), fold(canonical)
        if a == b or not (re.fullmatch(r"[a-z]{2,}", a) and re.fullmatch(r"[a-z]{2,}", b)):
            continue
        if {sex.get(a), sex.get(b)} == {"m", "f"}:
            dropped += 1
            continue
        groups[b].add(a)
    lines = [" ".join([c, *sorted(v)]) + "\n" for c, v in sorted(groups.items())]
    (HERE / "equivalents.txt").write_text("".join(lines))
    print(f"{len(lines)} groups, {sum(len(v) for v in groups.values())} variants, {dropped} opposite-sex dropped")


if __name__ == "__main__":
    main(sys.argv[1])
