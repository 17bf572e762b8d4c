"""Comparing SDK responses (as `to_dict()` gives them) with expectations that fix only some fields."""
from __future__ import annotations

import json


def present(value):
    """`value` with nulls, all-null objects and empty lists removed; None when nothing is left."""
    if isinstance(value, dict):
        kept = {key: cleaned for key, item in value.items() if (cleaned := present(item)) is not None}
        return kept or None
    if isinstance(value, list):
        kept = [cleaned for item in value if (cleaned := present(item)) is not None]
        return kept or None
    return value


def project(actual: dict, expected: dict) -> dict:
    """`actual` cut down to the keys (recursively) that `expected` has, for a readable equality assertion."""
    cut = {}
    for key, wanted in expected.items():
        value = actual.get(key)
        cut[key] = project(value, wanted) if isinstance(wanted, dict) and isinstance(value, dict) else value
    return cut


def unordered(items: list) -> list:
    """A list in a canonical order, so two lists of JSON objects compare as multisets."""
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))


def match_accounts(actual_accounts: list[dict], expected_accounts: list[dict]) -> list[tuple[dict, dict]]:
    """Pair every expected account with a distinct returned account that has its fields; AssertionError if not."""
    remaining = list(actual_accounts)
    pairs = []
    for expected in expected_accounts:
        found = next((actual for actual in remaining if project(actual, expected) == expected), None)
        if found is None:
            seen = [project(actual, expected) for actual in remaining]
            raise AssertionError(f"no returned account matches {expected}; unmatched accounts show {seen}")
        remaining.remove(found)
        pairs.append((expected, found))
    return pairs
