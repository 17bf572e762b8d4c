"""A data provider in production through plaid-python: the test starts its own production server (the binary
run.sh serves, TARTAN_BIN), loads a catalogue with `tartan import`, registers an app and a dwolla processor
partner with `tartan clients create`, allows the app the institution, links a user with a password through
Link's session protocol (what the Link frame posts), then reads the provider's data with the official SDK:
/accounts/get, /identity/get, /auth/get, /accounts/balance/get and the processor endpoints."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests
from plaid.model.accounts_balance_get_request import AccountsBalanceGetRequest
from plaid.model.auth_get_request import AuthGetRequest
from plaid.model.country_code import CountryCode
from plaid.model.identity_get_request import IdentityGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.link_token_create_request import LinkTokenCreateRequest
from plaid.model.link_token_create_request_user import LinkTokenCreateRequestUser
from plaid.model.products import Products

from tartan_sdk import BASE_PATH, accounts_by_mask, create_processor_token, processor_read, recording_client

BINARY = Path(os.environ.get("TARTAN_BIN", Path(__file__).resolve().parents[2] / "target" / "debug" / "tartan"))
INSTITUTION = "ins_python_demo"


def _owner(name: str) -> dict:
    return {"names": [name], "phone_numbers": [{"data": "+1 617 555 0100", "primary": True, "type": "mobile"}],
            "emails": [{"data": "pat@example.com", "primary": True, "type": "primary"}],
            "addresses": [{"data": {"street": "9 Elm St", "city": "Boston", "region": "MA", "postal_code": "02110",
                                    "country": "US"}, "primary": True}]}


def _catalogue() -> list[dict]:
    account = {"type": "account", "institution_id": INSTITUTION, "user_id": "pat", "account_type": "depository",
               "balances": {"available": 321.5, "current": 330.0, "iso_currency_code": "USD"},
               "owners": [_owner("Pat Provider")]}
    return [
        {"type": "institution", "institution_id": INSTITUTION, "name": "Python Demo Bank", "country_codes": ["US"],
         "products": ["auth", "balance", "identity"], "login": {"method": "password", "totp": False}},
        {"type": "user", "institution_id": INSTITUTION, "user_id": "pat", "password": "pat's passphrase"},
        dict(account, account_id="pat-chk", name="Python checking", mask="0101", subtype="checking",
             numbers={"ach": {"account": "7777000011110101", "routing": "011401533", "wire_routing": None}}),
        dict(account, account_id="pat-sav", name="Python savings", mask="0202", subtype="savings",
             numbers={"ach": {"account": "7777000011110202", "routing": "011401533", "wire_routing": None}}),
    ]


@pytest.fixture(scope="module")
def production():
    """A production server with the catalogue, an app and a dwolla partner; yields (url, app, partner)."""
    if not BINARY.is_file():
        pytest.skip(f"no tartan binary at {BINARY} (cargo build, or set TARTAN_BIN)")
    with tempfile.TemporaryDirectory() as work:
        database = f"sqlite:{work}/provider.db"

        def tartan(*args: str) -> str:
            return subprocess.run([str(BINARY), "--database-url", database, *args], check=True,
                                  capture_output=True, text=True).stdout

        catalogue = Path(work) / "catalogue.ndjson"
        catalogue.write_text("".join(json.dumps(line) + "\n" for line in _catalogue()))
        tartan("import", str(catalogue))

        def client(*extra: str) -> tuple[str, str]:
            out = tartan("clients", "create", "--name", "Python App", *extra)
            return re.search(r"client_id:\s*(\S+)", out).group(1), re.search(r"secret:\s*(\S+)", out).group(1)

        app, partner = client(), client("--processor", "dwolla")
        tartan("provider", "allow", app[0], INSTITUTION)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([str(BINARY), "--database-url", database, "serve", "--listen", f"127.0.0.1:{port}",
                                   "--env", "production", "--base-path", BASE_PATH],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if requests.get(f"{url}/health", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            yield url, app, partner
        finally:
            server.terminate()
            server.wait(timeout=10)


def _link(url: str, link_token: str) -> str:
    """Link's session protocol as the frame speaks it; answers the public token."""
    def post(path: str, body: dict) -> dict:
        response = requests.post(f"{url}{BASE_PATH}/link/session/{path}", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    session = post("start", {"link_token": link_token})["link_session_id"]

    def step(**action) -> dict:
        return post("step", {"link_token": link_token, "link_session_id": session, **action})["view"]

    institutions = step(action="consent")["institutions"]
    assert [i["institution_id"] for i in institutions] == [INSTITUTION]
    assert step(action="select_institution", institution_id=INSTITUTION)["name"] == "CREDENTIAL"
    offered = step(action="credentials", username="pat", password="pat's passphrase")
    assert offered["name"] == "SELECT_ACCOUNT", offered
    connected = step(action="select_accounts", account_ids=[a["id"] for a in offered["accounts"]])
    assert connected["name"] == "CONNECTED", connected
    return connected["public_token"]


def test_the_sdk_reads_a_provider_users_data(production, recorder):
    url, (app_id, app_secret), (partner_id, partner_secret) = production
    client = recording_client(f"{url}{BASE_PATH}", app_id, app_secret, recorder)
    link_token = client.link_token_create(LinkTokenCreateRequest(
        client_name="Python App", language="en", country_codes=[CountryCode("US")],
        user=LinkTokenCreateRequestUser(client_user_id="python-user"),
        products=[Products("auth"), Products("identity")])).link_token
    assert link_token.startswith("link-production-")
    public_token = _link(url, link_token)
    access_token = client.item_public_token_exchange(
        ItemPublicTokenExchangeRequest(public_token=public_token)).access_token

    accounts = accounts_by_mask(client, access_token)
    assert sorted(accounts) == ["0101", "0202"]
    assert accounts["0101"]["balances"]["current"] == 330.0
    auth = client.auth_get(AuthGetRequest(access_token=access_token)).to_dict()
    assert sorted(n["account"] for n in auth["numbers"]["ach"]) == ["7777000011110101", "7777000011110202"]
    identity = client.identity_get(IdentityGetRequest(access_token=access_token)).to_dict()
    assert {a["owners"][0]["names"][0] for a in identity["accounts"]} == {"Pat Provider"}
    balance = client.accounts_balance_get(AccountsBalanceGetRequest(access_token=access_token)).to_dict()
    assert {a["balances"]["available"] for a in balance["accounts"]} == {321.5}

    token = create_processor_token(client, access_token, accounts["0202"]["account_id"], "dwolla")
    partner = recording_client(f"{url}{BASE_PATH}", partner_id, partner_secret, recorder)
    numbers = processor_read(partner, "/processor/auth/get", token)["numbers"]
    assert numbers["ach"]["account"] == "7777000011110202"
    owners = processor_read(partner, "/processor/identity/get", token)["account"]["owners"]
    assert owners[0]["addresses"][0]["data"]["street"] == "9 Elm St"
