#!/usr/bin/env bash
# Runs the SDK suites (plaid-python, plaid npm, the `plaid` Rust crate) against a freshly started Tartan server.
#
#   sdk-tests/run.sh
#
# Environment (all optional):
#   TARTAN_BIN          server binary (default <repo>/target/debug/tartan; build it first)
#   TARTAN_SHARED_DIR   reference data (default <repo>/../shared)
#   TARTAN_PLAID_SPEC   Plaid OpenAPI spec (default $TARTAN_SHARED_DIR/plaid-openapi/2020-09-14.yml)
#   PYTHON              interpreter for the venv (default python3)
#   TARTAN_SDK_DATABASE_URL  database for the server under test (default: a throw-away SQLite file)
#
# Besides the sandbox client (TARTAN_CLIENT_ID / TARTAN_SECRET), five more clients are created with
# `tartan clients create` against the server's database and exported for both suites:
#   TARTAN_PARTNER_DWOLLA_ID/_SECRET, TARTAN_PARTNER_GALILEO_ID/_SECRET  processor partners (--processor)
#   TARTAN_OTHER_APP_ID/_SECRET                                          a second, plain app client
#   TARTAN_CONTROLS_PY_ID/_SECRET, TARTAN_CONTROLS_NODE_ID/_SECRET       clients the clock and failure tests own
# Exits non-zero when a suite fails, runs no test, or the server does not come up.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
export TARTAN_SHARED_DIR="${TARTAN_SHARED_DIR:-$REPO/../shared}"
export TARTAN_PLAID_SPEC="${TARTAN_PLAID_SPEC:-$TARTAN_SHARED_DIR/plaid-openapi/2020-09-14.yml}"
TARTAN_BIN="${TARTAN_BIN:-$REPO/target/debug/tartan}"
BASE_PATH="/plaid-compatible"
VENV="$HERE/.venv"
VENV_PY="$VENV/bin/python"

section() { printf '\n==================== %s ====================\n' "$*"; }
loud() { printf '\n!!!!!!!!!! %s !!!!!!!!!!\n\n' "$*" >&2; }
die() { loud "$*"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tartan-sdk-tests.XXXXXX")"
SERVER_PID=""
FAILED=0
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_server_log() {
  section "server log ($WORK/server.log, last 200 lines)"
  tail -n 200 "$WORK/server.log" 2>/dev/null || echo "(no log)"
}

section "python: virtualenv $VENV"
PYTHON="${PYTHON:-python3}"
if ! "$VENV_PY" -c 'import sys' 2>/dev/null; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" || die "could not create a virtualenv with $PYTHON"
fi
REQUIREMENTS="$HERE/python/requirements.txt"
STAMP="$VENV/.requirements.sha256"
WANTED_STAMP="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ "$(cat "$STAMP" 2>/dev/null)" != "$WANTED_STAMP" ]]; then
  "$VENV_PY" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" \
    || die "pip install -r $REQUIREMENTS failed"
  echo "$WANTED_STAMP" > "$STAMP"
fi
"$VENV_PY" -m pip --version

section "node: npm ci in sdk-tests/node"
(cd "$HERE/node" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
node --version

section "rust: cargo build in sdk-tests/rust (the plaid crate, pinned in Cargo.lock)"
RUST_SUITE_TARGET="$HERE/rust/target"
(cd "$HERE/rust" && CARGO_TARGET_DIR="$RUST_SUITE_TARGET" nice -n 10 cargo build --locked --quiet) \
  || die "building sdk-tests/rust failed"
RUST_SUITE="$RUST_SUITE_TARGET/debug/tartan-sdk-rust"

section "schemas: Plaid spec -> JSON Schema"
if [[ -f "$TARTAN_PLAID_SPEC" ]]; then
  "$VENV_PY" "$HERE/schemas.py" dump "$WORK/schemas" >/dev/null || die "schemas.py dump failed"
  export TARTAN_SCHEMA_DIR="$WORK/schemas"
  echo "dumped $(ls "$TARTAN_SCHEMA_DIR" | wc -l) files from $TARTAN_PLAID_SPEC"
else
  unset TARTAN_SCHEMA_DIR
  loud "SKIPPED: schema validation - Plaid spec not found at $TARTAN_PLAID_SPEC (set TARTAN_PLAID_SPEC or TARTAN_SHARED_DIR)"
fi
[[ -d "$TARTAN_SHARED_DIR/sandbox-custom-users" ]] \
  || loud "SKIPPED: Plaid's custom-user files - $TARTAN_SHARED_DIR/sandbox-custom-users not found"

section "server: starting $TARTAN_BIN"
[[ -x "$TARTAN_BIN" ]] || die "no server binary at $TARTAN_BIN (run 'cargo build' first, or set TARTAN_BIN)"
PORT="$("$VENV_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export TARTAN_URL="http://127.0.0.1:$PORT"
export TARTAN_CLIENT_ID="$("$VENV_PY" -c 'import secrets; print(secrets.token_hex(12))')"
export TARTAN_SECRET="$("$VENV_PY" -c 'import secrets; print(secrets.token_hex(15))')"
# The admin token turns on the admin API and the console (the browser suite signs in to it).
export TARTAN_ADMIN_TOKEN="$("$VENV_PY" -c 'import secrets; print(secrets.token_hex(20))')"
DATABASE_URL="${TARTAN_SDK_DATABASE_URL:-sqlite://$WORK/tartan.db?mode=rwc}"
export TARTAN_BACKEND="${DATABASE_URL%%:*}"  # sqlite or postgres: names the browser screenshots directory
TARTAN_SANDBOX_CLIENT_ID="$TARTAN_CLIENT_ID" TARTAN_SANDBOX_SECRET="$TARTAN_SECRET" \
  "$TARTAN_BIN" serve --listen "127.0.0.1:$PORT" --database-url "$DATABASE_URL" \
  --env sandbox --base-path "$BASE_PATH" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
health_ok() {
  "$VENV_PY" -c 'import json, sys, urllib.request as u; r = u.urlopen(sys.argv[1], timeout=1); json.load(r); sys.exit(r.status != 200)' \
    "$TARTAN_URL/health" 2>/dev/null
}
for _ in $(seq 1 120); do
  health_ok && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    wait "$SERVER_PID"; SERVER_RC=$?; SERVER_PID=""
    show_server_log; die "the server exited (status $SERVER_RC) before answering GET /health"
  fi
  sleep 0.5
done
health_ok || { show_server_log; die "the server did not answer GET /health with 200 JSON within 60 s"; }
echo "server up at $TARTAN_URL (base path $BASE_PATH), pid $SERVER_PID"

section "clients: processor partners and a second app (tartan clients create)"
# create_client VAR_PREFIX NAME [PROCESSOR]: creates the client in the server's database and exports
# VAR_PREFIX_ID and VAR_PREFIX_SECRET from the `client_id:` / `secret:` lines the command prints.
create_client() {
  local prefix="$1" name="$2" processor="${3:-}" output client_id secret
  output="$("$TARTAN_BIN" clients create --name "$name" ${processor:+--processor "$processor"} \
    --database-url "$DATABASE_URL" 2>&1)" || { echo "$output"; show_server_log; die "tartan clients create --name $name failed"; }
  client_id="$(sed -n 's/^client_id: *//p' <<<"$output")"
  secret="$(sed -n 's/^secret: *//p' <<<"$output")"
  [[ -n "$client_id" && -n "$secret" ]] \
    || { echo "$output"; die "tartan clients create --name $name printed no 'client_id:' and 'secret:' lines"; }
  export "${prefix}_ID=$client_id" "${prefix}_SECRET=$secret"
  echo "$name: client_id $client_id${processor:+ (processor partner: $processor)}"
}
create_client TARTAN_PARTNER_DWOLLA "Dwolla (SDK tests)" dwolla
create_client TARTAN_PARTNER_GALILEO "Galileo (SDK tests)" galileo
create_client TARTAN_OTHER_APP "Other app (SDK tests)"
# The clock and failure tests move their client's clock and fail its calls: each suite gets a client of its own.
create_client TARTAN_CONTROLS_PY "Sandbox controls (Python SDK tests)"
create_client TARTAN_CONTROLS_NODE "Sandbox controls (Node SDK tests)"

section "python suite (plaid-python, pytest)"
(cd "$HERE/python" && "$VENV_PY" -m pytest -p no:cacheprovider)
PYTEST_RC=$?
case "$PYTEST_RC" in
  0) echo "python suite: PASSED" ;;
  5) loud "python suite: pytest collected NO tests (exit 5) - counted as a failure"; FAILED=1 ;;
  *) loud "python suite: FAILED (pytest exit $PYTEST_RC)"; FAILED=1 ;;
