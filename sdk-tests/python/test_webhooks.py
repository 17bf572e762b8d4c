"""Webhooks via plaid-python: /item/webhook/update, /sandbox/item/fire_webhook, /webhook_verification_key/get, and
the deliveries themselves, received by a local HTTP server and verified the way the repository README's Python
receiver does it (reference §4.6, §9, §9.1).

Each test gets its own receiver (`http.server` on 127.0.0.1, a random port and a unique path, answering 200 to every
POST and recording the raw bytes and headers). The server under test runs with the default webhook settings, so a
delivery normally arrives within about a second; a test waits up to DELIVERY_TIMEOUT for the webhook it expects,
matched by path, `item_id` and `webhook_code` (so stray retries to a reused port cannot be mistaken for it). Every
received body is validated against the Plaid spec's component schema for its webhook (WEBHOOK_SCHEMAS); every raw
API response is validated by the `recorder` fixture, like in the other suites.

plaid-python 46.0.0's `WebhookType` enum contains `IDENTITY` (Plaid's 2020-09-14 spec leaves it out of the enum but
lists it in the endpoint's prose), so IDENTITY DEFAULT_UPDATE is fired through the SDK like every other code.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import plaid
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from plaid.api import plaid_api
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.identity_get_request import IdentityGetRequest
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_webhook_update_request import ItemWebhookUpdateRequest
from plaid.model.sandbox_item_fire_webhook_request import SandboxItemFireWebhookRequest
from plaid.model.webhook_type import WebhookType
from plaid.model.webhook_verification_key_get_request import WebhookVerificationKeyGetRequest

from tartan_sdk import LinkedItem, assert_plaid_error, attach_recorder, link_item

DELIVERY_TIMEOUT = 15.0  # seconds; the dispatcher is woken on enqueue and polls every second
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
UNKNOWN_KEY_ID = "6c5516e1-92dc-479e-a8ff-5a51992e0001"

# (webhook_type, webhook_code) -> the component schema of its body in Plaid's spec
WEBHOOK_SCHEMAS = {
    ("IDENTITY", "DEFAULT_UPDATE"): "IdentityDefaultUpdateWebhook",
    ("AUTH", "DEFAULT_UPDATE"): "AuthDefaultUpdateWebhook",
    ("ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED"): "WebhookUpdateAcknowledgedWebhook",
    ("ITEM", "NEW_ACCOUNTS_AVAILABLE"): "NewAccountsAvailableWebhook",
    ("ITEM", "LOGIN_REPAIRED"): "ItemLoginRepairedWebhook",
    ("ITEM", "PENDING_DISCONNECT"): "PendingDisconnectWebhook",
    ("ITEM", "USER_PERMISSION_REVOKED"): "UserPermissionRevokedWebhook",
    ("ITEM", "USER_ACCOUNT_REVOKED"): "UserAccountRevokedWebhook",
    ("ITEM", "ERROR"): "ItemErrorWebhook",
}
ITEM_CODES = [code for webhook_type, code in WEBHOOK_SCHEMAS if webhook_type == "ITEM"
              and code != "WEBHOOK_UPDATE_ACKNOWLEDGED"]


# ---- the receiver ----

@dataclass(frozen=True)
class Delivery:
    """One POST the receiver got: the path, the headers (case-insensitive) and the body bytes exactly as sent."""

    path: str
    headers: Message
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    def describe(self) -> str:
        return f"POST {self.path} {dict(self.headers)}\n{self.body.decode('utf-8', errors='replace')}"


class Receiver:
    """A webhook endpoint on 127.0.0.1:<random port>/webhooks/<random>, answering 200 to every POST."""

    def __init__(self):
        self.path = f"/webhooks/{uuid.uuid4().hex}"
        self.deliveries: list[Delivery] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self._read_body()
                with receiver._arrived:
                    receiver.deliveries.append(Delivery(self.path, self.headers, body))
                    receiver._arrived.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _read_body(self) -> bytes:
                if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                    chunks = []
                    while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    while self.rfile.readline().strip():  # trailers up to the blank line
                        pass
                    return b"".join(chunks)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="webhook-receiver", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.path}"

    def _matching(self, item_id: str, webhook_code: str | None) -> list[Delivery]:
        found = []
        for delivery in self.deliveries:
            if delivery.path != self.path:
                continue
            try:
                body = delivery.json()
            except ValueError:
                continue
            if body.get("item_id") == item_id and webhook_code in (None, body.get("webhook_code")):
                found.append(delivery)
        return found

    def wait_for(self, item_id: str, webhook_code: str, timeout: float = DELIVERY_TIMEOUT) -> Delivery:
        """The first delivery of `webhook_code` for `item_id`; fails after `timeout` seconds without one."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while not (found := self._matching(item_id, webhook_code)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    got = "\n".join(delivery.describe() for delivery in self.deliveries) or "(nothing)"
                    pytest.fail(f"no {webhook_code} webhook for Item {item_id} reached {self.url} within "
                                f"{timeout:.0f} s; received:\n{got}", pytrace=False)
                self._arrived.wait(remaining)
        return found[0]

    def received(self, item_id: str, webhook_code: str | None = None) -> list[Delivery]:
        with self._arrived:
            return self._matching(item_id, webhook_code)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def make_receiver():
    receivers = []

    def make() -> Receiver:
        receivers.append(Receiver())
        return receivers[-1]

    yield make
    for receiver in receivers:
        receiver.close()


