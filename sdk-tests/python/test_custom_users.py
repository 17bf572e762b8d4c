"""Items created for `user_custom` with a JSON configuration as password reflect that configuration.

Configurations: Plaid's own examples from `$TARTAN_SHARED_DIR/sandbox-custom-users/` (read at run time) and the
committed ones in `sdk-tests/fixtures/`, so the suite keeps coverage where the shared data is absent.
"""
import pytest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.identity_get_request import IdentityGetRequest

import schemas
from custom_user import CustomUser, expected_account, expected_owner
from matching import match_accounts, present, unordered
from tartan_sdk import link_item

CUSTOM_USERNAME = "user_custom"
FIXTURES_DIR = schemas.sdk_tests_dir() / "fixtures"
PLAID_EXAMPLES_DIR = schemas.shared_dir() / "sandbox-custom-users"
PLAID_EXAMPLE_PATTERNS = ("auth/*.json", "identity/*.json", "blank_template_custom_sandbox_user.json")
PLAID_EXAMPLES_MISSING = f"Plaid's custom-user examples not found at {PLAID_EXAMPLES_DIR} (set TARTAN_SHARED_DIR)"


def plaid_example_files():
    return sorted(path for pattern in PLAID_EXAMPLE_PATTERNS for path in PLAID_EXAMPLES_DIR.glob(pattern))


def config_params():
    own = [pytest.param(path, id=f"fixtures/{path.name}") for path in sorted(FIXTURES_DIR.glob("*.json"))]
    if not PLAID_EXAMPLES_DIR.is_dir():
        return own + [pytest.param(None, id="plaid-examples", marks=pytest.mark.skip(reason=PLAID_EXAMPLES_MISSING))]
    return own + [pytest.param(path, id=str(path.relative_to(PLAID_EXAMPLES_DIR))) for path in plaid_example_files()]


def test_plaid_custom_user_examples_are_all_found():
    if not PLAID_EXAMPLES_DIR.is_dir():
        pytest.skip(PLAID_EXAMPLES_MISSING)

    names = [path.relative_to(PLAID_EXAMPLES_DIR).as_posix() for path in plaid_example_files()]

    assert "blank_template_custom_sandbox_user.json" in names
    assert sum(name.startswith("auth/") for name in names) >= 4
    assert sum(name.startswith("identity/") for name in names) >= 3


@pytest.mark.parametrize("config_path", config_params())
def test_custom_user_accounts_come_from_override_accounts(client, config_path):
    user = CustomUser(config_path)
    item = link_item(client, CUSTOM_USERNAME, user.password)

    accounts = client.accounts_get(AccountsGetRequest(access_token=item.access_token)).to_dict()["accounts"]

    assert len(accounts) == len(user.accounts)
    match_accounts(accounts, [expected_account(account) for account in user.accounts])


@pytest.mark.parametrize("config_path", config_params())
def test_custom_user_identity_comes_from_each_accounts_identity(client, config_path):
    user = CustomUser(config_path)
    item = link_item(client, CUSTOM_USERNAME, user.password)

    accounts = client.identity_get(IdentityGetRequest(access_token=item.access_token)).to_dict()["accounts"]

    assert len(accounts) == len(user.accounts)
    pairs = match_accounts(accounts, [expected_account(account) for account in user.accounts])
    for configured, (_, returned) in zip(user.accounts, pairs):
        assert len(returned["owners"]) == 1, "joint holders share one Owner object"
        owner = returned["owners"][0]
        for field, wanted in expected_owner(configured).items():
            if field == "names":
                assert owner["names"] == wanted
            else:
                assert unordered(present(owner[field]) or []) == unordered(wanted), f"{field} of {returned['name']}"
        assert owner["names"], "an Owner always has at least one name"
