#!/usr/bin/env bash
# CPU time per request of two builds side by side on PostgreSQL: Tartan and the backends serving it.
#
#   OLD=/tmp/old/tartan bash scripts/bench/cpu_ab.sh          # NEW defaults to target/release/tartan
#   OLD=target/release/tartan OLD_POOL=10 NEW_POOL=4 bash scripts/bench/cpu_ab.sh   # one build, two pool sizes
#   OLD=target/release/tartan NEW_POSTGRES='postgres://postgres@%2Fvar%2Frun%2Fpostgresql/test' \
#     bash scripts/bench/cpu_ab.sh                             # one build, TCP against the Unix socket
#
# Both servers run at once, each on a fresh schema with ITEMS Items (seeded and warmed as scripts/bench.sh does);
# per route, wrk runs against OLD, then NEW, ROUNDS times, each run measured by scripts/bench/cpu_split.py. The
# other load on the machine changes from minute to minute and inflates CPU time per request too (a shared core
# runs slower); alternating the two builds run by run keeps it alike for both. Prints per route the median µs per
# request of Tartan and of its PostgreSQL backends, and req/s, of each build.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OLD:?OLD=the tartan binary to compare with}"
NEW="${NEW:-target/release/tartan}" ITEMS="${ITEMS:-100}" ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-4}"
CONNECTIONS="${CONNECTIONS:-64}" ROUTES="${ROUTES:-all}" PORT="${PORT:-18490}"
POSTGRES="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export BENCH_CLIENT_ID=0123456789abcdef01234567 BENCH_SECRET=0123456789abcdef0123456789abcdef
WORK="$(mktemp -d)"; PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

start() {  # name binary port pool server
  local url; url="$(target/release/examples/fresh_schema "$5")"
  TARTAN_SANDBOX_CLIENT_ID="$BENCH_CLIENT_ID" TARTAN_SANDBOX_SECRET="$BENCH_SECRET" RUST_LOG=warn \
    "$2" serve --listen "127.0.0.1:$3" --database-url "$url" --database-max-connections "$4" \
    2>"$WORK/$1.log" &
  PIDS+=("$!"); echo "$!" > "$WORK/$1.pid"
  for _ in $(seq 500); do curl -sf "http://127.0.0.1:$3/health" >/dev/null && break; sleep 0.01; done
  target/release/examples/seed_items "http://127.0.0.1:$3" "$BENCH_CLIENT_ID" "$BENCH_SECRET" "$ITEMS" \
    > "$WORK/$1.access_tokens"
  python3 scripts/bench/prepare.py "http://127.0.0.1:$3" "$WORK/$1.access_tokens" > "$WORK/$1.processor_tokens"
}
start old "$OLD" "$PORT" "${OLD_POOL:-${POOL:-10}}" "${OLD_POSTGRES:-$POSTGRES}"
start new "$NEW" "$((PORT + 1))" "${NEW_POOL:-${POOL:-10}}" "${NEW_POSTGRES:-$POSTGRES}"

ALL_ROUTES="/identity/get:access_token /accounts/get:access_token /auth/get:access_token
/accounts/balance/get:access_token /processor/identity/get:processor_token /processor/auth/get:processor_token"
[[ "$ROUTES" == all ]] && ROUTES="$ALL_ROUTES"
for spec in $ROUTES; do
  route="${spec%%:*}" field="${spec#*:}"
  for _ in $(seq "$ROUNDS"); do
    for build in old new; do
      port=$PORT; [[ $build == new ]] && port=$((PORT + 1))
      tokens="$WORK/$build.access_tokens"; [[ "$field" == processor_token ]] && tokens="$WORK/$build.processor_tokens"
      BENCH_ROUTE="$route" BENCH_FIELD="$field" BENCH_TOKENS="$tokens" \
        python3 scripts/bench/cpu_split.py --pid "$(cat "$WORK/$build.pid")" --postgres --label "$build $route" -- \
        wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s scripts/bench/request.lua "http://127.0.0.1:$port" \
        2>>"$WORK/split" | awk -v b="$build $route" '/^BENCH/ {print b, $2, $5}' >> "$WORK/rps"
    done
  done
done
python3 - "$WORK/split" "$WORK/rps" <<'PY'
import re, statistics, sys
cpu = {}
for line in open(sys.argv[1]):
    m = re.match(r"CPU (\w+) (\S+) requests \d+  tartan ([\d.]+) µs.*postgres ([\d.]+) µs", line)
    if m:
        cpu.setdefault((m[1], m[2]), []).append((float(m[3]), float(m[4])))
rps = {}
for line in open(sys.argv[2]):
    build, route, rate, errors = line.split()
    rps.setdefault((build, route), []).append(float(rate))
print("| route | Tartan µs/req old → new | PostgreSQL µs/req old → new | req/s old → new |")
print("|---|---|---|---|")
for route in dict.fromkeys(r for _, r in cpu):
    med = lambda b, i: statistics.median(x[i] for x in cpu[(b, route)])
    print(f"| {route} | {med('old', 0):.0f} → {med('new', 0):.0f} | {med('old', 1):.0f} → {med('new', 1):.0f} "
          f"| {statistics.median(rps[('old', route)]):.0f} → {statistics.median(rps[('new', route)]):.0f} |")
PY
