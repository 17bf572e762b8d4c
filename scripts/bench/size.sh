#!/usr/bin/env bash
# Flat with size: /identity/get's p50 on a database of BIG Items (default 1,000,000) against one of 1,000, in
# one run (wrk, alternating rounds), plus start-to-healthy and idle RSS with the big database. SQLite.
#
#   bash scripts/bench/size.sh                     # seeds both databases (examples/seed_bulk.rs, ~5 min for 1M)
#   DIR=/tmp/size bash scripts/bench/size.sh       # keeps (and reuses) the databases in DIR
#
# Both databases hold Items of `user_good` at First Platypus Bank; the measured Items (the first 1,000 of each)
# have every account, the big database's other Items their first account only (a few GB on disk).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIG="${BIG:-1000000}" ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-5}" CONNECTIONS="${CONNECTIONS:-64}"
BIN="${BIN:-target/release}" DIR="${DIR:-$(mktemp -d)}" PORT=18290
export BENCH_CLIENT_ID=0123456789abcdef01234567 BENCH_SECRET=0123456789abcdef0123456789abcdef
command -v wrk >/dev/null || { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >&2
[[ "${BUILD:-0}" == 1 ]] && cargo build --release --locked -p tartan --examples --bins >&2
SERVER=""
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null' EXIT

serve() {  # database: starts tartan on it (SERVER), sets HEALTHY_MS to its start-to-healthy time
  local started; started=$(date +%s%N)
  TARTAN_SANDBOX_CLIENT_ID="$BENCH_CLIENT_ID" TARTAN_SANDBOX_SECRET="$BENCH_SECRET" RUST_LOG=warn \
    "$BIN"/tartan serve --listen "127.0.0.1:$PORT" --database-url "sqlite:$1" >/dev/null 2>>"$DIR/tartan.log" &
  SERVER=$!
  for _ in $(seq 3000); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && { HEALTHY_MS=$(( ($(date +%s%N) - started) / 1000000 )); return 0; }
    sleep 0.005
  done
  cat "$DIR/tartan.log" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
seed() {  # name items
  [[ -s "$DIR/$1.tokens" ]] && return 0
  serve "$DIR/$1.db"; stop   # creates the schema and the sandbox client
  "$BIN"/examples/seed_bulk "sqlite:$DIR/$1.db" "$BENCH_CLIENT_ID" "$2" 1000 > "$DIR/$1.tokens"
}
seed small 1000
seed big "$BIG"

run_wrk() {  # database
  serve "$DIR/$1.db"
  BENCH_ROUTE=/identity/get BENCH_FIELD=access_token BENCH_TOKENS="$DIR/$1.tokens" \
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s scripts/bench/request.lua "http://127.0.0.1:$PORT" \
    | awk '/^BENCH/ {print $2, $3, $4, $5}'
  stop
}
serve "$DIR/big.db"; sleep 1
echo "start to healthy with $BIG Items: $HEALTHY_MS ms; idle RSS $(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status") KiB"
stop
: > "$DIR/small.out"; : > "$DIR/big.out"
for _ in $(seq "$ROUNDS"); do
  run_wrk small >> "$DIR/small.out"
  run_wrk big >> "$DIR/big.out"
done
python3 - "$DIR/small.out" "$DIR/big.out" "$BIG" <<'PY'
import statistics, sys
small = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
big = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
p50 = lambda rows: statistics.median(r[1] for r in rows) / 1000
print(f"/identity/get p50: {p50(small):.2f} ms at 1,000 Items, {p50(big):.2f} ms at {int(sys.argv[3]):,} Items: "
      f"ratio {p50(big) / p50(small):.2f} (req/s {statistics.median(r[0] for r in small):.0f} vs "
      f"{statistics.median(r[0] for r in big):.0f}; non-2xx {int(sum(r[3] for r in small + big))})")
PY
