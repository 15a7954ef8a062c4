"""examples/spark_extract.py on Spark local[2] against `gleaner batch` on the same records:
three dozen shared pages (English, Chinese, multilingual) and a few bad records.

Needs pyspark, Java, ../shared beside the repository and GLEANER_BIN (a built `gleaner`).
Skipped without them, except under CI=true, where a missing piece is a failure.
"""

import base64
import gzip
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "datasets"


def needed():
    missing = []
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing.append("pyspark")
    if not SHARED.is_dir():
        missing.append("../shared/datasets")
    if not os.environ.get("GLEANER_BIN"):
        missing.append("GLEANER_BIN")
    return missing


def pages(per_set=12):
    for dataset in ["aeb", "zh-gne", "trafilatura-eval"]:
        for path in sorted((SHARED / dataset / "html").iterdir())[:per_set]:
            raw = path.read_bytes()
            yield f"{dataset}/{path.name}", gzip.decompress(raw) if path.suffix == ".gz" else raw


def strip(article):
    """An article without its timing, which differs from run to run."""
    article = dict(article)
    article["stats"] = {k: v for k, v in article["stats"].items() if k not in ("elapsed_us", "busy_us")}
    return article


def warc_record(kind, rid, uri, block, content_type):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + block + b"\r\n\r\n")


def http_response(body, content_type):
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


@pytest.fixture(scope="module")
def spark():
    missing = needed()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Spark test needs {', '.join(missing)}")
        pytest.skip(f"needs {', '.join(missing)}")
    sys.path.insert(0, str(ROOT / "examples"))
    import spark_extract

    s = spark_extract.session("local[2]")
    yield s, spark_extract
    s.stop()


def test_spark_rows_equal_gleaner_batch_lines(spark, tmp_path):
    session, spark_extract = spark
    records = [
        {"id": name, "url": f"https://example.org/{name}", "html_base64": base64.b64encode(b).decode()}
        for name, b in pages()
    ]
    records.append({"id": "text", "html": "<title>T</title><p>" + "Words of prose, and more. " * 9})
    records.append({"id": 7, "html_base64": "not base64!"})
    records.append({"id": "none"})
    lines = [json.dumps(r) for r in records] + ["{not json"]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")

    n = spark_extract.run(session, str(jsonl), str(tmp_path / "out.parquet"), article_json=True)
    assert n == len(lines)
    rows = session.read.parquet(str(tmp_path / "out.parquet")).collect()

    out = subprocess.run(
        [os.environ["GLEANER_BIN"], "batch", "--input", "jsonl", str(jsonl)],
        capture_output=True,
        check=False,
    )
    batch = [json.loads(l) for l in out.stdout.splitlines()]
    assert len(batch) == len(lines)
    # A line that is not JSON has no id: batch names it {"line": n}.
    by_id = {spark_extract.record_id(b["id"]): b for b in batch if not isinstance(b["id"], dict)}

    compared = 0
    for row in rows:
        if row.id is None:
            assert row.error_code == "invalid_json"
            continue
        b = by_id[row.id]
        if "error" in b:
            assert row.error_code == b["error"]["code"], (row.id, row.error)
            continue
        assert row.error_code is None, (row.id, row.error)
        article = json.loads(row.article)
        assert strip(article) == strip(b["article"]), row.id
        assert row.title == b["article"]["title"] and row.text == b["article"]["text"]
        compared += 1
    assert compared == len(records) - 2
    codes = sorted(r.error_code for r in rows if r.error_code)
    assert codes == ["invalid_base64", "invalid_json", "missing_html"]


def test_spark_reads_warc_files_in_its_tasks_like_gleaner_batch(spark, tmp_path):
    """Two .warc.gz files (pages, a request record, an image, a record cut short) read by
    the tasks themselves: the rows are batch's lines for the same files."""
    session, spark_extract = spark
    folder = tmp_path / "crawl"
    folder.mkdir()
    all_pages = list(pages(per_set=8))
    for part in range(2):
        with open(folder / f"part-{part}.warc.gz", "wb") as f:
            for i, (name, body) in enumerate(all_pages[part::2]):
                uri = f"https://example.org/{name}"
                f.write(warc_record("request", f"q-{part}-{i}", uri, b"GET / HTTP/1.1\r\n\r\n",
                                    "application/http; msgtype=request"))
                f.write(warc_record("response", f"r-{part}-{i}", uri, http_response(body, "text/html"),
                                    "application/http; msgtype=response"))
            f.write(warc_record("response", f"img-{part}", "https://example.org/i.png",
                                http_response(b"\x89PNG", "image/png"), "application/http; msgtype=response"))
            cut = warc_record("response", f"cut-{part}", "https://example.org/cut",
                              http_response(b"<p>cut</p>" * 50, "text/html"), "application/http; msgtype=response")
            f.write(cut[: len(cut) // 2])
    (folder / "notes.txt").write_text("not a WARC file")

    n = spark_extract.run(session, str(folder), str(tmp_path / "out.parquet"), article_json=True)
    rows = session.read.parquet(str(tmp_path / "out.parquet")).collect()
    assert n == len(rows)

    out = subprocess.run(
        [os.environ["GLEANER_BIN"], "batch", str(folder / "part-0.warc.gz"), str(folder / "part-1.warc.gz")],
        capture_output=True,
        check=False,
    )
    batch = {spark_extract.record_id(b["id"]): b for b in map(json.loads, out.stdout.splitlines())}
    assert len(batch) == len(rows) and len(rows) >= len(all_pages) + 2
    pages_seen = 0
    for row in rows:
        b = batch[row.id]
        if "error" in b:
            assert row.error_code == b["error"]["code"] == "io_error", row.error
            continue
        assert row.error_code is None, (row.id, row.error)
        assert strip(json.loads(row.article)) == strip(b["article"]), row.id
        assert row.url == b["article"]["url"]
        pages_seen += 1
    assert pages_seen == len(all_pages)

    # --direct: the tasks write the Parquet parts themselves; the same rows come back.
    direct = tmp_path / "direct.parquet"
    assert spark_extract.run(session, str(folder), str(direct), article_json=True, direct=True) == n
    assert sorted(p.name for p in direct.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]

    def comparable(r):
        d = r.asDict()
        d["article"] = d["article"] and strip(json.loads(d["article"]))
        return json.dumps(d, sort_keys=True)

    again = session.read.parquet(str(direct)).collect()
    assert sorted(map(comparable, again)) == sorted(map(comparable, rows))
