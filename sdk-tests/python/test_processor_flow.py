"""The processor partner flow via plaid-python: an app turns one account into a processor token, and a partner
(a second PlaidApi with its own keys) reads that account with it (reference §4.4, §4.5, §7).

Clients: `client` is the sandbox app; `dwolla` and `galileo` are registered as those processor partners;
`other_app` is a second app. Tokens here are made for dwolla unless a test says otherwise.
"""
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import plaid
import pytest
from plaid.model.accounts_balance_get_request import AccountsBalanceGetRequest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.auth_get_request import AuthGetRequest
from plaid.model.item_remove_request import ItemRemoveRequest
from plaid.model.processor_balance_get_request import ProcessorBalanceGetRequest
from plaid.model.processor_balance_get_request_options import ProcessorBalanceGetRequestOptions
from plaid.model.processor_stripe_bank_account_token_create_request import (
    ProcessorStripeBankAccountTokenCreateRequest,
)
from plaid.model.sandbox_processor_token_create_request import SandboxProcessorTokenCreateRequest
from plaid.model.sandbox_processor_token_create_request_options import SandboxProcessorTokenCreateRequestOptions

import schemas
import user_good
from custom_user import RAILS, CustomUser, expected_account, expected_numbers
from matching import match_accounts, project, unordered
from tartan_sdk import (
    FIRST_PLATYPUS_BANK, LinkedItem, PROCESSOR_READS, accounts_by_mask, assert_plaid_error, create_processor_token,
    link_item, processor_read,
)

PROCESSOR_TOKEN = re.compile(r"^processor-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
STRIPE_TOKEN = re.compile(r"^btok_[A-Za-z0-9]{24}$")
UNKNOWN_ACCOUNT_ID = "QPO8Jo8vdDHMepg41PBwckXm4KdK1yUdmXOwK"
CUSTOM_USERNAME = "user_custom"
AUTH_EXAMPLES_DIR = schemas.shared_dir() / "sandbox-custom-users" / "auth"
FIXTURES_DIR = schemas.sdk_tests_dir() / "fixtures"


@dataclass(frozen=True)
class Grant:
    """A processor token the app made for one account of a user_good Item."""

    item: LinkedItem
    account: dict  # the account as /accounts/get returns it
    token: str


def grant_for(client, mask: str, processor: str = "dwolla") -> Grant:
    item = link_item(client)
    account = accounts_by_mask(client, item.access_token)[mask]
    return Grant(item, account, create_processor_token(client, item.access_token, account["account_id"], processor))


@pytest.fixture
def checking(client):
    """A dwolla token for user_good's Plaid Checking (0000)."""
    return grant_for(client, "0000")


def assert_refused(call, *args):
    with pytest.raises(plaid.ApiException) as raised:
        call(*args)
    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")


# ---- creating tokens ----

def test_processor_token_create_returns_a_sandbox_processor_token(checking):
    assert PROCESSOR_TOKEN.match(checking.token), checking.token


def test_two_processor_tokens_for_the_same_account_are_distinct(client, checking):
    again = create_processor_token(client, checking.item.access_token, checking.account["account_id"], "galileo")

    assert again != checking.token


def test_processor_token_create_for_an_account_not_on_the_item_is_invalid_account_id(client):
    item = link_item(client)

    with pytest.raises(plaid.ApiException) as raised:
        create_processor_token(client, item.access_token, UNKNOWN_ACCOUNT_ID)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


def test_a_partner_cannot_create_tokens_with_the_apps_access_token(dwolla, checking):
    with pytest.raises(plaid.ApiException) as raised:
        create_processor_token(dwolla, checking.item.access_token, checking.account["account_id"])

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")


# ---- the partner reads the account with its own keys ----

def test_the_partner_reads_the_checking_accounts_ach_numbers(dwolla, checking):
    response = processor_read(dwolla, "/processor/auth/get", checking.token)

    account_id = checking.account["account_id"]
    assert response["account"]["account_id"] == account_id
    assert project(response["account"], user_good.expected_account("0000")) == user_good.expected_account("0000")
    expected_ach = {**user_good.expected_ach("0000"), "account_id": account_id}
    assert project(response["numbers"]["ach"], expected_ach) == expected_ach
    assert {rail: response["numbers"].get(rail) for rail in ("eft", "international", "bacs")} == {
        "eft": None, "international": None, "bacs": None}


def test_the_partner_reads_the_checking_accounts_balance(dwolla, checking):
    response = processor_read(dwolla, "/processor/balance/get", checking.token)

    assert response["account"]["account_id"] == checking.account["account_id"]
    expected = user_good.expected_account("0000")["balances"]
    assert project(response["account"]["balances"], expected) == expected


def test_the_partner_reads_the_checking_accounts_owner(dwolla, checking):
    response = processor_read(dwolla, "/processor/identity/get", checking.token)

    account = response["account"]
    assert account["account_id"] == checking.account["account_id"]
    assert project(account, user_good.expected_account("0000")) == user_good.expected_account("0000")
    assert len(account["owners"]) == 1
    owner = account["owners"][0]
    assert owner["names"] == user_good.OWNER_NAMES
    assert unordered(owner["emails"]) == unordered(user_good.EMAILS)
    assert unordered(owner["addresses"]) == unordered(user_good.ADDRESSES)
    assert len(owner["phone_numbers"]) == user_good.PHONE_NUMBER_COUNT


def test_the_partner_reads_the_account_and_its_institution(dwolla, checking):
    response = processor_read(dwolla, "/processor/account/get", checking.token)

    assert response["institution_id"] == user_good.INSTITUTION_ID
    assert response["account"] == checking.account


@pytest.mark.parametrize("operation", list(PROCESSOR_READS))
def test_every_processor_read_returns_the_account_as_accounts_get_does(dwolla, checking, operation):
    account = processor_read(dwolla, operation, checking.token)["account"]

    assert {key: account.get(key) for key in checking.account} == checking.account


def test_processor_balance_get_accepts_a_min_last_updated_datetime_in_the_past(dwolla, checking):
    past = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=1)
    options = ProcessorBalanceGetRequestOptions(min_last_updated_datetime=past)

    response = dwolla.processor_balance_get(ProcessorBalanceGetRequest(processor_token=checking.token, options=options))

    expected = user_good.expected_account("0000")["balances"]
    assert project(response.to_dict()["account"]["balances"], expected) == expected


