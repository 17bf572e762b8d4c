"""/identity/match and /processor/identity/match via plaid-python (reference §4.3, §5, §8.3).

The user data is scored against the Item's owners; the default Sandbox user (user_good) owns every account as
"Alberta Bobbeth Charleson", with the addresses 2992 Cameron Road, Malakoff, NY 14236 (primary) and 2493 Leisure
Lane, San Matias, CA 93405-2255, the emails accountholder0@ and accountholder1@example.com and the phones
1112223333, 1112224444, 1112225555. Plaid's bands: 100 perfect; names 85–99 strong; < 70 a mismatch (70 is the
recommended threshold). Besides the SDK's decoding, the raw bodies are read back from the `recorder`: every score
object must be there with all its keys (null where the user gave nothing) and every score a JSON integer.
"""
from __future__ import annotations

import json

import plaid
import pytest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.address_data_nullable_no_required_fields import AddressDataNullableNoRequiredFields
from plaid.model.identity_match_request import IdentityMatchRequest
from plaid.model.identity_match_request_options import IdentityMatchRequestOptions
from plaid.model.identity_match_user import IdentityMatchUser
from plaid.model.processor_identity_match_request import ProcessorIdentityMatchRequest

import schemas
import user_good
from custom_user import CustomUser
from matching import project
from tartan_sdk import accounts_by_mask, assert_plaid_error, create_processor_token, link_item

UNKNOWN_ACCOUNT_ID = "QPO8Jo8vdDHMepg41PBwckXm4KdK1yUdmXOwK"
JOINT_CUSTOM_USER = schemas.sdk_tests_dir() / "fixtures" / "custom_user_tartan_two_accounts.json"
PASS = 70  # Plaid's recommended threshold for every field

# The score objects and the keys each must carry (AccountIdentityMatchScore).
SCORE_KEYS = {
    "legal_name": {"score", "is_first_name_or_last_name_match", "is_nickname_match", "is_business_name_detected"},
    "phone_number": {"score"},
    "email_address": {"score"},
    "address": {"score", "is_postal_code_match"},
}
NO_DATA = {field: dict.fromkeys(keys) for field, keys in SCORE_KEYS.items()}

PRIMARY_ADDRESS = {"street": "2992 Cameron Road", "city": "Malakoff", "region": "NY", "postal_code": "14236",
                   "country": "US"}
# The docs' Identity Match test identity for the Sandbox (reference §8.3).
PERFECT = {"legal_name": "Alberta Bobbeth Charleson", "phone_number": "+1 111-222-3333",
           "email_address": "accountholder0@example.com", "address": PRIMARY_ADDRESS}
SOMEONE_ELSE = {"legal_name": "Gerald Ostrowski", "phone_number": "+1 415-555-0142",
                "email_address": "g.ostrowski@example.org",
                "address": {"street": "77 Mission Street", "city": "San Francisco", "region": "CA",
                            "postal_code": "94105", "country": "US"}}


def match_user(legal_name=None, phone_number=None, email_address=None, address=None) -> IdentityMatchUser:
    """An IdentityMatchUser with only the given fields (the address as AddressDataNullableNoRequiredFields)."""
    fields = {"legal_name": legal_name, "phone_number": phone_number, "email_address": email_address}
    fields = {name: value for name, value in fields.items() if value is not None}
    if address is not None:
        fields["address"] = AddressDataNullableNoRequiredFields(**address)
    return IdentityMatchUser(**fields)


def identity_match(client, access_token: str, user: dict | None, account_ids=None) -> dict:
    arguments = {"access_token": access_token}
    if user is not None:
        arguments["user"] = match_user(**user)
    if account_ids is not None:
        arguments["options"] = IdentityMatchRequestOptions(account_ids=account_ids)
    return client.identity_match(IdentityMatchRequest(**arguments)).to_dict()


def last_raw(recorder, operation: str) -> dict:
    """The raw JSON body of the last response to `operation` the test received."""
    exchange = [exchange for exchange in recorder.exchanges if exchange.operation == operation][-1]
    return json.loads(exchange.raw)


