"""Unit tests of the OpenAPI -> JSON Schema converter in ../schemas.py (no server needed)."""
import copy
import json

import pytest

import schemas

MINI_SPEC = {
    "paths": {
        "/thing/get": {"post": {"responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ThingGetResponse"},
            "examples": {"example-1": {"value": {"thing": {"name": "a", "note": None, "kind": None,
                                                           "status": None}, "request_id": "r1"}}},
        }}}}}},
    },
    "components": {"schemas": {
        "ThingGetResponse": {
            "type": "object", "additionalProperties": True, "description": "ignored",
            "properties": {"thing": {"$ref": "#/components/schemas/Thing"},
                           "request_id": {"type": "string", "x-hidden-from-docs": True}},
            "required": ["thing", "request_id"],
        },
        "Thing": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "note": {"type": "string", "nullable": True, "format": "uuid"},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "status": {"$ref": "#/components/schemas/StatusNullable"},
                "created_at": {"type": "string", "format": "date-time"},
                "count": {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
            },
            "required": ["name", "note"],
        },
        "Kind": {"type": "string", "enum": ["big", "small"], "nullable": True},
        "StatusNullable": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/Status"}]},
        "Status": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]},
    }},
}
VALID = MINI_SPEC["paths"]["/thing/get"]["post"]["responses"]["200"]["content"]["application/json"][
    "examples"]["example-1"]["value"]


def mini_errors(document):
    return schemas.schema_errors(schemas.response_schema(MINI_SPEC, "/thing/get"), document)


def changed(**thing_fields):
    document = copy.deepcopy(VALID)
    document["thing"].update(thing_fields)
    return document


def test_a_valid_response_passes():
    assert mini_errors(VALID) == []


def test_a_field_the_schema_does_not_declare_fails():
    assert mini_errors(changed(colour="red")) == ["$.thing.colour: not declared in the spec's schema"]
    document = copy.deepcopy(VALID)
    document["extra"] = 1
    assert mini_errors(document) == ["$.extra: not declared in the spec's schema"]
    assert mini_errors(changed(status={"ok": True, "why": "x"})) == [
        "$.thing.status.why: not declared in the spec's schema"]


def test_a_response_missing_a_required_field_fails():
    document = copy.deepcopy(VALID)
    del document["request_id"]

    assert any("'request_id' is a required property" in error for error in mini_errors(document))


def test_a_null_in_a_non_nullable_field_fails():
    assert any("None is not of type 'string'" in error for error in mini_errors(changed(name=None)))


def test_nullable_admits_null_in_plain_enum_and_composed_schemas():
    assert mini_errors(changed(note=None, kind=None, status=None)) == []
    assert mini_errors(changed(kind="medium")) != []
    assert mini_errors(changed(status={})) != []


def test_only_date_and_date_time_formats_are_checked():
    assert mini_errors(changed(note="not-a-uuid", created_at="2024-01-02T03:04:05Z")) == []
    assert mini_errors(changed(created_at="2024-01-02 03:04")) != []
    assert mini_errors(changed(created_at="2024-01-02T03:04:05")) != [], "RFC 3339 needs a time zone"


def test_openapi_boolean_exclusive_minimum_becomes_a_number():
    assert mini_errors(changed(count=2)) == []
    assert mini_errors(changed(count=1)) != []


def test_bundled_schema_is_self_contained_and_free_of_openapi_keywords():
    bundled = schemas.response_schema(MINI_SPEC, "/thing/get")
    text = repr(bundled)

    assert set(bundled["definitions"]) == {"ThingGetResponse", "Thing", "Kind", "StatusNullable", "Status"}
    for leftover in ("#/components/", "nullable", "x-hidden-from-docs", "description", "'uuid'"):
        assert leftover not in text


def test_an_error_body_must_be_an_object_even_though_plaid_error_is_nullable():
    spec = {"components": {"schemas": {"PlaidError": {"type": "object", "nullable": True,
                                                      "properties": {}, "required": ["error_code"]}}}}

    assert schemas.schema_errors(schemas.error_schema(spec), None) != []
    assert schemas.schema_errors(schemas.error_schema(spec), {"error_code": "X"}) == []


def test_a_component_schema_is_bundled_and_must_be_an_object():
    schema = schemas.component_schema(MINI_SPEC, "Thing")

    assert set(schema["definitions"]) == {"Thing", "Kind", "StatusNullable", "Status"}
    assert schemas.schema_errors(schema, VALID["thing"]) == []
    assert schemas.schema_errors(schema, None) != []
    with pytest.raises(KeyError, match="NoSuchThing"):
        schemas.component_schema(MINI_SPEC, "NoSuchThing")


# ---- against Plaid's real spec ----

@pytest.fixture(scope="module")
def plaid_spec():
    if not schemas.spec_path().is_file():
        pytest.skip(f"SCHEMA VALIDATION SKIPPED: Plaid spec not found at {schemas.spec_path()}")
    return schemas.load_spec()


# Examples in Plaid's spec that break its own schema (the validator must report exactly these): the
# /institutions/get_by_id example nests `liabilities` inside `status.investments`.
SPEC_EXAMPLE_DEFECTS = {
    "/institutions/get_by_id": ["$.institution.status.investments.liabilities: not declared in the spec's schema"],
}


@pytest.mark.parametrize("operation", list(schemas.SERVED_OPERATIONS))
def test_the_spec_example_of_each_served_operation_is_valid(plaid_spec, operation):
    example = schemas.response_example(plaid_spec, operation)

    assert example is not None, f"the spec has no example for {operation}"
    errors = schemas.schema_errors(schemas.response_schema(plaid_spec, operation), example)
    assert errors == SPEC_EXAMPLE_DEFECTS.get(operation, [])


