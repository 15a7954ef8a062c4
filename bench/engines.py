"""Pages/s of gleaner from data-job engines against `gleaner batch --jobs 2`, same pages,
same run: the Python package on 2 threads, and Spark local[2] through
examples/spark_extract.py (WARC files or JSONL in, Parquet out).

The pages are every shared page, repeated --repeat times so that Spark's fixed costs (task
launch, Python workers, Parquet) are paid over enough work, written twice: as JSONL records
(base64) and as 8 `.warc.gz` files (a gzip member per record, as Common Crawl's). The
reference is `batch --jobs 2` on the same input. The Spark session is started before the
clock; its start is reported apart.

    python3 -m pip install ./python pyspark
    python3 bench/engines.py [--repeat 6]
"""

import argparse
import base64
import gzip
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BIN, ROOT, SHARED, build  # noqa: E402


def warc_record(rid, uri, body):
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=1)


def write_inputs(path, warc_dir, repeat, files=8):
    pages = sorted((SHARED / "datasets").glob("*/html/*"))
    warc_dir.mkdir()
    warcs = [open(warc_dir / f"part-{i}.warc.gz", "wb") for i in range(files)]
    n = 0
    with open(path, "w") as out:
        for r in range(repeat):
            for p in pages:
                raw = p.read_bytes()
                raw = gzip.decompress(raw) if p.suffix == ".gz" else raw
                rid = f"{r}/{p.parent.parent.name}/{p.name}"
                rec = {"id": rid, "html_base64": base64.b64encode(raw).decode()}
                out.write(json.dumps(rec) + "\n")
                warcs[n % files].write(warc_record(rid, f"https://example.org/{rid}", raw))
                n += 1
    for w in warcs:
        w.close()
    return n


def batch(path):
    start = time.perf_counter()
    with open(path, "rb") as f:
        subprocess.run([str(BIN), "batch", "--jobs", "2", "--input", "jsonl", "-"], stdin=f,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def batch_warc(warc_dir):
    start = time.perf_counter()
    subprocess.run([str(BIN), "batch", "--jobs", "2", str(warc_dir)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def python_warc(warc_dir, threads=2):
    """The package on `threads` threads, each extracting whole WARC files."""
    import gleaner

    files = sorted(warc_dir.iterdir())
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not files:
                    return
                path = files.pop()
            for _ in gleaner.extract_warc(path):
                pass

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - start


def python_threads(path, threads=2, records=True):
    """The package on `threads` threads, each taking the next JSONL line of one shared file
    (as a job reading a shard would): each line to extract_record (parsed and decoded in
    Rust), or, with records=False, parsed and decoded in Python and given to extract."""
    import gleaner

    def one(line):
        rec = json.loads(line)
        try:
            return gleaner.extract(base64.b64decode(rec["html_base64"]), charset=rec.get("charset"))
        except gleaner.GleanerError as e:
            return {"error": e.code}

    work = gleaner.extract_record if records else one
    lock = threading.Lock()

    def worker(f):
        while True:
            with lock:
                line = f.readline()
            if not line:
                return
            work(line)

    start = time.perf_counter()
    with open(path) as f:
        pool = [threading.Thread(target=worker, args=(f,)) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    return time.perf_counter() - start


def spark(runs, out):
    """Times spark_extract.run for each (input, article_json, direct) of `runs` in one
    session."""
    sys.path.insert(0, str(ROOT / "examples"))
    import spark_extract

    t0 = time.perf_counter()
    session = spark_extract.session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.parallelize([1, 2], 2).count()  # the executors are up
    started = time.perf_counter() - t0
    # A first job pays the JVM's warm-up (JIT, Python workers, Parquet classes): not timed.
    spark_extract.run(session, str(sorted(Path(runs[0][0]).iterdir())[0]), str(out))
    took = []
    for path, article_json, direct in runs:
        start = time.perf_counter()
        spark_extract.run(session, str(path), str(out), partitions=8, article_json=article_json,
                          direct=direct)
        took.append(time.perf_counter() - start)
    session.stop()
    return started, took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=6)
    args = ap.parse_args()
    build()
    with tempfile.TemporaryDirectory() as tmp:
        path, warcs = Path(tmp) / "records.jsonl", Path(tmp) / "warc"
        n = write_inputs(path, warcs, args.repeat)
        mib = path.stat().st_size / 2**20
        wmib = sum(f.stat().st_size for f in warcs.iterdir()) / 2**20
        print(f"{n} pages: {mib:.0f} MiB of JSONL, {wmib:.0f} MiB of .warc.gz in 8 files")
        b1, w1 = batch(path), batch_warc(warcs)
        p = python_threads(path)
        pd = python_threads(path, records=False)
        pw = python_warc(warcs)
        started, (sw, swa, sd, sj) = spark(
            [(warcs, False, False), (warcs, True, False), (warcs, False, True), (path, False, False)],
            Path(tmp) / "out.parquet")
        b2, w2 = batch(path), batch_warc(warcs)
        b, w = min(b1, b2), min(w1, w2)
        jsonl_rows = [
            ("gleaner batch --jobs 2, JSONL on stdin", b),
            ("python package, 2 threads, extract_record", p),
            ("python package, 2 threads, extract (json+b64 in Python)", pd),
            ("spark local[2], JSONL lines (textFile) -> parquet", sj),
        ]
        warc_rows = [
            ("gleaner batch --jobs 2, .warc.gz files", w),
            ("python package, 2 threads, extract_warc", pw),
            ("spark local[2], .warc.gz per task -> parquet", sw),
            ("spark local[2], .warc.gz per task -> parquet + article JSON", swa),
            ("spark local[2], .warc.gz per task, tasks write parquet (--direct)", sd),
        ]
        for rows, ref in ((jsonl_rows, b), (warc_rows, w)):
            for name, t in rows:
                print(f"{name:68} {n / t:8.1f} pages/s  {ref / t:5.2f} of batch")
        print(f"(batch runs: JSONL {b1:.2f} s, {b2:.2f} s; WARC {w1:.2f} s, {w2:.2f} s; "
              f"spark session start {started:.1f} s, not counted)")


if __name__ == "__main__":
    main()
