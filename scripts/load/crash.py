#!/usr/bin/env python3
"""Durability under `kill -9`, on loopback (stdlib only).

Starts the release binary on DATABASE_URL with a webhook receiver beside it, then for SECONDS (default 15) runs
THREADS (default 8) writers: each creates and exchanges an Item whose webhook is the receiver, then fires ITEM
NEW_ACCOUNTS_AVAILABLE on it. KILLS (default 3) times during the run the server gets SIGKILL and is started again
at once; a request without an answer is not counted (it may or may not have happened). At the end every Item whose
exchange was acknowledged must answer /item/get, and every acknowledged webhook must have arrived (matched per
Item: the receiver must hold at least as many as were acknowledged); duplicates are counted, not failed
(delivery is at least once). Prints one JSON line; exits 1 when anything acknowledged was lost.
"""
import http.client, http.server, json, os, signal, subprocess, sys, threading, time
from collections import Counter

BINARY = os.environ.get("TARTAN_BINARY", "target/release/tartan")
DATABASE = os.environ["DATABASE_URL"]
SECONDS = float(os.environ.get("SECONDS", "15"))
THREADS = int(os.environ.get("THREADS", "8"))
KILLS = int(os.environ.get("KILLS", "3"))
ID, SECRET = "0123456789abcdef01234567", "0123456789abcdef0123456789abcdef"
PORT, RECEIVER_PORT = 18120, 18121
DRAIN_SECONDS = 90

arrived = Counter()
arrived_lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body.get("webhook_code") == "NEW_ACCOUNTS_AVAILABLE":
            with arrived_lock:
                arrived[body.get("item_id")] += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def start():
    env = dict(os.environ, TARTAN_SANDBOX_CLIENT_ID=ID, TARTAN_SANDBOX_SECRET=SECRET, RUST_LOG="warn")
    process = subprocess.Popen([BINARY, "serve", "--listen", f"127.0.0.1:{PORT}", "--database-url", DATABASE],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.025)
    raise SystemExit("the server did not start")


def post(path, body):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=15)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json",
                       "PLAID-CLIENT-ID": ID, "PLAID-SECRET": SECRET, "Connection": "close"})
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def main():
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    server = start()
    items = {}          # item_id -> access token, for every acknowledged exchange
    fired = Counter()   # item_id -> acknowledged webhooks
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def writer():
        while time.monotonic() < stop:
            try:
                status, created = post("/sandbox/public_token/create", {
                    "institution_id": "ins_109508", "initial_products": ["auth"],
                    "options": {"webhook": f"http://127.0.0.1:{RECEIVER_PORT}/hook"}})
                if status != 200:
                    continue
                status, exchanged = post("/item/public_token/exchange", {"public_token": created["public_token"]})
                if status != 200:
                    continue
                with lock:
                    items[exchanged["item_id"]] = exchanged["access_token"]
                for _ in range(4):
                    status, _ = post("/sandbox/item/fire_webhook", {
                        "access_token": exchanged["access_token"], "webhook_code": "NEW_ACCOUNTS_AVAILABLE"})
                    if status == 200:
                        with lock:
                            fired[exchanged["item_id"]] += 1
            except OSError:
                time.sleep(0.02)  # the server is down: no answer, nothing counted

    threads = [threading.Thread(target=writer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for kill in range(KILLS):
        time.sleep(SECONDS / (KILLS + 1))
        server.send_signal(signal.SIGKILL)
        server.wait()
        server = start()
    for thread in threads:
        thread.join()

    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        with arrived_lock:
            if all(arrived[item] >= count for item, count in fired.items()):
                break
        time.sleep(0.5)
    lost_items = sum(1 for token in items.values() if post("/item/get", {"access_token": token})[0] != 200)
    with arrived_lock:
        lost_webhooks = sum(max(0, count - arrived[item]) for item, count in fired.items())
        duplicates = sum(max(0, arrived[item] - count) for item, count in fired.items())
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    print(json.dumps({"seconds": SECONDS, "threads": THREADS, "kills": KILLS, "items_acked": len(items),
                      "items_lost": lost_items, "webhooks_acked": sum(fired.values()),
                      "webhooks_lost": lost_webhooks, "webhook_duplicates": duplicates}))
    sys.exit(1 if lost_items or lost_webhooks else 0)


if __name__ == "__main__":
    main()