@pytest.fixture
def receiver(make_receiver) -> Receiver:
    return make_receiver()


# ---- verification, as the README's Python receiver does it ----

def verify(client: plaid_api.PlaidApi, token: str, body: bytes) -> dict:
    """The README's receiver ("Webhooks" in the repository README), line for line; only the assertion messages
    are added. `token` is the Plaid-Verification header, `body` the raw request body. Returns the decoded body."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256", f"alg {header['alg']!r} is not ES256"
    jwk = client.webhook_verification_key_get(WebhookVerificationKeyGetRequest(key_id=header["kid"])).key.to_dict()
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["ES256"])
    assert time.time() - claims["iat"] < 300, f"iat {claims['iat']} is more than 5 minutes old"
    digest = hashlib.sha256(body).hexdigest()
    assert hmac.compare_digest(digest, claims["request_body_sha256"]), "request_body_sha256 does not match the body"
    return json.loads(body)


def verify_delivery(client, delivery: Delivery) -> dict:
    return verify(client, delivery.headers["Plaid-Verification"], delivery.body)


def assert_well_formed(delivery: Delivery, operation_schemas, webhook_type: str, webhook_code: str,
                       item_id: str) -> dict:
    """Content type, 2-space pretty JSON, the common fields, and the spec's component schema for the webhook."""
    assert (delivery.headers.get("Content-Type") or "").startswith("application/json"), delivery.describe()
    body = delivery.json()
    assert delivery.body.decode("utf-8").rstrip("\n") == json.dumps(body, indent=2), (
        f"the body is not 2-space pretty JSON:\n{delivery.describe()}")
    assert (body["webhook_type"], body["webhook_code"]) == (webhook_type, webhook_code), body
    assert body["item_id"] == item_id, body
    assert body["environment"] == "sandbox", body
    if operation_schemas is not None:
        problems = operation_schemas.component_errors(WEBHOOK_SCHEMAS[webhook_type, webhook_code], body)
        assert not problems, (f"webhook body violates {WEBHOOK_SCHEMAS[webhook_type, webhook_code]}:\n"
                              + "\n".join(problems) + f"\n{delivery.describe()}")
    return body


# ---- helpers ----

def fire(client, access_token: str, webhook_type: str, webhook_code: str):
    request = SandboxItemFireWebhookRequest(access_token=access_token, webhook_code=webhook_code,
                                            webhook_type=WebhookType(webhook_type))
    return client.sandbox_item_fire_webhook(request)


def update_webhook(client, access_token: str, webhook: str | None):
    return client.item_webhook_update(ItemWebhookUpdateRequest(access_token=access_token, webhook=webhook))


def account_ids(client, access_token: str) -> list[str]:
    accounts = client.accounts_get(AccountsGetRequest(access_token=access_token)).to_dict()["accounts"]
    return [account["account_id"] for account in accounts]


def jwt_parts(token: str) -> tuple[dict, dict]:
    """The JOSE header and the claims of a token, unverified."""
    return jwt.get_unverified_header(token), jwt.decode(token, options={"verify_signature": False})


