"""Coverage: align fact units across a story's articles, group them into facts.

Two units of different articles align when their embedding cosine and content-word
overlap (plus entity agreement) clear a threshold; aligned units are grouped greedily
(best pairs first, average-link check) into facts. The coverage matrix says which outlet
carries which fact; unique facts, omissions and disagreements are read off it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from scipy import sparse

from newsloom.compare.options import CompareOptions
from newsloom.compare.units import (
    FactUnit,
    StoryArticle,
    check_story,
    content_words,
    name_spans,
    negation_count,
    number_tokens,
    split_fact_units,
)

__all__ = [
    "AlignedPair",
    "Coverage",
    "Disagreement",
    "Fact",
    "Omission",
    "TextEmbedder",
    "build_coverage",
    "disagreements",
    "omissions",
    "unique_facts",
]

UnitKey = tuple[str, int, int]
DisagreementKind = Literal["number", "date", "negation", "actor"]


class TextEmbedder(Protocol):
    """Anything that turns texts into L2-normalised rows (newsloom.embed.Embedder)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as unit-length float32 rows."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A fact of a story: the aligned units that carry it, their articles and outlets."""

    fact_id: str
    text: str  # the most central rendering
    units: tuple[UnitKey, ...]
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignedPair:
    """Two units of different articles found to carry the same fact."""

    a: FactUnit
    b: FactUnit
    score: float
    cosine: float
    overlap: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Omission:
    """A fact most outlets carry that one outlet leaves out."""

    fact: Fact
    outlet: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Disagreement:
    """Aligned units whose numbers, dates, actors or negation differ."""

    fact_id: str
    kind: DisagreementKind
    a: UnitKey
    b: UnitKey
    text_a: str
    text_b: str
    detail: str  # what differs, e.g. "12 vs 15"


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """A story's facts × outlets, with the units and alignments it was built from."""

    story_id: str
    outlets: tuple[str, ...]
    facts: tuple[Fact, ...]
    matrix: tuple[tuple[bool, ...], ...]  # one row per fact, one column per outlet
    units: tuple[FactUnit, ...]
    pairs: tuple[AlignedPair, ...]
    fact_of_unit: dict[UnitKey, str]
    article_texts: dict[str, str]
    loose_pairs: tuple[tuple[FactUnit, FactUnit, float], ...] = ()  # all cross-article pairs

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id (KeyError when absent)."""
        for f in self.facts:
            if f.fact_id == fact_id:
                return f
        raise KeyError(fact_id)


def fact_id_of(keys: Sequence[UnitKey]) -> str:
    """A stable fact id: a hash of the sorted unit keys."""
    joined = "|".join(f"{a}:{s}:{e}" for a, s, e in sorted(keys))
    return "fact_" + hashlib.sha1(joined.encode()).hexdigest()[:16]


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _incidence(sets: Sequence[frozenset[str] | set[str]]) -> sparse.csr_matrix:
    """A 0/1 sets x items matrix, so that pairwise intersections are one sparse product."""
    vocab: dict[str, int] = {}
    rows = [i for i, items in enumerate(sets) for _ in items]
    cols = [vocab.setdefault(w, len(vocab)) for items in sets for w in items]
    data = np.ones(len(rows), dtype=np.int64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(1, len(vocab))))


def _dice_matrix(sets: Sequence[set[str]]) -> np.ndarray:
    """``_dice`` of every pair (diagonal 0), as float32: the same values as pair by pair."""
    n = len(sets)
    x = _incidence(sets)
    shared = np.asarray((x @ x.T).todense(), dtype=np.float64)
    sizes = np.array([len(s) for s in sets], dtype=np.float64)
    total = sizes[:, None] + sizes[None, :]
    both = (sizes[:, None] > 0) & (sizes[None, :] > 0)
    # integer counts divided in float64 round exactly as Python's int / int does
    dice = np.divide(2 * shared, total, out=np.zeros((n, n)), where=both)
    np.fill_diagonal(dice, 0.0)
    return dice.astype(np.float32)


def score_matrix(
    units: Sequence[FactUnit], vectors: np.ndarray, options: CompareOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alignment scores, cosines and overlaps of all unit pairs (same article: -inf)."""
    n = len(units)
    cosine = vectors @ vectors.T if n else np.zeros((0, 0), dtype=np.float32)
    overlap = _dice_matrix([content_words(u.text) for u in units])
    score = options.embedding_weight * cosine + options.lexical_weight * overlap
    if n:
        keys = [u.entity_keys for u in units]
        has = np.array([bool(k) for k in keys])
        x = _incidence(keys)
        shared = np.asarray((x @ x.T).todense()) > 0
        adj = np.where(shared, options.entity_bonus, -options.entity_penalty)
        both = has[:, None] & has[None, :]
        np.fill_diagonal(both, False)
        # the scalar adjustment is added in the score's own dtype, as ``+=`` pair by pair did
        score[both] += adj[both].astype(score.dtype)
    article = {a: k for k, a in enumerate(dict.fromkeys(u.article_id for u in units))}
    index = np.array([article[u.article_id] for u in units], dtype=np.int64)
    same = index[:, None] == index[None, :]
    score = np.where(same, -np.inf, score)
    return score.astype(np.float64), cosine, overlap


