#!/usr/bin/env bash
# Overload: /identity/get at a sustainable load (C1 connections, default 16), at 10× that (C10, default 160),
# beyond what the server admits (COVER, default 1000: more than --max-in-flight 64 + --max-queued 256), and at the
# sustainable load again right after (recovery), on SQLite and PostgreSQL, on loopback. Bounded: four wrk runs of
# DURATION (default 8s) per backend. Reports requests/s, latency, non-200 answers (the shed ones are Plaid's 429
# RATE_LIMIT), wrk's timeouts (2 s) and the server's peak memory (VmHWM). Installs wrk (Debian) when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ITEMS="${ITEMS:-200}" DURATION="${DURATION:-8s}" C1="${C1:-16}" C10="${C10:-160}" COVER="${COVER:-1000}" BACKENDS="${BACKENDS:-sqlite postgres}"
POSTGRES="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export TARTAN_CLIENT_ID=0123456789abcdef01234567 TARTAN_SECRET=0123456789abcdef0123456789abcdef
command -v wrk >/dev/null || apt-get install -y wrk >&2 || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 4096

cargo build --release --locked -p tartan --examples --bins >&2
WORK="$(mktemp -d)"; SERVER=""
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

measure() {  # backend phase connections port
  local out="$WORK/$1-$2.wrk"
  wrk -t2 -c"$3" -d"$DURATION" --timeout 2s --latency -s scripts/load/identity_get.lua "http://127.0.0.1:$4" > "$out"
  local rps p50 p99 errors timeouts hwm
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errors=$(awk '/non-200 responses/ {print $3}' "$out"); errors="${errors:-0}"
  timeouts=$(awk '/Socket errors/ {print $NF}' "$out"); timeouts="${timeouts:-0}"
  hwm=$(awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$SERVER/status")
  echo "| $1 | $2 | $3 | $rps | $p50 | $p99 | $errors | $timeouts | $hwm |"
}

echo "| backend | phase | connections | requests/s | p50 | p99 | non-200 (429) | timeouts | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
port=18110
for backend in $BACKENDS; do
  case "$backend" in
    sqlite) url="sqlite:$WORK/load.db" ;;
    postgres) url="$(target/release/examples/fresh_schema "$POSTGRES")" ;;
  esac
  TARTAN_SANDBOX_CLIENT_ID="$TARTAN_CLIENT_ID" TARTAN_SANDBOX_SECRET="$TARTAN_SECRET" RUST_LOG=error \
    target/release/tartan serve --listen "127.0.0.1:$port" --database-url "$url" 2>"$WORK/$backend.log" &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  target/release/examples/seed_items "http://127.0.0.1:$port" "$TARTAN_CLIENT_ID" "$TARTAN_SECRET" "$ITEMS" > "$WORK/tokens"
  export TARTAN_TOKENS="$WORK/tokens"
  measure "$backend" sustainable "$C1" "$port"
  measure "$backend" "10x" "$C10" "$port"
  measure "$backend" beyond "$COVER" "$port"
  measure "$backend" recovery "$C1" "$port"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  port=$((port + 1))
done