@pytest.fixture
def delivered(client, receiver, operation_schemas):
    """A verified NEW_ACCOUNTS_AVAILABLE delivery of an identity Item linked with the receiver as its webhook."""
    item = link_item(client, webhook=receiver.url)
    assert fire(client, item.access_token, "ITEM", "NEW_ACCOUNTS_AVAILABLE").webhook_fired is True
    delivery = receiver.wait_for(item.item_id, "NEW_ACCOUNTS_AVAILABLE")
    assert_well_formed(delivery, operation_schemas, "ITEM", "NEW_ACCOUNTS_AVAILABLE", item.item_id)
    return delivery


# ---- /item/webhook/update ----

def test_webhook_update_acknowledges_to_the_new_url_and_the_delivery_verifies(client, make_receiver,
                                                                              operation_schemas):
    old, new = make_receiver(), make_receiver()
    item = link_item(client, webhook=old.url)

    response = update_webhook(client, item.access_token, new.url).to_dict()

    assert response["item"]["item_id"] == item.item_id
    assert response["item"]["webhook"] == new.url
    assert client.item_get(ItemGetRequest(access_token=item.access_token)).to_dict()["item"]["webhook"] == new.url
    delivery = new.wait_for(item.item_id, "WEBHOOK_UPDATE_ACKNOWLEDGED")
    body = assert_well_formed(delivery, operation_schemas, "ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED", item.item_id)
    assert body["new_webhook_url"] == new.url
    assert body.get("error") is None
    assert verify_delivery(client, delivery) == body
    assert old.received(item.item_id) == [], "the acknowledgement goes to the new URL only"


def test_after_a_webhook_update_fired_webhooks_go_to_the_new_url(client, make_receiver, operation_schemas):
    old, new = make_receiver(), make_receiver()
    item = link_item(client, webhook=old.url)
    update_webhook(client, item.access_token, new.url)
    new.wait_for(item.item_id, "WEBHOOK_UPDATE_ACKNOWLEDGED")

    fire(client, item.access_token, "ITEM", "LOGIN_REPAIRED")

    delivery = new.wait_for(item.item_id, "LOGIN_REPAIRED")
    assert_well_formed(delivery, operation_schemas, "ITEM", "LOGIN_REPAIRED", item.item_id)
    verify_delivery(client, delivery)
    assert old.received(item.item_id) == []


def test_an_item_linked_without_a_webhook_gets_one_from_webhook_update(client, receiver, operation_schemas):
    item = link_item(client)
    with pytest.raises(plaid.ApiException) as raised:
        fire(client, item.access_token, "ITEM", "NEW_ACCOUNTS_AVAILABLE")
    assert_plaid_error(raised.value, 400, "SANDBOX_ERROR", "SANDBOX_WEBHOOK_INVALID")

    update_webhook(client, item.access_token, receiver.url)
    assert fire(client, item.access_token, "ITEM", "NEW_ACCOUNTS_AVAILABLE").webhook_fired is True

    verify_delivery(client, receiver.wait_for(item.item_id, "WEBHOOK_UPDATE_ACKNOWLEDGED"))
    delivery = receiver.wait_for(item.item_id, "NEW_ACCOUNTS_AVAILABLE")
    assert_well_formed(delivery, operation_schemas, "ITEM", "NEW_ACCOUNTS_AVAILABLE", item.item_id)
    verify_delivery(client, delivery)


def test_webhook_update_to_null_removes_the_webhook(client, receiver):
    item = link_item(client, webhook=receiver.url)

    response = update_webhook(client, item.access_token, None).to_dict()

    assert response["item"]["webhook"] is None
    with pytest.raises(plaid.ApiException) as raised:
        fire(client, item.access_token, "ITEM", "NEW_ACCOUNTS_AVAILABLE")
    assert_plaid_error(raised.value, 400, "SANDBOX_ERROR", "SANDBOX_WEBHOOK_INVALID")


# ---- /sandbox/item/fire_webhook: each code arrives, verifies and matches the spec ----

