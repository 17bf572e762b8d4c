"""Tartan's sandbox clock and failures on demand, as an app's own test suite would use them: plain HTTP for the
controls, plaid-python for the calls under test. They run as a client of their own (TARTAN_CONTROLS_PY_ID /
_SECRET, which run.sh creates), so moving its clock or failing its calls disturbs no other test."""
import os

import plaid
import pytest
import requests
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

from tartan_sdk import assert_plaid_error, create_public_token, link_item


@pytest.fixture
def controls(server_url, make_client):
    client_id, secret = os.environ.get("TARTAN_CONTROLS_PY_ID"), os.environ.get("TARTAN_CONTROLS_PY_SECRET")
    if not (client_id and secret):
        pytest.skip("TARTAN_CONTROLS_PY_ID / _SECRET not set: a client of its own for these tests (run.sh creates it)")
    keys = {"PLAID-CLIENT-ID": client_id, "PLAID-SECRET": secret}

    def control(path: str, body: dict) -> dict:
        response = requests.post(server_url + path, json=body, headers=keys, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    yield make_client(client_id=client_id, secret=secret), control
    control("/sandbox/failures/clear", {})


def test_advancing_the_clock_past_30_minutes_expires_the_public_token(controls):
    client, control = controls
    public_token = create_public_token(client)

    clock = control("/sandbox/clock/advance", {"seconds": 31 * 60})

    assert clock["offset_seconds"] >= 31 * 60
    with pytest.raises(plaid.ApiException) as raised:
        client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public_token))
    body = assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN")
    assert body["request_id"]


def test_half_the_calls_fail_with_plaids_internal_server_error(controls):
    client, control = controls
    access_token = link_item(client).access_token
    control("/sandbox/failures/set", {"error_percent": 50, "error_code": "INTERNAL_SERVER_ERROR"})

    failed = 0
    for _ in range(100):
        try:
            client.accounts_get(AccountsGetRequest(access_token=access_token))
        except plaid.ApiException as error:
            body = assert_plaid_error(error, 500, "API_ERROR", "INTERNAL_SERVER_ERROR")
            assert body["request_id"]
            failed += 1

    # Binomial(100, 0.5): 25..75 is five standard deviations either side.
    assert 25 <= failed <= 75, f"{failed} of 100 failed"
