"""`/auth/get` and `/accounts/balance/get` for the default Sandbox user, via plaid-python (reference §4.2, §8.3).

Custom users' numbers through `/auth/get` are in test_processor_flow.py, next to `/processor/auth/get`.
"""
from datetime import datetime, timedelta, timezone

import plaid
import pytest
from plaid.model.accounts_balance_get_request import AccountsBalanceGetRequest
from plaid.model.accounts_balance_get_request_options import AccountsBalanceGetRequestOptions
from plaid.model.auth_get_request import AuthGetRequest
from plaid.model.auth_get_request_options import AuthGetRequestOptions

import user_good
from matching import project
from tartan_sdk import accounts_by_mask, assert_plaid_error, link_item

UNKNOWN_ACCOUNT_ID = "QPO8Jo8vdDHMepg41PBwckXm4KdK1yUdmXOwK"
CAPITAL_ONE = "ins_128026"


@pytest.fixture
def item(client):
    return link_item(client)


@pytest.fixture
def account_ids(client, item):
    """mask -> account_id of the Item's accounts."""
    return {mask: account["account_id"] for mask, account in accounts_by_mask(client, item.access_token).items()}


def auth_get(client, access_token, **options):
    request = AuthGetRequest(access_token=access_token)
    if options:
        request = AuthGetRequest(access_token=access_token, options=AuthGetRequestOptions(**options))
    return client.auth_get(request).to_dict()


def balance_get(client, access_token, **options):
    request = AccountsBalanceGetRequest(access_token=access_token)
    if options:
        request = AccountsBalanceGetRequest(access_token=access_token,
                                            options=AccountsBalanceGetRequestOptions(**options))
    return client.accounts_balance_get(request).to_dict()


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


# ---- /auth/get ----

def test_auth_get_reports_the_checking_savings_and_cash_management_accounts(client, item):
    response = auth_get(client, item.access_token)

    masks = sorted(account["mask"] for account in response["accounts"])
    assert masks == user_good.AUTH_MASKS
    for account in response["accounts"]:
        expected = user_good.expected_account(account["mask"])
        assert project(account, expected) == expected
    assert response["item"]["item_id"] == item.item_id


def test_auth_get_reports_ach_numbers_and_empty_arrays_for_the_other_rails(client, item, account_ids):
    response = auth_get(client, item.access_token)

    mask_of = {account_id: mask for mask, account_id in account_ids.items()}
    ach = {mask_of[entry["account_id"]]: entry for entry in response["numbers"]["ach"]}
    assert sorted(ach) == user_good.AUTH_MASKS
    for mask, entry in ach.items():
        assert project(entry, user_good.expected_ach(mask)) == user_good.expected_ach(mask), mask
    assert {rail: response["numbers"][rail] for rail in ("eft", "international", "bacs")} == {
        "eft": [], "international": [], "bacs": []}


def test_auth_get_filtered_by_account_ids_returns_only_those_accounts_and_numbers(client, item, account_ids):
    response = auth_get(client, item.access_token, account_ids=[account_ids["1111"]])

    assert [account["account_id"] for account in response["accounts"]] == [account_ids["1111"]]
    assert [entry["account_id"] for entry in response["numbers"]["ach"]] == [account_ids["1111"]]
    assert project(response["numbers"]["ach"][0], user_good.expected_ach("1111")) == user_good.expected_ach("1111")


def test_auth_get_for_accounts_without_payment_numbers_is_no_auth_accounts(client, item, account_ids):
    with pytest.raises(plaid.ApiException) as raised:
        auth_get(client, item.access_token, account_ids=[account_ids["3333"], account_ids["2222"]])

    assert_plaid_error(raised.value, 400, "ITEM_ERROR", "NO_AUTH_ACCOUNTS")


def test_auth_get_with_an_account_id_not_on_the_item_is_invalid_account_id(client, item):
    with pytest.raises(plaid.ApiException) as raised:
        auth_get(client, item.access_token, account_ids=[UNKNOWN_ACCOUNT_ID])

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


def test_auth_get_with_another_clients_access_token_is_invalid_access_token(other_app, item):
    with pytest.raises(plaid.ApiException) as raised:
        auth_get(other_app, item.access_token)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")


# ---- /accounts/balance/get ----

def test_accounts_balance_get_returns_every_accounts_balances(client, item):
    response = balance_get(client, item.access_token)

    assert sorted(account["mask"] for account in response["accounts"]) == sorted(user_good.ACCOUNTS)
    for account in response["accounts"]:
        expected = user_good.expected_account(account["mask"])
        assert project(account, expected) == expected
    assert response["item"]["item_id"] == item.item_id


def test_accounts_balance_get_filtered_by_account_ids(client, item, account_ids):
    wanted = [account_ids["0000"], account_ids["9999"]]

    response = balance_get(client, item.access_token, account_ids=wanted)

    assert sorted(account["account_id"] for account in response["accounts"]) == sorted(wanted)


def test_accounts_balance_get_accepts_a_min_last_updated_datetime_in_the_past(client, item, account_ids):
    response = balance_get(client, item.access_token, account_ids=[account_ids["0000"]],
                           min_last_updated_datetime=now() - timedelta(hours=1))

    expected = user_good.expected_account("0000")["balances"]
    assert [project(account["balances"], expected) for account in response["accounts"]] == [expected]


def test_accounts_balance_get_ignores_min_last_updated_datetime_where_balances_are_real_time(client, item):
    # Plaid uses the option only at Capital One (ins_128026); elsewhere balances are fetched in real time.
    response = balance_get(client, item.access_token, min_last_updated_datetime=now() + timedelta(days=1))

    assert len(response["accounts"]) == len(user_good.ACCOUNTS)
    assert all(account["balances"].get("last_updated_datetime") is None for account in response["accounts"])


@pytest.fixture
def capital_one_card(client):
    """A user_good Item at Capital One and its credit card's account_id."""
    linked = link_item(client, institution_id=CAPITAL_ONE)
    return linked, accounts_by_mask(client, linked.access_token)["3333"]["account_id"]


def test_capital_one_credit_balances_need_min_last_updated_datetime(client, capital_one_card):
    linked, card = capital_one_card

    with pytest.raises(plaid.ApiException) as raised:
        balance_get(client, linked.access_token, account_ids=[card])

    assert_plaid_error(raised.value, 400, "INVALID_REQUEST", "INVALID_FIELD")


def test_capital_one_credit_balances_older_than_min_last_updated_datetime_are_out_of_range(client, capital_one_card):
    linked, card = capital_one_card

    with pytest.raises(plaid.ApiException) as raised:
        balance_get(client, linked.access_token, account_ids=[card], min_last_updated_datetime=now() + timedelta(days=1))

    assert_plaid_error(raised.value, 400, "INVALID_RESULT", "LAST_UPDATED_DATETIME_OUT_OF_RANGE")


def test_capital_one_credit_balances_report_when_they_were_updated(client, capital_one_card):
    linked, card = capital_one_card

    response = balance_get(client, linked.access_token, account_ids=[card],
                           min_last_updated_datetime=now() - timedelta(days=1))

    assert response["accounts"][0]["balances"]["last_updated_datetime"] is not None


def test_accounts_balance_get_with_an_account_id_not_on_the_item_is_invalid_account_id(client, item):
    with pytest.raises(plaid.ApiException) as raised:
        balance_get(client, item.access_token, account_ids=[UNKNOWN_ACCOUNT_ID])

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
