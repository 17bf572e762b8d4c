"""Helpers around the official plaid-python client: building it, recording raw responses, common calls; and
Tartan's statement upload (`multipart/form-data`, no SDK has it), made with `requests` and recorded the same way."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import plaid
import requests
from plaid.api import plaid_api
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.processor_account_get_request import ProcessorAccountGetRequest
from plaid.model.processor_auth_get_request import ProcessorAuthGetRequest
from plaid.model.processor_balance_get_request import ProcessorBalanceGetRequest
from plaid.model.processor_identity_get_request import ProcessorIdentityGetRequest
from plaid.model.processor_token_create_request import ProcessorTokenCreateRequest
from plaid.model.products import Products
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.sandbox_public_token_create_request_options import SandboxPublicTokenCreateRequestOptions

BASE_PATH = "/plaid-compatible"  # run.sh starts the server with --base-path BASE_PATH
FIRST_PLATYPUS_BANK = "ins_109508"
PLAID_VERSION = "2020-09-14"
STATEMENT_UPLOAD = "/sandbox/identity/documents/upload"  # Tartan's extension: Plaid takes uploads inside Link


@dataclass
class Exchange:
    """One HTTP round trip made by the SDK, with the response body exactly as the server sent it."""

    path: str  # the URL path requested
    operation: str  # the path without the client's base path, e.g. /identity/get
    status: int
    content_type: str | None
    raw: bytes

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.raw)

    def describe(self, limit: int = 3000) -> str:
        body = self.text if len(self.text) <= limit else self.text[:limit] + "…"
        return f"POST {self.path} -> HTTP {self.status} ({self.content_type})\n  raw body: {body}"


@dataclass
class Recorder:
    exchanges: list[Exchange] = field(default_factory=list)

    def record(self, host: str, url: str, status: int, headers, raw) -> None:
        base_path = urlsplit(host).path.rstrip("/")
        path = urlsplit(url).path
        operation = path[len(base_path):] if base_path and path.startswith(base_path) else path
        content_type = headers.get("content-type") if headers is not None else None
        raw_bytes = raw if isinstance(raw, bytes) else str(raw or "").encode("utf-8")
        self.exchanges.append(Exchange(path, operation, status, content_type, raw_bytes))


def recording_client(host: str, client_id: str, secret: str, recorder: Recorder) -> plaid_api.PlaidApi:
    """A PlaidApi built the documented way, whose REST layer also hands every raw response to `recorder`."""
    configuration = plaid.Configuration(
        host=host,
        api_key={"clientId": client_id, "secret": secret, "plaidVersion": PLAID_VERSION},
    )
    return plaid_api.PlaidApi(attach_recorder(plaid.ApiClient(configuration), recorder))


def attach_recorder(api_client: plaid.ApiClient, recorder: Recorder) -> plaid.ApiClient:
    """Makes `api_client`'s REST layer hand every raw response to `recorder` as well; returns `api_client`."""
    host = api_client.configuration.host
    send = api_client.rest_client.request

    def recording_request(method, url, *args, **kwargs):
        try:
            response = send(method, url, *args, **kwargs)
        except plaid.ApiException as error:  # raised for every non-2xx answer, before the SDK decodes the body
            recorder.record(host, url, error.status, error.headers, error.body)
            raise
        recorder.record(host, url, response.status, response.getheaders(), response.data)
        return response

    api_client.rest_client.request = recording_request
    return api_client


@dataclass(frozen=True)
class LinkedItem:
    access_token: str
    item_id: str


def create_public_token(client, username: str | None = None, password: str | None = None,
                        institution_id: str = FIRST_PLATYPUS_BANK, *, products=("identity",),
                        webhook: str | None = None) -> str:
    """/sandbox/public_token/create with `initial_products` `products` and, when given, `options.webhook`."""
    arguments = {"institution_id": institution_id, "initial_products": [Products(name) for name in products]}
    options = {"override_username": username, "override_password": password, "webhook": webhook}
    options = {name: value for name, value in options.items() if value is not None}
    if options:
        arguments["options"] = SandboxPublicTokenCreateRequestOptions(**options)
    return client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(**arguments)).public_token


def link_item(client, username: str | None = None, password: str | None = None,
              institution_id: str = FIRST_PLATYPUS_BANK, *, products=("identity",),
              webhook: str | None = None) -> LinkedItem:
    """/sandbox/public_token/create then /item/public_token/exchange."""
    public_token = create_public_token(client, username, password, institution_id, products=products,
                                       webhook=webhook)
    exchanged = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public_token))
    return LinkedItem(access_token=exchanged.access_token, item_id=exchanged.item_id)


