"""Sends N POSTs of one route over one keep-alive connection, a token per request taken in turn from a file.

python3 drive.py PORT ROUTE FIELD TOKENS_FILE N   (client id and secret from BENCH_CLIENT_ID / BENCH_SECRET)
Exits non-zero unless every answer is 200. A fixed, sequential client: what callgrind counts per request is then
the server's work for one request, the same for Tartan and the baseline.
"""
import http.client
import os
import sys

port, route, field, tokens_file, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
tokens = [line.strip() for line in open(tokens_file) if line.strip()]
headers = {
    "Content-Type": "application/json",
    "PLAID-CLIENT-ID": os.environ["BENCH_CLIENT_ID"],
    "PLAID-SECRET": os.environ["BENCH_SECRET"],
}
connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
for index in range(count):
    # BENCH_EXTRA: more body fields as JSON with a leading comma (the user data of /identity/match), or none.
    body = '{"%s":"%s"%s}' % (field, tokens[index % len(tokens)], os.environ.get("BENCH_EXTRA", ""))
    connection.request("POST", route, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{route}: HTTP {response.status}")
