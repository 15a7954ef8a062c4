#!/usr/bin/env python3
"""Load test of the HTTP service on loopback, beside the library's own throughput.

    python3 bench/load.py [--seconds 5] [--workers 2]

Builds the release binary, installs wrk (apt) if missing, picks the AEB page closest to
100 KB (the median page size), then:
1. library reference: `gleaner batch --jobs W` over 1,000 copies of that page (same
   process work as the server minus HTTP: decode, extract, JSON) -> docs/s;
2. `gleaner serve --workers W`, and wrk POSTing the page at rising concurrency ->
   req/s, p50/p99 latency, errors (non-2xx responses and socket errors);
and prints the table, the peak, the concurrency reaching 80% of the peak with its p99,
and the server/library ratio. wrk shares the machine's cores with the server.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/html"
local f = io.open(os.getenv("GLEANER_PAGE"), "rb")
wrk.body = f:read("*all")
f:close()
"""


def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, page, conns, seconds):
    threads = min(2, conns)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(LUA)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--latency", "-s", lua.name, url + "/v1/extract"],
        capture_output=True, text=True, env={"GLEANER_PAGE": str(page), "PATH": "/usr/bin:/bin"},
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, lat.get("50"), lat.get("99"), errors, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", default="1,2,4,8,16,32")
    args = ap.parse_args()
    common.build()
    common.ensure_wrk()
    name, data = common.median_page()
    print(f"page: {name} ({len(data):,} bytes)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_bytes(data)
        copies = Path(tmp) / "copies"
        copies.mkdir()
        for i in range(1000):
            (copies / f"{i:04}.html").write_bytes(data)
        out = subprocess.run([str(common.BIN), "batch", "--jobs", str(args.workers), str(copies)],
                             capture_output=True, text=True)
        lib = float(re.search(r"docs_per_s=([\d.]+)", out.stderr).group(1))
        print(f"library: gleaner batch --jobs {args.workers} over 1,000 copies: {lib:.0f} docs/s")

        server = common.Server("--workers", str(args.workers))
        rows = []
        try:
            wrk(server.url, page, 2, 1)  # warm-up
            for c in [int(x) for x in args.concurrency.split(",")]:
                rows.append((c, *wrk(server.url, page, c, args.seconds)))
            errors_5xx = server.metric("gleaner_requests_total{outcome=\"server_error\"}")
        finally:
            server.stop()
    print(f"\n{'concurrency':>11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'requests':>9}")
    for c, rps, p50, p99, err, total in rows:
        print(f"{c:>11} {rps:>8.0f} {p50:>8.2f} {p99:>8.2f} {err:>7} {total:>9}")
    peak = max(r[1] for r in rows)
    at80 = next(r for r in rows if r[1] >= 0.8 * peak)
    errors = sum(r[4] for r in rows)
    print(f"\npeak {peak:.0f} req/s; server/library = {peak / lib:.2f} (goal >= 0.8)")
    print(f"80% of peak first reached at concurrency {at80[0]}: {at80[1]:.0f} req/s, p99 {at80[3]:.2f} ms (goal < 10 ms)")
    print(f"errors: {errors} (non-2xx + socket errors), server-side 5xx counted by /metrics: {errors_5xx:.0f}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
