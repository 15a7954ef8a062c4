"""Helpers shared by the benchmark scripts: build, start the server, pick pages, read RSS."""

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = ROOT / "target" / "release" / "gleaner"


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return "wrk"
    print("installing wrk (apt)...", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return "wrk"


class Server:
    """`gleaner serve` on an ephemeral loopback port."""

    def __init__(self, *extra):
        self.proc = subprocess.Popen(
            [str(BIN), "serve", "--addr", "127.0.0.1:0", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "GLEANER_LOG": "warn,gleaner=info"},
        )
        self.addr = None
        deadline = time.time() + 20
        while time.time() < deadline and self.addr is None:
            line = self.proc.stderr.readline()
            m = re.search(r"addr=(\S+)", line)
            if m:
                self.addr = m.group(1).strip('"')
        if self.addr is None:
            self.proc.kill()
            raise SystemExit("the server did not start")
        # Keep draining stderr so the server never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()
        self.url = f"http://{self.addr}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/readyz", timeout=1)
                break
            except Exception:
                time.sleep(0.05)

    def rss_kib(self):
        return status_kib(self.proc.pid, "VmRSS")

    def hwm_kib(self):
        return status_kib(self.proc.pid, "VmHWM")

    def metric(self, name):
        body = urllib.request.urlopen(self.url + "/metrics", timeout=5).read().decode()
        total = 0.0
        for line in body.splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def status_kib(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def median_page(target=100_000):
    """The AEB page whose size is closest to `target` bytes (the median AEB page is ~100 KB)."""
    best = None
    for p in sorted((SHARED / "datasets" / "aeb" / "html").glob("*")):
        data = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        if best is None or abs(len(data) - target) < abs(len(best[1]) - target):
            best = (p.name, data)
    return best