def scores(account: dict) -> dict:
    return {field: account[field] for field in SCORE_KEYS}


def assert_raw_scores_well_formed(raw_account: dict) -> None:
    """Every score object present with exactly its keys; scores JSON integers 0–100 or null; flags bool or null."""
    for field, keys in SCORE_KEYS.items():
        assert isinstance(raw_account.get(field), dict), f"{field} missing or null: {raw_account}"
        assert set(raw_account[field]) == keys, f"{field} keys: {sorted(raw_account[field])}"
        score = raw_account[field]["score"]
        assert score is None or (type(score) is int and 0 <= score <= 100), f"{field}.score {score!r}"
        for flag in keys - {"score"}:
            assert raw_account[field][flag] in (None, True, False), f"{field}.{flag}"
            assert (raw_account[field][flag] is None) == (score is None), f"{field}.{flag} vs score {score}"


@pytest.fixture
def item(client):
    return link_item(client, products=("identity",))


@pytest.fixture
def checking(client, item) -> dict:
    return accounts_by_mask(client, item.access_token)["0000"]


def matched_checking(client, recorder, item, checking, **user) -> dict:
    """Score `user` against Plaid Checking (0000) only; returns the raw account after checking its form."""
    identity_match(client, item.access_token, user, [checking["account_id"]])
    [raw_account] = last_raw(recorder, "/identity/match")["accounts"]
    assert raw_account["account_id"] == checking["account_id"]
    assert_raw_scores_well_formed(raw_account)
    return raw_account


# ---- the documented Sandbox cases ----

def test_the_documented_test_identity_matches_perfectly_on_every_account(client, recorder, item):
    response = identity_match(client, item.access_token, PERFECT)

    raw = last_raw(recorder, "/identity/match")
    assert sorted(account["mask"] for account in response["accounts"]) == sorted(user_good.ACCOUNTS)
    assert raw["item"]["item_id"] == item.item_id
    for account in raw["accounts"]:
        assert_raw_scores_well_formed(account)
        assert {field: account[field]["score"] for field in SCORE_KEYS} == dict.fromkeys(SCORE_KEYS, 100), account
        assert account["address"]["is_postal_code_match"] is True
        assert account["legal_name"]["is_nickname_match"] is False
        assert account["legal_name"]["is_business_name_detected"] is False


def test_another_person_scores_below_the_threshold_everywhere(client, recorder, item, checking):
    account = matched_checking(client, recorder, item, checking, **SOMEONE_ELSE)

    assert all(account[field]["score"] < PASS for field in SCORE_KEYS), scores(account)
    assert account["legal_name"]["is_first_name_or_last_name_match"] is False
    assert account["legal_name"]["is_nickname_match"] is False
    assert account["address"]["is_postal_code_match"] is False


def test_a_typo_in_the_first_name_is_a_strong_match_on_the_surname(client, recorder, item, checking):
    account = matched_checking(client, recorder, item, checking, legal_name="Alerta Charleson")

    assert 85 <= account["legal_name"]["score"] <= 99, account["legal_name"]
    assert account["legal_name"] == {**account["legal_name"], "is_first_name_or_last_name_match": True,
                                     "is_nickname_match": False, "is_business_name_detected": False}
    assert {field: account[field] for field in ("phone_number", "email_address", "address")} == {
        field: NO_DATA[field] for field in ("phone_number", "email_address", "address")}


def test_the_secondary_email_matches_perfectly(client, recorder, item, checking):
    account = matched_checking(client, recorder, item, checking, email_address="accountholder1@example.com")

    assert account["email_address"] == {"score": 100}
    assert account["legal_name"] == NO_DATA["legal_name"]


def test_the_secondary_address_abbreviated_and_without_zip4_matches_perfectly(client, recorder, item, checking):
    address = {"street": "2493 Leisure Ln.", "city": "San Matias", "region": "CA", "postal_code": "93405"}

    account = matched_checking(client, recorder, item, checking, address=address)

    assert account["address"] == {"score": 100, "is_postal_code_match": True}


