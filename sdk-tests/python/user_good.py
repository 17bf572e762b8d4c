"""What Plaid's Sandbox returns for the default test user (`user_good`); data in ../expected/user_good.json,
shared with the Node suite."""
import json
from pathlib import Path

_EXPECTED = json.loads((Path(__file__).resolve().parent.parent / "expected" / "user_good.json").read_text("utf-8"))

INSTITUTION_ID = _EXPECTED["institution_id"]
INSTITUTION_NAME = _EXPECTED["institution_name"]
ACCOUNTS = {account["mask"]: account for account in _EXPECTED["accounts"]}
OWNER_NAMES = _EXPECTED["owner"]["names"]
EMAILS = _EXPECTED["owner"]["emails"]
ADDRESSES = _EXPECTED["owner"]["addresses"]
PHONE_NUMBER_COUNT = _EXPECTED["owner"]["phone_number_count"]
AUTH_MASKS = sorted(_EXPECTED["auth"]["ach_accounts"])  # the accounts /auth/get reports, with ACH numbers


def expected_account(mask: str) -> dict:
    """The fields of an AccountBase (as `to_dict()` gives them) that user_good fixes, account_id aside."""
    return ACCOUNTS[mask]


def expected_ach(mask: str) -> dict:
    """The NumbersACH fields (account_id aside) `/auth/get` and `/processor/auth/get` report for an Auth account."""
    auth = _EXPECTED["auth"]
    return {"account": auth["ach_accounts"][mask], "routing": auth["routing"], "wire_routing": auth["wire_routing"],
            "is_tokenized_account_number": False}
