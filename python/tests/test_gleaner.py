"""The Python package against the library's promises: the service's JSON, charsets,
options and their errors, streaming, and the GIL released while extracting.

Run from the repository: `python3 -m pytest python/tests`. With GLEANER_BIN set to a built
`gleaner` binary, the dicts are also compared with `gleaner extract` on the same pages.
"""

import json
import os
import pathlib
import subprocess
import threading
import time

import pytest

import gleaner

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures"
PROSE = "This is a sentence of the article, with words and commas, and a full stop. " * 6


def page(name):
    return (FIXTURES / name).read_bytes()


def without_timing(article):
    article = dict(article)
    article["stats"] = {k: v for k, v in article["stats"].items() if k not in ("elapsed_us", "busy_us")}
    return article


def test_an_article_comes_back_as_the_service_json():
    a = gleaner.extract(page("english.html"), url="https://example.com/news/bikes.html")
    assert a["title"] == "City council approves new bike lanes on Main Street"
    assert a["text"].startswith("The city council voted 7-2")
    # The page's canonical link wins over the address it was fetched from.
    assert a["url"] == "https://news.example.com/2024/03/05/bike-lanes"
    assert a["lang"] == "en-US"
    assert a["blocks"] and all("text" in b and "kind" in b for b in a["blocks"])
    # Only JSON types: the dict serializes as it is.
    assert json.loads(json.dumps(a)) == a


@pytest.mark.skipif(not os.environ.get("GLEANER_BIN"), reason="GLEANER_BIN not set")
@pytest.mark.parametrize("name", ["english.html", "seed/gbk-nolabel.html", "structure.html"])
def test_the_dict_equals_the_cli_json(name):
    out = subprocess.run(
        [os.environ["GLEANER_BIN"], "extract", "--explain", str(FIXTURES / name)],
        check=True,
        capture_output=True,
    ).stdout
    assert without_timing(gleaner.extract(page(name), explain=True)) == without_timing(
        json.loads(out)
    )


def test_bytes_in_a_legacy_charset_and_a_str_already_decoded():
    gbk = page("seed/gbk-gb2312.html")
    a = gleaner.extract(gbk)
    assert a["encoding"]["name"] == "GBK"
    # The same page as a str: read as the text it is, whatever its <meta charset> says.
    s = gleaner.extract(gbk.decode("gbk"))
    assert s["encoding"]["name"] == "UTF-8"
    assert s["text"] == a["text"] and "返回頂部" not in s["text"]
    # The transport's label, as a crawler got it, is passed as charset.
    assert gleaner.extract(page("seed/gbk-nolabel.html"), charset="gbk")["text"] == a["text"]


def test_options_are_the_service_ones_and_bad_ones_are_refused():
    html = page("seed/utf8.html")
    explained = gleaner.extract(html, explain=True, mode="precision")
    assert any(r["rule"] for r in explained["removed"])
    assert "removed" not in gleaner.extract(html) or not gleaner.extract(html)["removed"]
    assert "<p>" in gleaner.extract(html, format="html")["html"]
    md = gleaner.extract(
        page("links-images.html"), url="https://valley.example.com/news/mill.html", format="markdown", links=True
    )
    assert md["markdown"].startswith("# Rebuilding the old mill\n")
    assert "[old mill](<https://valley.example.com/stories/2024/mill-history.html>)" in md["markdown"]
    assert md["links"][0] == {"text": "old mill", "href": "https://valley.example.com/stories/2024/mill-history.html"}
    assert md["images"][0]["src"] == "https://valley.example.com/stories/media/lead.jpg"
    # The page's type: detected, or forced by the caller; explain says why.
    assert gleaner.extract(html)["page_type"] == "article"
    forced = gleaner.extract(html, page_type="service", explain=True)
    assert forced["page_type"] == "service"
    assert forced["page_type_evidence"]["source"] == "caller"
    with pytest.raises(ValueError, match="unknown variant `blog`"):
        gleaner.extract(html, page_type="blog")
    with pytest.raises(TypeError, match="unknown field `bogus`"):
        gleaner.extract(html, bogus=1)
    with pytest.raises(ValueError, match="unknown variant `sideways`"):
        gleaner.extract(html, mode="sideways")
    with pytest.raises(TypeError):
        gleaner.extract(12345)
    with pytest.raises(TypeError):
        gleaner.extract(html, max_busy_ms="soon")


