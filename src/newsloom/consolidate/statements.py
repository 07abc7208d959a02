"""Statements: the quotes of one story that render the same utterance, grouped sentence by
sentence across articles, aligned word by word, with changes of meaning flagged."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsloom.analyse import Analysis, Quote, QuoteKind
from newsloom.consolidate.entities import EntityRegistry
from newsloom.consolidate.wording import (
    DiffOp,
    content_stems,
    fuzzy_similarity_matrix,
    meaning_flags,
    sentence_spans,
    stem_overlap_matrix,
    word_diff,
)
from newsloom.embed import Embedder
from newsloom.errors import ConfigError, InputError

__all__ = [
    "AttributedQuote",
    "Rendering",
    "Statement",
    "StatementGrouper",
    "StatementOptions",
    "attributed_quotes",
    "statements_by_quote",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatementOptions:
    """How quote sentences are compared and grouped into statements."""

    overlap_weight: float = 0.35  # Dice overlap of content-word stems
    fuzzy_weight: float = 0.25  # rapidfuzz token_set_ratio
    embedding_weight: float = 0.40  # wordllama cosine: carries translated wording
    link_threshold: float = 0.62  # a pair this similar is one statement
    mutual_threshold: float = 0.50  # ... or this, each the other's best in its article
    same_article_threshold: float = 0.90  # two sentences of one article: only near-copies merge
    unknown_speaker_threshold: float = 0.85  # a sentence with no known speaker joins above this
    other_speaker_threshold: float = 0.85  # this similar under another speaker: flagged, kept apart
    min_words: int = 4  # a shorter sentence joins its neighbour in the quote, or stays alone
    id_prefix: str = "st-"  # statement ids are this prefix + a hash of the reference rendering


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributedQuote:
    """A quote of one article with its speaker resolved to a canonical entity (or None)."""

    article_id: str
    quote_index: int
    quote: Quote
    speaker_entity_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendering:
    """One article's wording of a statement: a sentence (or the whole) of one quote."""

    article_id: str
    quote_index: int
    text: str
    kind: QuoteKind
    start: int  # character offsets into the article's clean text
    end: int
    speaker_entity_id: str | None
    diff: tuple[DiffOp, ...]  # against the statement's first (reference) rendering
    flags: tuple[str, ...]  # changes of meaning against the reference: numbers, negations, speaker


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One utterance of one speaker and all the renderings of it in a story."""

    statement_id: str
    speaker_entity_id: str | None
    renderings: tuple[Rendering, ...]


@dataclass(frozen=True, slots=True)
class _Segment:
    article_id: str
    quote_index: int
    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: str | None
    order: int  # position in the input: the first one of a group is its reference


def attributed_quotes(
    analyses: Sequence[Analysis], registry: EntityRegistry
) -> list[AttributedQuote]:
    """The quotes of ``analyses`` (already added to ``registry``) with speaker entity ids."""
    return [
        AttributedQuote(
            article_id=a.article_id,
            quote_index=i,
            quote=q,
            speaker_entity_id=registry.speaker_entity(a.article_id, q),
        )
        for a in analyses
        for i, q in enumerate(a.quotes)
    ]


def statements_by_quote(statements: Sequence[Statement]) -> dict[tuple[str, int], tuple[str, ...]]:
    """``(article_id, quote_index)`` -> the ids of the statements its sentences render."""
    found: dict[tuple[str, int], list[str]] = {}
    for st in statements:
        for r in st.renderings:
            ids = found.setdefault((r.article_id, r.quote_index), [])
            if st.statement_id not in ids:
                ids.append(st.statement_id)
    return {k: tuple(v) for k, v in found.items()}


def _segments(quotes: Sequence[AttributedQuote], min_words: int) -> list[_Segment]:
    segments: list[_Segment] = []
    for aq in quotes:
        q = aq.quote
        if len(q.text) != q.end - q.start:
            raise InputError(
                f"{aq.article_id}#quote{aq.quote_index}",
                f"quote text has {len(q.text)} characters but spans {q.start}..{q.end}",
            )
        spans: list[tuple[int, int]] = []
        for s, e in sentence_spans(q.text):
            if spans and len(q.text[s:e].split()) < min_words:
                spans[-1] = (spans[-1][0], e)  # a trailing fragment stays with its sentence
            else:
                spans.append((s, e))
        if len(spans) > 1 and len(q.text[spans[0][0] : spans[0][1]].split()) < min_words:
            spans[:2] = [(spans[0][0], spans[1][1])]
        for s, e in spans:
            segments.append(
                _Segment(
                    aq.article_id,
                    aq.quote_index,
                    q.kind,
                    q.text[s:e].strip(),
                    q.start + s,
                    q.start + e,
                    aq.speaker_entity_id,
                    len(segments),
                )
            )
    return segments


class StatementGrouper:
    """Groups the quotes of one story into statements; holds the embedder, loaded once."""

    def __init__(self, embedder: Embedder | None, options: StatementOptions) -> None:
        weights = (options.overlap_weight, options.fuzzy_weight, options.embedding_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ConfigError(
                f"statement options: weights must be >= 0 and not all 0, got {weights}"
            )
        self.embedder = embedder
        self.options = options

    def _similarity(self, segments: list[_Segment]) -> np.ndarray:
        """Pairwise similarity in [0, 1] of all segments (symmetric, diagonal 1)."""
        o = self.options
        n = len(segments)
        overlap = stem_overlap_matrix([content_stems(s.text) for s in segments])
        fuzzy = fuzzy_similarity_matrix([s.text for s in segments])
        if self.embedder is not None and o.embedding_weight > 0:
            vectors = self.embedder.embed([s.text for s in segments])
            cosine = np.clip(vectors @ vectors.T, 0.0, 1.0)
            weights = (o.overlap_weight, o.fuzzy_weight, o.embedding_weight)
        else:  # no embedder: the word signals carry the whole score
            cosine = np.zeros((n, n))
            weights = (o.overlap_weight, o.fuzzy_weight, 0.0)
        total = sum(weights)
        return np.asarray((weights[0] * overlap + weights[1] * fuzzy + weights[2] * cosine) / total)

    def _may_link(self, a: _Segment, b: _Segment, score: float, mutual: bool) -> bool:
        o = self.options
        if min(len(a.text.split()), len(b.text.split())) < o.min_words:
            return False  # "Yes." twice is not one statement
        if a.article_id == b.article_id:
            return a.quote_index != b.quote_index and score >= o.same_article_threshold
        if a.speaker is not None and b.speaker is not None and a.speaker != b.speaker:
            return False
        if a.speaker is None or b.speaker is None:
            return score >= o.unknown_speaker_threshold
        return score >= o.link_threshold or (mutual and score >= o.mutual_threshold)

    def group(self, quotes: Sequence[AttributedQuote]) -> list[Statement]:
        """Statements of one story's quotes, in order of their first rendering."""
        segments = _segments(quotes, self.options.min_words)
        if not segments:
            return []
        sim = self._similarity(segments)
        best = _best_per_article(segments, sim)
        pairs: list[tuple[float, int, int]] = []
        for i, a in enumerate(segments):
            for j in range(i + 1, len(segments)):
                b = segments[j]
                mutual = best.get((i, b.article_id)) == j and best.get((j, a.article_id)) == i
                if self._may_link(a, b, float(sim[i, j]), mutual):
                    pairs.append((float(sim[i, j]), i, j))
        groups = _link(segments, sorted(pairs, reverse=True))
        return self._statements(segments, groups, sim)

    def _statements(
        self, segments: list[_Segment], groups: list[list[int]], sim: np.ndarray
    ) -> list[Statement]:
        group_of = {i: g for g, members in enumerate(groups) for i in members}
        ids = [self._statement_id(segments[members[0]]) for members in groups]
        statements: list[Statement] = []
        for g, members in enumerate(groups):
            ref = segments[members[0]]
            speaker = next((segments[i].speaker for i in members if segments[i].speaker), None)
            renderings: list[Rendering] = []
            for i in members:
                seg = segments[i]
                flags = list(meaning_flags(ref.text, seg.text)) if i != members[0] else []
                if seg.speaker is None and speaker is not None:
                    flags.append("speaker: unresolved in this article")
                flags.extend(self._other_speaker_flags(i, segments, sim, group_of, ids, g))
                renderings.append(
                    Rendering(
                        article_id=seg.article_id,
                        quote_index=seg.quote_index,
                        text=seg.text,
                        kind=seg.kind,
                        start=seg.start,
                        end=seg.end,
                        speaker_entity_id=seg.speaker,
                        diff=word_diff(ref.text, seg.text)
                        if i != members[0]
                        else (("equal", seg.text),),
                        flags=tuple(flags),
                    )
                )
            statements.append(
                Statement(
                    statement_id=ids[g], speaker_entity_id=speaker, renderings=tuple(renderings)
                )
            )
        return statements

    def _other_speaker_flags(
        self,
        i: int,
        segments: list[_Segment],
        sim: np.ndarray,
        group_of: dict[int, int],
        ids: list[str],
        g: int,
    ) -> list[str]:
        """Flags for near-identical wording that another article gives to another speaker."""
        seg = segments[i]
        flags: list[str] = []
        for j, other in enumerate(segments):
            if (
                group_of[j] != g
                and other.article_id != seg.article_id
                and seg.speaker is not None
                and other.speaker is not None
                and other.speaker != seg.speaker
                and sim[i, j] >= self.options.other_speaker_threshold
            ):
                statement = ids[group_of[j]]
                flag = f"speaker: {other.article_id} gives this to {other.speaker} ({statement})"
                if flag not in flags:
                    flags.append(flag)
        return flags

    def _statement_id(self, ref: _Segment) -> str:
        key = f"{ref.article_id}:{ref.start}:{ref.end}"
        return self.options.id_prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _best_per_article(segments: list[_Segment], sim: np.ndarray) -> dict[tuple[int, str], int]:
    """For each segment and each other article: its most similar segment there."""
    best: dict[tuple[int, str], int] = {}
    for i, a in enumerate(segments):
        for j, b in enumerate(segments):
            if b.article_id == a.article_id:
                continue
            k = (i, b.article_id)
            if k not in best or sim[i, j] > sim[i, best[k]]:
                best[k] = j
    return best


def _link(segments: list[_Segment], pairs: list[tuple[float, int, int]]) -> list[list[int]]:
    """Union the pairs best first, never putting two sentences of one quote together;
    groups come back in input order, each with its members in input order."""
    parent = list(range(len(segments)))
    quotes: list[set[tuple[str, int]]] = [{(s.article_id, s.quote_index)} for s in segments]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in pairs:
        ri, rj = root(i), root(j)
        if ri == rj or quotes[ri] & quotes[rj]:
            continue
        lo, hi = min(ri, rj), max(ri, rj)
        parent[hi] = lo
        quotes[lo] |= quotes[hi]
    groups: dict[int, list[int]] = {}
    for i in range(len(segments)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda m: m[0])
