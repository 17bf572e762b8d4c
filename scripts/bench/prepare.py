#!/usr/bin/env python3
"""Readies seeded Items for a benchmark, the same way for every bench script.

    prepare.py BASE_URL ACCESS_TOKENS_FILE > PROCESSOR_TOKENS_FILE

For the first 200 Items it creates a processor token (for the sandbox client itself, on the Item's first
account) and prints it; then it calls /identity/get, /auth/get and /identity/match once on every Item, because
an Item's first call of a product adds the product (a write) and the measured calls must be reads.
Credentials come from BENCH_CLIENT_ID and BENCH_SECRET, as for the rest of the bench.
"""

import json
import os
import sys
import urllib.request

PROCESSOR_TOKENS = 200


def post(base, path, body):
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "PLAID-CLIENT-ID": os.environ["BENCH_CLIENT_ID"],
            "PLAID-SECRET": os.environ["BENCH_SECRET"],
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main():
    base, tokens_file = sys.argv[1], sys.argv[2]
    with open(tokens_file) as tokens:
        access_tokens = [line.strip() for line in tokens if line.strip()]
    for token in access_tokens[:PROCESSOR_TOKENS]:
        account = post(base, "/accounts/get", {"access_token": token})["accounts"][0]["account_id"]
        created = post(
            base,
            "/processor/token/create",
            {"access_token": token, "account_id": account, "processor": "dwolla"},
        )
        print(created["processor_token"])
    for token in access_tokens:
        post(base, "/identity/get", {"access_token": token})
        post(base, "/auth/get", {"access_token": token})
        post(base, "/identity/match", {"access_token": token, "user": {"legal_name": "x"}})


if __name__ == "__main__":
    main()
