"""One RawInput to one Document: text headers, HTML extraction, record fields."""

from __future__ import annotations

import json

from newsloom.errors import CleanError, ReadError
from newsloom.models import Document, RawInput
from newsloom.read.charset import binary_reason, decode_bytes
from newsloom.read.headers import split_text_headers
from newsloom.read.html import HtmlFields, decode_html_bytes, extract_html
from newsloom.read.options import ReadOptions
from newsloom.read.records import map_fields, scalar_text

__all__ = ["decode"]

# DESIGN.md's record fields that land on a Document (id is the RawInput's source_id).
_RECORD_FIELDS = (
    "title",
    "url",
    "published",
    "updated",
    "outlet",
    "author",
    "language",
    "story_key",
)


def _text_of(raw: RawInput) -> str:
    reason = binary_reason(raw.payload)
    if reason is not None:
        raise ReadError(raw.origin, reason)
    text = decode_bytes(raw.payload, raw.meta.get("charset"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(raw: RawInput) -> Document:
    text = _text_of(raw)
    if not text.strip():
        raise CleanError(raw.origin, "empty text")
    headers = split_text_headers(text)
    if not headers.body.strip():
        raise CleanError(raw.origin, f"no article text below the {len(headers.lines)} header lines")
    fields = headers.fields
    return Document(
        raw_hash=raw.content_hash,
        origin=raw.origin,
        source_id=raw.source_id,
        text=headers.body,
        title=fields.get("title") or raw.meta.get("title"),
        url=fields.get("url") or raw.meta.get("url"),
        published=fields.get("published"),
        updated=fields.get("updated"),
        outlet=fields.get("outlet"),
        author=fields.get("author"),
        language=fields.get("language"),
        headers=headers.lines,
        raw_length=len(text),
    )


def _decode_html(raw: RawInput) -> Document:
    if not raw.payload.strip():
        raise CleanError(raw.origin, "no article text in HTML (empty page)")
    reason = binary_reason(raw.payload)
    if reason is not None:
        raise ReadError(raw.origin, reason)
    html = decode_html_bytes(raw.payload, raw.meta.get("charset"))
    page = extract_html(html, raw.origin, raw.meta.get("url"))
    return Document(
        raw_hash=raw.content_hash,
        origin=raw.origin,
        source_id=raw.source_id,
        text=page.text,
        title=page.title or raw.meta.get("title"),
        url=page.url,
        published=page.published,
        updated=page.updated,
        outlet=page.outlet,
        author=page.author,
        language=page.language,
        raw_length=len(html),
    )


def _decode_record(raw: RawInput, options: ReadOptions) -> Document:
    try:
        parsed = json.loads(decode_bytes(raw.payload))
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON record: {exc.msg} (column {exc.colno})"
        raise ReadError(raw.origin, reason) from exc
    except (ValueError, RecursionError) as exc:
        raise ReadError(raw.origin, f"unreadable JSON record: {exc}") from exc
    if not isinstance(parsed, dict):
        raise CleanError(raw.origin, f"record is a JSON {type(parsed).__name__}, not an object")
    record = map_fields(parsed, options.field_map)
    given = {name: scalar_text(record.get(name)) for name in _RECORD_FIELDS}
    text = record.get("text")
    html = record.get("html")
    page: HtmlFields | None = None
    if isinstance(text, str) and text.strip():
        body, raw_length = text.replace("\r\n", "\n").strip(), len(text)
    elif isinstance(html, str) and html.strip():
        page = extract_html(html, raw.origin, given["url"] or raw.meta.get("url"))
        body, raw_length = page.text, len(html)
    else:
        names = ", ".join(sorted(record)) or "none"
        mapping = " after field_map" if options.field_map else ""
        raise CleanError(
            raw.origin, f"record has no non-empty 'text' or 'html' field{mapping} (fields: {names})"
        )

    def pick(name: str) -> str | None:
        # The record's own fields win over what its page says about itself.
        return given[name] or (getattr(page, name) if page is not None else None)

    return Document(
        raw_hash=raw.content_hash,
        origin=raw.origin,
        source_id=raw.source_id,
        text=body,
        title=pick("title"),
        url=pick("url") or raw.meta.get("url"),
        published=pick("published"),
        updated=pick("updated"),
        outlet=pick("outlet"),
        author=pick("author"),
        language=pick("language"),
        story_key=given["story_key"],
        raw_length=raw_length,
    )


def decode(raw: RawInput, options: ReadOptions) -> Document:
    """Decode one RawInput into a Document; raises ReadError or CleanError for bad input."""
    if raw.kind == "text":
        return _decode_text(raw)
    if raw.kind == "html":
        return _decode_html(raw)
    if raw.kind == "record":
        return _decode_record(raw, options)
    raise ReadError(raw.origin, f"unknown input kind {raw.kind!r}")
