#!/usr/bin/env bash
# Tartan's data endpoints against a bare-axum baseline serving the same bytes, measured in one run.
#
#   bash scripts/bench.sh                       # SQLite, 1,000 Items
#   BACKEND=postgres bash scripts/bench.sh      # PostgreSQL at TARTAN_TEST_POSTGRES_URL (a fresh schema)
#   BACKEND=both bash scripts/bench.sh          # SQLite, then PostgreSQL, then issue #14's targets judged
#                                               # (scripts/bench/targets.py)
#
# For each route it captures Tartan's response, starts `tartan-baseline` answering those bytes, then runs wrk
# (64 connections, 2 threads) against Tartan and the baseline alternately, ROUNDS rounds of DURATION each, and
# prints per route: req/s of each, the ratio (Tartan / baseline, the figure that counts on a noisy machine),
# p50 and p99 of Tartan. Also: start-to-healthy time and RSS (at start, and idle after the load once settled).
# Loopback only; bounded by ROUNDS × DURATION × routes × 2.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND="${BACKEND:-sqlite}" ITEMS="${ITEMS:-1000}" ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-64}" ROUTES="${ROUTES:-all}"
POSTGRES="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export BENCH_CLIENT_ID=0123456789abcdef01234567 BENCH_SECRET=0123456789abcdef0123456789abcdef
TARTAN_PORT="${TARTAN_PORT:-18090}" BASELINE_PORT="${BASELINE_PORT:-18091}"  # override when another bench runs
# wrk from Debian (bookworm: 4.1.0-3), installed when missing.
if ! command -v wrk >/dev/null; then
  { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >&2 \
    || { echo "wrk not found and could not be installed: apt-get install -y wrk" >&2; exit 1; }
fi

[[ "${BUILD:-1}" == 1 ]] && cargo build --release --locked -p tartan -p tartan-baseline --examples --bins >&2
if [[ "$BACKEND" == both ]]; then
  BOTH="$(mktemp -d)"
  for backend in sqlite postgres; do
    BACKEND=$backend BUILD=0 bash "$0" 2>&1 | tee "$BOTH/$backend.txt"
  done
  python3 scripts/bench/targets.py "$BOTH"/sqlite.txt "$BOTH"/postgres.txt
  rm -rf "$BOTH"; exit 0
fi
WORK="$(mktemp -d)"; PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

case "$BACKEND" in
  sqlite) DATABASE_URL="sqlite:$WORK/bench.db" ;;
  postgres) DATABASE_URL="$(target/release/examples/fresh_schema "$POSTGRES")" ;;
  *) echo "BACKEND is sqlite, postgres or both" >&2; exit 1 ;;
esac

# RSS as /proc/PID/status gives it: VmRSS (KiB), and its split into anonymous memory (the process's own heap,
# stacks, SQLite's caches) and file pages (the binary's code, mapped from the page cache, shared and reclaimable).
rss_kib() { awk '/VmRSS|RssAnon|RssFile/ {printf "%s %s KiB  ", $1, $2}' "/proc/$1/status"; }
wait_healthy() { for _ in $(seq 500); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.01; done; return 1; }
post() {  # route body
  curl -sf "http://127.0.0.1:$TARTAN_PORT$1" -H 'Content-Type: application/json' \
    -H "PLAID-CLIENT-ID: $BENCH_CLIENT_ID" -H "PLAID-SECRET: $BENCH_SECRET" -d "$2"
}

start_tartan() {
  local started; started=$(date +%s%N)
  TARTAN_SANDBOX_CLIENT_ID="$BENCH_CLIENT_ID" TARTAN_SANDBOX_SECRET="$BENCH_SECRET" RUST_LOG=warn \
    target/release/tartan serve --listen "127.0.0.1:$TARTAN_PORT" --database-url "$DATABASE_URL" \
    --database-max-connections "${POOL:-10}" 2>"$WORK/tartan.log" &
  TARTAN=$!; PIDS+=("$TARTAN")
  wait_healthy "$TARTAN_PORT" || { cat "$WORK/tartan.log" >&2; exit 1; }
  echo "start to healthy: $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
}

start_tartan
echo "RSS at start (idle, right after healthy): $(rss_kib "$TARTAN")" >&2
target/release/examples/seed_items "http://127.0.0.1:$TARTAN_PORT" "$BENCH_CLIENT_ID" "$BENCH_SECRET" "$ITEMS" \
  > "$WORK/access_tokens"
# Processor tokens for the processor routes, and every Item warmed up so the measured calls are reads.
python3 scripts/bench/prepare.py "http://127.0.0.1:$TARTAN_PORT" "$WORK/access_tokens" > "$WORK/processor_tokens"

