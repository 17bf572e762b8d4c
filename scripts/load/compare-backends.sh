#!/usr/bin/env bash
# Load comparison of /identity/get on SQLite vs PostgreSQL with N Items stored (default 10000), on loopback.
# Bounded: each wrk run lasts DURATION (default 30s) with CONNECTIONS (default 32) connections on 2 threads.
# Needs wrk (Debian package `wrk`) and PostgreSQL at TARTAN_TEST_POSTGRES_URL. Prints a Markdown table row per backend.
set -euo pipefail
cd "$(dirname "$0")/../.."
ITEMS="${ITEMS:-10000}" DURATION="${DURATION:-30s}" CONNECTIONS="${CONNECTIONS:-32}"
POSTGRES="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export TARTAN_CLIENT_ID=0123456789abcdef01234567 TARTAN_SECRET=0123456789abcdef0123456789abcdef
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }

cargo build --release --locked -p tartan --examples --bins >&2
WORK="$(mktemp -d)"; SERVER=""
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

run_backend() {  # name database-url port
  local name="$1" url="$2" port="$3"
  TARTAN_SANDBOX_CLIENT_ID="$TARTAN_CLIENT_ID" TARTAN_SANDBOX_SECRET="$TARTAN_SECRET" RUST_LOG=warn \
    target/release/tartan serve --listen "127.0.0.1:$port" --database-url "$url" 2>"$WORK/$name.log" &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  target/release/examples/seed_items "http://127.0.0.1:$port" "$TARTAN_CLIENT_ID" "$TARTAN_SECRET" "$ITEMS" > "$WORK/tokens"
  export TARTAN_TOKENS="$WORK/tokens"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/load/identity_get.lua "http://127.0.0.1:$port" > "$WORK/$name.wrk"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.wrk")
  errors=$(awk '/non-200 responses/ {print $3}' "$WORK/$name.wrk")
  echo "| $name | $ITEMS | $CONNECTIONS | $rps | $p50 | $p99 | $errors |"
}

echo "| backend | items | connections | requests/s | p50 | p99 | non-200 |"
echo "|---|---|---|---|---|---|---|"
run_backend sqlite "sqlite:$WORK/load.db" 18080
run_backend postgres "$(target/release/examples/fresh_schema "$POSTGRES")" 18081
