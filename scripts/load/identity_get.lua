-- wrk script: POST /identity/get with access tokens drawn at random from $TARTAN_TOKENS (one per line).
local tokens = {}
for line in io.lines(os.getenv("TARTAN_TOKENS")) do tokens[#tokens + 1] = line end
math.randomseed(os.time())

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["PLAID-CLIENT-ID"] = os.getenv("TARTAN_CLIENT_ID")
wrk.headers["PLAID-SECRET"] = os.getenv("TARTAN_SECRET")

request = function()
  local body = '{"access_token":"' .. tokens[math.random(#tokens)] .. '"}'
  return wrk.format(nil, "/identity/get", nil, body)
end

-- wrk counts every answer with a status of 400 or more in summary.errors.status (here: the shed 429s).
done = function(summary)
  io.write(string.format("non-200 responses: %d\n", summary.errors.status or 0))
end
