"""Typed records the analyse stage produces for each article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Analysis", "Mention", "Quote", "QuoteKind"]

QuoteKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """An entity mention with character offsets into the article text."""

    text: str
    start: int
    end: int
    label: str  # spaCy entity label: PERSON, ORG, GPE, NORP, ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A direct, indirect or mixed quote, its cue and its speaker (offsets into the text)."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: str | None
    cue_start: int | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_name: str | None  # the full proper name the speaker resolves to in the article


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """Sentences, entity mentions, quotes and coreference chains of one article."""

    article_id: str
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    chains: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]  # (canonical name, spans)
