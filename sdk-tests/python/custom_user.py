"""Expectations derived from a `user_custom` configuration (reference §8.4).

Only what the configuration pins down is expected; anything it leaves out (or sets to null, as the blank
template does) may be filled by the server with defaults and is not checked.
"""
from __future__ import annotations

import json
from pathlib import Path

from matching import present


def _mask(account: dict) -> str | None:
    meta_mask = (account.get("meta") or {}).get("mask")
    if meta_mask is not None:
        return meta_mask
    numbers = account.get("numbers") or {}
    number = numbers.get("account") or numbers.get("international_iban")
    return number[-4:] if number else None


def expected_account(account: dict) -> dict:
    """The AccountBase fields (as `to_dict()` gives them) that one `override_accounts` entry fixes."""
    meta = account.get("meta") or {}
    expected = {
        "name": meta.get("name"),
        "official_name": meta.get("official_name"),
        "type": account.get("type"),
        "subtype": account.get("subtype"),
        "mask": _mask(account),
    }
    expected = {key: value for key, value in expected.items() if value is not None}
    if account.get("starting_balance") is not None:
        expected["balances"] = {"current": account["starting_balance"]}
    return expected


def expected_owner(account: dict) -> dict:
    """The Owner fields one entry's `identity` fixes: names, and any phones/emails/addresses it lists."""
    identity = present(account.get("identity")) or {}
    return {key: identity[key] for key in ("names", "phone_numbers", "emails", "addresses") if key in identity}


class CustomUser:
    def __init__(self, path: Path):
        self.path = path
        self.password = path.read_text(encoding="utf-8")  # sent verbatim as override_password
        self.config = json.loads(self.password)
        self.accounts = self.config.get("override_accounts") or []


RAILS = ("ach", "eft", "international", "bacs")


def expected_numbers(account: dict) -> dict:
    """Rail -> the fields of that rail's numbers object that one entry's `numbers` fixes (reference §8.4).

    `account` + `ach_routing` make ACH, `account` + `eft_institution` + `eft_branch` EFT, `international_iban` +
    `international_bic` international, `account` + `bacs_sort_code` BACS; the IBAN stands in for a missing
    `account`. An account with no complete rail has no payment numbers (and is not an Auth account).
    """
    numbers = account.get("numbers") or {}
    number = numbers.get("account") or numbers.get("international_iban")
    rails = {}
    if number and numbers.get("ach_routing"):
        rails["ach"] = {"account": number, "routing": numbers["ach_routing"]}
        if numbers.get("ach_wire_routing"):
            rails["ach"]["wire_routing"] = numbers["ach_wire_routing"]
    if number and numbers.get("eft_institution") and numbers.get("eft_branch"):
        rails["eft"] = {"account": number, "institution": numbers["eft_institution"], "branch": numbers["eft_branch"]}
    if numbers.get("international_iban") and numbers.get("international_bic"):
        rails["international"] = {"iban": numbers["international_iban"], "bic": numbers["international_bic"]}
    if number and numbers.get("bacs_sort_code"):
        rails["bacs"] = {"account": number, "sort_code": numbers["bacs_sort_code"]}
    return rails
