"""Export stored records in DESIGN.md's stable contracts as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal

from newsloom.errors import ConfigError
from newsloom.store import SQLiteStore

__all__ = ["EXPORT_FIELDS", "ExportFormat", "export", "export_rows"]

ExportFormat = Literal["jsonl", "csv", "parquet"]

EXPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "source_id",
        "url",
        "title",
        "outlet",
        "published",
        "language",
        "event_id",
        "storyline_id",
        "duplicate_of",
        "published_precision",
        "updated",
        "outlet_evidence",
        "byline",
        "wire",
        "story_key",
    ),
    "stories": (
        "event_id",
        "storyline_id",
        "title",
        "first_seen",
        "last_seen",
        "article_ids",
        "outlets",
    ),
}


def _articles(store: SQLiteStore) -> Iterator[dict[str, Any]]:
    fields = EXPORT_FIELDS["articles"]
    for row in store.articles():
        yield {name: row[name] for name in fields}


def _stories(store: SQLiteStore) -> Iterator[dict[str, Any]]:
    for story in store.stories():
        yield {
            "event_id": story.event_id,
            "storyline_id": story.storyline_id,
            "title": story.title,
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
            "article_ids": list(story.article_ids),
            "outlets": list(story.outlets),
        }


_KINDS: dict[str, Callable[[SQLiteStore], Iterator[dict[str, Any]]]] = {
    "articles": _articles,
    "stories": _stories,
}


def export_rows(store: SQLiteStore, kind: str) -> Iterator[dict[str, Any]]:
    """The records of one export kind, as dictionaries."""
    if kind not in _KINDS:
        raise ConfigError(f"unknown export kind {kind!r}; known kinds: {', '.join(sorted(_KINDS))}")
    return _KINDS[kind](store)


def export(store: SQLiteStore, kind: str, fmt: str, out: BinaryIO | Path) -> int:
    """Write one export kind to a binary stream or file; returns the number of records."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise ConfigError(f"unknown export format {fmt!r}; use jsonl, csv or parquet")
    rows = export_rows(store, kind)
    fields = EXPORT_FIELDS[kind]
    if isinstance(out, Path):
        with out.open("wb") as stream:
            return _write(rows, fields, fmt, stream)
    return _write(rows, fields, fmt, out)


def _write(rows: Iterator[dict[str, Any]], fields: tuple[str, ...], fmt: str, out: BinaryIO) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
        return count
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.DictWriter(text, fieldnames=list(fields))
        writer.writeheader()
        for row in rows:
            # lists become JSON arrays so that a CSV cell round-trips
            writer.writerow(
                {k: json.dumps(v) if isinstance(v, list) else v for k, v in row.items()}
            )
            count += 1
        text.detach()
        return count
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = list(rows)
    # a fixed schema, so that an empty or all-null column keeps its type
    schema = pa.schema(
        [(f, pa.list_(pa.string()) if f in _LIST_FIELDS else pa.string()) for f in fields]
    )
    pq.write_table(pa.Table.from_pylist(records, schema=schema), out)
    return len(records)


_LIST_FIELDS = frozenset({"article_ids", "outlets", "aliases"})
