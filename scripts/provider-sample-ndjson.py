#!/usr/bin/env python3
"""Writes a sample data-provider catalogue as NDJSON (docs/providers.md) to stdout, for trying and timing
`tartan import`: one institution, USERS end users with a shared bcrypt hash of the password `pass_good`,
and ACCOUNTS accounts each (checking + savings, ACH numbers, one owner).

    python3 scripts/provider-sample-ndjson.py --users 50000 --accounts 2 > sample.ndjson
"""
import argparse
import json
import sys

# bcrypt (cost 4) of "pass_good": imported hashes are stored as they are.
HASH = "$2b$04$6JsK6xa5PAmaxX1ceKSjGu6x55NxU24yilA9JbfMIa9ezjaSWZSDu"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--accounts", type=int, default=2)
    parser.add_argument("--institution", default="ins_sample")
    parser.add_argument("--password-hash", default=HASH)
    args = parser.parse_args()
    out = sys.stdout
    ins = args.institution
    out.write(json.dumps({
        "type": "institution", "institution_id": ins, "name": "Sample Bank", "country_codes": ["US"],
        "products": ["auth", "balance", "identity"], "primary_color": "#0a4d8c",
        "login": {"method": "password", "totp": False},
    }) + "\n")
    for u in range(args.users):
        user_id = f"user{u:07d}"
        out.write(json.dumps({"type": "user", "institution_id": ins, "user_id": user_id,
                              "password_hash": args.password_hash}) + "\n")
        owner = {
            "names": [f"Customer {u}"],
            "phone_numbers": [{"data": f"+1 617 555 {u % 10000:04d}", "primary": True, "type": "mobile"}],
            "emails": [{"data": f"{user_id}@example.com", "primary": True, "type": "primary"}],
            "addresses": [{"data": {"street": f"{u % 999 + 1} Main St", "city": "Boston", "region": "MA",
                                    "postal_code": "02110", "country": "US"}, "primary": True}],
        }
        for a in range(args.accounts):
            subtype = "checking" if a % 2 == 0 else "savings"
            number = f"{u:09d}{a:03d}"
            out.write(json.dumps({
                "type": "account", "institution_id": ins, "user_id": user_id,
                "account_id": f"{user_id}-{a}", "name": f"Sample {subtype.title()}", "mask": number[-4:],
                "account_type": "depository", "subtype": subtype,
                "balances": {"available": 100 + u % 1000, "current": 110 + u % 1000, "limit": None,
                             "iso_currency_code": "USD"},
                "numbers": {"ach": {"account": number, "routing": "011401533", "wire_routing": "021000021"}},
                "owners": [owner],
            }) + "\n")


if __name__ == "__main__":
    main()
