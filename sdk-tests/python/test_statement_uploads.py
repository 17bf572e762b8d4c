"""Statement uploads: Tartan's `POST /sandbox/identity/documents/upload` (multipart/form-data, with `requests`; no
SDK has it) and `/identity/documents/uploads/get` via plaid-python (reference §4.3, §6).

The statements are real PDFs written with reportlab by `statements.py`: a one-page January 2026 statement of
HARBOR POINT COMMUNITY BANK for JANE Q DOE, 1234 GRAND AVE, OAKLAND, CA 94103, account 1111222233335555. The Item
is `user_custom` with `fixtures/custom_user_statement_holder.json`: checking 1111222233335555 (mask 5555) and
savings 6666777788889999 (mask 9999). Every response, the upload's included, is checked by the `recorder` (the
upload's 200 body against the hand-written schema in `schemas.EXTENSION_OPERATIONS`, errors against PlaidError).
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import plaid
import pytest
import requests
from plaid.model.identity_documents_uploads_get_request import IdentityDocumentsUploadsGetRequest
from plaid.model.identity_documents_uploads_get_request_options import IdentityDocumentsUploadsGetRequestOptions

import schemas
import statements
from custom_user import CustomUser
from statements import Statement
from tartan_sdk import (
    BASE_PATH, accounts_by_mask, assert_plaid_error, link_item, response_error, upload_statement,
)

HOLDER_CONFIG = schemas.sdk_tests_dir() / "fixtures" / "custom_user_statement_holder.json"
UNKNOWN_ACCOUNT_ID = "QPO8Jo8vdDHMepg41PBwckXm4KdK1yUdmXOwK"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_FILE_BYTES = 10 * 1024 * 1024
UNVERIFIED = 80  # Plaid: a risk_score of 80 or more means the statement should be treated as unverified

# What the holder block of the statement reads (an Owner as Plaid returns it, less its document_id).
PRINTED_OWNER = {
    "names": ["JANE Q DOE"],
    "phone_numbers": [],
    "emails": [],
    "addresses": [{"data": {"street": "1234 GRAND AVE", "city": "OAKLAND", "region": "CA", "postal_code": "94103",
                            "country": "US"}, "primary": True}],
}
GENUINE = statements.statement()
EDITED_BALANCE = "9,644.65"  # what the forgeries print as the ending balance


@pytest.fixture
def holder(client):
    """The statement holder's Item and its two accounts by mask (5555 checking, 9999 savings)."""
    item = link_item(client, "user_custom", CustomUser(HOLDER_CONFIG).password, products=("auth",))
    return item, accounts_by_mask(client, item.access_token)


@pytest.fixture
def upload(server_url, credentials, recorder, holder):
    """upload(pdf, mask="5555", ...): the upload for the holder's account `mask` (None: an account not on the Item)
    with the sandbox client's keys, unless `client_id` / `secret` say otherwise; `base_path` prefixes the route;
    `fields` adds form fields. Returns the `requests` response."""
    item, accounts = holder

    def send(pdf: bytes | None, mask: str | None = "5555", *, client_id: str | None = None, secret: str | None = None,
             base_path: str = "", fields: dict | None = None):
        account_id = accounts[mask]["account_id"] if mask else UNKNOWN_ACCOUNT_ID
        return upload_statement(server_url + base_path, client_id or credentials.client_id,
                                secret or credentials.secret, recorder, item.access_token, account_id, pdf,
                                fields=fields)

    return send


