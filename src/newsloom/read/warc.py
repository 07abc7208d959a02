"""WARC archives (plain or gzip): HTML response records, streamed via fastwarc."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from newsloom.errors import ReadError
from newsloom.models import Failure, RawInput
from newsloom.read.sniff import HTML_TYPES

__all__ = ["iter_warc"]


def iter_warc(stream: BinaryIO, origin: str, max_record_bytes: int) -> Iterator[RawInput | Failure]:
    """One ``html`` RawInput per 2xx HTML response record of a WARC stream."""
    responses = 0
    html_records = 0
    records = ArchiveIterator(
        stream,
        record_types=WarcRecordType.response,
        parse_http=True,
        auto_decode="all",  # undo gzip/chunked transfer so the payload is the page itself
    )
    try:
        for record in records:
            responses += 1
            where = f"{origin}#{responses}"
            content_type = (record.http_content_type or "").lower()
            status = record.http_headers.status_code if record.http_headers is not None else None
            if content_type not in HTML_TYPES or (status is not None and not 200 <= status < 300):
                continue  # images, scripts, redirects and error pages are not articles
            html_records += 1
            uri = (record.headers.get("WARC-Target-URI") or "").strip("<> ")
            body = record.reader.read(max_record_bytes + 1) if record.reader is not None else b""
            if len(body) > max_record_bytes:
                reason = (
                    f"response record {responses} ({uri}) has a payload over the "
                    f"{max_record_bytes:,}-byte max_record_bytes cap; skipped"
                )
                yield Failure(origin=where, stage="read", reason=reason)
                continue
            meta = {"url": uri} if uri else {}
            warc_date = record.headers.get("WARC-Date")
            if warc_date:
                meta["warc_date"] = warc_date
            if record.http_charset:
                meta["charset"] = record.http_charset
            yield RawInput(
                origin=where, source_id=uri or where, kind="html", payload=body, meta=meta
            )
    except OSError as exc:
        reason = f"not a readable WARC stream after {responses} response records: {exc}"
        raise ReadError(origin, reason) from exc
    if html_records == 0:
        reason = f"WARC holds no HTML response records ({responses} responses in all)"
        raise ReadError(origin, reason)
