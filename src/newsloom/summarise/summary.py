"""Extractive multi-document summaries whose every sentence cites the articles carrying it.

The summary is the sentence subset whose words best match the story's consensus bag
(the words at least half the outlets use; see consensus.py), plus a small bonus per
sentence for cross-article centrality (embedding cosine to the other articles'
sentences), corroboration (the share of outlets carrying its fact, from the compare
stage's alignment) and position, minus a penalty for quoted or first-person voice.
Near duplicates never enter together; a word and sentence cap bounds the length. A
sentence cites its own article plus every article whose units were aligned to its units.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsloom.compare import CompareOptions, Coverage, StoryArticle, TextEmbedder, build_coverage
from newsloom.errors import InputError
from newsloom.summarise.consensus import best_subset, consensus_bag, summary_tokens
from newsloom.summarise.options import SummaryOptions

__all__ = [
    "Candidate",
    "Summary",
    "SummarySentence",
    "rank_candidates",
    "select_sentences",
    "summarise_story",
    "summarise_storyline",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySentence:
    """One summary sentence, the articles that carry its fact, and where it came from."""

    text: str
    article_ids: tuple[str, ...]  # its own article first
    source: tuple[str, int, int]  # (article_id, start, end) of the extracted sentence


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    """A story's (or storyline's) summary: cited sentences in reading order."""

    story_id: str
    sentences: tuple[SummarySentence, ...]

    @property
    def text(self) -> str:
        """The summary as one paragraph."""
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A sentence that may enter a summary, with its bonus score and citations."""

    sentence: SummarySentence
    score: float
    vector: np.ndarray
    words: int
    bag: Counter[str]  # its summary tokens, matched against the consensus bag
    order: tuple[str, int, int]  # (published or "", article rank, position) for reading order


def rank_candidates(
    coverage: Coverage,
    articles: Sequence[StoryArticle],
    vectors: np.ndarray,
    options: SummaryOptions,
) -> list[Candidate]:
    """Score every sentence of a story; vectors are the embeddings of coverage's sentences."""
    sentences = _sentences(coverage)
    if len(sentences) != len(vectors):
        raise ValueError(f"{len(sentences)} sentences but {len(vectors)} vectors")
    rank = {a.article_id: k for k, a in enumerate(articles)}
    published = {a.article_id: a.published or "" for a in articles}
    outlet_of = {a.article_id: a.outlet_label for a in articles}
    n_outlets = max(1, len(coverage.outlets))
    facts = {f.fact_id: f for f in coverage.facts}
    article = {a: k for k, a in enumerate(dict.fromkeys(s[0] for s in sentences))}
    article_of = np.array([article[s[0]] for s in sentences], dtype=np.int64)
    sims = vectors @ vectors.T if len(vectors) else np.zeros((0, 0))
    centrality = np.zeros(len(sentences))
    for k in range(len(article)):
        rows = np.flatnonzero(article_of == k)
        pool = np.flatnonzero(article_of != k)
        if len(pool):
            # one article's rows share their pool: a row-wise mean, summed as per row
            centrality[rows] = sims[np.ix_(rows, pool)].mean(axis=1)
            continue
        # Single-article stories fall back to centrality within the article.
        for i in rows.tolist():
            others = np.arange(len(sentences)) != i
            centrality[i] = float(np.mean(sims[i, others])) if others.any() else 0.0
    if len(centrality) and centrality.max() > centrality.min():
        centrality = (centrality - centrality.min()) / (centrality.max() - centrality.min())
    out: list[Candidate] = []
    for i, (article_id, start, end, index, unit_keys) in enumerate(sentences):
        cited: dict[str, None] = {article_id: None}
        carriers: set[str] = {outlet_of[article_id]}
        for key in unit_keys:
            fact = facts.get(coverage.fact_of_unit.get(key, ""))
            if fact is not None:
                cited.update(dict.fromkeys(fact.article_ids))
                carriers.update(fact.outlets)
        corroboration = (len(carriers) - 1) / max(1, n_outlets - 1)
        position = 1.0 / (1.0 + index)
        score = (
            options.centrality_weight * float(centrality[i])
            + options.corroboration_weight * corroboration
            + options.position_weight * position
        )
        text = coverage.article_texts[article_id][start:end]
        # A summary reports; sentences that are mostly quotation or first person read
        # as one side's voice, so they rank lower.
        score -= options.quote_penalty * _voice_share(text)
        out.append(
            Candidate(
                sentence=SummarySentence(
                    text=text, article_ids=tuple(cited), source=(article_id, start, end)
                ),
                score=score,
                vector=vectors[i],
                words=len(text.split()),
                bag=Counter(summary_tokens(text)),
                order=(published[article_id], rank[article_id], index),
            )
        )
    return out


_QUOTED = re.compile(r"[“\"][^“”\"]+[”\"]")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|my|My|our|Our|us)\b")


def _voice_share(text: str) -> float:
    quoted = sum(len(m.group()) for m in _QUOTED.finditer(text))
    share = quoted / max(1, len(text))
    return min(1.0, share + (0.5 if _FIRST_PERSON.search(text) else 0.0))


