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
    "entities": ("entity_id", "name", "type", "aliases", "country", "article_ids"),
    "quotes": (
        "quote_id",
        "article_id",
        "statement_id",
        "speaker_entity_id",
        "speaker_text",
        "cue",
        "text",
        "kind",
        "start",
        "end",
        "story_id",
        "speaker_name",
    ),
    "events": (
        "event_id",
        "date",
        "date_precision",
        "source_actor",
        "source_code",
        "target_actor",
        "target_code",
        "plover",
        "cameo",
        "location",
        "article_ids",
        "evidence",
        "story_id",
        "storyline_id",
    ),
    "coverage": ("story_id", "fact_id", "fact", "article_ids", "outlets"),
    "summaries": ("story_id", "sentences"),
}

# columns stored as JSON text, decoded on export
_JSON_COLUMNS = frozenset({"aliases", "article_ids", "outlets", "evidence", "sentences"})


def _table(sql: str) -> Callable[[SQLiteStore], Iterator[dict[str, Any]]]:
    def rows(store: SQLiteStore) -> Iterator[dict[str, Any]]:
        for row in store.db.execute(sql):
            yield {
                k: json.loads(row[k]) if k in _JSON_COLUMNS and row[k] is not None else row[k]
                for k in row.keys()  # noqa: SIM118 (sqlite3.Row iterates values)
            }

    return rows


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
    "entities": _table(
        "SELECT entity_id, name, type, aliases, country, article_ids FROM entities "
        "ORDER BY entity_id"
    ),
    "quotes": _table(
        "SELECT q.quote_id, q.article_id, q.statement_id, q.speaker_entity_id, q.speaker_text, "
        'q.cue, q.text, q.kind, q.start, q."end" AS "end", q.story_id, q.speaker_name '
        "FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.seq, q.start"
    ),
    "events": _table(
        "SELECT event_id, date, date_precision, source_actor, source_code, target_actor, "
        "target_code, plover, cameo, location, article_ids, evidence, story_id, storyline_id "
        "FROM events ORDER BY COALESCE(date, '9999'), event_id"
    ),
    "coverage": _table(
        "SELECT story_id, fact_id, text AS fact, article_ids, outlets FROM facts "
        "ORDER BY story_id, fact_id"
    ),
    "summaries": _table("SELECT story_id, sentences FROM summaries ORDER BY story_id"),
}


def export_rows(store: SQLiteStore, kind: str) -> Iterator[dict[str, Any]]:
    """The records of one export kind, as dictionaries."""
    if kind not in _KINDS:
        raise ConfigError(f"unknown export kind {kind!r}; known kinds: {', '.join(sorted(_KINDS))}")
    return _KINDS[kind](store)


def export(store: SQLiteStore, kind: str, fmt: str, out: BinaryIO | Path) -> int:
    """Write one export kind to a binary stream or file; returns the number of records.

    Formats: ``jsonl``, ``csv``, ``parquet``; events also as ``gdelt`` (a GDELT-like CSV).
    """
    if fmt == "gdelt" and kind == "events":
        rows, fields = _gdelt(store)
        fmt = "csv"
    elif fmt not in ("jsonl", "csv", "parquet"):
        raise ConfigError(
            f"unknown export format {fmt!r}; use jsonl, csv or parquet (or gdelt for events)"
        )
    else:
        rows = export_rows(store, kind)
        fields = EXPORT_FIELDS[kind]
    if isinstance(out, Path):
        with out.open("wb") as stream:
            return _write(rows, fields, fmt, stream)
    return _write(rows, fields, fmt, out)


def _gdelt(store: SQLiteStore) -> tuple[Iterator[dict[str, Any]], tuple[str, ...]]:
    from newsloom.consolidate.events import Event, to_gdelt_rows

    urls = {str(r["id"]): str(r["url"]) for r in store.articles() if r["url"] is not None}
    events = [
        Event(
            event_id=r["event_id"],
            date=r["date"],
            date_precision=r["date_precision"],
            source_actor=r["source_actor"],
            source_code=r["source_code"],
            target_actor=r["target_actor"],
            target_code=r["target_code"],
            plover=r["plover"],
            cameo=r["cameo"],
            location=r["location"],
            article_ids=tuple(r["article_ids"]),
            evidence=tuple((a, s) for a, s in r["evidence"]),
        )
        for r in export_rows(store, "events")
    ]
    rows = to_gdelt_rows(events, urls)
    fields = tuple(rows[0]) if rows else ("GLOBALEVENTID",)
    return iter(rows), fields


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
    schema = pa.schema([(f, _arrow_type(f)) for f in fields])
    pq.write_table(pa.Table.from_pylist(records, schema=schema), out)
    return len(records)


_LIST_FIELDS = frozenset({"article_ids", "outlets", "aliases"})
_INT_FIELDS = frozenset({"start", "end"})


def _arrow_type(name: str) -> Any:
    import pyarrow as pa

    if name in _LIST_FIELDS:
        return pa.list_(pa.string())
    if name in _INT_FIELDS:
        return pa.int64()
    if name == "evidence":
        return pa.list_(pa.list_(pa.string()))
    if name == "sentences":
        return pa.list_(pa.struct([("text", pa.string()), ("article_ids", pa.list_(pa.string()))]))
    return pa.string()
