#!/usr/bin/env python3
"""Slow-drip attack (issue 17): many uploads sending one byte every few seconds, each byte
within --body-timeout, while a normal client extracts pages.

    python3 bench/slowdrip.py [--bin target/release/gleaner] [--drips 256] [--seconds 30]

Starts `gleaner serve` with its defaults, opens `--drips` connections that announce a
100 KB body and send one byte every 5 s (reconnecting when the server cuts one off), and
meanwhile posts the median AEB page back to back; prints the normal requests' success rate
and statuses, and how the drips ended. Compare binaries by running it with each `--bin`.
"""

import argparse
import http.client
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def drip(addr, stop, ended):
    host, port = addr.rsplit(":", 1)
    while time.time() < stop:
        try:
            s = socket.create_connection((host, int(port)), timeout=60)
            s.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
            while time.time() < stop:
                time.sleep(5)
                s.sendall(b"x")
            s.close()
        except OSError:
            ended["cut off"] += 1
            time.sleep(0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(common.BIN))
    ap.add_argument("--drips", type=int, default=256)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    common.BIN = Path(args.bin)
    name, page = common.median_page()
    server = common.Server()
    host, port = server.addr.rsplit(":", 1)
    try:
        stop = time.time() + args.seconds
        ended = Counter()
        threads = [threading.Thread(target=drip, args=(server.addr, stop, ended), daemon=True)
                   for _ in range(args.drips)]
        for t in threads:
            t.start()
        time.sleep(2)
        statuses = Counter()
        while time.time() < stop:
            try:
                c = http.client.HTTPConnection(host, int(port), timeout=30)
                c.request("POST", "/v1/extract", body=page, headers={"Content-Type": "text/html"})
                r = c.getresponse()
                r.read()
                statuses[r.status] += 1
                c.close()
            except OSError as e:
                statuses[type(e).__name__] += 1
            time.sleep(0.05)
        total = sum(statuses.values())
        ok = statuses.get(200, 0)
        print(f"binary: {args.bin}")
        print(f"{args.drips} drip uploads (1 byte / 5 s), {args.seconds:.0f} s: drips cut off {ended['cut off']} times")
        print(f"normal requests: {ok}/{total} succeeded ({100 * ok / max(1, total):.1f}%), statuses {dict(statuses)}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
