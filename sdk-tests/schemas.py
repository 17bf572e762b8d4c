#!/usr/bin/env python3
"""JSON Schemas for Tartan's served operations, extracted from Plaid's OpenAPI 3.0 spec (plus hand-written ones
for Tartan's own extensions, `EXTENSION_OPERATIONS`).

The spec is read at run time (never copied into the repo) from ``$TARTAN_PLAID_SPEC``, else
``$TARTAN_SHARED_DIR/plaid-openapi/2020-09-14.yml``, else ``<repo>/../shared/plaid-openapi/2020-09-14.yml``.

Conversion from OpenAPI 3.0 to JSON Schema draft-07:
  * ``$ref: '#/components/schemas/X'`` becomes ``$ref: '#/definitions/X'``; every reachable component is bundled,
    so each schema is self-contained (usable by Python's ``jsonschema`` and by Node's ``ajv``).
  * ``nullable: true`` admits ``null``: added to ``type`` (and to ``enum``), or, for composed schemas
    (``allOf``/``anyOf``/``oneOf``/``$ref``), the schema becomes ``anyOf: [{type: null}, <schema>]``.
  * OpenAPI's boolean ``exclusiveMinimum``/``exclusiveMaximum`` become draft-07 numbers.
  * Annotations and vendor extensions are dropped; of the formats only ``date`` and ``date-time`` are kept.

CLI:
  python schemas.py dump OUTDIR                 one file per served operation + PlaidError.json + index.json
  python schemas.py check OPERATION FILE.json   validate a saved response (OPERATION like /identity/get, or error)
  python schemas.py component NAME FILE.json    validate a document against one component (e.g. ItemErrorWebhook)
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sys
from pathlib import Path

SPEC_FILE_NAME = "2020-09-14.yml"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
ERROR_SCHEMA = "PlaidError"

# The operations Tartan serves, with the file name their schema is dumped under.
SERVED_OPERATIONS = {
    "/sandbox/public_token/create": "sandbox_public_token_create",
    "/item/public_token/exchange": "item_public_token_exchange",
    "/item/get": "item_get",
    "/item/remove": "item_remove",
    "/accounts/get": "accounts_get",
    "/identity/get": "identity_get",
    "/identity/match": "identity_match",
    "/identity/documents/uploads/get": "identity_documents_uploads_get",
    "/auth/get": "auth_get",
    "/accounts/balance/get": "accounts_balance_get",
    "/sandbox/processor_token/create": "sandbox_processor_token_create",
    "/processor/token/create": "processor_token_create",
    "/processor/stripe/bank_account_token/create": "processor_stripe_bank_account_token_create",
    "/processor/auth/get": "processor_auth_get",
    "/processor/balance/get": "processor_balance_get",
    "/processor/identity/get": "processor_identity_get",
    "/processor/identity/match": "processor_identity_match",
    "/processor/account/get": "processor_account_get",
    "/item/webhook/update": "item_webhook_update",
    "/sandbox/item/fire_webhook": "sandbox_item_fire_webhook",
    "/webhook_verification_key/get": "webhook_verification_key_get",
    "/link/token/create": "link_token_create",
    "/link/token/get": "link_token_get",
    "/institutions/get": "institutions_get",
    "/institutions/get_by_id": "institutions_get_by_id",
    "/institutions/search": "institutions_search",
    "/sandbox/item/reset_login": "sandbox_item_reset_login",
}

# Tartan's own operations (no Plaid spec to take them from): operation -> draft-07 schema of the 200 body.
# Only the Python suite calls them; they are checked like the served operations but not dumped.
EXTENSION_OPERATIONS = {
    "/sandbox/identity/documents/upload": {
        "$schema": DRAFT_07,
        "title": "POST /sandbox/identity/documents/upload 200 (Tartan extension)",
        "type": "object",
        "properties": {
            "document_id": {"type": "string",
                            "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
            "request_id": {"type": "string", "minLength": 1},
        },
        "required": ["document_id", "request_id"],
        "additionalProperties": False,
    },
}

# JSON Schema keywords carried over as they are; `properties`, `items`, ... are converted recursively below.
_PLAIN_KEYWORDS = {
    "type", "enum", "required", "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems",
    "maxItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf", "const",
}
_SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf")
_KEPT_FORMATS = {"date", "date-time"}
_REF_PREFIX = "#/components/schemas/"


# ---- locating the shared reference data ----

def sdk_tests_dir() -> Path:
    return Path(__file__).resolve().parent


def shared_dir() -> Path:
    """`$TARTAN_SHARED_DIR`, else `<repo>/../shared`."""
    configured = os.environ.get("TARTAN_SHARED_DIR")
    return Path(configured) if configured else sdk_tests_dir().parent.parent / "shared"


def spec_path() -> Path:
    configured = os.environ.get("TARTAN_PLAID_SPEC")
    return Path(configured) if configured else shared_dir() / "plaid-openapi" / SPEC_FILE_NAME


def load_spec(path: Path | None = None) -> dict:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader parses the 5 MB spec ~10x faster
    with open(path or spec_path(), encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


# ---- OpenAPI 3.0 -> JSON Schema draft-07 ----

def _ref_name(ref: str) -> str:
    if not ref.startswith(_REF_PREFIX):
        raise ValueError(f"unsupported $ref {ref!r}: only {_REF_PREFIX}* is handled")
    return ref[len(_REF_PREFIX):]


def convert(schema: dict) -> dict:
    """Convert one OpenAPI 3.0 schema object (not following refs) into draft-07."""
    if not isinstance(schema, dict):
        raise TypeError(f"schema must be a mapping, got {type(schema).__name__}")
    out: dict = {key: value for key, value in schema.items() if key in _PLAIN_KEYWORDS}
    if "$ref" in schema:
        out["$ref"] = "#/definitions/" + _ref_name(schema["$ref"])
    if schema.get("format") in _KEPT_FORMATS:
        out["format"] = schema["format"]
    if "properties" in schema:
        out["properties"] = {name: convert(sub) for name, sub in schema["properties"].items()}
    if "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        out["additionalProperties"] = extra if isinstance(extra, bool) else convert(extra)
    if "items" in schema:
        out["items"] = convert(schema["items"])
    if "not" in schema:
        out["not"] = convert(schema["not"])
    for keyword in _SCHEMA_LIST_KEYWORDS:
        if keyword in schema:
            out[keyword] = [convert(sub) for sub in schema[keyword]]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if schema.get(bound) is True:
            out[bound] = out.pop(limit)
    if schema.get("nullable") is True:
        out = _admit_null(out)
    return out


def _admit_null(schema: dict) -> dict:
    if "$ref" in schema or any(keyword in schema for keyword in _SCHEMA_LIST_KEYWORDS):
        return {"anyOf": [{"type": "null"}, schema]}
    nullable = dict(schema)
    if "type" in nullable:
        types = nullable["type"] if isinstance(nullable["type"], list) else [nullable["type"]]
        nullable["type"] = types if "null" in types else types + ["null"]
    if "enum" in nullable and None not in nullable["enum"]:
        nullable["enum"] = list(nullable["enum"]) + [None]
    return nullable


def _referenced_names(schema) -> set[str]:
    if isinstance(schema, dict):
        found = {_ref_name(schema["$ref"])} if isinstance(schema.get("$ref"), str) else set()
        for value in schema.values():
            found |= _referenced_names(value)
        return found
    if isinstance(schema, list):
        return set().union(*(_referenced_names(item) for item in schema)) if schema else set()
    return set()


def bundle(spec: dict, root_name: str, *, title: str, non_null_object: bool = False) -> dict:
    """A self-contained draft-07 schema for component `root_name` with every reachable component bundled."""
    components = spec["components"]["schemas"]
    definitions: dict = {}
    pending = [root_name]
    while pending:
        name = pending.pop()
        if name in definitions:
            continue
        if name not in components:
            raise KeyError(f"component schema {name!r} is referenced but not defined in the spec")
        definitions[name] = convert(components[name])
        pending.extend(_referenced_names(components[name]) - definitions.keys())
    root: dict = {"$schema": DRAFT_07, "title": title, "allOf": [{"$ref": f"#/definitions/{root_name}"}]}
    if non_null_object:
        root["type"] = "object"
    root["definitions"] = dict(sorted(definitions.items()))
    return root


def success_schema_name(spec: dict, operation: str) -> str:
    try:
        response = spec["paths"][operation]["post"]["responses"]["200"]
    except KeyError as missing:
        raise KeyError(f"spec has no POST {operation} 200 response") from missing
    return _ref_name(response["content"]["application/json"]["schema"]["$ref"])


def response_schema(spec: dict, operation: str) -> dict:
    """The draft-07 schema of the 200 response body of `POST operation`."""
    return bundle(spec, success_schema_name(spec, operation), title=f"POST {operation} 200")


def error_schema(spec: dict) -> dict:
    """The draft-07 schema of an error body: a PlaidError object (the component itself is nullable)."""
    return bundle(spec, ERROR_SCHEMA, title="PlaidError body", non_null_object=True)


def component_schema(spec: dict, name: str) -> dict:
    """The draft-07 schema of component `name` as a non-null object, e.g. a webhook body
    (`IdentityDefaultUpdateWebhook`); raises KeyError when the spec has no such component."""
    if name not in spec["components"]["schemas"]:
        raise KeyError(f"spec has no component schema {name!r}")
    return bundle(spec, name, title=name, non_null_object=True)


def response_example(spec: dict, operation: str):
    """The first example of the 200 response in the spec, or None."""
    content = spec["paths"][operation]["post"]["responses"]["200"]["content"]["application/json"]
    examples = content.get("examples") or {}
    for example in examples.values():
        if "value" in example:
            return example["value"]
    return content.get("example")


# ---- validation ----

_RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def format_checker():
    """Checks `date` (YYYY-MM-DD) and RFC 3339 `date-time` (timezone required), like ajv-formats does."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _is_date(value) -> bool:
        if not isinstance(value, str):
            return True
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and _dt.date.fromisoformat(value) is not None

    @checker.checks("date-time", raises=ValueError)
    def _is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return bool(_RFC3339_DATE_TIME.match(value)) and _dt.datetime.fromisoformat(
            value.upper().replace("Z", "+00:00")) is not None

    return checker