def accounts_by_mask(client, access_token: str) -> dict[str, dict]:
    """The Item's accounts from /accounts/get, keyed by mask."""
    accounts = client.accounts_get(AccountsGetRequest(access_token=access_token)).to_dict()["accounts"]
    return {account["mask"]: account for account in accounts}


def create_processor_token(client, access_token: str, account_id: str, processor: str = "dwolla") -> str:
    """/processor/token/create: a processor token for one account of the Item."""
    request = ProcessorTokenCreateRequest(access_token=access_token, account_id=account_id, processor=processor)
    return client.processor_token_create(request).processor_token


# The four reads a processor partner makes with a processor token: operation -> SDK call.
PROCESSOR_READS = {
    "/processor/auth/get": lambda client, token: client.processor_auth_get(
        ProcessorAuthGetRequest(processor_token=token)),
    "/processor/balance/get": lambda client, token: client.processor_balance_get(
        ProcessorBalanceGetRequest(processor_token=token)),
    "/processor/identity/get": lambda client, token: client.processor_identity_get(
        ProcessorIdentityGetRequest(processor_token=token)),
    "/processor/account/get": lambda client, token: client.processor_account_get(
        ProcessorAccountGetRequest(processor_token=token)),
}


def processor_read(client, operation: str, token: str) -> dict:
    """One of the PROCESSOR_READS, its response as `to_dict()` gives it."""
    return PROCESSOR_READS[operation](client, token).to_dict()


def error_body(error: plaid.ApiException) -> dict:
    """The decoded JSON body of an SDK error (the SDK leaves it as text)."""
    body = error.body.decode("utf-8") if isinstance(error.body, bytes) else error.body
    try:
        return json.loads(body)
    except (TypeError, ValueError) as not_json:
        raise AssertionError(f"error body is not JSON (HTTP {error.status}): {body!r}") from not_json


def assert_plaid_error(error: plaid.ApiException, status: int, error_type, error_code=None) -> dict:
    """Assert an SDK error carries a Plaid error body with this status, type(s) and code(s); returns the body.

    `error_type`/`error_code` may be a string or a tuple of acceptable values; a `None` code is not checked.
    The body's schema is checked by the `recorder` fixture, like every other response.
    """
    body = error_body(error)
    types = (error_type,) if isinstance(error_type, str) else tuple(error_type)
    codes = (error_code,) if isinstance(error_code, str) else error_code
    assert error.status == status, f"HTTP {error.status}, expected {status}: {body}"
    assert body.get("error_type") in types, f"error_type {body.get('error_type')!r} not in {types}: {body}"
    if codes is not None:
        assert body.get("error_code") in codes, f"error_code {body.get('error_code')!r} not in {codes}: {body}"
    assert body.get("request_id"), f"error without request_id: {body}"
    return body


def upload_statement(server_url: str, client_id: str, secret: str, recorder: Recorder, access_token: str,
                     account_id: str, pdf: bytes | None, *, filename: str = "statement.pdf",
                     content_type: str = "application/pdf", fields: dict | None = None) -> requests.Response:
    """POST STATEMENT_UPLOAD as `multipart/form-data` (`access_token`, `account_id`, any extra `fields`, then `file`
    unless `pdf` is None) with the credentials in the PLAID-CLIENT-ID / PLAID-SECRET headers, as the repository
    README's curl does. The response is handed to `recorder` (so its body is checked like every SDK response) and
    returned as is."""
    form = {"access_token": access_token, "account_id": account_id, **(fields or {})}
    parts = [(name, (None, value)) for name, value in form.items()]
    if pdf is not None:
        parts.append(("file", (filename, pdf, content_type)))
    response = requests.post(server_url + STATEMENT_UPLOAD, files=parts,
                             headers={"PLAID-CLIENT-ID": client_id, "PLAID-SECRET": secret}, timeout=60)
    recorder.record(server_url, response.url, response.status_code, response.headers, response.content)
    return response


def response_error(response: requests.Response, status: int, error_type: str, error_code: str) -> dict:
    """Assert a `requests` response is a Plaid error with this status, type and code; returns its body."""
    body = response.json()
    assert response.status_code == status, f"HTTP {response.status_code}, expected {status}: {body}"
    assert (body.get("error_type"), body.get("error_code")) == (error_type, error_code), body
    assert body.get("request_id"), f"error without request_id: {body}"
    return body
