-- wrk script: POST $BENCH_ROUTE with a token drawn at random from $BENCH_TOKENS (one per line), sent as the
-- body field $BENCH_FIELD. The same script drives Tartan and the baseline, so both see the same requests.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
math.randomseed(os.time())

local route = os.getenv("BENCH_ROUTE")
local field = os.getenv("BENCH_FIELD")
-- More body fields, already JSON with a leading comma (the user data of `/identity/match`), or nothing.
local extra = os.getenv("BENCH_EXTRA") or ""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["PLAID-CLIENT-ID"] = os.getenv("BENCH_CLIENT_ID")
wrk.headers["PLAID-SECRET"] = os.getenv("BENCH_SECRET")

request = function()
  local body = '{"' .. field .. '":"' .. tokens[math.random(#tokens)] .. '"' .. extra .. '}'
  return wrk.format(nil, route, nil, body)
end

done = function(summary, latency, requests)
  -- One machine-readable line: requests/s, p50 and p99 in microseconds, answers with status ≥ 400.
  io.write(string.format("BENCH %.1f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), summary.errors.status or 0))
end