def _align_edges(
    units: Sequence[FactUnit], score: np.ndarray, threshold: float
) -> list[tuple[float, int, int]]:
    # Each unit proposes its best match in every other article; a proposal above the
    # threshold is an edge. Best-per-article keeps one sentence from pulling in all of
    # an article's loosely related sentences.
    by_article: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_article.setdefault(u.article_id, []).append(i)
    edges: set[tuple[int, int]] = set()
    rows = np.arange(len(units))
    for members in by_article.values():
        cols = np.array(members)
        # argmax keeps the first of equal scores, as max() over the members did
        best = cols[np.argmax(score[:, cols], axis=1)]
        own = np.zeros(len(units), dtype=bool)
        own[cols] = True
        found = ~own & (score[rows, best] >= threshold)
        for i, j in zip(rows[found].tolist(), best[found].tolist(), strict=True):
            edges.add((min(i, j), max(i, j)))
    return sorted(((float(score[i, j]), i, j) for i, j in edges), reverse=True)


def _group(
    units: Sequence[FactUnit],
    edges: list[tuple[float, int, int]],
    score: np.ndarray,
    options: CompareOptions,
) -> list[list[int]]:
    cluster = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}

    def merge(ci: int, cj: int) -> None:
        for m in members[cj]:
            cluster[m] = ci
        members[ci].extend(members.pop(cj))

    for _, i, j in edges:
        ci, cj = cluster[i], cluster[j]
        if ci == cj:
            continue
        # One unit per article while grouping: a fact is what several articles say once,
        # and the constraint stops chains through an article's related sentences.
        if {units[m].article_id for m in members[ci]} & {units[m].article_id for m in members[cj]}:
            continue
        cross = score[np.ix_(members[ci], members[cj])]
        # Average link: the groups must agree as wholes, not through one pair.
        if float(cross.mean()) < options.link_threshold:
            continue
        merge(ci, cj)
    # An article that repeats a fact (a quote given twice) joins its repeat to the fact.
    for i in range(len(units)):
        ci = cluster[i]
        if len(members[ci]) != 1:
            continue
        best, target = -np.inf, -1
        for cj, group in members.items():
            if cj == ci or len(group) < 2:
                continue
            s = max(float(score[i, m]) for m in group)
            own = [m for m in group if units[m].article_id == units[i].article_id]
            # Compare the repeat with its own article's rendering through the others.
            if own and s > best:
                best, target = s, cj
        if target >= 0 and best >= options.repeat_threshold:
            merge(target, ci)
    return list(members.values())


def _central(indices: list[int], score: np.ndarray, units: Sequence[FactUnit]) -> int:
    if len(indices) == 1:
        return indices[0]
    sub = score[np.ix_(indices, indices)]
    totals = np.where(np.isfinite(sub), sub, 0.0).sum(axis=1)
    best = max(range(len(indices)), key=lambda k: (totals[k], -units[indices[k]].sentence_index))
    return indices[best]


def build_coverage(
    story_id: str,
    articles: Sequence[StoryArticle],
    embedder: TextEmbedder,
    options: CompareOptions | None = None,
) -> Coverage:
    """Split a story's articles into fact units, align them and build its coverage."""
    options = options or CompareOptions()
    check_story(articles)
    units = [
        u
        for a in articles
        for u in split_fact_units(
            a,
            long_sentence_words=options.long_sentence_words,
            min_clause_words=options.min_clause_words,
        )
        if len(u.text.split()) >= options.min_unit_words
    ]
    vectors = embedder.embed([u.text for u in units])
    score, cosine, overlap = score_matrix(units, vectors, options)
    edges = _align_edges(units, score, options.align_threshold)
    groups = _group(units, edges, score, options)
    outlets = tuple(dict.fromkeys(a.outlet_label for a in articles))
    order = {a.article_id: k for k, a in enumerate(articles)}
    facts: list[Fact] = []
    fact_of_unit: dict[UnitKey, str] = {}
    for group in groups:
        group.sort(key=lambda k: (order[units[k].article_id], units[k].start))
        keys = tuple(units[k].key for k in group)
        fid = fact_id_of(keys)
        fact_articles = tuple(dict.fromkeys(units[k].article_id for k in group))
        fact_outlets = tuple(o for o in outlets if any(units[k].outlet == o for k in group))
        facts.append(
            Fact(
                fact_id=fid,
                text=units[_central(group, score, units)].text,
                units=keys,
                article_ids=fact_articles,
                outlets=fact_outlets,
            )
        )
        for key in keys:
            fact_of_unit[key] = fid
    first = {f.fact_id: min((order[a], s) for a, s, _ in f.units) for f in facts}
    facts.sort(key=lambda f: (-len(f.outlets), first[f.fact_id]))
    pairs = tuple(
        AlignedPair(
            a=units[i],
            b=units[j],
            score=s,
            cosine=float(cosine[i, j]),
            overlap=float(overlap[i, j]),
        )
        for s, i, j in edges
        if fact_of_unit[units[i].key] == fact_of_unit[units[j].key]
    )
    return Coverage(
        story_id=story_id,
        outlets=outlets,
        facts=tuple(facts),
        matrix=tuple(tuple(o in f.outlets for o in outlets) for f in facts),
        units=tuple(units),
        pairs=pairs,
        fact_of_unit=fact_of_unit,
        article_texts={a.article_id: a.text for a in articles},
        loose_pairs=_loose_pairs(units, score, options.framing_pair_score),
    )