ALL_ROUTES="/identity/get:access_token /accounts/get:access_token /auth/get:access_token
/accounts/balance/get:access_token /processor/identity/get:processor_token /processor/auth/get:processor_token
/identity/match:access_token:user"
[[ "$ROUTES" == all ]] && ROUTES="$ALL_ROUTES"
# A ":user" route also sends the user data of `crates/tartan-match/benches/match.rs` (every field scored).
MATCH_USER='{"legal_name":"Ms. Alerta B. Charleson","phone_number":"+1-111-222-3333","email_address":"AccountHolder1+bank@example.com","address":{"street":"2493 Leisure Ln., Apt 4","city":"San Matias","region":"California","postal_code":"93405","country":"US"}}'
extra_of() { [[ "$1" == *:user ]] && printf ',"user":%s' "$MATCH_USER"; return 0; }

baseline_args=()
for spec in $ROUTES; do
  route="${spec%%:*}" rest="${spec#*:}"; field="${rest%%:*}"; export BENCH_EXTRA; BENCH_EXTRA="$(extra_of "$spec")"
  tokens="$WORK/access_tokens"; [[ "$field" == processor_token ]] && tokens="$WORK/processor_tokens"
  post "$route" "{\"$field\":\"$(head -n1 "$tokens")\"$BENCH_EXTRA}" > "$WORK/${route//\//_}.json"
  baseline_args+=("$route=$WORK/${route//\//_}.json")
done
target/release/tartan-baseline "127.0.0.1:$BASELINE_PORT" "${baseline_args[@]}" >/dev/null &
BASELINE=$!; PIDS+=("$BASELINE")
sleep 0.3

# SPLIT=1: each run against Tartan also prints (to stderr) the CPU time per request of Tartan, of the PostgreSQL
# backends serving it and of wrk (scripts/bench/cpu_split.py).
run_wrk() {  # port route field tokens
  local split=()
  if [[ "${SPLIT:-0}" == 1 && "$1" == "$TARTAN_PORT" ]]; then
    split=(python3 scripts/bench/cpu_split.py --pid "$TARTAN" --label "$2" --)
    [[ "$BACKEND" == postgres ]] && split=(python3 scripts/bench/cpu_split.py --pid "$TARTAN" --label "$2" --postgres --)
  fi
  BENCH_ROUTE="$2" BENCH_FIELD="$3" BENCH_TOKENS="$4" \
    "${split[@]}" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s scripts/bench/request.lua "http://127.0.0.1:$1" \
    | awk '/^BENCH/ {print $2, $3, $4, $5}'
}

echo "| route | bytes | Tartan req/s | baseline req/s | ratio | Tartan p50 | Tartan p99 | non-2xx |"
echo "|---|---|---|---|---|---|---|---|"
for spec in $ROUTES; do
  route="${spec%%:*}" rest="${spec#*:}"; field="${rest%%:*}"; export BENCH_EXTRA; BENCH_EXTRA="$(extra_of "$spec")"
  tokens="$WORK/access_tokens"; [[ "$field" == processor_token ]] && tokens="$WORK/processor_tokens"
  bytes=$(wc -c < "$WORK/${route//\//_}.json")
  : > "$WORK/t" ; : > "$WORK/b"
  for _ in $(seq "$ROUNDS"); do
    run_wrk "$TARTAN_PORT" "$route" "$field" "$tokens" >> "$WORK/t"
    run_wrk "$BASELINE_PORT" "$route" "$field" "$tokens" >> "$WORK/b"
  done
  python3 - "$route" "$bytes" "$WORK/t" "$WORK/b" <<'PY'
import statistics, sys
route, size, tartan, baseline = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
t = [list(map(float, l.split())) for l in open(tartan) if l.strip()]
b = [list(map(float, l.split())) for l in open(baseline) if l.strip()]
ratios = [x[0] / y[0] for x, y in zip(t, b)]
print(f"| {route} | {size} | {statistics.median(x[0] for x in t):.0f} | {statistics.median(y[0] for y in b):.0f} "
      f"| {statistics.median(ratios):.1%} | {statistics.median(x[1] for x in t)/1000:.2f} ms "
      f"| {statistics.median(x[2] for x in t)/1000:.2f} ms | {int(sum(x[3] for x in t))} |")
PY
done
# Idle RSS after the load, settled: SETTLE seconds (default 6) after the last request, so the histogram
# upkeep (every 5 s) has run and the allocator has had time to return what it frees after a delay.
sleep "${SETTLE:-6}"
echo "idle RSS after the load, settled ${SETTLE:-6} s: $(rss_kib "$TARTAN")" >&2
# The read model's counts over the whole run (warm-up included); nothing with TARTAN_READ_MODEL=off.
curl -s "http://127.0.0.1:$TARTAN_PORT/metrics" | grep '^tartan_read_model' >&2 || true