def test_a_broken_limit_is_a_gleaner_error_with_its_code():
    huge_attribute = b'<p title="' + b"x" * 100_000 + b'">text</p>'
    with pytest.raises(gleaner.GleanerError) as e:
        gleaner.extract(huge_attribute, max_parser_memory=1024)
    assert e.value.code == "limit_exceeded"
    assert "max_parser_memory" in str(e.value)


def test_streaming_in_small_pieces_equals_the_whole_page():
    html = page("structure.html")
    ex = gleaner.Extractor(url="https://example.com/", explain=True)
    for i in range(0, len(html), 7):
        ex.write(html[i : i + 7])
    streamed = ex.finish()
    whole = gleaner.extract(html, url="https://example.com/", explain=True)
    assert without_timing(streamed) == without_timing(whole)
    with pytest.raises(RuntimeError, match="spent"):
        ex.write(b"more")
    with pytest.raises(RuntimeError, match="spent"):
        ex.finish()
    with pytest.raises(TypeError):
        gleaner.Extractor().write("a str")


def test_a_streaming_error_poisons_the_extractor():
    ex = gleaner.Extractor(max_parser_memory=1024)
    ex.write(b'<p title="')
    with pytest.raises(gleaner.GleanerError) as e:
        for _ in range(100):
            ex.write(b"x" * 1000)
    assert e.value.code == "limit_exceeded"
    with pytest.raises(gleaner.GleanerError) as e:
        ex.write(b'">text</p>')
    assert e.value.code == "extractor_poisoned"


def test_an_extractor_dropped_unfinished_or_used_from_another_thread():
    ex = gleaner.Extractor()
    ex.write(b"<p>never finished</p>")
    del ex
    ex = gleaner.Extractor()
    ex.write(b"<html><title>T</title><body><p>" + PROSE.encode() + b"</p>")
    got = {}
    t = threading.Thread(target=lambda: got.setdefault("a", ex.finish()))
    t.start()
    t.join()
    assert got["a"]["text"] == PROSE.strip()


def test_the_gil_is_released_while_extracting():
    # A page that takes a while; the main thread keeps running Python meanwhile. Were the
    # GIL held, it would stall for the whole extraction.
    heavy = ("<html><body><article>" + ("<p>" + PROSE + "</p>") * 20_000).encode()
    took = {}

    def work():
        start = time.perf_counter()
        gleaner.extract(heavy)
        took["s"] = time.perf_counter() - start

    t = threading.Thread(target=work)
    last = time.perf_counter()
    gap = 0.0
    t.start()
    while t.is_alive():
        now = time.perf_counter()
        gap = max(gap, now - last)
        last = now
    t.join()
    assert took["s"] > 0.05, took
    assert gap < took["s"] / 2, (gap, took)


def test_threads_extract_the_same_as_one():
    from concurrent.futures import ThreadPoolExecutor

    pages = [page(n) for n in ["english.html", "structure.html", "seed/utf8.html"]] * 8
    alone = [without_timing(gleaner.extract(p)) for p in pages]
    with ThreadPoolExecutor(4) as pool:
        together = [without_timing(a) for a in pool.map(gleaner.extract, pages)]
    assert together == alone


def test_a_record_gives_the_line_batch_writes():
    import base64

    gbk = page("seed/gbk-gb2312.html")
    line = json.dumps({"id": {"n": 1}, "url": "https://example.com/x", "charset": "gbk",
                       "html_base64": base64.b64encode(gbk).decode()})
    out = gleaner.extract_record(line)
    assert out["id"] == {"n": 1}
    assert out["url"] == "https://example.com/x"
    assert without_timing(out["article"]) == without_timing(gleaner.extract(gbk, url="https://example.com/x", charset="gbk"))
    assert gleaner.extract_record(line.encode(), mode="precision")["article"]["text"]
    assert gleaner.extract_record('{"id": 2, "html": "<p>x</p>", "html_base64": "eA=="}') == {
        "id": 2, "error": {"code": "ambiguous_html", "message": "both html and html_base64 were given"}}
    assert gleaner.extract_record('{"id": 3}')["error"]["code"] == "missing_html"
    assert gleaner.extract_record('{"id": 4, "html_base64": "!!"}')["error"]["code"] == "invalid_base64"
    assert gleaner.extract_record("{not json")["error"]["code"] == "invalid_json"
    assert gleaner.extract_record("{not json")["id"] is None
    assert gleaner.extract_record(b"\xff\xfe")["error"]["code"] == "invalid_json"
    with pytest.raises(TypeError):
        gleaner.extract_record({"id": 1, "html": "x"})