esac

section "node suite (plaid npm, node --test)"
(cd "$HERE/node" && node --test --test-reporter=spec) 2>&1 | tee "$WORK/node.out"
NODE_RC=${PIPESTATUS[0]}
NODE_TESTS="$(sed -n 's/^ℹ tests \([0-9]*\)$/\1/p' "$WORK/node.out" | tail -n 1)"
if [[ "$NODE_RC" -ne 0 ]]; then
  loud "node suite: FAILED (exit $NODE_RC)"; FAILED=1
elif [[ -z "$NODE_TESTS" || "$NODE_TESTS" -eq 0 ]]; then
  loud "node suite: ran NO tests - counted as a failure"; FAILED=1
else
  echo "node suite: PASSED"
fi

section "rust suite (plaid crate)"
"$RUST_SUITE" | tee "$WORK/rust.out"
RUST_RC=${PIPESTATUS[0]}
if [[ "$RUST_RC" -ne 0 ]]; then
  loud "rust suite: FAILED (exit $RUST_RC)"; FAILED=1
elif ! grep -q '^ok ' "$WORK/rust.out"; then
  loud "rust suite: ran NO checks - counted as a failure"; FAILED=1
else
  echo "rust suite: PASSED ($(grep -c '^ok ' "$WORK/rust.out") checks)"
fi

section "browser suite (Link in headless Chromium, playwright-core, node --test)"
if bash "$HERE/browser/install.sh"; then
  (cd "$HERE/browser" && node --test --test-concurrency=1 --test-reporter=spec) 2>&1 | tee "$WORK/browser.out"
  BROWSER_RC=${PIPESTATUS[0]}
  BROWSER_TESTS="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$WORK/browser.out" | tail -n 1)"
  if [[ "$BROWSER_RC" -ne 0 ]]; then
    loud "browser suite: FAILED (exit $BROWSER_RC)"; FAILED=1
  elif [[ -z "$BROWSER_TESTS" || "$BROWSER_TESTS" -eq 0 ]]; then
    loud "browser suite: passed NO tests - counted as a failure"; FAILED=1
  else
    echo "browser suite: PASSED (screenshots in $HERE/browser/artifacts)"
  fi
else
  loud "browser suite: could not install Chromium or the npm packages"; FAILED=1
fi

if ! kill -0 "$SERVER_PID" 2>/dev/null; then loud "the server died during the tests"; FAILED=1; fi
if [[ "$FAILED" -ne 0 ]]; then
  show_server_log
  section "RESULT: FAILED"
  exit 1
fi
section "RESULT: all SDK suites passed"
