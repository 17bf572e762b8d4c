"""The default Sandbox user (no override options) through the whole Item lifecycle, via plaid-python."""
import plaid
import pytest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.accounts_get_request_options import AccountsGetRequestOptions
from plaid.model.identity_get_request import IdentityGetRequest
from plaid.model.identity_get_request_options import IdentityGetRequestOptions
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.item_remove_request import ItemRemoveRequest

import user_good
from matching import project, unordered
from tartan_sdk import assert_plaid_error, create_public_token, link_item


@pytest.fixture
def item(client):
    return link_item(client)


def accounts_by_mask(client, access_token, **options):
    request = AccountsGetRequest(access_token=access_token)
    if options:
        request = AccountsGetRequest(access_token=access_token, options=AccountsGetRequestOptions(**options))
    response = client.accounts_get(request).to_dict()
    return {account["mask"]: account for account in response["accounts"]}, response


def identity_accounts(client, access_token, **options):
    request = IdentityGetRequest(access_token=access_token)
    if options:
        request = IdentityGetRequest(access_token=access_token, options=IdentityGetRequestOptions(**options))
    return client.identity_get(request).to_dict()["accounts"]


def test_sandbox_public_token_create_returns_a_sandbox_public_token(client):
    public_token = create_public_token(client)

    assert public_token.startswith("public-sandbox-")


def test_exchanging_a_public_token_returns_an_access_token_and_item_id(client, recorder):
    public_token = create_public_token(client)

    exchanged = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public_token))

    assert exchanged.access_token.startswith("access-sandbox-")
    assert exchanged.item_id
    assert [exchange.operation for exchange in recorder.exchanges] == [
        "/sandbox/public_token/create", "/item/public_token/exchange"]


def test_accounts_get_returns_the_twelve_user_good_accounts(client, item):
    accounts, response = accounts_by_mask(client, item.access_token)

    assert sorted(accounts) == sorted(user_good.ACCOUNTS)
    for mask, account in accounts.items():
        assert project(account, user_good.expected_account(mask)) == user_good.expected_account(mask)
        assert account["account_id"]
    assert response["item"]["item_id"] == item.item_id
    assert len({account["account_id"] for account in accounts.values()}) == 12


def test_accounts_get_filtered_by_account_ids_returns_only_those_accounts(client, item):
    all_accounts, _ = accounts_by_mask(client, item.access_token)
    wanted = [all_accounts["0000"]["account_id"], all_accounts["3333"]["account_id"]]

    filtered, _ = accounts_by_mask(client, item.access_token, account_ids=wanted)

    assert sorted(filtered) == ["0000", "3333"]
    assert {account["account_id"] for account in filtered.values()} == set(wanted)


def test_item_get_describes_the_item_at_first_platypus_bank(client, item):
    response = client.item_get(ItemGetRequest(access_token=item.access_token)).to_dict()

    described = response["item"]
    assert described["item_id"] == item.item_id
    assert described["institution_id"] == user_good.INSTITUTION_ID
    assert described["institution_name"] == user_good.INSTITUTION_NAME
    assert described["webhook"] is None
    assert described["error"] is None
    assert "identity" in described["products"]
    assert not set(described["available_products"]) & set(described["billed_products"])


def test_identity_get_returns_alberta_charleson_as_owner_of_every_account(client, item):
    accounts = identity_accounts(client, item.access_token)

    assert sorted(account["mask"] for account in accounts) == sorted(user_good.ACCOUNTS)
    for account in accounts:
        assert len(account["owners"]) == 1, account["mask"]
        owner = account["owners"][0]
        assert owner["names"] == user_good.OWNER_NAMES
        assert unordered(owner["emails"]) == unordered(user_good.EMAILS)
        assert unordered(owner["addresses"]) == unordered(user_good.ADDRESSES)
        assert len(owner["phone_numbers"]) == user_good.PHONE_NUMBER_COUNT


def test_identity_get_carries_the_same_account_fields_as_accounts_get(client, item):
    accounts, _ = accounts_by_mask(client, item.access_token)

    identity = {account["mask"]: account for account in identity_accounts(client, item.access_token)}

    for mask, account in accounts.items():
        assert {key: identity[mask].get(key) for key in account} == account, f"account {mask}"


def test_identity_get_filtered_by_account_ids_returns_only_those_accounts(client, item):
    all_accounts, _ = accounts_by_mask(client, item.access_token)
    wanted = all_accounts["1111"]["account_id"]

    accounts = identity_accounts(client, item.access_token, account_ids=[wanted])

    assert [account["account_id"] for account in accounts] == [wanted]
    assert accounts[0]["owners"][0]["names"] == user_good.OWNER_NAMES


def test_item_remove_answers_with_only_a_request_id(client, item, recorder):
    client.item_remove(ItemRemoveRequest(access_token=item.access_token))

    removal = recorder.exchanges[-1]
    assert removal.operation == "/item/remove"
    assert list(removal.json()) == ["request_id"]


@pytest.mark.parametrize("call", ["accounts_get", "identity_get", "item_get"])
def test_after_item_remove_the_access_token_is_rejected_as_invalid(client, item, call):
    requests = {"accounts_get": AccountsGetRequest, "identity_get": IdentityGetRequest, "item_get": ItemGetRequest}
    client.item_remove(ItemRemoveRequest(access_token=item.access_token))

    with pytest.raises(plaid.ApiException) as raised:
        getattr(client, call)(requests[call](access_token=item.access_token))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
