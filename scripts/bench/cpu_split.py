#!/usr/bin/env python3
"""CPU time per request of Tartan, of the PostgreSQL backends serving it, and of the load generator, over one run.

    python3 scripts/bench/cpu_split.py --pid TARTAN_PID [--postgres] [--label L] -- wrk -t2 -c64 -d5s ... URL

Runs the command after `--` (a wrk run; its "N requests in" line gives the number of requests) and reads utime +
stime of: the Tartan process (every thread, /proc/PID/stat), before and after; the PostgreSQL backends whose
client end is one of Tartan's TCP sockets, every 20 ms during the run (a backend's process title holds its
client's address and port; Tartan's ports come from /proc/net/tcp), so that a backend that exits during the run
still counts with its last reading, and one that starts during it counts from zero (its start-up is part of the
load); and the command itself (its rusage). Prints one line to stderr: requests, and µs of CPU per request of
each, split into user and system time. CPU per request moves far less with the other load on the machine than
requests a second do.

Needs to run as a user that may read the postgres processes' /proc entries (root, or postgres).
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """(user, system) clock ticks of a process, all its threads included; None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command name: utime and stime are fields 14 and 15 (1-based, man 5 proc).
    return int(fields[11]), int(fields[12])


def socket_inodes(pid):
    inodes = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def client_ports(pid, server_port):
    """Local ports of `pid`'s TCP connections to `server_port`."""
    inodes = socket_inodes(pid)
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, remote, inode = parts[1], parts[2], parts[9]
            if inode in inodes and int(remote.rsplit(":", 1)[1], 16) == server_port:
                ports.add(int(local.rsplit(":", 1)[1], 16))
    return ports


def postmaster_pid():
    for path in ("/var/run/postgresql/15-main.pid",):
        try:
            with open(path) as f:
                return int(f.readline())
        except OSError:
            pass
    out = subprocess.run(["pgrep", "-o", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


def backends_of(postmaster, ports):
    """{pid: port} of the postmaster's children whose title names one of `ports` as the client's."""
    try:
        with open(f"/proc/{postmaster}/task/{postmaster}/children") as f:
            children = f.read().split()
    except OSError:
        return {}
    found = {}
    for child in children:
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                title = f.read().decode(errors="replace")
        except OSError:
            continue
        m = re.search(r"\((\d+)\)", title)
        if m and int(m.group(1)) in ports:
            found[int(child)] = int(m.group(1))
    return found


class BackendSampler(threading.Thread):
    """Reads the backends' CPU time every `interval` s; keeps each one's first and last reading."""

    def __init__(self, tartan, server_port, interval=0.02):
        super().__init__(daemon=True)
        self.tartan, self.server_port, self.interval = tartan, server_port, interval
        self.postmaster = postmaster_pid()
        self.first, self.last = {}, {}
        self.stop = threading.Event()
        self.sample(initial=True)

    def sample(self, initial=False):
        ports = client_ports(self.tartan, self.server_port)
        for pid in backends_of(self.postmaster, ports) if self.postmaster else {}:
            ticks = cpu_ticks(pid)
            if ticks is None:
                continue
            # A backend first seen after the start started during the run: all its time counts.
            self.first.setdefault(pid, ticks if initial else (0, 0))
            self.last[pid] = ticks
        for pid in list(self.last):
            ticks = cpu_ticks(pid)
            if ticks is not None:
                self.last[pid] = ticks

    def run(self):
        while not self.stop.wait(self.interval):
            self.sample()

    def finish(self):
        self.stop.set()
        self.join()
        self.sample()
        user = sum(self.last[p][0] - self.first[p][0] for p in self.last)
        system = sum(self.last[p][1] - self.first[p][1] for p in self.last)
        return user, system, len(self.last)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pid", type=int, required=True, help="Tartan's process id")
    parser.add_argument("--postgres", action="store_true", help="also the PostgreSQL backends serving Tartan")
    parser.add_argument("--postgres-port", type=int, default=5432)
    parser.add_argument("--label", default="")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    sampler = BackendSampler(args.pid, args.postgres_port) if args.postgres else None
    if sampler:
        sampler.start()
    before_tartan = cpu_ticks(args.pid)
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    after_tartan = cpu_ticks(args.pid)
    backends = sampler.finish() if sampler else None
    sys.stdout.write(output)
    if status != 0:
        sys.exit(f"command failed: {status}")
    m = re.search(r"(\d+) requests in", output)
    if not m:
        sys.exit("no 'N requests in' line in the command's output")
    requests = int(m.group(1))

    def us(ticks):
        return ticks * 1e6 / TICKS / requests

    tartan = [a - b for a, b in zip(after_tartan, before_tartan)]
    line = (
        f"CPU {args.label} requests {requests}  "
        f"tartan {us(sum(tartan)):.1f} µs (user {us(tartan[0]):.1f}, sys {us(tartan[1]):.1f})  "
    )
    if backends:
        user, system, count = backends
        line += f"postgres {us(user + system):.1f} µs (user {us(user):.1f}, sys {us(system):.1f}; {count} backends)  "
    line += f"load generator {(usage.ru_utime + usage.ru_stime) * 1e6 / requests:.1f} µs"
    print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
