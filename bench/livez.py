#!/usr/bin/env python3
"""Health checks while every core extracts heavy pages (issue 17: extraction off the
request-serving threads).

    python3 bench/livez.py [--bin target/release/gleaner] [--seconds 15] [--heavy 2]

Starts `gleaner serve` with its defaults, keeps `--heavy` clients posting a heavy page
(16 MiB of short paragraphs, plain HTML) back to back, and meanwhile asks `/livez` every
20 ms on a fresh connection; prints the /livez latency (p50, p99, max, over 1 s) and the
heavy pages done. Then, without the heavy load, wrk posts the median AEB page at
concurrency 8 for the ordinary throughput (req/s), so a change can be judged on both in
one run. Compare two binaries by running the script with each `--bin` in turn.
"""

import argparse
import http.client
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from load import wrk  # noqa: E402


def heavy_page(mib=16):
    para = b"<p>A short paragraph of the page, with a comma, and a full stop.</p>\n"
    return b"<html><head><title>Heavy</title></head><body><article>" + para * (mib * 1024 * 1024 // len(para)) + b"</article></body></html>"


def post(addr, path):
    """POSTs the page with curl: a process of its own, so that the probe's timings are
    not this interpreter's (its lock would stall the probe while a thread sends 16 MiB)."""
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: text/html",
         "--data-binary", f"@{path}", f"http://{addr}/v1/extract"],
        capture_output=True, text=True)
    return int(out.stdout or 0)


def livez_ms(addr):
    host, port = addr.rsplit(":", 1)
    t = time.perf_counter()
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    c.request("GET", "/livez")
    c.getresponse().read()
    c.close()
    return (time.perf_counter() - t) * 1000


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(common.BIN))
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--heavy", type=int, default=2)
    args = ap.parse_args()
    common.BIN = Path(args.bin)
    common.ensure_wrk()
    page = heavy_page()
    tmpdir = tempfile.TemporaryDirectory()
    page_file = Path(tmpdir.name) / "heavy.html"
    page_file.write_bytes(page)
    server = common.Server()
    try:
        stop = time.time() + args.seconds
        done, statuses = [], []

        def heavy():
            while time.time() < stop:
                t = time.perf_counter()
                statuses.append(post(server.addr, page_file))
                done.append(time.perf_counter() - t)

        threads = [threading.Thread(target=heavy) for _ in range(args.heavy)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        lat = []
        while time.time() < stop:
            lat.append(livez_ms(server.addr))
            time.sleep(0.02)
        for t in threads:
            t.join()
        print(f"binary: {args.bin}")
        print(f"heavy pages ({len(page) / 2**20:.0f} MiB, {args.heavy} clients): {len(done)} done, "
              f"statuses {sorted(set(statuses))}, mean {sum(done) / max(1, len(done)):.2f} s each")
        print(f"/livez under load: n={len(lat)} p50 {pct(lat, 0.5):.1f} ms, p99 {pct(lat, 0.99):.1f} ms, "
              f"max {max(lat):.1f} ms, over 1 s: {sum(x > 1000 for x in lat)}")
        name, data = common.median_page()
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "page.html"
            p.write_bytes(data)
            wrk(server.url, p, 2, 1)  # warm-up
            rps, p50, p99, err, total = wrk(server.url, p, 8, 5)
        print(f"ordinary page ({name}, {len(data):,} bytes), concurrency 8: {rps:.0f} req/s, "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, errors {err}")
    finally:
        server.stop()
        tmpdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
