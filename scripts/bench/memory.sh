#!/usr/bin/env bash
# Where the memory is: VmRSS (anonymous / file) and smaps_rollup at start, after the warm-up, after a short wrk
# load on every data route (D seconds each, 64 connections), settled SETTLE seconds later, and after a scrape.
#
#   BIN=target/release bash scripts/bench/memory.sh                 # SQLite
#   BACKEND=postgres SMAPS=1 bash scripts/bench/memory.sh           # PostgreSQL; SMAPS=1 lists the big mappings
#
# BIN holds `tartan`, EX (default BIN/examples) `seed_items` and `fresh_schema` (cargo build --release -p tartan --bins --examples).
set -euo pipefail
cd "$(dirname "$0")/../.."
mem() {  # pid label
  echo "== $2: $(awk '/VmRSS|RssAnon|RssFile|Threads/ {printf "%s %s  ", $1, $2}' "/proc/$1/status")"
  grep -E '^(Rss|Anonymous|Private_Dirty|Shared_Clean|Private_Clean)' "/proc/$1/smaps_rollup" | tr -s ' ' | tr '\n' ' '; echo
}
BIN=${BIN:-target/release}; BIN=$(realpath "$BIN"); EX=${EX:-$BIN/examples}; PORT=${PORT:-18390}; ITEMS=${ITEMS:-300}; D=${D:-3}
export BENCH_CLIENT_ID=0123456789abcdef01234567 BENCH_SECRET=0123456789abcdef0123456789abcdef
W=$(mktemp -d)
case ${BACKEND:-sqlite} in
 sqlite) URL="sqlite:$W/b.db";;
 postgres) URL=$($EX/fresh_schema postgres://postgres@127.0.0.1:5432/test);;
esac
post() { curl -sf "http://127.0.0.1:$PORT$1" -H 'Content-Type: application/json' -H "PLAID-CLIENT-ID: $BENCH_CLIENT_ID" -H "PLAID-SECRET: $BENCH_SECRET" -d "$2"; }
TARTAN_SANDBOX_CLIENT_ID="$BENCH_CLIENT_ID" TARTAN_SANDBOX_SECRET="$BENCH_SECRET" RUST_LOG=warn ${ENVX:-} $BIN/tartan serve --listen 127.0.0.1:$PORT --database-url "$URL" ${ARGS:-} 2>$W/log & P=$!
trap 'kill $P 2>/dev/null; rm -rf $W' EXIT
s=$(date +%s%N); for i in $(seq 1000); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.005; done
echo "healthy $(( ($(date +%s%N)-s)/1000000 )) ms"
mem $P start
$EX/seed_items http://127.0.0.1:$PORT $BENCH_CLIENT_ID $BENCH_SECRET $ITEMS > $W/tokens
head -n 50 $W/tokens | while read -r t; do
  a=$(post /accounts/get "{\"access_token\":\"$t\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accounts"][0]["account_id"])')
  post /processor/token/create "{\"access_token\":\"$t\",\"account_id\":\"$a\",\"processor\":\"dwolla\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["processor_token"])'
done > $W/ptokens
while read -r t; do post /identity/get "{\"access_token\":\"$t\"}" >/dev/null; post /auth/get "{\"access_token\":\"$t\"}" >/dev/null; post /identity/match "{\"access_token\":\"$t\",\"user\":{\"legal_name\":\"x\"}}" >/dev/null; done < $W/tokens
mem $P after-warm
MATCH_USER='{"legal_name":"Ms. Alerta B. Charleson","phone_number":"+1-111-222-3333","email_address":"AccountHolder1+bank@example.com","address":{"street":"2493 Leisure Ln., Apt 4","city":"San Matias","region":"California","postal_code":"93405","country":"US"}}'
for spec in /identity/get:access_token /accounts/get:access_token /auth/get:access_token /accounts/balance/get:access_token /processor/identity/get:processor_token /processor/auth/get:processor_token /identity/match:access_token:user; do
  route="${spec%%:*}" rest="${spec#*:}"; field="${rest%%:*}"; tokens=$W/tokens; [[ $field == processor_token ]] && tokens=$W/ptokens
  BENCH_EXTRA=""; [[ $spec == *:user ]] && BENCH_EXTRA=",\"user\":$MATCH_USER"
  BENCH_EXTRA="$BENCH_EXTRA" BENCH_ROUTE=$route BENCH_FIELD=$field BENCH_TOKENS=$tokens wrk -t2 -c64 -d${D}s -s scripts/bench/request.lua http://127.0.0.1:$PORT | awk -v r=$route '/^BENCH/ {print r, $2, $3, $4, $5}'
done
mem $P after-load
sleep ${SETTLE:-6}; mem $P "settled ${SETTLE:-6}s"
if [[ -n "${SMAPS:-}" ]]; then awk '/^[0-9a-f]+-[0-9a-f]+ /{m=$0} /^Rss:/{ if ($2>300) print $2" kB  "m}' /proc/$P/smaps | sort -rn | head -20; fi
curl -s http://127.0.0.1:$PORT/metrics | grep -c . || true
mem $P after-metrics-scrape
for t in /proc/$P/task/*; do cat $t/comm; done | sort | uniq -c | tr '\n' ' '; echo