def test_processor_balance_get_ignores_min_last_updated_datetime_for_real_time_balances(dwolla, checking):
    # Plaid uses the option only for Capital One's non-depository accounts; a checking balance is real-time.
    future = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    options = ProcessorBalanceGetRequestOptions(min_last_updated_datetime=future)

    response = dwolla.processor_balance_get(ProcessorBalanceGetRequest(processor_token=checking.token, options=options))

    assert response.to_dict()["account"]["account_id"] == checking.account["account_id"]


# ---- who may use a token ----

@pytest.mark.parametrize("operation", list(PROCESSOR_READS))
@pytest.mark.parametrize("caller", ["client", "dwolla"])
def test_the_sandbox_creator_and_the_tokens_partner_may_read(request, checking, caller, operation):
    response = processor_read(request.getfixturevalue(caller), operation, checking.token)

    assert response["account"]["account_id"] == checking.account["account_id"]


@pytest.mark.parametrize("operation", list(PROCESSOR_READS))
@pytest.mark.parametrize("caller", ["galileo", "other_app"])
def test_another_partner_or_another_app_is_refused(request, checking, caller, operation):
    assert_refused(PROCESSOR_READS[operation], request.getfixturevalue(caller), checking.token)


@pytest.mark.parametrize("token", [
    pytest.param("processor-sandbox-00000000-0000-4000-8000-000000000000", id="unknown"),
    pytest.param("processor-sandbox-garbage", id="malformed"),
    pytest.param("not a token", id="not-a-token"),
])
def test_an_unknown_or_malformed_processor_token_is_invalid(dwolla, token):
    assert_refused(PROCESSOR_READS["/processor/auth/get"], dwolla, token)


def test_an_access_token_is_not_a_processor_token(client, checking):
    assert_refused(PROCESSOR_READS["/processor/auth/get"], client, checking.item.access_token)


# ---- an account without payment numbers ----

def test_processor_auth_for_a_credit_card_is_no_auth_accounts(client, dwolla):
    card = grant_for(client, "3333")

    with pytest.raises(plaid.ApiException) as raised:
        processor_read(dwolla, "/processor/auth/get", card.token)

    assert_plaid_error(raised.value, 400, "ITEM_ERROR", "NO_AUTH_ACCOUNTS")


@pytest.mark.parametrize("operation", ["/processor/balance/get", "/processor/identity/get", "/processor/account/get"])
def test_the_other_reads_work_for_a_credit_card(client, dwolla, operation):
    card = grant_for(client, "3333")

    account = processor_read(dwolla, operation, card.token)["account"]

    assert project(account, user_good.expected_account("3333")) == user_good.expected_account("3333")


# ---- Stripe ----

def stripe_token(client, access_token: str, account_id: str) -> str:
    request = ProcessorStripeBankAccountTokenCreateRequest(access_token=access_token, account_id=account_id)
    return client.processor_stripe_bank_account_token_create(request).stripe_bank_account_token


