"""From paths, URLs and standard input to RawInputs, one per article, and Failures."""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsloom.errors import FetchError, InputError, ReadError
from newsloom.models import Failure, RawInput, RawKind
from newsloom.read.charset import binary_reason
from newsloom.read.feeds import iter_feed
from newsloom.read.fetch import fetch_url
from newsloom.read.options import ReadOptions
from newsloom.read.records import iter_csv, iter_json, iter_jsonl
from newsloom.read.sniff import (
    Format,
    format_from_content,
    format_from_name,
    is_gzip,
    name_stem,
    table_format,
)
from newsloom.read.warc import iter_warc

__all__ = ["read_sources"]

_HEAD = 8192
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
STDIN_ORIGIN = "<stdin>"
_CONTENT_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/warc": "warc",
}
_Item = RawInput | Failure


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff them) and are put back."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _guarded(items: Iterator[_Item], origin: str) -> Iterator[_Item]:
    """Items of one input; a whole-input error becomes that input's Failure."""
    try:
        yield from items
    except FetchError as exc:
        yield Failure(origin=exc.origin, stage="fetch", reason=exc.reason)
    except InputError as exc:
        yield Failure(origin=exc.origin, stage="read", reason=exc.reason)
    except (OSError, EOFError, zlib.error) as exc:  # unreadable file, broken gzip stream
        detail = getattr(exc, "strerror", None) or exc
        yield Failure(origin=origin, stage="read", reason=f"cannot read: {detail}")


def _stream_records(
    stream: BinaryIO, fmt: Format, origin: str, stem: str, options: ReadOptions
) -> Iterator[_Item]:
    """Formats read one record at a time, never whole."""
    if fmt == "warc":
        # fastwarc detects and undoes gzip members itself.
        yield from iter_warc(stream, origin, options.max_record_bytes)
        return
    head = stream.peek(2)[:2] if isinstance(stream, io.BufferedReader) else b""
    inner: BinaryIO = gzip.GzipFile(fileobj=stream) if is_gzip(head) else stream  # type: ignore[assignment]
    if fmt == "jsonl":
        items = iter_jsonl(inner, origin, stem, options)
    else:
        items = iter_csv(inner, origin, stem, options, delimiter="\t" if fmt == "tsv" else ",")
    count = 0
    for count, item in enumerate(items, start=1):  # noqa: B007 - count is read below
        yield item
    if count == 0:
        raise ReadError(origin, f"no {fmt.upper()} records in it (only blank lines)")


def _whole(
    data: bytes,
    fmt: Format,
    origin: str,
    source_id: str,
    options: ReadOptions,
    meta: dict[str, str],
    what: str,
) -> Iterator[_Item]:
    """Formats read whole (already size-capped): text, HTML, feeds, JSON documents."""
    if not data.strip():
        detail = "0 bytes" if not data else "only whitespace"
        raise ReadError(origin, f"empty {what} ({detail})")
    if fmt in ("jsonl", "csv", "tsv", "warc"):
        buffered = io.BufferedReader(io.BytesIO(data))
        yield from _stream_records(buffered, fmt, origin, source_id, options)
        return
    reason = binary_reason(data)
    if reason is not None:
        raise ReadError(origin, f"{what} holds {reason}")
    if fmt == "feed":
        yield from iter_feed(data, origin, source_id)
    elif fmt == "json":
        yield from iter_json(data, origin, source_id, options)
    else:
        kind: RawKind = "html" if fmt == "html" else "text"
        yield RawInput(origin=origin, source_id=source_id, kind=kind, payload=data, meta=meta)