def _sentences(coverage: Coverage) -> list[tuple[str, int, int, int, list[tuple[str, int, int]]]]:
    """(article_id, start, end, index, unit keys) of each sentence holding fact units."""
    by_sentence: dict[tuple[str, int, int], tuple[int, list[tuple[str, int, int]]]] = {}
    for u in coverage.units:
        key = (u.article_id, u.sentence_start, u.sentence_end)
        by_sentence.setdefault(key, (u.sentence_index, []))[1].append(u.key)
    return [(a, s, e, idx, keys) for (a, s, e), (idx, keys) in by_sentence.items()]


def select_sentences(
    candidates: Sequence[Candidate],
    options: SummaryOptions,
    reference: Counter[str] | None = None,
) -> list[Candidate]:
    """The subset best matching the consensus bag within the budget, in reading order.

    The reference defaults to the consensus bag of the candidates' own articles (each
    article's candidate sentences standing for its text).
    """
    if reference is None:
        by_article: dict[str, list[str]] = {}
        for c in candidates:
            by_article.setdefault(c.sentence.source[0], []).append(c.sentence.text)
        reference = consensus_bag([" ".join(v) for v in by_article.values()])
    return _select([candidates], options, reference)


def _search_pool(groups: Sequence[Sequence[Candidate]], options: SummaryOptions) -> list[Candidate]:
    """The candidates the exhaustive search sees: each group's best, taken in turns.

    Exhaustive search is exponential, so only search_pool candidates enter it; taking
    them round-robin over groups (a storyline's stories) keeps a one-outlet story, whose
    bonuses are low for lack of corroboration, from being crowded out by a large one.
    """
    ranked = []
    for group in groups:
        usable = [c for c in group if c.words >= options.min_sentence_words] or list(group)
        ranked.append(sorted(usable, key=lambda c: -c.score))
    pool: list[Candidate] = []
    for turn in range(max((len(r) for r in ranked), default=0)):
        pool.extend(r[turn] for r in ranked if turn < len(r))
    return pool[: options.search_pool]


def _select(
    groups: Sequence[Sequence[Candidate]], options: SummaryOptions, reference: Counter[str]
) -> list[Candidate]:
    pool = _search_pool(groups, options)
    conflicts = [
        (i, j)
        for i in range(len(pool))
        for j in range(i + 1, len(pool))
        if float(pool[i].vector @ pool[j].vector) > options.max_redundancy
    ]
    chosen = best_subset(
        [c.bag for c in pool],
        [c.score for c in pool],
        [c.words for c in pool],
        reference,
        beta=options.consensus_beta,
        max_items=options.max_sentences,
        max_words=options.max_words,
        conflicts=conflicts,
    )
    return sorted((pool[i] for i in chosen), key=lambda c: c.order)


def _embed_sentences(coverage: Coverage, embedder: TextEmbedder) -> np.ndarray:
    texts = [coverage.article_texts[a][s:e] for a, s, e, _, _ in _sentences(coverage)]
    return embedder.embed(texts)


def summarise_story(
    story_id: str,
    articles: Sequence[StoryArticle],
    embedder: TextEmbedder,
    options: SummaryOptions | None = None,
    *,
    coverage: Coverage | None = None,
    compare_options: CompareOptions | None = None,
) -> Summary:
    """An extractive, cited summary of one story (coverage is built when not given)."""
    options = options or SummaryOptions()
    if not articles:
        raise InputError(story_id, "summarise: the story has no articles")
    coverage = coverage or build_coverage(story_id, articles, embedder, compare_options)
    candidates = rank_candidates(coverage, articles, _embed_sentences(coverage, embedder), options)
    picked = select_sentences(candidates, options, consensus_bag([a.text for a in articles]))
    return Summary(story_id=story_id, sentences=tuple(c.sentence for c in picked))


def summarise_storyline(
    storyline_id: str,
    stories: Sequence[Sequence[StoryArticle]],
    embedder: TextEmbedder,
    options: SummaryOptions | None = None,
    *,
    compare_options: CompareOptions | None = None,
    coverages: Sequence[Coverage | None] = (),
) -> Summary:
    """A summary across several stories: candidates of all stories, one MMR selection.

    Each story's candidates are ranked within that story (its facts, its outlets), and
    the reference is the sum of the stories' consensus bags, so a well-corroborated fact
    of a small story competes fairly with those of a large one. ``coverages`` may hold
    stories' coverages already built with ``compare_options`` (None: built here).
    """
    options = options or SummaryOptions()
    groups: list[list[Candidate]] = []
    reference: Counter[str] = Counter()
    for k, articles in enumerate(stories):
        if not articles:
            continue
        coverage = coverages[k] if k < len(coverages) else None
        if coverage is None:
            coverage = build_coverage(f"{storyline_id}:{k}", articles, embedder, compare_options)
        vectors = _embed_sentences(coverage, embedder)
        groups.append(rank_candidates(coverage, articles, vectors, options))
        reference.update(consensus_bag([a.text for a in articles]))
    if not any(groups):
        raise InputError(storyline_id, "summarise: the storyline has no sentences")
    picked = _select(groups, options, reference)
    return Summary(story_id=storyline_id, sentences=tuple(c.sentence for c in picked))
