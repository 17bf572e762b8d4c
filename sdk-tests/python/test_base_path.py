"""The server started with `--base-path /plaid-compatible` serves the same API under that prefix."""
from plaid.model.identity_get_request import IdentityGetRequest

import user_good
from tartan_sdk import BASE_PATH, link_item


def test_the_whole_identity_flow_works_under_the_base_path(make_client, recorder):
    client = make_client(base_path=BASE_PATH)
    item = link_item(client)

    accounts = client.identity_get(IdentityGetRequest(access_token=item.access_token)).to_dict()["accounts"]

    assert sorted(account["mask"] for account in accounts) == sorted(user_good.ACCOUNTS)
    assert {tuple(account["owners"][0]["names"]) for account in accounts} == {tuple(user_good.OWNER_NAMES)}
    assert [exchange.path for exchange in recorder.exchanges] == [
        f"{BASE_PATH}/sandbox/public_token/create", f"{BASE_PATH}/item/public_token/exchange",
        f"{BASE_PATH}/identity/get"]


def test_an_item_linked_under_the_base_path_is_usable_at_the_root(make_client):
    prefixed, root = make_client(base_path=BASE_PATH), make_client()
    item = link_item(prefixed)

    accounts = root.identity_get(IdentityGetRequest(access_token=item.access_token)).to_dict()["accounts"]

    assert len(accounts) == len(user_good.ACCOUNTS)
