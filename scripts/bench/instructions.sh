#!/usr/bin/env bash
# Instructions per request, Tartan against the bare-axum baseline, counted by callgrind: a figure that does not
# move with the machine's load (wall-clock req/s on a shared 2-core machine does).
#
#   bash scripts/bench/instructions.sh                  # SQLite, every data route
#   ROUTES="/identity/get:access_token" N=500 bash scripts/bench/instructions.sh
#   OLD=/tmp/old/tartan bash scripts/bench/instructions.sh   # also that binary, on the same seeded database
#
# Seeds ITEMS Items with a normal `tartan serve`, captures each route's response, then per route runs Tartan and
# the baseline under `valgrind --tool=callgrind`, sends WARM requests, switches counting on, sends N requests over
# one keep-alive connection (scripts/bench/drive.py) and prints instructions per request of each server (every
# thread of the process) and their ratio. Needs the release build (BUILD=1 builds it) and valgrind.
set -euo pipefail
# `count` runs in a command substitution, where bash drops `set -e` unless told: without this a failed drive.py
# (a server that refused the connection) went on and printed the sum of whatever dump was left as a figure.
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."
ITEMS="${ITEMS:-100}" N="${N:-300}" WARM="${WARM:-30}" ROUTES="${ROUTES:-all}"
export BENCH_CLIENT_ID=0123456789abcdef01234567 BENCH_SECRET=0123456789abcdef0123456789abcdef
PORT="${PORT:-18190}" BIN="${BIN:-target/release}"
if ! command -v valgrind >/dev/null; then
  { apt-get install -y valgrind || { apt-get update && apt-get install -y valgrind; }; } >&2 \
    || { echo "valgrind not found and could not be installed: apt-get install -y valgrind" >&2; exit 1; }
fi
[[ "${BUILD:-0}" == 1 ]] && cargo build --release --locked -p tartan -p tartan-baseline --examples --bins >&2
WORK="$(mktemp -d)"; SERVER=""
trap '[[ -n "$SERVER" ]] && { kill "$SERVER" 2>/dev/null || true; }; rm -rf "$WORK"' EXIT
DATABASE_URL="sqlite:$WORK/bench.db"

wait_healthy() { for _ in $(seq 3000); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.01; done; return 1; }
post() {
  curl -sf "http://127.0.0.1:$PORT$1" -H 'Content-Type: application/json' \
    -H "PLAID-CLIENT-ID: $BENCH_CLIENT_ID" -H "PLAID-SECRET: $BENCH_SECRET" -d "$2"
}
serve() {  # [wrapper…]: starts tartan on the bench database
  TARTAN_SANDBOX_CLIENT_ID="$BENCH_CLIENT_ID" TARTAN_SANDBOX_SECRET="$BENCH_SECRET" RUST_LOG=warn \
    "$@" "${TARTAN:-$BIN/tartan}" serve --listen "127.0.0.1:$PORT" --database-url "$DATABASE_URL" \
    2>>"$WORK/tartan.log" &
  SERVER=$!
  wait_healthy || { cat "$WORK/tartan.log" >&2; exit 1; }
}
# `count` runs `stop` in a command substitution, a subshell that cannot `wait` for the server: without the loop
# the next server could start while a valgrind'd one was still writing its dump on the port, fail to bind, and
# the dying one answered the health check.
stop() {
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  while kill -0 "$SERVER" 2>/dev/null; do sleep 0.05; done
  SERVER=""
}

serve
"$BIN"/examples/seed_items "http://127.0.0.1:$PORT" "$BENCH_CLIENT_ID" "$BENCH_SECRET" "$ITEMS" > "$WORK/access_tokens"
python3 scripts/bench/prepare.py "http://127.0.0.1:$PORT" "$WORK/access_tokens" > "$WORK/processor_tokens"