def test_fire_identity_default_update(client, receiver, operation_schemas):
    item = link_item(client, products=("identity",), webhook=receiver.url)

    response = fire(client, item.access_token, "IDENTITY", "DEFAULT_UPDATE")

    assert response.webhook_fired is True
    delivery = receiver.wait_for(item.item_id, "DEFAULT_UPDATE")
    body = assert_well_formed(delivery, operation_schemas, "IDENTITY", "DEFAULT_UPDATE", item.item_id)
    first_account = account_ids(client, item.access_token)[0]
    assert body["account_ids_with_updated_identity"] == {first_account: ["ADDRESSES"]}
    assert body["error"] is None
    assert verify_delivery(client, delivery) == body


def test_fire_auth_default_update(client, receiver, operation_schemas):
    item = link_item(client, products=("auth",), webhook=receiver.url)

    assert fire(client, item.access_token, "AUTH", "DEFAULT_UPDATE").webhook_fired is True

    delivery = receiver.wait_for(item.item_id, "DEFAULT_UPDATE")
    body = assert_well_formed(delivery, operation_schemas, "AUTH", "DEFAULT_UPDATE", item.item_id)
    ids = set(account_ids(client, item.access_token))
    named = set(body["account_ids_with_new_auth"]) | set(body["account_ids_with_updated_auth"])
    assert named and named <= ids, f"accounts named {named} are not all the Item's {ids}"
    assert body["error"] is None
    assert verify_delivery(client, delivery) == body


@pytest.fixture
def hooked_item(client, receiver) -> LinkedItem:
    return link_item(client, webhook=receiver.url)


@pytest.mark.parametrize("webhook_code", ITEM_CODES)
def test_fire_item_webhook(client, receiver, operation_schemas, hooked_item, webhook_code):
    response = fire(client, hooked_item.access_token, "ITEM", webhook_code)

    assert response.webhook_fired is True
    delivery = receiver.wait_for(hooked_item.item_id, webhook_code)
    body = assert_well_formed(delivery, operation_schemas, "ITEM", webhook_code, hooked_item.item_id)
    assert verify_delivery(client, delivery) == body
    if webhook_code == "USER_ACCOUNT_REVOKED":
        assert body["account_id"] in account_ids(client, hooked_item.access_token), body
    if webhook_code == "ERROR":
        error = body["error"]
        assert error["status"] == 400, error
        assert error["error_type"] == "ITEM_ERROR" and error["error_code"], error
        assert "request_id" not in error, "a webhook's error carries no request_id (reference §9)"
    if webhook_code == "USER_PERMISSION_REVOKED":
        assert body["error"]["error_code"] == "USER_PERMISSION_REVOKED", body
        assert body["error"]["status"] == 400, body
    if webhook_code == "PENDING_DISCONNECT":
        disconnect = datetime.fromisoformat(body["disconnect_time"].replace("Z", "+00:00"))
        assert disconnect > datetime.now(timezone.utc), body


def test_identity_get_enables_identity_default_update_on_an_auth_item(client, receiver, operation_schemas):
    item = link_item(client, products=("auth",), webhook=receiver.url)
    client.identity_get(IdentityGetRequest(access_token=item.access_token))

    assert fire(client, item.access_token, "IDENTITY", "DEFAULT_UPDATE").webhook_fired is True

    delivery = receiver.wait_for(item.item_id, "DEFAULT_UPDATE")
    assert_well_formed(delivery, operation_schemas, "IDENTITY", "DEFAULT_UPDATE", item.item_id)
    verify_delivery(client, delivery)


# ---- /sandbox/item/fire_webhook and /webhook_verification_key/get errors ----

def test_fire_webhook_without_a_webhook_url_is_sandbox_webhook_invalid(client):
    item = link_item(client)

    with pytest.raises(plaid.ApiException) as raised:
        fire(client, item.access_token, "IDENTITY", "DEFAULT_UPDATE")

    assert_plaid_error(raised.value, 400, "SANDBOX_ERROR", "SANDBOX_WEBHOOK_INVALID")


@pytest.mark.parametrize("products, webhook_type", [(("auth",), "IDENTITY"), (("identity",), "AUTH")])
def test_default_update_for_a_product_the_item_lacks_is_sandbox_product_not_enabled(client, receiver, products,
                                                                                    webhook_type):
    item = link_item(client, products=products, webhook=receiver.url)

    with pytest.raises(plaid.ApiException) as raised:
        fire(client, item.access_token, webhook_type, "DEFAULT_UPDATE")

    assert_plaid_error(raised.value, 400, "SANDBOX_ERROR", "SANDBOX_PRODUCT_NOT_ENABLED")


