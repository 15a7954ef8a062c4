"""gleaner: turns raw scraped web pages into clean article JSON.

The Rust library of the gleaner service, in-process: ``extract(html)`` returns the same
dict as the HTTP service's JSON, ``extract_record(line)`` takes a JSONL record of
``gleaner batch --input jsonl`` and returns its output line, ``extract_warc(path)`` yields
the lines of a WARC file's pages, and ``Extractor`` takes a page in pieces. All release the
GIL while they work, so a thread pool extracts on every core.
"""

from gleaner._gleaner import (
    Extractor,
    GleanerError,
    WarcPages,
    __version__,
    extract,
    extract_record,
    extract_warc,
)

__all__ = [
    "extract",
    "extract_record",
    "extract_warc",
    "Extractor",
    "WarcPages",
    "GleanerError",
    "__version__",
]
