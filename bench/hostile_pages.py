#!/usr/bin/env python3
"""Peak memory of the service under hostile pages (issue 17): pages whose records, not
their text, are the weight.

    python3 bench/hostile_pages.py [--bin target/release/gleaner]

Starts `gleaner serve --max-body-bytes 300000000` and POSTs, each generated on the fly and
sent with chunked transfer encoding (the client never holds a page):
1. `br60`: 60 MiB of `a<br>` (12 million one-letter blocks, 5 bytes of markup each);
2. `nav256`: 256 MiB of navigation lists (`<div class=nav><ul><li><a>link N</a>...`)
   around a short article in the middle;
3. `br16x8`: eight 16 MiB `a<br>` pages at once.
Each on a fresh server: prints its peak RSS (VmHWM) and RSS after, the status, the
article's length and the warnings. Compare binaries by running it with each `--bin`.
"""

import argparse
import http.client
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

ARTICLE = "".join(
    f"<p>Paragraph {i} of the article: the council met on Tuesday, heard the residents, "
    f"and voted for the new bridge, which will open next spring, the mayor said.</p>"
    for i in range(1, 7)
).encode()
NAV = b'<div class="nav"><ul>' + b"".join(b'<li><a href="/p/%d">link %d</a></li>' % (j, j) for j in range(20)) + b"</ul></div>\n"


def br_page(mib):
    yield b"<html><head><title>Tiny blocks</title></head><body>"
    chunk = b"a<br>" * (64 * 1024 // 5)
    for _ in range(mib * 16):
        yield chunk
    yield b"</body></html>"


def nav_page(mib):
    yield b"<html><head><title>Bridge vote</title></head><body>"
    block = NAV * (64 * 1024 // len(NAV))
    n = mib * 16
    for i in range(n):
        if i == n // 2:
            yield b"<article><h1>Bridge vote</h1>" + ARTICLE + b"</article>"
        yield block
    yield b"</body></html>"


def post_chunked(addr, chunks):
    host, port = addr.rsplit(":", 1)
    c = http.client.HTTPConnection(host, int(port), timeout=600)
    c.request("POST", "/v1/extract", body=chunks, headers={"Content-Type": "text/html"}, encode_chunked=True)
    r = c.getresponse()
    body = r.read()
    c.close()
    try:
        a = json.loads(body)
    except ValueError:
        a = {}
    return r.status, len(a.get("text", "")), a.get("warnings") or a.get("detail")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(common.BIN))
    args = ap.parse_args()
    common.BIN = Path(args.bin)
    print(f"binary: {args.bin}")
    for name, gen in [("br60", lambda: br_page(60)), ("nav256", lambda: nav_page(256))]:
        server = common.Server("--max-body-bytes", "300000000")
        try:
            idle = server.rss_kib() / 1024
            status, chars, warnings = post_chunked(server.addr, gen())
            print(f"{name}: {status}, {chars} chars of article; idle RSS {idle:.0f} MiB, peak {server.hwm_kib() / 1024:.0f} MiB, "
                  f"after {server.rss_kib() / 1024:.0f} MiB; {str(warnings)[:160]}")
        finally:
            server.stop()
    server = common.Server("--max-body-bytes", "300000000")
    try:
        results = []
        threads = [threading.Thread(target=lambda: results.append(post_chunked(server.addr, br_page(16))))
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"br16x8: statuses {sorted(r[0] for r in results)}; peak RSS {server.hwm_kib() / 1024:.0f} MiB, "
              f"now {server.rss_kib() / 1024:.0f} MiB")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