def _read_capped(stream: BinaryIO | io.BufferedIOBase, cap: int, origin: str, what: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise ReadError(origin, f"{what} is over the {cap:,}-byte max_file_bytes cap; not read")
    return data


def _read_file(path: Path, options: ReadOptions) -> Iterator[_Item]:
    origin = str(path)
    stem = name_stem(path.name)
    size = path.stat().st_size
    if size == 0:
        raise ReadError(origin, "empty file (0 bytes)")
    with path.open("rb") as stream:
        head = stream.read(_HEAD)
        stream.seek(0)
        fmt = format_from_name(path.name) or format_from_content(head)
        if fmt in ("jsonl", "csv", "tsv", "warc"):
            yield from _stream_records(stream, fmt, origin, stem, options)
            return
        cap = options.max_file_bytes
        if is_gzip(head):
            try:
                with gzip.GzipFile(fileobj=stream) as inner:
                    data = _read_capped(inner, cap, origin, "decompressed content")
            except (OSError, EOFError, zlib.error) as exc:
                raise ReadError(origin, f"broken gzip stream: {exc}") from exc
        elif size > cap:
            # Refused on its size alone: a 50 MB one-line file is never read into memory.
            reason = f"file is {size:,} bytes, over the {cap:,}-byte max_file_bytes cap; not read"
            raise ReadError(origin, reason)
        else:
            data = _read_capped(stream, cap, origin, "file")
        yield from _whole(data, fmt, origin, stem, options, {}, "file")


def _read_stdin(stream: BinaryIO, options: ReadOptions) -> Iterator[_Item]:
    head = stream.read(_HEAD)
    fmt = format_from_content(head)
    if fmt == "text":
        # no name tells a piped table from prose: its header row does
        fmt = table_format(head, options.field_map) or fmt
    rest = io.BufferedReader(_Prefixed(head, stream))
    if fmt == "warc":
        # fastwarc seeks in its input (a pipe cannot: it panicked), so the archive is
        # spooled to a temporary file, on disk rather than in memory
        with tempfile.TemporaryFile() as spool:
            shutil.copyfileobj(rest, spool)
            spool.seek(0)
            yield from _stream_records(spool, fmt, STDIN_ORIGIN, "stdin", options)
        return
    if fmt in ("jsonl", "csv", "tsv"):
        yield from _stream_records(rest, fmt, STDIN_ORIGIN, "stdin", options)
        return
    cap = options.max_file_bytes
    if is_gzip(head):
        with gzip.GzipFile(fileobj=rest) as inner:
            data = _read_capped(inner, cap, STDIN_ORIGIN, "decompressed standard input")
    else:
        data = _read_capped(rest, cap, STDIN_ORIGIN, "standard input")
    yield from _whole(data, fmt, STDIN_ORIGIN, "stdin", options, {}, "standard input")


def _read_url(url: str, options: ReadOptions) -> Iterator[_Item]:
    page = fetch_url(url, options)
    fmt = _CONTENT_TYPES.get(page.content_type) or format_from_content(page.body[:_HEAD])
    meta = {"url": page.url}
    if page.charset:
        meta["charset"] = page.charset
    yield from _whole(page.body, fmt, url, url, options, meta, "response body")


def _walk(folder: Path) -> Iterator[Path | Failure]:
    """Files under ``folder``, sorted by name at each level, hidden ones skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        reason = f"cannot list folder: {exc.strerror or exc}"
        yield Failure(origin=str(folder), stage="read", reason=reason)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file():
            yield path


def _url_scheme(source: str) -> str | None:
    found = _SCHEME.match(source)
    return found.group(1).lower() if found else None


def read_sources(
    sources: Iterable[str], options: ReadOptions, stdin: BinaryIO | None = None
) -> Iterator[RawInput | Failure]:
    """Read files, folders, http(s) URLs and "-" (stdin): one RawInput per article.

    Never raises for bad input: each input that cannot be read gives a Failure naming it
    and why, and the rest go on. Large JSONL, CSV and WARC inputs are streamed.
    """
    for source in sources:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(_read_stdin(stream, options), STDIN_ORIGIN)
        elif (scheme := _url_scheme(source)) is not None:
            if scheme in ("http", "https"):
                yield from _guarded(_read_url(source, options), source)
            else:
                reason = f"unsupported URL scheme {scheme!r}: only http and https are fetched"
                yield Failure(origin=source, stage="fetch", reason=reason)
        else:
            path = Path(source)
            if path.is_dir():
                for item in _walk(path):
                    if isinstance(item, Failure):
                        yield item
                    else:
                        yield from _guarded(_read_file(item, options), str(item))
            elif path.exists():
                yield from _guarded(_read_file(path, options), source)
            else:
                yield Failure(origin=source, stage="read", reason="no such file or folder")