def test_an_unknown_key_id_is_invalid_webhook_verification_key_id(client):
    with pytest.raises(plaid.ApiException) as raised:
        client.webhook_verification_key_get(WebhookVerificationKeyGetRequest(key_id=UNKNOWN_KEY_ID))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID")


# ---- the signature: header, claims, key ----

def test_the_verification_header_is_an_es256_jwt_over_the_body(delivered):
    header, claims = jwt_parts(delivered.headers["Plaid-Verification"])

    assert header["alg"] == "ES256" and header.get("typ") == "JWT", header
    assert UUID.match(header["kid"]), header
    assert set(claims) == {"iat", "request_body_sha256"}, claims
    assert SHA256_HEX.match(claims["request_body_sha256"]), claims
    assert claims["request_body_sha256"] == hashlib.sha256(delivered.body).hexdigest()
    assert isinstance(claims["iat"], int) and -5 <= time.time() - claims["iat"] < 60, claims


def test_the_verification_key_is_the_p256_jwk_named_by_kid(client, delivered):
    header, _ = jwt_parts(delivered.headers["Plaid-Verification"])

    key = client.webhook_verification_key_get(WebhookVerificationKeyGetRequest(key_id=header["kid"])).key.to_dict()

    assert {name: key[name] for name in ("alg", "crv", "kid", "kty", "use")} == {
        "alg": "ES256", "crv": "P-256", "kid": header["kid"], "kty": "EC", "use": "sig"}
    assert key["expired_at"] is None, "the signing key is current"
    assert 0 < key["created_at"] <= time.time() + 5, key
    assert isinstance(jwt.PyJWK(key).key, ec.EllipticCurvePublicKey)


def test_the_readme_receiver_verifies_with_a_client_built_as_the_readme_builds_it(server_url, credentials,
                                                                                  recorder, delivered):
    # Exactly the README's client: host without base path, api_key without plaidVersion.
    readme_client = plaid_api.PlaidApi(attach_recorder(plaid.ApiClient(plaid.Configuration(
        host=server_url, api_key={"clientId": credentials.client_id, "secret": credentials.secret})), recorder))

    body = verify(readme_client, delivered.headers["Plaid-Verification"], delivered.body)

    assert body["webhook_code"] == "NEW_ACCOUNTS_AVAILABLE"


# ---- what must not verify ----

def test_a_modified_body_fails_the_hash_check(client, delivered):
    tampered = delivered.body.replace(b'"sandbox"', b'"production"')
    assert tampered != delivered.body

    with pytest.raises(AssertionError, match="request_body_sha256 does not match"):
        verify(client, delivered.headers["Plaid-Verification"], tampered)


def test_a_reserialised_body_fails_the_hash_check(client, delivered):
    compact = json.dumps(delivered.json(), separators=(",", ":")).encode()

    with pytest.raises(AssertionError, match="request_body_sha256 does not match"):
        verify(client, delivered.headers["Plaid-Verification"], compact)


def test_the_token_does_not_verify_against_a_different_key(delivered):
    other_key = ec.generate_private_key(ec.SECP256R1()).public_key()

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(delivered.headers["Plaid-Verification"], other_key, algorithms=["ES256"])


def test_a_token_signed_by_another_key_under_the_servers_kid_fails(client, delivered):
    header, claims = jwt_parts(delivered.headers["Plaid-Verification"])
    forged = jwt.encode(claims, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256",
                        headers={"kid": header["kid"]})

    with pytest.raises(jwt.InvalidSignatureError):
        verify(client, forged, delivered.body)


def test_a_token_with_another_algorithm_is_refused_before_the_key_is_fetched(client, recorder, delivered):
    header, claims = jwt_parts(delivered.headers["Plaid-Verification"])
    forged = jwt.encode(claims, "a shared secret of thirty-two bytes!", algorithm="HS256",
                        headers={"kid": header["kid"]})
    calls_before = len(recorder.exchanges)

    with pytest.raises(AssertionError, match="is not ES256"):
        verify(client, forged, delivered.body)
    assert len(recorder.exchanges) == calls_before