def test_stripe_bank_account_tokens_are_btok_and_24_alphanumerics(client):
    item = link_item(client)
    accounts = accounts_by_mask(client, item.access_token)

    tokens = [stripe_token(client, item.access_token, accounts[mask]["account_id"]) for mask in ("0000", "1111", "0000")]

    assert all(STRIPE_TOKEN.match(token) for token in tokens), tokens
    assert len(set(tokens)) == 3


def test_a_stripe_token_for_a_credit_card_is_invalid_stripe_account(client):
    item = link_item(client)
    card = accounts_by_mask(client, item.access_token)["3333"]

    with pytest.raises(plaid.ApiException) as raised:
        stripe_token(client, item.access_token, card["account_id"])

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_STRIPE_ACCOUNT")


def test_a_stripe_token_for_an_account_not_on_the_item_is_invalid_account_id(client):
    item = link_item(client)

    with pytest.raises(plaid.ApiException) as raised:
        stripe_token(client, item.access_token, UNKNOWN_ACCOUNT_ID)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")


# ---- /sandbox/processor_token/create ----

def sandbox_processor_token(client, username: str | None = None, password: str | None = None,
                            institution_id: str = FIRST_PLATYPUS_BANK) -> str:
    arguments = {"institution_id": institution_id}
    if username is not None:
        arguments["options"] = SandboxProcessorTokenCreateRequestOptions(
            override_username=username, override_password=password)
    return client.sandbox_processor_token_create(SandboxProcessorTokenCreateRequest(**arguments)).processor_token


def test_a_partner_makes_a_sandbox_processor_token_with_its_own_keys_and_reads_with_it(dwolla):
    token = sandbox_processor_token(dwolla)

    response = processor_read(dwolla, "/processor/auth/get", token)

    assert PROCESSOR_TOKEN.match(token), token
    assert response["account"]["mask"] == "0000", "the first account with payment numbers is Plaid Checking"
    assert project(response["numbers"]["ach"], user_good.expected_ach("0000")) == user_good.expected_ach("0000")
    for operation in PROCESSOR_READS:
        assert processor_read(dwolla, operation, token)["account"]["account_id"] == response["account"]["account_id"]


@pytest.mark.parametrize("caller", ["client", "galileo", "other_app"])
def test_a_partners_sandbox_processor_token_is_refused_to_others(request, dwolla, caller):
    token = sandbox_processor_token(dwolla)

    assert_refused(PROCESSOR_READS["/processor/auth/get"], request.getfixturevalue(caller), token)


def test_an_apps_sandbox_processor_token_is_usable_by_that_app_only(client, dwolla, other_app):
    token = sandbox_processor_token(client)

    response = processor_read(client, "/processor/auth/get", token)

    assert response["account"]["mask"] == "0000"
    assert_refused(PROCESSOR_READS["/processor/auth/get"], dwolla, token)
    assert_refused(PROCESSOR_READS["/processor/auth/get"], other_app, token)


def test_a_sandbox_processor_token_reaches_the_first_account_with_payment_numbers(dwolla):
    config = {"override_accounts": [
        {"type": "credit", "subtype": "credit card", "starting_balance": 10, "meta": {"name": "Card first"}},
        {"type": "depository", "subtype": "savings", "starting_balance": 20, "meta": {"name": "Savings second"},
         "numbers": {"account": "5550001111", "ach_routing": "011401533"}},
    ]}

    token = sandbox_processor_token(dwolla, CUSTOM_USERNAME, json.dumps(config))
    response = processor_read(dwolla, "/processor/auth/get", token)

    assert response["account"]["name"] == "Savings second"
    assert project(response["numbers"]["ach"], {"account": "5550001111", "routing": "011401533"}) == {
        "account": "5550001111", "routing": "011401533"}


def test_sandbox_processor_token_create_at_an_unknown_institution_is_invalid_institution(dwolla):
    with pytest.raises(plaid.ApiException) as raised:
        sandbox_processor_token(dwolla, institution_id="ins_does_not_exist")

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_INSTITUTION")


# ---- removing the Item ----

@pytest.fixture
def removed(client, checking):
    """The checking grant after /item/remove."""
    client.item_remove(ItemRemoveRequest(access_token=checking.item.access_token))
    return checking


@pytest.mark.parametrize("operation", list(PROCESSOR_READS))
@pytest.mark.parametrize("caller", ["client", "dwolla"])
def test_after_item_remove_the_processor_token_is_invalid(request, removed, caller, operation):
    assert_refused(PROCESSOR_READS[operation], request.getfixturevalue(caller), removed.token)


ACCESS_TOKEN_CALLS = {
    "/auth/get": lambda client, grant: client.auth_get(AuthGetRequest(access_token=grant.item.access_token)),
    "/accounts/balance/get": lambda client, grant: client.accounts_balance_get(
        AccountsBalanceGetRequest(access_token=grant.item.access_token)),
    "/processor/token/create": lambda client, grant: create_processor_token(
        client, grant.item.access_token, grant.account["account_id"]),
    "/processor/stripe/bank_account_token/create": lambda client, grant: stripe_token(
        client, grant.item.access_token, grant.account["account_id"]),
}


