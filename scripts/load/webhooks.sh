#!/usr/bin/env bash
# Webhook delivery under load, on loopback, on SQLite and PostgreSQL: `webhook_load` fires NEW_ACCOUNTS_AVAILABLE
# on ITEMS Items from FIRERS tasks for SECONDS (default 10 s, 40 Items, 8 tasks) and measures each webhook's
# arrival after its ack; the second run adds 4 Items whose receiver holds every request 8 s (one fired every
# 250 ms). Bounded: SECONDS of firing plus at most 60 s of waiting per run. Prints a Markdown table.
# Needs PostgreSQL at TARTAN_TEST_POSTGRES_URL for the PostgreSQL rows (BACKENDS="sqlite" skips it).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_OF_LOAD="${SECONDS:-10}" ITEMS="${ITEMS:-40}" FIRERS="${FIRERS:-8}" BACKENDS="${BACKENDS:-sqlite postgres}"
POSTGRES="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
ID=0123456789abcdef01234567 SECRET=0123456789abcdef0123456789abcdef

cargo build --release --locked -p tartan --examples --bins >&2
WORK="$(mktemp -d)"; SERVER=""
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

database() {  # backend name
  case "$1" in
    sqlite) echo "sqlite:$WORK/$2.db" ;;
    postgres) target/release/examples/fresh_schema "$POSTGRES" ;;
  esac
}

run() {  # backend slow-items port
  local backend="$1" slow="$2" port="$3"
  TARTAN_SANDBOX_CLIENT_ID="$ID" TARTAN_SANDBOX_SECRET="$SECRET" RUST_LOG=warn \
    target/release/tartan serve --listen "127.0.0.1:$port" --database-url "$(database "$backend" "$port")" \
    2>"$WORK/$port.log" &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  local report
  report=$(target/release/examples/webhook_load "http://127.0.0.1:$port" "$ID" "$SECRET" \
    --seconds "$SECONDS_OF_LOAD" --items "$ITEMS" --firers "$FIRERS" --slow-items "$slow")
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])
print("| {} | {slow_items} | {acked} | {acks_per_s:.0f} | {arrived} | {missing} | {p50:.0f} | {p99:.0f} | {max:.0f} "
      "| {slow_acked} / {slow_arrived} |".format(sys.argv[2], **r, **r["latency_ms"]))
' "$report" "$backend"
}

echo "| backend | slow Items | healthy acked | acks/s | arrived | missing | p50 ms | p99 ms | max ms | slow acked / arrived |"
echo "|---|---|---|---|---|---|---|---|---|---|"
port=18090
for backend in $BACKENDS; do
  run "$backend" 0 $port; port=$((port + 1))
  run "$backend" 4 $port; port=$((port + 1))
done