def test_the_spec_example_of_identity_get_fails_once_an_owner_loses_its_names(plaid_spec):
    example = copy.deepcopy(schemas.response_example(plaid_spec, "/identity/get"))
    del example["accounts"][0]["owners"][0]["names"]

    errors = schemas.schema_errors(schemas.response_schema(plaid_spec, "/identity/get"), example)

    assert any("'names' is a required property" in error for error in errors)


def test_processor_auth_numbers_are_one_nullable_object_per_rail(plaid_spec):
    schema = schemas.response_schema(plaid_spec, "/processor/auth/get")
    example = copy.deepcopy(schemas.response_example(plaid_spec, "/processor/auth/get"))
    example["numbers"].update(eft=None, international=None, bacs=None)

    assert schemas.schema_errors(schema, example) == []
    example["numbers"]["ach"] = [example["numbers"]["ach"]]
    assert [error.split(":")[0] for error in schemas.schema_errors(schema, example)] == ["$.numbers.ach"]


def test_auth_get_numbers_are_arrays_per_rail(plaid_spec):
    schema = schemas.response_schema(plaid_spec, "/auth/get")
    example = copy.deepcopy(schemas.response_example(plaid_spec, "/auth/get"))
    example["numbers"].update(eft=[], international=[], bacs=[])

    assert schemas.schema_errors(schema, example) == []
    assert schemas.schema_errors(schema, {**example, "numbers": {**example["numbers"], "bacs": None}}) != []
    assert schemas.schema_errors(schema, {**example, "numbers": {**example["numbers"], "ach": example["numbers"]["ach"][0]}}) != []


def test_a_documented_plaid_error_body_is_valid(plaid_spec):
    body = {"display_message": None, "documentation_url": "https://plaid.com/docs/?ref=error#invalid-input-errors",
            "error_code": "INVALID_ACCESS_TOKEN", "error_message": "could not find matching access token",
            "error_type": "INVALID_INPUT", "request_id": "SkBNWLWxCZ8V3c5", "suggested_action": None}

    assert schemas.schema_errors(schemas.error_schema(plaid_spec), body) == []
    assert schemas.schema_errors(schemas.error_schema(plaid_spec), {**body, "error_type": "NOPE"}) != []


def test_dump_writes_one_schema_per_served_operation_and_an_index(plaid_spec, tmp_path):
    written = {path.name for path in schemas.dump(tmp_path, plaid_spec)}

    expected = {f"{stem}.json" for stem in schemas.SERVED_OPERATIONS.values()}
    assert written == expected | {"PlaidError.json", "index.json"}


def test_the_statement_upload_extension_schema_admits_a_uuid_and_a_request_id_only():
    schema = schemas.EXTENSION_OPERATIONS["/sandbox/identity/documents/upload"]
    body = {"document_id": "9f838fef-b0a5-4ef4-bf73-8e5248d43ad7", "request_id": "b5jvmskusjwX5Gs"}

    assert schemas.schema_errors(schema, body) == []
    assert schemas.schema_errors(schema, {**body, "documents": []}) != []
    assert schemas.schema_errors(schema, {**body, "document_id": "doc-1"}) != []
    assert schemas.schema_errors(schema, {"request_id": "b5jvmskusjwX5Gs"}) != []


def test_extension_operations_are_checked_but_not_dumped(plaid_spec, tmp_path):
    checked = schemas.OperationSchemas(plaid_spec)
    body = {"document_id": "9f838fef-b0a5-4ef4-bf73-8e5248d43ad7", "request_id": "b5jvmskusjwX5Gs"}

    assert checked.errors_for("/sandbox/identity/documents/upload", 200, body) == []
    assert checked.errors_for("/sandbox/identity/documents/upload", 200, {}) != []
    schemas.dump(tmp_path, plaid_spec)
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert "/sandbox/identity/documents/upload" not in index["operations"]


def test_identity_match_score_objects_are_nullable_and_require_no_keys_in_the_spec(plaid_spec):
    # Why the suites check the keys of every score object themselves: Plaid's schema would accept less.
    schema = schemas.response_schema(plaid_spec, "/identity/match")
    example = copy.deepcopy(schemas.response_example(plaid_spec, "/identity/match"))
    example["accounts"][0].update(legal_name=None, phone_number={}, address={"score": None})

    assert schemas.schema_errors(schema, example) == []
    example["accounts"][0]["phone_number"] = {"score": 99.5}
    assert schemas.schema_errors(schema, example) != []


def test_plaids_identity_default_update_example_is_a_valid_webhook_body(plaid_spec):
    # Plaid's documented example (reference §9)
    body = {"webhook_type": "IDENTITY", "webhook_code": "DEFAULT_UPDATE", "item_id": "wz666MBjYWTp2PDzzggYhM6oWWmBb",
            "account_ids_with_updated_identity": {"BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp": ["ADDRESSES"]},
            "error": None, "environment": "production"}
    schema = schemas.component_schema(plaid_spec, "IdentityDefaultUpdateWebhook")

    assert schemas.schema_errors(schema, body) == []
    without = {name: value for name, value in body.items() if name != "account_ids_with_updated_identity"}
    assert schemas.schema_errors(schema, without) != []
    assert schemas.schema_errors(schema, {**body, "environment": "staging"}) != []