def _loose_pairs(
    units: Sequence[FactUnit], score: np.ndarray, threshold: float
) -> tuple[tuple[FactUnit, FactUnit, float], ...]:
    """Cross-article pairs (i < j, in row order) scoring at least ``threshold``."""
    keep = np.triu(np.isfinite(score) & (score >= threshold), k=1)
    rows, cols = np.nonzero(keep)
    return tuple(
        (units[i], units[j], float(score[i, j]))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    )


def unique_facts(coverage: Coverage) -> list[Fact]:
    """Facts carried by one outlet only (in a story that has more than one outlet)."""
    if len(coverage.outlets) < 2:
        return []
    return [f for f in coverage.facts if len(f.outlets) == 1]


def omissions(coverage: Coverage, options: CompareOptions | None = None) -> list[Omission]:
    """Facts most outlets carry (>= omission_share and >= omission_min_outlets) but one lacks."""
    options = options or CompareOptions()
    n = len(coverage.outlets)
    need = max(options.omission_min_outlets, options.omission_share * n)
    out: list[Omission] = []
    for fact in coverage.facts:
        if need <= len(fact.outlets) < n:
            out.extend(
                Omission(fact=fact, outlet=o) for o in coverage.outlets if o not in fact.outlets
            )
    return out


_MONTHS_DAYS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|yesterday|today|tomorrow)\b",
    re.IGNORECASE,
)


def _dates(text: str) -> set[str]:
    found = {m.group().lower()[:3] for m in _MONTHS_DAYS.finditer(text)}
    # "1980s", "1980-88" and "1980" name one period: keep the year itself.
    years = {n[:4] for n in number_tokens(text) if re.match(r"(1[89]|20)\d\d(?!\d)", n)}
    return found | years


def _is_year(token: str) -> bool:
    return re.match(r"(1[89]|20)\d\d(?!\d)", token) is not None


def _subject_key(text: str) -> str | None:
    names = name_spans(text)
    return names[0][2] if names and names[0][0] < 40 else None


def _conflicts(
    pair: AlignedPair, texts: dict[str, str], min_negation_overlap: float
) -> list[tuple[DisagreementKind, str]]:
    a, b = pair.a.text, pair.b.text
    found: list[tuple[DisagreementKind, str]] = []
    da, db = _dates(a), _dates(b)
    if da and db and da != db and not (da & db):
        found.append(("date", f"{', '.join(sorted(da))} vs {', '.join(sorted(db))}"))
    na = {n for n in number_tokens(a) if not _is_year(n)}
    nb = {n for n in number_tokens(b) if not _is_year(n)}
    if na and nb and na != nb:
        found.append(("number", f"{', '.join(sorted(na))} vs {', '.join(sorted(nb))}"))
    # Paraphrase moves negation around ("never influenced" / "uninfluenced"): only near
    # word-for-word renderings that differ in negation are conflicts.
    close = pair.overlap >= min_negation_overlap
    if close and (negation_count(a) % 2) != (negation_count(b) % 2):
        found.append(("negation", f"{negation_count(a)} vs {negation_count(b)} negations"))
    sa, sb = _subject_key(a), _subject_key(b)
    if sa and sb and sa != sb:
        # Renderings of one actor ("Roe" / "the minister") usually both appear in each
        # article somewhere; a subject the other article never names is a real conflict.
        text_a, text_b = texts[pair.a.article_id].lower(), texts[pair.b.article_id].lower()
        if sa not in text_b and sb not in text_a:
            found.append(("actor", f"{sa} vs {sb}"))
    return found


def disagreements(coverage: Coverage, options: CompareOptions | None = None) -> list[Disagreement]:
    """Aligned units of a fact whose numbers, dates, actors or negation differ."""
    options = options or CompareOptions()
    out: list[Disagreement] = []
    for pair in coverage.pairs:
        if pair.score < options.disagreement_min_score:
            continue
        for kind, detail in _conflicts(pair, coverage.article_texts, options.negation_min_overlap):
            out.append(
                Disagreement(
                    fact_id=coverage.fact_of_unit[pair.a.key],
                    kind=kind,
                    a=pair.a.key,
                    b=pair.b.key,
                    text_a=pair.a.text,
                    text_b=pair.b.text,
                    detail=detail,
                )
            )
    return out
