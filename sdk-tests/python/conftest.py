"""Fixtures for running the official plaid-python client against a Tartan server.

Environment: TARTAN_URL (e.g. http://127.0.0.1:8080), TARTAN_CLIENT_ID, TARTAN_SECRET (the sandbox client);
for the processor tests also TARTAN_PARTNER_DWOLLA_ID/_SECRET, TARTAN_PARTNER_GALILEO_ID/_SECRET (clients
registered as those processor partners) and TARTAN_OTHER_APP_ID/_SECRET (a second plain client), which run.sh
creates with `tartan clients create`; optional TARTAN_SHARED_DIR / TARTAN_PLAID_SPEC (see ../schemas.py). Every
raw response the SDK receives is validated against the Plaid spec's schema for its operation (or PlaidError for
errors) when the test finishes.
"""
from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

SDK_TESTS_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SDK_TESTS_DIR))

import schemas  # noqa: E402
from tartan_sdk import Recorder, recording_client  # noqa: E402

SPEC_MISSING = (
    None if schemas.spec_path().is_file()
    else f"SCHEMA VALIDATION SKIPPED: Plaid spec not found at {schemas.spec_path()} "
         "(set TARTAN_PLAID_SPEC or TARTAN_SHARED_DIR)"
)


def pytest_configure(config):
    if SPEC_MISSING:
        warnings.warn(SPEC_MISSING)


# The extra clients the processor tests use: fixture name -> (environment variable prefix, what it is).
EXTRA_CLIENTS = {
    "dwolla": ("TARTAN_PARTNER_DWOLLA", "a client registered as the dwolla processor partner"),
    "galileo": ("TARTAN_PARTNER_GALILEO", "a client registered as the galileo processor partner"),
    "other_app": ("TARTAN_OTHER_APP", "a second app client that is no processor partner"),
}


def _extra_clients_missing() -> str | None:
    missing = [f"{prefix}_ID/_SECRET" for prefix, _ in EXTRA_CLIENTS.values()
               if not (os.environ.get(f"{prefix}_ID") and os.environ.get(f"{prefix}_SECRET"))]
    if not missing or not os.environ.get("TARTAN_URL"):
        return None
    return f"PROCESSOR TESTS SKIPPED: {', '.join(missing)} not set (run.sh creates them with `tartan clients create`)"


def pytest_terminal_summary(terminalreporter):
    missing_shared = None if schemas.shared_dir().is_dir() else (
        f"SHARED DATA MISSING: {schemas.shared_dir()} does not exist; custom-user files from Plaid were not tested")
    for note in filter(None, (SPEC_MISSING, missing_shared, _extra_clients_missing())):
        terminalreporter.write_sep("!", note, yellow=True, bold=True)


@dataclass(frozen=True)
class Credentials:
    client_id: str
    secret: str


def _required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: start a Tartan server and export TARTAN_URL, TARTAN_CLIENT_ID and "
                    "TARTAN_SECRET (sdk-tests/run.sh does all of this)")
    return value


@pytest.fixture(scope="session")
def server_url() -> str:
    return _required_env("TARTAN_URL").rstrip("/")


@pytest.fixture(scope="session")
def credentials() -> Credentials:
    return Credentials(_required_env("TARTAN_CLIENT_ID"), _required_env("TARTAN_SECRET"))


def _extra_credentials(name: str) -> Credentials:
    prefix, what = EXTRA_CLIENTS[name]
    client_id, secret = os.environ.get(f"{prefix}_ID"), os.environ.get(f"{prefix}_SECRET")
    if not (client_id and secret):
        pytest.skip(f"{prefix}_ID / {prefix}_SECRET not set: they name {what}; create it with "
                    "`tartan clients create` against the server's database (sdk-tests/run.sh does)")
    return Credentials(client_id, secret)


@pytest.fixture(scope="session")
def dwolla_credentials() -> Credentials:
    return _extra_credentials("dwolla")


@pytest.fixture(scope="session")
def galileo_credentials() -> Credentials:
    return _extra_credentials("galileo")


@pytest.fixture(scope="session")
def other_app_credentials() -> Credentials:
    return _extra_credentials("other_app")


@pytest.fixture(scope="session")
def operation_schemas() -> schemas.OperationSchemas | None:
    if SPEC_MISSING:
        return None
    return schemas.OperationSchemas.from_spec_file()


@pytest.fixture
def recorder(operation_schemas):
    """Collects every raw SDK response of the test, then checks each one: JSON, and valid per the spec."""
    recorder = Recorder()
    yield recorder
    problems = []
    for exchange in recorder.exchanges:
        if not (exchange.content_type or "").startswith("application/json"):
            problems.append(f"response is not declared as JSON\n{exchange.describe()}")
            continue
        try:
            body = exchange.json()
        except ValueError as not_json:
            problems.append(f"response body is not JSON ({not_json})\n{exchange.describe()}")
            continue
        if operation_schemas is not None:
            violations = operation_schemas.errors_for(exchange.operation, exchange.status, body)
            if violations:
                listed = "\n".join(f"  - {violation}" for violation in violations[:25])
                problems.append(f"raw response violates the Plaid spec schema:\n{listed}\n{exchange.describe()}")
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def make_client(server_url, credentials, recorder):
    """Builds recording PlaidApi clients: `make_client(base_path=..., client_id=..., secret=...)`."""

    def make(base_path: str = "", client_id: str | None = None, secret: str | None = None):
        return recording_client(server_url + base_path, client_id or credentials.client_id,
                                secret or credentials.secret, recorder)

    return make


@pytest.fixture
def client(make_client):
    return make_client()


@pytest.fixture
def dwolla(make_client, dwolla_credentials):
    """A PlaidApi with the keys of the dwolla processor partner."""
    return make_client(client_id=dwolla_credentials.client_id, secret=dwolla_credentials.secret)


@pytest.fixture
def galileo(make_client, galileo_credentials):
    """A PlaidApi with the keys of the galileo processor partner."""
    return make_client(client_id=galileo_credentials.client_id, secret=galileo_credentials.secret)


@pytest.fixture
def other_app(make_client, other_app_credentials):
    """A PlaidApi with the keys of a second app client (no processor partner)."""
    return make_client(client_id=other_app_credentials.client_id, secret=other_app_credentials.secret)
