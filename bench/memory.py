#!/usr/bin/env python3
"""Memory of the HTTP service: one huge streamed page, then 100,000 ordinary requests.

    python3 bench/memory.py [--mib 256] [--requests 100000]

1. A page of `--mib` MiB — markup (rows of divs, spans, images, scripts) around a short
   article in its middle — is POSTed to `gleaner serve --max-body-bytes ...` with chunked
   transfer encoding, generated on the fly (the client never holds it). Prints the
   server's peak RSS (VmHWM) before and after, and what came back.
2. wrk POSTs the median AEB page at concurrency 4 until the server has answered
   `--requests` requests; RSS is sampled from /proc as /metrics counts them. Prints RSS
   at 10,000 requests and at the end (flat = no growth between them).
"""

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from load import LUA  # noqa: E402

ARTICLE = "".join(
    f"<p>Paragraph {i} of the article: the council met on Tuesday, heard the residents, "
    f"and voted for the new bridge, which will open next spring, the mayor said.</p>"
    for i in range(1, 6)
)
ROW = ('<div class="row item-%d"><span class="icon"></span><img src="/i/%d.png" alt="">'
       '<a href="/p/%d" class="thumb"></a><script>var t=%d;</script></div>\n')


def big_page(mib):
    """Yields the page in ~64 KiB chunks: filler, the article, filler."""
    total = mib * 1024 * 1024
    yield b"<!DOCTYPE html><html><head><title>Bridge vote - Example News</title></head><body>"
    sent, i, half_done = 0, 0, False
    while sent < total:
        chunk = "".join(ROW % (j, j, j, j) for j in range(i, i + 400)).encode()
        i += 400
        sent += len(chunk)
        yield chunk
        if not half_done and sent >= total // 2:
            yield f"<article><h1>Bridge vote</h1>{ARTICLE}</article>".encode()
            half_done = True
    yield b"</body></html>"


def stream(server, mib):
    host, port = server.addr.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    conn.putrequest("POST", "/v1/extract")
    conn.putheader("Content-Type", "text/html; charset=utf-8")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    sent = 0
    for chunk in big_page(mib):
        conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sent += len(chunk)
    conn.send(b"0\r\n\r\n")
    r = conn.getresponse()
    return r.status, json.loads(r.read()), sent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--requests", type=int, default=100_000)
    args = ap.parse_args()
    common.build()
    common.ensure_wrk()

    server = common.Server("--workers", "2", "--max-body-bytes", str((args.mib + 16) * 1024 * 1024))
    try:
        before = server.hwm_kib()
        t = time.time()
        status, article, sent = stream(server, args.mib)
        secs = time.time() - t
        peak = server.hwm_kib()
        print(f"streamed {sent / 1048576:.0f} MiB in {secs:.1f} s: HTTP {status}, "
              f"title {article.get('title')!r}, {article.get('stats', {}).get('blocks_kept')} blocks kept, "
              f"text starts {article.get('text', '')[:40]!r}")
        print(f"server peak RSS (VmHWM): {before / 1024:.1f} MiB before, {peak / 1024:.1f} MiB after (goal <= 64 MiB)")
    finally:
        server.stop()

    server = common.Server("--workers", "2")
    name, data = common.median_page()
    try:
        with tempfile.NamedTemporaryFile(suffix=".html") as page, tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            page.write(data)
            page.flush()
            lua.write(LUA)
            lua.flush()
            ok = lambda: server.metric('gleaner_requests_total{outcome="ok"}')  # noqa: E731
            wrk = subprocess.Popen(["wrk", "-t", "2", "-c", "4", "-d", "3600s", "-s", lua.name, server.url + "/v1/extract"],
                                   stdout=subprocess.DEVNULL, env={"GLEANER_PAGE": page.name, "PATH": "/usr/bin:/bin"})
            samples = []
            marks = {}
            try:
                while True:
                    n = ok()
                    rss = server.rss_kib()
                    samples.append((n, rss))
                    for m in (10_000, 50_000, args.requests):
                        if n >= m and m not in marks:
                            marks[m] = (n, rss)
                    if n >= args.requests:
                        break
                    time.sleep(0.25)
            finally:
                wrk.terminate()
                wrk.wait()
        print(f"\n{args.requests:,} requests of {name} ({len(data):,} bytes), wrk -c 4:")
        for m, (n, rss) in sorted(marks.items()):
            print(f"  after {n:>9,.0f} requests: RSS {rss / 1024:6.1f} MiB")
        later = [rss for n, rss in samples if n >= 10_000]
        errors_5xx = server.metric('gleaner_requests_total{outcome="server_error"}')
        print(f"  RSS between 10,000 and {args.requests:,}: min {min(later) / 1024:.1f} MiB, max {max(later) / 1024:.1f} MiB; "
              f"5xx: {errors_5xx:.0f}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
