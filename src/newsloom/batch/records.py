"""The rows a batch run writes: one per article (Parquet columns), and back to the store."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from newsloom.models import Article, Assignment, Failure, RawInput
from newsloom.pipeline import Prepared
from newsloom.store import StoredArticle

__all__ = [
    "ARTICLE_SCHEMA",
    "DUPLICATE_SCHEMA",
    "FAILURE_SCHEMA",
    "LINE_SCHEMA",
    "article_row",
    "failure_row",
    "stored_article",
]

_TEXT = pa.string()
_ARTICLE_TEXT = (
    "id",
    "source_id",
    "origin",
    "url",
    "title",
    "outlet",
    "outlet_evidence",
    "byline",
    "wire",
    "published",
    "published_precision",
    "updated",
    "language",
    "story_key",
    "text",
    "raw_text",
    "raw_hash",
)
ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("seq", pa.int64(), nullable=False),  # order of arrival, from 1
        pa.field("key", pa.int64(), nullable=False),  # file number * 2**40 + record number
        *(pa.field(name, _TEXT) for name in _ARTICLE_TEXT),
        pa.field("removed_lines", _TEXT),  # JSON list
        pa.field("raw_kind", _TEXT),
        pa.field("raw_payload", pa.binary()),
        pa.field("raw_meta", _TEXT),  # JSON object
        pa.field("text_hash", _TEXT),
        pa.field("minhash", pa.binary()),
        pa.field("features", pa.binary()),
        pa.field("analysis", _TEXT),
        pa.field("coded", _TEXT),
        pa.field("duplicate_of", _TEXT),
        pa.field("event_id", _TEXT),
        pa.field("storyline_id", _TEXT),
    ]
)
DUPLICATE_SCHEMA = pa.schema(
    [
        pa.field("article_id", _TEXT, nullable=False),
        pa.field("duplicate_of", _TEXT, nullable=False),
        pa.field("similarity", pa.float64()),  # estimated Jaccard; 1.0 for exact copies
    ]
)
FAILURE_SCHEMA = pa.schema(
    [
        pa.field("key", pa.int64(), nullable=False),
        pa.field("origin", _TEXT),
        pa.field("stage", _TEXT),
        pa.field("reason", _TEXT),
    ]
)
LINE_SCHEMA = pa.schema(
    [
        pa.field("outlet", _TEXT, nullable=False),
        pa.field("line_hash", _TEXT),  # null: the row counts the outlet's articles
        pa.field("count", pa.int64(), nullable=False),
    ]
)


def article_row(key: int, item: Prepared) -> dict[str, Any]:
    """A prepared article as a row; ``seq`` and the placement columns are filled later."""
    art = item.article
    row: dict[str, Any] = {name: getattr(art, name) for name in _ARTICLE_TEXT}
    row.update(
        seq=0,
        key=key,
        removed_lines=json.dumps(list(art.removed_lines)),
        raw_kind=item.raw.kind,
        raw_payload=item.raw.payload,
        raw_meta=json.dumps(item.raw.meta, sort_keys=True),
        text_hash=item.text_hash,
        minhash=item.minhash,
        features=item.features_bytes,
        analysis=item.analysis,
        coded=item.coded,
        duplicate_of=None,
        event_id=None,
        storyline_id=None,
    )
    return row


def failure_row(key: int, failure: Failure) -> dict[str, Any]:
    """A failure as a row."""
    return {"key": key, "origin": failure.origin, "stage": failure.stage, "reason": failure.reason}


def stored_article(row: dict[str, Any]) -> StoredArticle:
    """A written row as the store takes it (as if ``newsloom ingest`` had placed it)."""
    article = Article(
        **{name: row[name] for name in _ARTICLE_TEXT},
        removed_lines=tuple(json.loads(row["removed_lines"] or "[]")),
    )
    raw = RawInput(
        origin=row["origin"],
        source_id=row["source_id"],
        kind=row["raw_kind"],
        payload=row["raw_payload"],
        meta=json.loads(row["raw_meta"] or "{}"),
    )
    duplicate = row["duplicate_of"]
    return StoredArticle(
        raw=raw,
        article=article,
        text_hash=row["text_hash"],
        assignment=Assignment(
            article_id=row["id"],
            duplicate_of=duplicate,
            event_id=row["event_id"],
            storyline_id=row["storyline_id"],
        ),
        # the pipeline keeps clustering features of originals only
        features=row["features"] if duplicate is None else None,
        minhash=row["minhash"],
        analysis=row["analysis"],
        coded=row["coded"],
    )
