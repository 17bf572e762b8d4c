#!/usr/bin/env python3
"""Rolling restart of two Tartan instances on one database under load, on loopback (stdlib only).

Starts instances A and B (the release binary, `--shutdown-delay-ms DELAY_MS`, default 500) on DATABASE_URL,
creates Items, then for SECONDS (default 12) runs THREADS (default 16) clients that call /accounts/get, one
connection per request, through a balancer as a load balancer would route: it polls each instance's `/ready` every
50 ms and sends to the ready instances in turn; a refused connection is retried on the other instance. At 1/4 of
the run A gets SIGTERM and is started again once it has exited; at 1/2 the same for B. A request is lost if it was
sent and got no answer or a 5xx. DELAY_MS=0 shows what happens without the drain. Prints one JSON line.
"""
import http.client, json, os, signal, subprocess, sys, threading, time

BINARY = os.environ.get("TARTAN_BINARY", "target/release/tartan")
DATABASE = os.environ["DATABASE_URL"]
SECONDS = float(os.environ.get("SECONDS", "12"))
THREADS = int(os.environ.get("THREADS", "16"))
DELAY_MS = os.environ.get("DELAY_MS", "500")
ID, SECRET = "0123456789abcdef01234567", "0123456789abcdef0123456789abcdef"
PORTS = [18101, 18102]


def start(port):
    env = dict(os.environ, TARTAN_SANDBOX_CLIENT_ID=ID, TARTAN_SANDBOX_SECRET=SECRET, RUST_LOG="warn")
    process = subprocess.Popen([BINARY, "serve", "--listen", f"127.0.0.1:{port}", "--database-url", DATABASE,
                                "--shutdown-delay-ms", DELAY_MS],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"instance on {port} did not start")


def post(port, path, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json",
                       "PLAID-CLIENT-ID": ID, "PLAID-SECRET": SECRET, "Connection": "close"})
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def main():
    instances = {port: start(port) for port in PORTS}
    tokens = []
    for _ in range(20):
        _, created = post(PORTS[0], "/sandbox/public_token/create",
                          {"institution_id": "ins_109508", "initial_products": ["auth"]})
        _, exchanged = post(PORTS[0], "/item/public_token/exchange", {"public_token": created["public_token"]})
        tokens.append(exchanged["access_token"])
    counts = {"ok": 0, "shed_429": 0, "refused_then_retried": 0, "lost": 0, "unavailable": 0}
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS
    ready = {port: True for port in PORTS}

    def balancer():
        while time.monotonic() < stop:
            for port in PORTS:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                    connection.request("GET", "/ready")
                    ready[port] = connection.getresponse().status == 200
                except OSError:
                    ready[port] = False
            time.sleep(0.05)

    def route(turn, attempt):
        """The ready instance whose turn it is; on a retry, the other one."""
        ports = [port for port in PORTS if ready[port]] or PORTS
        first = ports[turn % len(ports)]
        return first if attempt == 0 else next(port for port in PORTS if port != first)

    def client(number):
        turn = number
        while time.monotonic() < stop:
            turn += 1
            for attempt in range(2):
                port = route(turn, attempt)
                try:
                    status, _ = post(port, "/accounts/get", {"access_token": tokens[turn % len(tokens)]})
                except ConnectionRefusedError:
                    with lock:
                        counts["refused_then_retried"] += 1
                    continue
                except OSError:
                    status = None
                key = "ok" if status == 200 else "shed_429" if status == 429 else "lost"
                with lock:
                    counts[key] += 1
                break
            else:
                with lock:
                    counts["unavailable"] += 1
                time.sleep(0.01)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(THREADS)]
    threads.append(threading.Thread(target=balancer))
    for thread in threads:
        thread.start()
    restarts = []
    for fraction, port in [(0.25, PORTS[0]), (0.5, PORTS[1])]:
        time.sleep(max(0.0, stop - SECONDS * (1 - fraction) - time.monotonic()))
        began = time.monotonic()
        instances[port].send_signal(signal.SIGTERM)
        instances[port].wait(timeout=30)
        stopped = time.monotonic() - began
        instances[port] = start(port)
        restarts.append({"port": port, "stop_s": round(stopped, 2), "down_s": round(time.monotonic() - began, 2)})
    for thread in threads:
        thread.join()
    for process in instances.values():
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    print(json.dumps({"seconds": SECONDS, "threads": THREADS, "delay_ms": int(DELAY_MS), **counts,
                      "restarts": restarts}))


if __name__ == "__main__":
    main()