@pytest.mark.parametrize("operation", list(ACCESS_TOKEN_CALLS))
def test_after_item_remove_the_access_token_is_invalid(client, removed, operation):
    with pytest.raises(plaid.ApiException) as raised:
        ACCESS_TOKEN_CALLS[operation](client, removed)

    assert_plaid_error(raised.value, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")


def test_removing_one_item_leaves_other_items_tokens_working(client, dwolla, checking):
    other = grant_for(client, "1111")

    client.item_remove(ItemRemoveRequest(access_token=checking.item.access_token))

    assert processor_read(dwolla, "/processor/auth/get", other.token)["account"]["mask"] == "1111"


# ---- custom users: their exact numbers through /processor/auth/get and /auth/get ----

AUTH_EXAMPLES_MISSING = (f"SKIPPED LOUDLY: Plaid's custom-user auth examples not found at {AUTH_EXAMPLES_DIR} "
                         "(set TARTAN_SHARED_DIR); only the committed fixtures were tested")


def auth_config_params():
    own = [pytest.param(path, id=f"fixtures/{path.name}") for path in sorted(FIXTURES_DIR.glob("*.json"))]
    examples = sorted(AUTH_EXAMPLES_DIR.glob("*.json"))
    if not examples:
        return own + [pytest.param(None, id="auth-examples", marks=pytest.mark.skip(reason=AUTH_EXAMPLES_MISSING))]
    return own + [pytest.param(path, id=f"auth/{path.name}") for path in examples]


def test_plaid_custom_user_auth_examples_cover_every_rail():
    if not AUTH_EXAMPLES_DIR.is_dir():
        pytest.skip(AUTH_EXAMPLES_MISSING)

    rails = {rail for path in AUTH_EXAMPLES_DIR.glob("*.json") for account in CustomUser(path).accounts
             for rail in expected_numbers(account)}

    assert rails == set(RAILS)


def linked_custom_user(client, config_path):
    """The custom user's Item and, in configuration order, (configured entry, account from /accounts/get)."""
    user = CustomUser(config_path)
    item = link_item(client, CUSTOM_USERNAME, user.password)
    accounts = client.accounts_get(AccountsGetRequest(access_token=item.access_token)).to_dict()["accounts"]
    assert len(accounts) == len(user.accounts)
    pairs = match_accounts(accounts, [expected_account(account) for account in user.accounts])
    return item, [(configured, returned) for configured, (_, returned) in zip(user.accounts, pairs)]


@pytest.mark.parametrize("config_path", auth_config_params())
def test_custom_user_numbers_through_processor_auth_get(client, dwolla, config_path):
    item, pairs = linked_custom_user(client, config_path)

    for configured, account in pairs:
        token = create_processor_token(client, item.access_token, account["account_id"])
        wanted = expected_numbers(configured)
        if not wanted:
            with pytest.raises(plaid.ApiException) as raised:
                processor_read(dwolla, "/processor/auth/get", token)
            assert_plaid_error(raised.value, 400, "ITEM_ERROR", "NO_AUTH_ACCOUNTS")
            continue
        response = processor_read(dwolla, "/processor/auth/get", token)
        assert response["account"]["account_id"] == account["account_id"]
        for rail in RAILS:
            got = response["numbers"].get(rail)
            if rail not in wanted:
                assert got is None, f"{account['name']}: {rail} should be null, got {got}"
                continue
            expected = {**wanted[rail], "account_id": account["account_id"]}
            assert project(got or {}, expected) == expected, f"{account['name']}: {rail}"


@pytest.mark.parametrize("config_path", auth_config_params())
def test_custom_user_numbers_through_auth_get(client, config_path):
    item, pairs = linked_custom_user(client, config_path)
    auth_pairs = [(configured, account) for configured, account in pairs if expected_numbers(configured)]

    response = client.auth_get(AuthGetRequest(access_token=item.access_token)).to_dict()

    assert sorted(account["account_id"] for account in response["accounts"]) == sorted(
        account["account_id"] for _, account in auth_pairs)
    for rail in RAILS:
        expected = [{**expected_numbers(configured)[rail], "account_id": account["account_id"]}
                    for configured, account in auth_pairs if rail in expected_numbers(configured)]
        got = response["numbers"][rail]
        assert len(got) == len(expected), f"{rail}: {got}"
        keys = set().union(*expected) if expected else set()
        assert unordered([{key: entry.get(key) for key in keys} for entry in got]) == unordered(expected), rail