def test_a_nickname_is_a_match_flagged_as_nickname(client, recorder, item, checking):
    # Bert is listed as a nickname of Alberta in the server's curated data (nicknames 1.0.1, names.csv).
    account = matched_checking(client, recorder, item, checking, legal_name="Bert Charleson")

    assert account["legal_name"]["score"] >= PASS, account["legal_name"]
    assert account["legal_name"]["is_nickname_match"] is True
    assert account["legal_name"]["is_business_name_detected"] is False


def test_a_business_name_is_detected(client, recorder, item, checking):
    account = matched_checking(client, recorder, item, checking, legal_name="Charleson Holdings LLC")

    assert account["legal_name"]["is_business_name_detected"] is True
    assert account["legal_name"]["score"] < PASS


def test_a_family_member_is_a_mismatch_flagged_as_first_or_last_name_match(client, recorder, item, checking):
    account = matched_checking(client, recorder, item, checking, legal_name="Beatrice Charleson")

    assert account["legal_name"]["score"] < PASS, account["legal_name"]
    assert account["legal_name"]["is_first_name_or_last_name_match"] is True
    assert account["legal_name"]["is_nickname_match"] is False


@pytest.mark.parametrize("phone_number", ["1112223333", "(111) 222-3333", "+1-111-222-3333", "111.222.3333"])
def test_the_sandbox_phone_written_any_usual_way_passes(client, recorder, item, checking, phone_number):
    account = matched_checking(client, recorder, item, checking, phone_number=phone_number)

    assert account["phone_number"]["score"] >= PASS, account["phone_number"]


# ---- the shape of the response ----

def test_the_accounts_are_account_bases_with_null_balances(client, recorder, item):
    accounts = client.accounts_get(AccountsGetRequest(access_token=item.access_token)).to_dict()["accounts"]

    identity_match(client, item.access_token, PERFECT)

    raw = {account["account_id"]: account for account in last_raw(recorder, "/identity/match")["accounts"]}
    assert sorted(raw) == sorted(account["account_id"] for account in accounts)
    for account in accounts:
        matched = raw[account["account_id"]]
        for key in ("mask", "name", "official_name", "type", "subtype"):
            assert matched[key] == account[key], key
        assert matched["balances"] == dict.fromkeys(matched["balances"]), matched["balances"]
        assert {"available", "current", "limit", "iso_currency_code", "unofficial_currency_code"} <= set(
            matched["balances"])


def test_without_a_user_every_score_object_is_there_and_null(client, recorder, item):
    identity_match(client, item.access_token, None)

    for account in last_raw(recorder, "/identity/match")["accounts"]:
        assert scores(account) == NO_DATA


def test_fields_the_user_leaves_out_or_blank_score_null(client, recorder, item, checking):
    account = matched_checking(client, recorder, item, checking, legal_name="Alberta Bobbeth Charleson",
                               phone_number="", address={})

    assert account["legal_name"]["score"] == 100
    assert {field: account[field] for field in ("phone_number", "email_address", "address")} == {
        field: NO_DATA[field] for field in ("phone_number", "email_address", "address")}


def test_account_ids_limit_the_accounts_scored(client, recorder, item):
    accounts = accounts_by_mask(client, item.access_token)
    wanted = sorted(accounts[mask]["account_id"] for mask in ("0000", "3333"))

    response = identity_match(client, item.access_token, PERFECT, wanted)

    assert sorted(account["account_id"] for account in response["accounts"]) == wanted


def test_an_unknown_account_id_is_invalid_account_id(client, item):
    with pytest.raises(plaid.ApiException) as raised:
        identity_match(client, item.access_token, PERFECT, [UNKNOWN_ACCOUNT_ID])

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


@pytest.mark.parametrize("phone_number", ["not a phone", "12", "+1 555"])
def test_an_unparseable_phone_number_is_invalid_field(client, item, phone_number):
    with pytest.raises(plaid.ApiException) as raised:
        identity_match(client, item.access_token, {**PERFECT, "phone_number": phone_number})

    body = assert_plaid_error(raised.value, 400, "INVALID_REQUEST", "INVALID_FIELD")
    assert "phone_number" in body["error_message"], body


