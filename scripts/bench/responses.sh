#!/usr/bin/env bash
# Byte-identity of the data endpoints' answers between two builds: both serve the same database, one after the
# other, and every answer (status and body, the request id blanked) must be the same.
#
#   OLD=/tmp/old/tartan bash scripts/bench/responses.sh                 # SQLite; NEW defaults to target/release
#   BACKEND=postgres OLD=/tmp/old/tartan bash scripts/bench/responses.sh
#
# Items at several sandbox institutions (Capital One's balance times, Canadian and British rails), a processor
# token per Item, then per Item: the four access-token routes whole and narrowed to one account, the processor
# routes, `/identity/match` and `/processor/identity/match` with several users, and the usual mistakes (unknown,
# malformed and foreign tokens, an unknown account id, Capital One without `min_last_updated_datetime`, a bad
# phone number, unknown and wrongly typed user fields, an over-long name). A first pass with OLD adds the
# products the calls add (a write), so the compared passes are reads of one state. Prints the number of answers
# compared; exits non-zero on a difference (the two files are kept in KEEP when set).
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKEND="${BACKEND:-sqlite}" NEW="${NEW:-target/release/tartan}" PORT="${PORT:-18290}"
: "${OLD:?OLD=the tartan binary to compare with}"
POSTGRES="${TARTAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export CLIENT_ID=0123456789abcdef01234567 SECRET=0123456789abcdef0123456789abcdef
WORK="$(mktemp -d)"; SERVER=""
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
case "$BACKEND" in
  sqlite) DATABASE_URL="sqlite:$WORK/responses.db" ;;
  postgres) DATABASE_URL="$(target/release/examples/fresh_schema "$POSTGRES")" ;;
  *) echo "BACKEND is sqlite or postgres" >&2; exit 1 ;;
esac

serve() {  # binary
  TARTAN_SANDBOX_CLIENT_ID="$CLIENT_ID" TARTAN_SANDBOX_SECRET="$SECRET" RUST_LOG=warn \
    "$1" serve --listen "127.0.0.1:$PORT" --database-url "$DATABASE_URL" 2>>"$WORK/tartan.log" &
  SERVER=$!
  for _ in $(seq 3000); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.01; done
  cat "$WORK/tartan.log" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
post() {  # route body → body, then the status on a line of its own
  curl -s "http://127.0.0.1:$PORT$1" -H 'Content-Type: application/json' \
    -H "PLAID-CLIENT-ID: $CLIENT_ID" -H "PLAID-SECRET: $SECRET" -d "$2" -w '\n%{http_code}\n'
}
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().rsplit('\n', 2)[0])$1)"; }

serve "$OLD"
for institution in ins_109508 ins_130016 ins_109509 ins_109511 ins_43 ins_116834 ins_117650 ins_128026 ins_3; do
  public=$(post /sandbox/public_token/create \
    "{\"institution_id\":\"$institution\",\"initial_products\":[\"transactions\"]}" | field '["public_token"]')
  access=$(post /item/public_token/exchange "{\"public_token\":\"$public\"}" | field '["access_token"]')
  account=$(post /accounts/get "{\"access_token\":\"$access\"}" | field '["accounts"][0]["account_id"]')
  processor=$(post /processor/token/create \
    "{\"access_token\":\"$access\",\"account_id\":\"$account\",\"processor\":\"dwolla\"}" | field '["processor_token"]')
  echo "$access $account $processor"
done > "$WORK/items"

