"""RSS and Atom feeds: one record per entry, via feedparser."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from newsloom.errors import ReadError
from newsloom.models import RawInput
from newsloom.read.sniff import HTML_TYPES

__all__ = ["iter_feed"]


def _get(entry: Mapping[str, Any], key: str) -> str | None:
    # dict.get, not entry.get: feedparser's own get() maps "updated" onto "published"
    # with a DeprecationWarning, and we want each field only where the feed gave it.
    value = dict.get(entry, key)  # type: ignore[call-overload]
    return value.strip() if isinstance(value, str) and value.strip() else None


def _body(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """("html" or "text", value) from the entry's full content, else its summary."""
    contents = dict.get(entry, "content") or []  # type: ignore[call-overload]
    details = [item for item in contents if isinstance(item, Mapping)]
    summary = dict.get(entry, "summary_detail")  # type: ignore[call-overload]
    if isinstance(summary, Mapping):
        details.append(summary)
    for detail in details:
        value = detail.get("value")
        if isinstance(value, str) and value.strip():
            kind = "html" if detail.get("type") in HTML_TYPES else "text"
            return kind, value
    return None


def iter_feed(data: bytes, origin: str, stem: str) -> Iterator[RawInput]:
    """One ``record`` RawInput per feed entry that has a body."""
    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise ReadError(origin, f"not a readable RSS/Atom feed, no entries found{detail}")
    feed = parsed.feed
    outlet = _get(feed, "title")
    language = _get(feed, "language")
    yielded = 0
    for index, entry in enumerate(entries, start=1):
        body = _body(entry)
        if body is None:
            continue  # a headline-only entry is no article; the feed itself is fine
        fields = {
            "id": _get(entry, "id") or _get(entry, "link"),
            "url": _get(entry, "link"),
            "title": _get(entry, "title"),
            "published": _get(entry, "published") or _get(entry, "updated"),
            "updated": _get(entry, "updated"),
            "author": _get(entry, "author"),
            "outlet": outlet,
            "language": language,
            body[0]: body[1],
        }
        record = {key: value for key, value in fields.items() if value is not None}
        source_id = record.get("id") or f"{stem}#{index}"
        payload = json.dumps(record, ensure_ascii=False).encode()
        yielded += 1
        where = f"{origin}#{index}"
        yield RawInput(origin=where, source_id=source_id, kind="record", payload=payload)
    if not yielded:
        raise ReadError(origin, f"feed has {len(entries)} entries but none with content or summary")