def test_an_unknown_access_token_is_invalid_access_token(client):
    with pytest.raises(plaid.ApiException) as raised:
        identity_match(client, "access-sandbox-00000000-0000-4000-8000-000000000000", PERFECT)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")


# ---- a custom user: joint owners, a British number and address ----

def test_a_joint_owner_matches_on_the_custom_users_account(client, recorder):
    # Morag Fiona MacLeod and Hamish MacLeod share the checking account (mask 4321) in Edinburgh.
    item = link_item(client, "user_custom", CustomUser(JOINT_CUSTOM_USER).password)
    checking = next(account for account in client.accounts_get(AccountsGetRequest(
        access_token=item.access_token)).to_dict()["accounts"] if account["mask"] == "4321")
    user = {"legal_name": "Hamish MacLeod", "phone_number": "+44 131 496 0000",
            "email_address": "hamish+bank@tartan.example",
            "address": {"street": "1 Tartan Close", "city": "Edinburgh", "postal_code": "EH1 1AA", "country": "GB"}}

    identity_match(client, item.access_token, user, [checking["account_id"]])

    [account] = last_raw(recorder, "/identity/match")["accounts"]
    assert_raw_scores_well_formed(account)
    assert {field: account[field]["score"] for field in SCORE_KEYS} == dict.fromkeys(SCORE_KEYS, 100), scores(account)


# ---- /processor/identity/match ----

def processor_identity_match(client, token: str, user: dict | None) -> dict:
    arguments = {"processor_token": token}
    if user is not None:
        arguments["user"] = match_user(**user)
    return client.processor_identity_match(ProcessorIdentityMatchRequest(**arguments)).to_dict()


@pytest.fixture
def checking_token(client, item, checking) -> str:
    return create_processor_token(client, item.access_token, checking["account_id"], "dwolla")


def test_the_partner_scores_the_documented_identity_perfectly(dwolla, recorder, checking, checking_token):
    response = processor_identity_match(dwolla, checking_token, PERFECT)

    raw = last_raw(recorder, "/processor/identity/match")
    assert set(raw) == {"account", "request_id"}
    assert response["account"]["account_id"] == checking["account_id"]
    assert project(raw["account"], {"mask": "0000", "name": "Plaid Checking"}) == {"mask": "0000",
                                                                                   "name": "Plaid Checking"}
    assert_raw_scores_well_formed(raw["account"])
    assert {field: raw["account"][field]["score"] for field in SCORE_KEYS} == dict.fromkeys(SCORE_KEYS, 100)
    assert raw["account"]["balances"] == dict.fromkeys(raw["account"]["balances"])


def test_the_partner_gets_the_same_scores_as_the_app(client, dwolla, recorder, item, checking, checking_token):
    user = {"legal_name": "Alerta Charleson", "email_address": "accountholder1@example.com"}

    processor_identity_match(dwolla, checking_token, user)
    identity_match(client, item.access_token, user, [checking["account_id"]])

    partner = last_raw(recorder, "/processor/identity/match")["account"]
    [app] = last_raw(recorder, "/identity/match")["accounts"]
    assert scores(partner) == scores(app)
    assert 85 <= partner["legal_name"]["score"] <= 99


def test_the_partner_without_a_user_gets_null_scores(dwolla, recorder, checking_token):
    processor_identity_match(dwolla, checking_token, None)

    assert scores(last_raw(recorder, "/processor/identity/match")["account"]) == NO_DATA


def test_the_partner_with_an_unparseable_phone_gets_invalid_field(dwolla, checking_token):
    with pytest.raises(plaid.ApiException) as raised:
        processor_identity_match(dwolla, checking_token, {"phone_number": "not a phone"})

    assert_plaid_error(raised.value, 400, "INVALID_REQUEST", "INVALID_FIELD")


@pytest.mark.parametrize("caller", ["galileo", "other_app"])
def test_another_partner_or_app_is_refused_the_token(request, checking_token, caller):
    with pytest.raises(plaid.ApiException) as raised:
        processor_identity_match(request.getfixturevalue(caller), checking_token, PERFECT)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
