"""Type hints of gleaner's extension module (see gleaner/__init__.py)."""

import os
from typing import Any, Dict, Iterator, Literal, Optional, TypedDict, Union

from typing_extensions import Unpack

__version__: str

Page = Union[bytes, bytearray, str]

class Options(TypedDict, total=False):
    """The options of every call: the service's request options and the per-page limits
    (by their flag names)."""

    explain: bool
    format: Literal["json", "html", "markdown", "text"]
    links: bool
    mode: Literal["precision", "balanced", "recall"]
    repair_readings: bool
    ruby: Literal["drop", "keep"]
    script: Literal["hans", "hant"]
    width: Literal["keep", "narrow"]
    input_format: Literal["auto", "html", "text"]
    page_type: Literal[
        "auto", "article", "forum", "product", "collection", "listing", "documentation", "service"
    ]
    sniff_bytes: int
    max_parser_memory: int
    max_text_bytes: int
    max_page_memory: int
    max_depth: int
    max_json_ld_bytes: int
    max_busy_ms: int

class GleanerError(Exception):
    """An extraction failed; ``code`` is gleaner's stable error code."""

    code: str

def extract(
    html: Page,
    /,
    url: Optional[str] = None,
    charset: Optional[str] = None,
    **options: Unpack[Options],
) -> Dict[str, Any]:
    """Extracts the article of one page: the HTTP service's JSON as a dict.

    ``html`` is the page's bytes in any charset (``charset``: the transport's label) or
    an already decoded ``str``. Raises ``GleanerError`` when a limit is broken,
    ``TypeError`` for an unknown option and ``ValueError`` for a bad option value.
    """

def extract_record(
    record: Union[str, bytes],
    /,
    **options: Unpack[Options],
) -> Dict[str, Any]:
    """Extracts one JSON record ``{"id", "url", "charset", "html" | "html_base64"}`` (a
    JSONL line) with the GIL released; returns the line ``gleaner batch --input jsonl``
    writes for it (without its ``input`` number): ``{"id", "url", "article"}`` or
    ``{"id", "url", "error": {"code", "message"}}`` (``url``: the record's own, when it
    has one). Never raises for a bad record."""

def extract_warc(
    path: Union[str, "os.PathLike[str]"],
    /,
    **options: Unpack[Options],
) -> "WarcPages":
    """The pages of a WARC file (``.warc`` or ``.warc.gz``), extracted one record at a
    time as ``gleaner batch`` does; yields its lines: ``{"id": WARC-Record-ID, "url":
    WARC-Target-URI, "article"}`` or ``{"id", "error": {"code", "message"}}``. Raises ``OSError`` when the file cannot
    be opened."""

class WarcPages(Iterator[Dict[str, Any]]):
    """The lines of a WARC file's pages (see ``extract_warc``)."""

    skipped: int
    """Records read so far that are not HTML pages."""

    def __iter__(self) -> "WarcPages": ...
    def __next__(self) -> Dict[str, Any]: ...

class Extractor:
    """One page given in pieces: ``write`` them as they arrive, then ``finish``."""

    def __init__(
        self,
        url: Optional[str] = None,
        charset: Optional[str] = None,
            **options: Unpack[Options],
    ) -> None: ...
    def write(self, chunk: Union[bytes, bytearray], /) -> None:
        """Feeds the next piece of the page; raises ``GleanerError`` past a limit."""
    def finish(self) -> Dict[str, Any]:
        """Ends the page and returns its article; the extractor is spent afterwards."""