@pytest.mark.skipif(not os.environ.get("GLEANER_BIN"), reason="GLEANER_BIN not set")
def test_records_equal_batch_lines(tmp_path):
    import base64

    records = [{"id": n, "html_base64": base64.b64encode(page(n)).decode()}
               for n in ["english.html", "seed/gbk-nolabel.html", "zh-notices.html"]]
    records += [{"id": "t", "html": "<title>T</title><p>" + PROSE}, {"id": "bad"}]
    lines = [json.dumps(r) for r in records] + ["[1, 2]"]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    out = subprocess.run([os.environ["GLEANER_BIN"], "batch", "--input", "jsonl", str(jsonl)],
                         capture_output=True, check=False).stdout.splitlines()
    assert len(out) == len(lines)
    for n, (line, batch_line) in enumerate(zip(lines, out), start=1):
        mine, theirs = gleaner.extract_record(line), json.loads(batch_line)
        # batch numbers its inputs (for --resume); a single record has no number.
        assert theirs.pop("input") == n
        if "article" in theirs:
            mine["article"], theirs["article"] = without_timing(mine["article"]), without_timing(theirs["article"])
        else:
            # batch names a line that is no record by its number; the package has no lines.
            if isinstance(theirs["id"], dict):
                theirs["id"] = None
            # and says which line it was.
            theirs["error"]["message"] = theirs["error"]["message"].split(": ", 1)[1]
        assert mine == theirs


def warc_gz(kind, rid, uri, block, content_type):
    """One WARC record as its own gzip member."""
    import gzip

    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n")


def test_a_warc_file_gives_its_pages_one_at_a_time(tmp_path):
    gbk = page("seed/gbk-nolabel.html")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\n\r\n" + gbk
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(
        warc_gz("warcinfo", "i", "", b"software: test\r\n", "application/warc-fields")
        + warc_gz("response", "p", "https://example.com/zh", http, "application/http; msgtype=response")
        + warc_gz("resource", "r", "https://example.com/en", page("english.html"), "text/html")
        + warc_gz("resource", "img", "https://example.com/i.png", b"\x89PNG", "image/png")
        + warc_gz("resource", "cut", "https://example.com/c", b"<p>cut</p>" * 99, "text/html")[:60])
    pages = gleaner.extract_warc(warc, mode="precision")
    lines = list(pages)
    assert [l["id"] for l in lines[:2]] == ["<urn:uuid:p>", "<urn:uuid:r>"]
    assert lines[0]["article"]["url"] == "https://example.com/zh"
    assert without_timing(lines[0]["article"]) == without_timing(
        gleaner.extract(gbk, url="https://example.com/zh", charset="gbk", mode="precision"))
    assert lines[0]["article"]["encoding"]["source"] == "transport"
    assert len(lines) == 3 and lines[2]["error"]["code"] == "io_error", lines[2:]
    assert pages.skipped == 2
    with pytest.raises(OSError):
        gleaner.extract_warc(tmp_path / "missing.warc")
    if os.environ.get("GLEANER_BIN"):
        out = subprocess.run([os.environ["GLEANER_BIN"], "batch", "--mode", "precision", str(warc)],
                             capture_output=True, check=False).stdout.splitlines()
        theirs = [json.loads(l) for l in out]
        for batch_line in theirs:
            assert isinstance(batch_line.pop("input"), int)
        for mine, batch_line in zip(lines, theirs):
            for line in (mine, batch_line):
                if "article" in line:
                    line["article"] = without_timing(line["article"])
        assert lines == theirs
