"""A public token made by Link (the Link frame's session protocol, spoken here with `requests` as the page would)
is exchanged and read with plaid-python; `/link/token/get` reports the session."""
import requests
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.country_code import CountryCode
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.link_token_create_request import LinkTokenCreateRequest
from plaid.model.link_token_create_request_user import LinkTokenCreateRequestUser
from plaid.model.link_token_get_request import LinkTokenGetRequest
from plaid.model.products import Products

from tartan_sdk import BASE_PATH


def link_session(server_url: str, path: str, body: dict) -> dict:
    response = requests.post(f"{server_url}{BASE_PATH}/link/session/{path}", json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_link_created_public_token_is_exchanged_by_the_sdk(client, server_url):
    created = client.link_token_create(LinkTokenCreateRequest(
        client_name="SDK test app",
        language="en",
        country_codes=[CountryCode("US")],
        user=LinkTokenCreateRequestUser(client_user_id="python-sdk-user"),
        products=[Products("identity")],
    )).to_dict()
    token = created["link_token"]
    session = link_session(server_url, "start", {"link_token": token})
    session_id = session["link_session_id"]

    def step(**action):
        return link_session(server_url, "step", {"link_token": token, "link_session_id": session_id, **action})

    step(action="consent")
    step(action="select_institution", institution_id="ins_109508")
    select = step(action="credentials", username="user_good", password="mfa_device")
    assert select["view"]["name"] == "MFA"
    select = step(action="mfa", answers=["1234"])
    offered = {account["mask"]: account["id"] for account in select["view"]["accounts"]}
    connected = step(action="select_accounts", account_ids=[offered["0000"], offered["3333"]])
    public_token = connected["view"]["public_token"]

    exchanged = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public_token)).to_dict()
    accounts = client.accounts_get(AccountsGetRequest(access_token=exchanged["access_token"])).to_dict()
    assert [account["mask"] for account in accounts["accounts"]] == ["0000", "3333"]
    assert accounts["item"]["item_id"] == exchanged["item_id"]

    got = client.link_token_get(LinkTokenGetRequest(link_token=token)).to_dict()
    [recorded] = got["link_sessions"]
    assert recorded["link_session_id"] == session_id
    assert recorded["on_success"]["public_token"] == public_token
    assert [a["mask"] for a in recorded["results"]["item_add_results"][0]["accounts"]] == ["0000", "3333"]