ALL_ROUTES="/identity/get:access_token /accounts/get:access_token /auth/get:access_token
/accounts/balance/get:access_token /processor/identity/get:processor_token /processor/auth/get:processor_token
/identity/match:access_token:user"
[[ "$ROUTES" == all ]] && ROUTES="$ALL_ROUTES"
# A ":user" route also sends the user data of `crates/tartan-match/benches/match.rs` (every field scored).
MATCH_USER='{"legal_name":"Ms. Alerta B. Charleson","phone_number":"+1-111-222-3333","email_address":"AccountHolder1+bank@example.com","address":{"street":"2493 Leisure Ln., Apt 4","city":"San Matias","region":"California","postal_code":"93405","country":"US"}}'
extra_of() { [[ "$1" == *:user ]] && printf ',"user":%s' "$MATCH_USER"; return 0; }
for spec in $ROUTES; do
  route="${spec%%:*}" rest="${spec#*:}"; field="${rest%%:*}"; export BENCH_EXTRA; BENCH_EXTRA="$(extra_of "$spec")"
  tokens="$WORK/access_tokens"; [[ "$field" == processor_token ]] && tokens="$WORK/processor_tokens"
  post "$route" "{\"$field\":\"$(head -n1 "$tokens")\"$BENCH_EXTRA}" > "$WORK/${route//\//_}.json"
done
stop

count() {  # route field tokens out: instructions per request of the server running as $SERVER
  python3 scripts/bench/drive.py "$PORT" "$1" "$2" "$3" "$WARM"
  callgrind_control -i on "$SERVER" >/dev/null
  python3 scripts/bench/drive.py "$PORT" "$1" "$2" "$3" "$N"
  callgrind_control -d "$SERVER" >/dev/null
  stop
  # The dump taken after the N requests holds what was counted since counting was switched on.
  cat "$4".*.1 | awk '/^summary:/ {s += $2} END {print s}'
}

# With OLD, each route is counted on both binaries against the same Items: the seeded data (B-tree layout,
# the Item's accounts) moves a count by a few per cent between seedings, as much as a change being measured.
if [[ -n "${OLD:-}" ]]; then
  echo "| route | OLD instr/req | Tartan instr/req | baseline instr/req | ratio OLD | ratio Tartan |"
  echo "|---|---|---|---|---|---|"
else
  echo "| route | Tartan instr/req | baseline instr/req | ratio baseline/Tartan |"
  echo "|---|---|---|---|"
fi
for spec in $ROUTES; do
  route="${spec%%:*}" rest="${spec#*:}"; field="${rest%%:*}"; export BENCH_EXTRA; BENCH_EXTRA="$(extra_of "$spec")"
  tokens="$WORK/access_tokens"; [[ "$field" == processor_token ]] && tokens="$WORK/processor_tokens"
  name="${route//\//_}"
  serve valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/t$name.%p" -q
  tartan=$(count "$route" "$field" "$tokens" "$WORK/t$name")
  [[ -n "${KEEP:-}" ]] && cp "$WORK"/t"$name".* "$KEEP"/ 2>/dev/null
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/b$name.%p" -q \
    "$BIN"/tartan-baseline "127.0.0.1:$PORT" "$route=$WORK/$name.json" >/dev/null 2>&1 &
  SERVER=$!; wait_healthy_baseline() { for _ in $(seq 3000); do
      curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0; sleep 0.01; done; return 1; }
  wait_healthy_baseline
  baseline=$(count "$route" "$field" "$tokens" "$WORK/b$name")
  if [[ -n "${OLD:-}" ]]; then
    TARTAN="$OLD" serve valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/o$name.%p" -q
    old=$(count "$route" "$field" "$tokens" "$WORK/o$name")
    [[ -n "${KEEP:-}" ]] && cp "$WORK"/o"$name".* "$KEEP"/ 2>/dev/null
    python3 -c "import sys; o, t, b, n = (int(x) for x in sys.argv[1:5]); print(f'| $route | {o // n:,} | {t // n:,} | {b // n:,} | {b / o:.1%} | {b / t:.1%} |')" "$old" "$tartan" "$baseline" "$N"
  else
    python3 -c "import sys; t, b, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]); print(f'| $route | {t // n:,} | {b // n:,} | {b / t:.1%} |')" "$tartan" "$baseline" "$N"
  fi
done
