"""Which reader an input needs: by file name first, then by its first bytes."""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Mapping
from typing import Literal

__all__ = [
    "GZIP_MAGIC",
    "HTML_TYPES",
    "Format",
    "format_from_content",
    "format_from_name",
    "is_gzip",
    "name_stem",
    "table_format",
]

Format = Literal["text", "html", "jsonl", "json", "csv", "tsv", "feed", "warc"]

GZIP_MAGIC = b"\x1f\x8b"
# Content-Types of an HTML page, in HTTP responses, WARC records and feed entries.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".arc": "warc",
}
_COMPRESSED = (".gz",)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_XML_DECL = re.compile(rb"<\?xml[^>]*\?>\s*", re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"


def name_stem(name: str) -> str:
    """A file name without its format suffixes: ``a.jsonl.gz`` -> ``a``."""
    stem = name
    lowered = stem.lower()
    for suffix in _COMPRESSED:
        if lowered.endswith(suffix):
            stem, lowered = stem[: -len(suffix)], lowered[: -len(suffix)]
    dot = stem.rfind(".")
    return stem[:dot] if dot > 0 else stem


def format_from_name(name: str) -> Format | None:
    """The format a file name says (``x.jsonl.gz`` -> jsonl), or None when it says none."""
    lowered = name.lower()
    for suffix in _COMPRESSED:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
    dot = lowered.rfind(".")
    if dot <= 0:
        return None
    return _SUFFIXES.get(lowered[dot:])


def _gunzip_head(head: bytes) -> bytes:
    # Enough of the decompressed start to sniff; a truncated member is fine here.
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 4096)
    except zlib.error:
        return b""


def format_from_content(head: bytes) -> Format:
    """The format the first bytes of an input look like (text when nothing else fits)."""
    if head.startswith(GZIP_MAGIC):
        inner = _gunzip_head(head)
        if not inner:
            return "text"  # left for the binary check to refuse
        return format_from_content(inner)
    body = head.removeprefix(_BOM).lstrip()
    if body.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if body.startswith(b"<"):
        rest = _XML_DECL.sub(b"", body, count=1)
        if _HTML_START.match(rest) or _HTML_START.search(rest[:2048]):
            return "html" if not _FEED_ROOT.match(rest) else "feed"
        if _FEED_ROOT.search(rest[:4096]):
            return "feed"
        return "html"
    if body.startswith(b"{"):
        return "jsonl"
    if body.startswith(b"["):
        return "json"
    return "text"


def table_format(head: bytes, field_map: Mapping[str, str]) -> Format | None:
    """The table format ("csv", "tsv") of an unnamed input (standard input) whose first line
    is a header row naming a ``text`` column (after ``field_map``); None otherwise."""
    if head.startswith(GZIP_MAGIC):
        head = _gunzip_head(head)
    first = head.removeprefix(_BOM).split(b"\n", 1)[0].rstrip(b"\r")
    try:
        line = first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = "\t" if "\t" in line else ","
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    names = {field_map.get(cell.strip(), cell.strip()) for cell in cells}
    # Two columns at least, one of them the article text: a prose line is no such header.
    if len(cells) < 2 or "text" not in names:
        return None
    return "tsv" if delimiter == "\t" else "csv"


def is_gzip(head: bytes) -> bool:
    """True when ``head`` starts a gzip stream."""
    return head.startswith(GZIP_MAGIC)