requests() {  # every request, one answer each
  while read -r access account processor; do
    for route in /identity/get /accounts/get /auth/get /accounts/balance/get; do
      post "$route" "{\"access_token\":\"$access\"}"
      post "$route" "{\"access_token\":\"$access\",\"options\":{\"account_ids\":[\"$account\"]}}"
      post "$route" "{\"access_token\":\"$access\",\"options\":{\"account_ids\":[\"$account\",\"nope\"]}}"
    done
    post /accounts/balance/get \
      "{\"access_token\":\"$access\",\"options\":{\"min_last_updated_datetime\":\"2000-01-01T00:00:00Z\"}}"
    for route in /processor/identity/get /processor/auth/get; do
      post "$route" "{\"processor_token\":\"$processor\"}"
    done
    for user in "$MATCH_USER" "$PARTIAL_USER" '{}'; do
      post /identity/match "{\"access_token\":\"$access\",\"user\":$user}"
      post /processor/identity/match "{\"processor_token\":\"$processor\",\"user\":$user}"
    done
    post /identity/match \
      "{\"access_token\":\"$access\",\"user\":$MATCH_USER,\"options\":{\"account_ids\":[\"$account\"]}}"
    post /identity/match "{\"access_token\":\"$access\"}"
  done < "$WORK/items"
  for route in /identity/match /processor/identity/match; do
    field=access_token; [[ "$route" == /processor/* ]] && field=processor_token
    token="$(head -n1 "$WORK/items" | cut -d' ' -f1)"; [[ "$field" == processor_token ]] && token="$(head -n1 "$WORK/items" | cut -d' ' -f3)"
    post "$route" "{\"$field\":\"$token\",\"user\":{\"phone_number\":\"12\"}}"
    post "$route" "{\"$field\":\"$token\",\"user\":{\"legal_name\":7}}"
    post "$route" "{\"$field\":\"$token\",\"user\":{\"nick\":\"x\",\"address\":{\"zip\":1}}}"
    post "$route" "{\"$field\":\"$token\",\"user\":{\"legal_name\":\"$(printf 'a%.0s' $(seq 1100))\"}}"
  done
  for route in /identity/get /accounts/get /auth/get /accounts/balance/get; do
    post "$route" '{"access_token":"access-sandbox-00000000-0000-4000-8000-000000000000"}'
    post "$route" '{"access_token":"x"}'
    post "$route" '{"access_token":7}'
    post "$route" '{}'
  done
  for route in /processor/identity/get /processor/auth/get; do
    post "$route" '{"processor_token":"processor-sandbox-00000000-0000-4000-8000-000000000000"}'
    post "$route" '{"processor_token":"x"}'
    post "$route" '{"processor_token":"p","extra":1}'
  done
  # Wrong secret: the client is refused before its token is looked at.
  curl -s "http://127.0.0.1:$PORT/identity/get" -H 'Content-Type: application/json' \
    -H "PLAID-CLIENT-ID: $CLIENT_ID" -H "PLAID-SECRET: wrong" \
    -d "{\"access_token\":\"$(head -n1 "$WORK/items" | cut -d' ' -f1)\"}" -w '\n%{http_code}\n'
}
# /identity/match users: every field (the instruction bench's user), a few fields in other spellings.
MATCH_USER='{"legal_name":"Ms. Alerta B. Charleson","phone_number":"+1-111-222-3333","email_address":"AccountHolder1+bank@example.com","address":{"street":"2493 Leisure Ln., Apt 4","city":"San Matias","region":"California","postal_code":"93405","country":"US"}}'
PARTIAL_USER='{"legal_name":"Charleson, Alberta","email_address":"accountholder0@example.com","address":{"street":"2992 Cameron Road","postal_code":"14236-1234"}}'
blank_ids() { sed -E 's/"request_id":"[^"]*"/"request_id":""/g'; }

requests > /dev/null           # adds the products the calls add
requests | blank_ids > "$WORK/old"
stop
serve "$NEW"
requests | blank_ids > "$WORK/new"
stop
if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$WORK/old" "$WORK/new" "$KEEP/"; fi
echo "answers compared: $(grep -cE '^[0-9]{3}$' "$WORK/old") (old) / $(grep -cE '^[0-9]{3}$' "$WORK/new") (new)"
echo "statuses: $(grep -E '^[0-9]{3}$' "$WORK/old" | sort | uniq -c | tr '\n' ' ')"
cmp "$WORK/old" "$WORK/new" && echo "identical ($BACKEND)"