_ARRAY_INDEX = re.compile(r"\[\d+\]")


def schema_errors(schema: dict, document) -> list[str]:
    """Every violation of `schema` by `document`, as `path: message` lines (empty when valid), and every key
    the schema does not declare (see `undeclared_fields`).

    Array indices are folded (`$.accounts[*].mask`) so one mistake repeated on every account is one line.
    """
    from jsonschema import Draft7Validator

    validator = Draft7Validator(schema, format_checker=format_checker())
    counts: dict[str, int] = {}
    for error in validator.iter_errors(document):
        line = f"{_ARRAY_INDEX.sub('[*]', error.json_path)}: {_short(error.message)}"
        counts[line] = counts.get(line, 0) + 1
    for line in undeclared_fields(schema, document):
        counts[line] = counts.get(line, 0) + 1
    return [line if count == 1 else f"{line} (x{count})" for line, count in sorted(counts.items())]


# Keys Plaid's own examples show that its schemas leave out; Tartan sends them as Plaid does.
DECLARED_BY_PLAIDS_EXAMPLES = {
    # /identity/documents/uploads/get: each owner names the document it was read from.
    "$.accounts[*].owners[*].document_id",
}


def undeclared_fields(schema: dict, document) -> list[str]:
    """Keys of `document` that its schema does not declare, as `$.path.key: ...` lines.

    JSON Schema admits undeclared keys unless `additionalProperties: false`, and Plaid's spec says `true`
    almost everywhere, so validation alone would never notice a field that Tartan invents or misspells. An
    object schema with no `properties` at all (a free-form map) declares everything.
    """
    definitions = schema.get("definitions", {})

    def resolve(node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            node = definitions[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def branches(node: dict) -> list[dict]:
        node = resolve(node)
        found = [node]
        for keyword in _SCHEMA_LIST_KEYWORDS:
            for sub in node.get(keyword, []):
                found.extend(branches(sub))
        return found

    problems: set[str] = set()

    def walk(node: dict, value, path: str) -> None:
        parts = branches(node)
        if isinstance(value, dict):
            declared: dict[str, list[dict]] = {}
            for part in parts:
                for name, sub in part.get("properties", {}).items():
                    declared.setdefault(name, []).append(sub)
            free_form = not declared
            for key, item in value.items():
                if key not in declared:
                    if not free_form and f"{path}.{key}" not in DECLARED_BY_PLAIDS_EXAMPLES:
                        problems.add(f"{path}.{key}: not declared in the spec's schema")
                    continue
                for sub in declared[key]:
                    walk(sub, item, f"{path}.{key}")
        elif isinstance(value, list):
            for part in parts:
                if "items" in part:
                    for item in value:
                        walk(part["items"], item, f"{path}[*]")

    walk(schema, document, "$")
    return sorted(problems)


def _short(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else message[:limit] + "…"


class OperationSchemas:
    """Converted schemas for the served operations and for error bodies, built once per spec."""

    def __init__(self, spec: dict):
        self.responses = {operation: response_schema(spec, operation) for operation in SERVED_OPERATIONS}
        self.responses.update(EXTENSION_OPERATIONS)
        self.error = error_schema(spec)
        self._spec = spec
        self._components: dict[str, dict] = {}

    @classmethod
    def from_spec_file(cls, path: Path | None = None) -> "OperationSchemas":
        return cls(load_spec(path))

    def errors_for(self, operation: str, status: int, body) -> list[str]:
        """Violations of the schema that applies to a response of `operation` with HTTP `status`."""
        if not 200 <= status <= 299:
            return schema_errors(self.error, body)
        if operation not in self.responses:
            return [f"no schema for operation {operation!r}; served: {sorted(self.responses)}"]
        return schema_errors(self.responses[operation], body)

    def component_errors(self, name: str, document) -> list[str]:
        """Violations of component schema `name` (e.g. a webhook body such as `ItemErrorWebhook`)."""
        if name not in self._components:
            self._components[name] = component_schema(self._spec, name)
        return schema_errors(self._components[name], document)


# ---- CLI ----

def dump(out_dir: Path, spec: dict) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    index = {"error": f"{ERROR_SCHEMA}.json", "operations": {}}
    written = []
    schemas = {f"{ERROR_SCHEMA}.json": error_schema(spec)}
    for operation, file_stem in SERVED_OPERATIONS.items():
        schemas[f"{file_stem}.json"] = response_schema(spec, operation)
        index["operations"][operation] = f"{file_stem}.json"
    schemas["index.json"] = index
    for file_name, schema in schemas.items():
        path = out_dir / file_name
        path.write_text(json.dumps(schema, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "dump":
        for path in dump(Path(argv[1]), load_spec()):
            print(path)
        return 0
    if len(argv) == 3 and argv[0] == "check":
        schemas = OperationSchemas.from_spec_file()
        body = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        problems = schemas.errors_for(argv[1], 400 if argv[1] == "error" else 200, body)
        print("\n".join(problems) or "valid")
        return 1 if problems else 0
    if len(argv) == 3 and argv[0] == "component":
        body = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        problems = schema_errors(component_schema(load_spec(), argv[1]), body)
        print("\n".join(problems) or "valid")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