def uploaded(response) -> str:
    """The document_id of a successful upload."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert UUID.match(body["document_id"]), body
    return body["document_id"]


def uploads_get(client, recorder, access_token: str, account_ids=None) -> dict:
    """/identity/documents/uploads/get through the SDK; returns the raw body (the SDK must decode it too)."""
    arguments = {"access_token": access_token}
    if account_ids is not None:
        arguments["options"] = IdentityDocumentsUploadsGetRequestOptions(account_ids=account_ids)
    client.identity_documents_uploads_get(IdentityDocumentsUploadsGetRequest(**arguments))
    exchange = [exchange for exchange in recorder.exchanges
                if exchange.operation == "/identity/documents/uploads/get"][-1]
    return json.loads(exchange.raw)


def account_in(body: dict, account_id: str) -> dict:
    [account] = [account for account in body["accounts"] if account["account_id"] == account_id]
    return account


def document_in(account: dict, document_id: str) -> dict:
    [document] = [document for document in account["documents"] or [] if document["document_id"] == document_id]
    return document


def fraud_signals(document: dict) -> dict[str, dict]:
    return {signal["type"]: signal for signal in document["risk_insights"]["risk_signals"] if signal["has_fraud_risk"]}


def upload_and_read(client, recorder, upload, holder, pdf: bytes, mask: str = "5555") -> tuple[dict, dict]:
    """Upload `pdf` for account `mask`; returns (that account, the document) from /identity/documents/uploads/get."""
    item, accounts = holder
    document_id = uploaded(upload(pdf, mask))
    account = account_in(uploads_get(client, recorder, item.access_token), accounts[mask]["account_id"])
    return account, document_in(account, document_id)


# ---- a genuine statement ----

def test_a_genuine_statement_for_its_account_is_read_and_trusted(client, recorder, upload, holder):
    before = datetime.now(timezone.utc).replace(microsecond=0)

    account, document = upload_and_read(client, recorder, upload, holder, GENUINE)

    metadata = document["metadata"]
    assert {key: metadata[key] for key in ("document_type", "is_account_number_match", "page_count")} == {
        "document_type": "BANK_STATEMENT", "is_account_number_match": True, "page_count": 1}
    uploaded_at = datetime.fromisoformat(metadata["uploaded_at"].replace("Z", "+00:00"))
    assert before - timedelta(seconds=1) <= uploaded_at <= datetime.now(timezone.utc) + timedelta(seconds=1)
    assert datetime.fromisoformat(metadata["last_updated"].replace("Z", "+00:00")) >= uploaded_at
    assert document["risk_insights"]["risk_summary"]["risk_score"] < 20, document["risk_insights"]
    assert fraud_signals(document) == {}, document["risk_insights"]
    for signal in document["risk_insights"]["risk_signals"]:
        assert set(signal) == {"type", "has_fraud_risk", "signal_description", "page_number"}, signal
    assert account["owners"] == [{**PRINTED_OWNER, "document_id": document["document_id"]}]


def test_the_account_bases_are_those_of_the_item(client, recorder, upload, holder):
    item, accounts = holder
    uploaded(upload(GENUINE))

    body = uploads_get(client, recorder, item.access_token)

    assert body["item"]["item_id"] == item.item_id
    assert sorted(account["mask"] for account in body["accounts"]) == ["5555", "9999"]
    for account in body["accounts"]:
        expected = accounts[account["mask"]]
        assert {key: account[key] for key in ("account_id", "name", "official_name", "type", "subtype")} == {
            key: expected[key] for key in ("account_id", "name", "official_name", "type", "subtype")}


def test_a_masked_account_number_showing_the_right_digits_matches(client, recorder, upload, holder):
    pdf = statements.statement(Statement(account_number="****5555"))

    _, document = upload_and_read(client, recorder, upload, holder, pdf)

    assert document["metadata"]["is_account_number_match"] is True


def test_the_statement_uploaded_for_another_account_does_not_match(client, recorder, upload, holder):
    account, document = upload_and_read(client, recorder, upload, holder, GENUINE, mask="9999")

    assert document["metadata"]["is_account_number_match"] is False
    assert account["owners"] == [{**PRINTED_OWNER, "document_id": document["document_id"]}]


def test_a_statement_encrypted_with_an_owner_password_only_is_read(client, recorder, upload, holder):
    # Banks often lock their statements against editing; such a file opens without a password.
    pdf = statements.statement(owner_password="harbor-point-owner")

    account, document = upload_and_read(client, recorder, upload, holder, pdf)

    assert document["metadata"]["is_account_number_match"] is True
    assert account["owners"][0]["names"] == PRINTED_OWNER["names"]


def test_joint_holders_and_a_unit_are_read_as_printed(client, recorder, upload, holder):
    printed = Statement(names=("JANE Q DOE", "JOHN R DOE"), street="1234 GRAND AVE APT 5",
                        city_line="OAKLAND, CA 94103-2231")

    account, document = upload_and_read(client, recorder, upload, holder, statements.statement(printed))

    [owner] = account["owners"]
    assert owner["names"] == ["JANE Q DOE", "JOHN R DOE"]
    assert owner["addresses"] == [{"data": {"street": "1234 GRAND AVE APT 5", "city": "OAKLAND", "region": "CA",
                                            "postal_code": "94103-2231", "country": "US"}, "primary": True}]
    assert document["metadata"]["is_account_number_match"] is True


# A trust's title carries the bank word TRUST and the surname Page is a statement label word; neither may cost the
# holder block against the bank's letterhead and return address printed above it.
@pytest.mark.parametrize("name", ["JANE Q DOE LIVING TRUST", "JIMMY PAGE"])
def test_a_holder_name_with_a_bank_or_label_word_is_still_the_holder(client, recorder, upload, holder, name):
    account, _ = upload_and_read(client, recorder, upload, holder, statements.statement(Statement(names=(name,))))

    assert [owner["names"] for owner in account["owners"]] == [[name]], account["owners"]
    assert account["owners"][0]["addresses"] == PRINTED_OWNER["addresses"], account["owners"]


def test_each_upload_is_a_document_with_its_own_owner(client, recorder, upload, holder):
    item, accounts = holder
    first = uploaded(upload(GENUINE))
    second = uploaded(upload(statements.statement(Statement(account_number="****5555"))))

    account = account_in(uploads_get(client, recorder, item.access_token), accounts["5555"]["account_id"])

    assert first != second
    assert sorted(document["document_id"] for document in account["documents"]) == sorted([first, second])
    assert sorted(owner["document_id"] for owner in account["owners"]) == sorted([first, second])


def test_an_account_without_uploads_has_no_documents_and_no_owners(client, recorder, upload, holder):
    item, accounts = holder
    uploaded(upload(GENUINE))

    body = uploads_get(client, recorder, item.access_token)

    savings = account_in(body, accounts["9999"]["account_id"])
    assert savings["documents"] is None
    assert savings["owners"] == []


def test_account_ids_limit_the_accounts_returned(client, recorder, upload, holder):
    item, accounts = holder
    uploaded(upload(GENUINE))

    body = uploads_get(client, recorder, item.access_token, [accounts["9999"]["account_id"]])

    assert [account["account_id"] for account in body["accounts"]] == [accounts["9999"]["account_id"]]


def test_the_upload_is_served_under_the_base_path_too(client, recorder, upload, holder):
    _, accounts = holder

    document_id = uploaded(upload(GENUINE, base_path=BASE_PATH))

    account = account_in(uploads_get(client, recorder, holder[0].access_token), accounts["5555"]["account_id"])
    assert document_in(account, document_id)["metadata"]["is_account_number_match"] is True


# ---- tampered statements ----

def incremental_edit() -> bytes:
    """The genuine file with an incremental update that changes the ending balance, saved four weeks later."""
    closing = statements.money(Statement().closing_balance)
    return statements.append_incremental_edit(GENUINE, closing, EDITED_BALANCE,
                                              modified=datetime(2026, 3, 3, 16, 40, tzinfo=timezone.utc))


TAMPERED = {
    # id: (pdf, the fraud signal expected, its page_number, whether it alone makes the statement unverified)
    "edited-with-photoshop": (lambda: statements.statement(producer="Adobe Photoshop 25.0 (Windows)"),
                              "SOFTWARE_BLACKLIST", 0, True),
    "text-covered-and-redrawn": (lambda: statements.statement(overlay=EDITED_BALANCE), "OVERLAID_TEXT", 1, True),
    "incremental-update-changes-text": (incremental_edit, "EDITED_TEXT", 1, True),
    "free-text-annotation": (lambda: statements.statement(annotation=EDITED_BALANCE), "ANNOTATIONS", 1, False),
    "created-before-the-period-ended": (
        lambda: statements.statement(created=datetime(2026, 1, 20, 11, 0, tzinfo=timezone.utc)),
        "METADATA_DATES_OUTSIDE_WINDOW", 0, False),
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_a_tampered_statement_carries_a_fraud_risk_signal(client, recorder, upload, holder, case):
    make, signal_type, page_number, unverified = TAMPERED[case]

    _, document = upload_and_read(client, recorder, upload, holder, make())

    signals = fraud_signals(document)
    assert signal_type in signals, document["risk_insights"]
    assert signals[signal_type]["page_number"] == page_number, signals[signal_type]
    assert signals[signal_type]["signal_description"], signals[signal_type]
    score = document["risk_insights"]["risk_summary"]["risk_score"]
    assert 0 < score <= 100, document["risk_insights"]
    if unverified:
        assert score >= UNVERIFIED, document["risk_insights"]


def test_an_incremental_edit_also_shows_in_the_document_dates(client, recorder, upload, holder):
    _, document = upload_and_read(client, recorder, upload, holder, incremental_edit())

    assert "METADATA_DATES_OUTSIDE_WINDOW" in fraud_signals(document), document["risk_insights"]


# ---- refused uploads ----

HOSTILE = {
    "not-a-pdf": b"Account Number: 1111222233335555\nthis is a text file, not a statement\n",
    "empty": b"",
    "truncated": GENUINE[: len(GENUINE) // 2],
    "pdf-header-then-garbage": b"%PDF-1.7\n" + b"garbage " * 64,
    "png-image": bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_file_that_is_no_readable_pdf_is_invalid_field_and_not_stored(client, recorder, upload, holder, case):
    response = upload(HOSTILE[case])

    body = response_error(response, 400, "INVALID_REQUEST", "INVALID_FIELD")
    assert body["error_message"].startswith("file: "), body
    item, _ = holder
    assert all(account["documents"] is None for account in uploads_get(client, recorder, item.access_token)["accounts"])


def test_a_statement_locked_with_a_user_password_is_invalid_field(upload):
    response = upload(statements.statement(owner_password="owner", user_password="1234"))

    body = response_error(response, 400, "INVALID_REQUEST", "INVALID_FIELD")
    assert body["error_message"].startswith("file: "), body


def test_a_file_just_over_10_mb_is_invalid_field(upload):
    padded = GENUINE + b"%" + b"x" * (MAX_FILE_BYTES - len(GENUINE)) + b"\n"

    body = response_error(upload(padded), 400, "INVALID_REQUEST", "INVALID_FIELD")

    assert body["error_message"].startswith("file: "), body


def test_an_11_mb_file_is_invalid_field_like_any_file_over_the_limit(upload):
    padded = GENUINE + b"%" + b"x" * (11 * 1024 * 1024) + b"\n"

    response_error(upload(padded), 400, "INVALID_REQUEST", "INVALID_FIELD")


def test_a_json_body_is_invalid_body(server_url, credentials, recorder, holder):
    item, accounts = holder

    response = requests.post(server_url + "/sandbox/identity/documents/upload", timeout=30,
                             headers={"PLAID-CLIENT-ID": credentials.client_id, "PLAID-SECRET": credentials.secret},
                             json={"access_token": item.access_token, "account_id": accounts["5555"]["account_id"],
                                   "file": "JVBERi0xLjQK"})
    recorder.record(server_url, response.url, response.status_code, response.headers, response.content)

    response_error(response, 400, "INVALID_REQUEST", "INVALID_BODY")


def test_a_form_without_the_file_is_missing_fields(upload):
    body = response_error(upload(None), 400, "INVALID_REQUEST", "MISSING_FIELDS")

    assert "file" in body["error_message"], body


def test_an_unknown_form_field_is_unknown_fields(upload):
    body = response_error(upload(GENUINE, fields={"comment": "hello"}), 400, "INVALID_REQUEST", "UNKNOWN_FIELDS")

    assert "comment" in body["error_message"], body


def test_wrong_keys_are_invalid_api_keys(upload):
    response_error(upload(GENUINE, secret="0" * 30), 400, "INVALID_INPUT", "INVALID_API_KEYS")


def test_another_apps_keys_cannot_upload_to_the_item(upload, other_app_credentials):
    response = upload(GENUINE, client_id=other_app_credentials.client_id, secret=other_app_credentials.secret)

    response_error(response, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")


def test_an_account_not_on_the_item_is_invalid_account_id(upload):
    response_error(upload(GENUINE, mask=None), 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


def test_uploads_get_for_an_unknown_account_is_invalid_account_id(client, holder):
    item, _ = holder
    options = IdentityDocumentsUploadsGetRequestOptions(account_ids=[UNKNOWN_ACCOUNT_ID])

    with pytest.raises(plaid.ApiException) as raised:
        client.identity_documents_uploads_get(IdentityDocumentsUploadsGetRequest(access_token=item.access_token,
                                                                                 options=options))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


def test_another_app_cannot_read_the_uploads(other_app, holder):
    item, _ = holder

    with pytest.raises(plaid.ApiException) as raised:
        other_app.identity_documents_uploads_get(IdentityDocumentsUploadsGetRequest(access_token=item.access_token))

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
