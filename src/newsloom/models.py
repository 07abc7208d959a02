"""Typed records that flow between the pipeline stages and into the store."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Article",
    "Assignment",
    "Document",
    "Failure",
    "RawInput",
    "RawKind",
    "Story",
]

RawKind = Literal["text", "html", "record"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawInput:
    """One input exactly as read: the verbatim payload plus what its container said.

    ``kind`` says how ``payload`` is decoded: ``text`` (a plain-text file, optional
    header lines), ``html`` (a page), ``record`` (a JSON object of DESIGN.md's input
    fields, from JSONL, CSV or a feed entry). ``meta`` carries fields the container
    knew (a WARC record's URL, a feed entry's title); ``payload`` wins where both say.
    """

    origin: str
    source_id: str
    kind: RawKind
    payload: bytes
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """SHA-256 of kind, payload and meta: the identity of this input in the store."""
        digest = hashlib.sha256()
        digest.update(self.kind.encode())
        digest.update(b"\0")
        digest.update(self.payload)
        digest.update(b"\0")
        digest.update(json.dumps(self.meta, sort_keys=True).encode())
        return digest.hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """An input that could not be used, and why; the batch goes on without it."""

    origin: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A decoded input: its fields as the input gave them, text not yet cleaned.

    ``text`` is the body (a text file's lines after its header lines, a record's
    ``text``, or the main text trafilatura extracted from HTML). ``published`` is the
    date string as given (a header line, a record field, HTML metadata), unparsed.
    ``headers`` are the header lines read off the top of a plain-text file.
    """

    raw_hash: str
    origin: str
    source_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    story_key: str | None = None
    headers: tuple[str, ...] = ()
    raw_length: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article: analysed text plus metadata, ready for dedup and clustering.

    ``published`` is an ISO 8601 date or date-time; ``published_precision`` says how
    much of it the input actually gave (``day``, ``minute``, ``second``, ``month``,
    ``year``) or ``None`` when there is no date. ``raw_text`` is the extracted text before
    boilerplate removal; ``text`` is what later stages analyse.
    """

    id: str
    raw_hash: str
    source_id: str
    origin: str
    text: str
    raw_text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    byline: str | None = None
    wire: str | None = None
    published: str | None = None
    published_precision: str | None = None
    updated: str | None = None
    language: str | None = None
    story_key: str | None = None
    removed_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """Where one article landed: its duplicate link, event and storyline."""

    article_id: str
    duplicate_of: str | None
    event_id: str
    storyline_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """One event cluster as users see it (DESIGN.md's ``stories`` export)."""

    event_id: str
    storyline_id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
