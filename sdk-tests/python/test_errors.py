"""Error paths: each one must surface in plaid-python as an ApiException carrying a Plaid error body."""
import json
import secrets

import plaid
import pytest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.accounts_get_request_options import AccountsGetRequestOptions
from plaid.model.identity_get_request import IdentityGetRequest
from plaid.model.identity_get_request_options import IdentityGetRequestOptions
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

from tartan_sdk import assert_plaid_error, create_public_token, link_item

UNKNOWN_ACCOUNT_ID = "QPO8Jo8vdDHMepg41PBwckXm4KdK1yUdmXOwK"


def test_a_wrong_secret_is_rejected_as_invalid_api_keys(make_client):
    client = make_client(secret=secrets.token_hex(15))

    with pytest.raises(plaid.ApiException) as raised:
        create_public_token(client)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_API_KEYS")


def test_an_unknown_client_id_is_rejected_as_invalid_api_keys(make_client):
    client = make_client(client_id=secrets.token_hex(12))

    with pytest.raises(plaid.ApiException) as raised:
        create_public_token(client)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_API_KEYS")


def test_an_unknown_access_token_is_rejected_as_invalid_access_token(client):
    with pytest.raises(plaid.ApiException) as raised:
        client.item_get(ItemGetRequest(access_token="access-sandbox-00000000-0000-4000-8000-000000000000"))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")


def test_a_public_token_cannot_be_exchanged_twice(client):
    public_token = create_public_token(client)
    client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public_token))

    with pytest.raises(plaid.ApiException) as raised:
        client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public_token))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN")


def test_an_unknown_account_id_in_accounts_get_is_rejected_as_invalid_account_id(client):
    item = link_item(client)
    options = AccountsGetRequestOptions(account_ids=[UNKNOWN_ACCOUNT_ID])

    with pytest.raises(plaid.ApiException) as raised:
        client.accounts_get(AccountsGetRequest(access_token=item.access_token, options=options))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


def test_an_unknown_account_id_in_identity_get_is_rejected_as_invalid_account_id(client):
    item = link_item(client)
    options = IdentityGetRequestOptions(account_ids=[UNKNOWN_ACCOUNT_ID])

    with pytest.raises(plaid.ApiException) as raised:
        client.identity_get(IdentityGetRequest(access_token=item.access_token, options=options))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


@pytest.mark.parametrize(
    ("password", "mentions"),
    [
        pytest.param("this is not JSON {", ("override_password", "json"), id="not-json"),
        pytest.param(json.dumps({"override_accounts": {"type": "depository"}}), ("override_accounts",),
                     id="override-accounts-not-a-list"),
    ],
)
def test_an_invalid_custom_user_config_is_rejected_with_a_400_naming_the_problem(client, password, mentions):
    with pytest.raises(plaid.ApiException) as raised:
        create_public_token(client, username="user_custom", password=password)

    body = assert_plaid_error(raised.value, 400, ("INVALID_REQUEST", "INVALID_INPUT"))
    message = body["error_message"].lower()
    assert any(word in message for word in mentions), f"error_message should mention one of {mentions}: {body}"
