#!/usr/bin/env python3
"""Soak test: mixed good and bad requests at ~80% of peak throughput for a long time.

    python3 bench/soak.py [--minutes 10]

`gleaner serve --workers 2`, and wrk (installed with apt when missing) sending, in turn:
a ~100 KB English page, the founding page in GBK, the same gzip-compressed, a JSON request,
an empty body, a PNG as HTML, NUL bytes, a bogus charset label, malformed JSON, an unknown
Content-Encoding, an unsupported media type. First the mixed peak is measured (5 s,
unthrottled); then the number of connections (each pausing 1 ms between requests) that
comes closest to 80% of it is picked, and the soak runs. Every 10 s it prints requests
answered (2xx / 4xx / 5xx from /metrics) and RSS. Passes when there is no 5xx, no socket
error, the process is alive, and RSS in the last half is within 10% of the first half.
"""

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

LUA = r"""
local dir = os.getenv("SOAK_DIR")
local reqs = {}
local function body(name)
  local f = io.open(dir .. "/" .. name, "rb"); local b = f:read("*all"); f:close(); return b
end
-- Built in init: wrk knows the Host header only once the script has loaded.
function init(args)
  for line in body("manifest.txt"):gmatch("[^\n]+") do
    local file, ctype, cenc = line:match("^(%S+) (%S+) ?(%S*)$")
    local h = { ["Content-Type"] = (ctype:gsub("%%20", " ")) }
    if cenc ~= "" then h["Content-Encoding"] = cenc end
    table.insert(reqs, wrk.format("POST", "/v1/extract", h, body(file)))
  end
end
local i = 0
function request()
  i = i % #reqs + 1
  return reqs[i]
end
local pause = tonumber(os.getenv("SOAK_DELAY") or "0")
if pause > 0 then
  function delay() return pause end
end
"""


def write_inputs(d: Path):
    _, page = common.median_page()
    seed = (common.ROOT / "tests" / "fixtures" / "seed" / "gbk-gb2312.html").read_bytes()
    files = [
        ("page.html", page, "text/html", ""),
        ("seed.html", seed, "text/html", ""),
        ("page.gz", gzip.compress(page), "text/html", "gzip"),
        ("req.json", json.dumps({"html": page.decode("utf-8", "replace"), "options": {"explain": True}}).encode(), "application/json", ""),
        ("empty.html", b"", "text/html", ""),
        ("png.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "text/html", ""),
        ("nul.html", b"<p>nul \x00 bytes \x01\x02 in text, with commas, and more.</p>" * 50, "text/html", ""),
        ("bogus.html", page, "text/html;%20charset=klingon", ""),
        ("bad.json", b"{\"html\": ", "application/json", ""),
        ("unknown-enc.html", page, "text/html", "compress"),
        ("image.png", b"\x89PNG", "image/png", ""),
    ]
    lines = []
    for name, data, ctype, cenc in files:
        (d / name).write_bytes(data)
        lines.append(f"{name} {ctype} {cenc}".rstrip())
    (d / "manifest.txt").write_text("\n".join(lines) + "\n")
    (d / "soak.lua").write_text(LUA)


def wrk(url, d, conns, seconds, pause):
    out = subprocess.run(
        ["wrk", "-t", str(min(2, conns)), "-c", str(conns), "-d", f"{seconds}s", "-s", str(d / "soak.lua"), url + "/v1/extract"],
        capture_output=True, text=True,
        env={"SOAK_DIR": str(d), "SOAK_DELAY": str(pause), "PATH": "/usr/bin:/bin"},
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return rps, (sum(map(int, sock.groups())) if sock else 0), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    args = ap.parse_args()
    common.build()
    common.ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_inputs(d)
        server = common.Server("--workers", "2")
        try:
            peak, _, _ = wrk(server.url, d, 4, 5, 0)
            target = 0.8 * peak
            best = None
            for conns in (2, 3, 4, 5, 6):
                rps, _, _ = wrk(server.url, d, conns, 3, 1)
                if best is None or abs(rps - target) < abs(best[1] - target):
                    best = (conns, rps)
            conns = best[0]
            print(f"mixed peak {peak:.0f} req/s; soak at {conns} connections pausing 1 ms (~{best[1]:.0f} req/s, target {target:.0f})")
            base = {k: server.metric(f'gleaner_requests_total{{outcome="{k}"}}') for k in ("ok", "client_error", "server_error")}
            secs = int(args.minutes * 60)
            proc = subprocess.Popen(
                ["wrk", "-t", "2", "-c", str(conns), "-d", f"{secs}s", "-s", str(d / "soak.lua"), server.url + "/v1/extract"],
                stdout=subprocess.PIPE, text=True,
                env={"SOAK_DIR": str(d), "SOAK_DELAY": "1", "PATH": "/usr/bin:/bin"},
            )
            samples = []
            t0 = time.time()
            print(f"{'s':>5} {'2xx':>9} {'4xx':>9} {'5xx':>5} {'RSS MiB':>8}")
            while proc.poll() is None:
                time.sleep(10)
                if server.proc.poll() is not None:
                    print("the server died")
                    break
                n = {k: server.metric(f'gleaner_requests_total{{outcome="{k}"}}') - base[k] for k in base}
                rss = server.rss_kib() / 1024
                samples.append(rss)
                print(f"{time.time() - t0:>5.0f} {n['ok']:>9.0f} {n['client_error']:>9.0f} {n['server_error']:>5.0f} {rss:>8.1f}", flush=True)
            out = proc.communicate()[0]
            alive = server.proc.poll() is None
            n = {k: server.metric(f'gleaner_requests_total{{outcome="{k}"}}') - base[k] for k in base} if alive else {}
        finally:
            server.stop()
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    sock_errors = sum(map(int, sock.groups())) if sock else 0
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    half = len(samples) // 2
    first, last = samples[:half] or samples, samples[half:] or samples
    flat = max(last) <= 1.1 * max(first)
    print(f"\n{args.minutes:g} min, {rps.group(1) if rps else '?'} req/s: 2xx {n.get('ok', 0):.0f}, 4xx {n.get('client_error', 0):.0f}, "
          f"5xx {n.get('server_error', 0):.0f}, socket errors {sock_errors}, server alive: {alive}")
    print(f"RSS MiB: first half max {max(first):.1f}, second half max {max(last):.1f}, min {min(samples):.1f}, max {max(samples):.1f}")
    ok = alive and n.get("server_error", 1) == 0 and sock_errors == 0 and flat
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
