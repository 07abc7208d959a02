"""Summaries: citations on the seed story, length control, ROUGE and a NeuS quality floor."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from newsloom.compare import StoryArticle, build_coverage
from newsloom.embed import Embedder, EmbedOptions
from newsloom.errors import ConfigError, InputError
from newsloom.summarise import SummaryOptions, summarise_story, summarise_storyline
from newsloom.summarise.consensus import best_subset, consensus_bag, f_beta, summary_tokens
from tests.test_compare import load_seed_story

ROOT = Path(__file__).resolve().parents[1]
NEUS = ROOT.parent / "shared" / "corpora" / "neus-val"
sys.path.insert(0, str(ROOT))

from benchmarks.bench_summaries import evaluate, load_split  # noqa: E402
from benchmarks.rouge import rouge, rouge_l, rouge_n, stem, tokens  # noqa: E402

# Measured on all of val (307 stories) with the defaults: newsloom R1 41.00, LexRank 38.27
# (same 90-word cap; LexRank's best at any cap 50..120 is 38.27). Floors a bit below.
ROUGE1_FLOOR = 40.5
LEXRANK_MARGIN = 2.4


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load(EmbedOptions())


@pytest.fixture(scope="module")
def seed_story() -> list[StoryArticle]:
    return load_seed_story()


def test_seed_summary_cites_own_article_and_the_carriers(
    seed_story: list[StoryArticle], embedder: Embedder
) -> None:
    coverage = build_coverage("seed", seed_story, embedder)
    summary = summarise_story("seed", seed_story, embedder, coverage=coverage)
    assert 1 <= len(summary.sentences) <= SummaryOptions().max_sentences
    texts = {a.article_id: a.text for a in seed_story}
    carriers = {k: f.article_ids for f in coverage.facts for k in f.units}
    for sent in summary.sentences:
        article_id, start, end = sent.source
        assert texts[article_id][start:end] == sent.text
        assert sent.article_ids[0] == article_id
        # Every cited article carries one of the sentence's fact units, by alignment.
        aligned = {
            a
            for k, ids in carriers.items()
            if k[0] == article_id and start <= k[1] < end
            for a in ids
        }
        assert set(sent.article_ids) <= aligned | {article_id}
    # Favouring corroboration: the summary's facts are carried by several outlets.
    assert max(len(s.article_ids) for s in summary.sentences) >= 3


def test_length_budget_is_respected(seed_story: list[StoryArticle], embedder: Embedder) -> None:
    opts = SummaryOptions(max_sentences=2, max_words=45)
    summary = summarise_story("seed", seed_story, embedder, opts)
    assert 1 <= len(summary.sentences) <= 2
    # The first pick always enters; later ones only within the word budget.
    if len(summary.sentences) > 1:
        assert len(summary.text.split()) <= 45


def test_summary_removes_redundant_copies(embedder: Embedder) -> None:
    text = (
        "The central bank raised its main interest rate by a quarter point on Wednesday. "
        "Officials said inflation was still too high for comfort."
    )
    story = [StoryArticle(article_id=f"a{k}", outlet=f"o{k}", text=text) for k in range(3)]
    summary = summarise_story("s", story, embedder, SummaryOptions(max_sentences=4, max_words=200))
    assert len({s.text for s in summary.sentences}) == len(summary.sentences)
    assert all(set(s.article_ids) == {"a0", "a1", "a2"} for s in summary.sentences)


def test_storyline_summary_spans_stories(
    seed_story: list[StoryArticle], embedder: Embedder
) -> None:
    seeds = ROOT.parent / "shared" / "corpora" / "seeds"
    other_text = "\n".join((seeds.glob("004_*.txt").__next__()).read_text().splitlines()[5:])
    other = [StoryArticle(article_id="004", outlet="E", text=other_text, published="2025-06-11")]
    summary = summarise_storyline(
        "line", [seed_story, other], embedder, SummaryOptions(max_sentences=6, max_words=200)
    )
    sources = {s.source[0] for s in summary.sentences}
    assert "004" in sources and sources & {"000", "001", "002", "003"}
    for s in summary.sentences:
        assert s.source[0] in s.article_ids


def test_bad_input_and_options(embedder: Embedder) -> None:
    with pytest.raises(InputError, match="no articles"):
        summarise_story("empty", [], embedder)
    with pytest.raises(ConfigError):
        SummaryOptions(max_words=0)


def test_rouge_on_a_hand_example() -> None:
    ref = "the cat sat on the mat"
    pred = "the cat lay on the mat"
    r = rouge(pred, ref, use_stem=False)
    # Unigrams: 5 of 6 shared -> P = R = F = 5/6; bigrams: the-cat, on-the, the-mat = 3/5.
    assert r.r1 == pytest.approx(5 / 6)
    assert r.r2 == pytest.approx(3 / 5)
    # LCS = "the cat on the mat" = 5 tokens.
    assert r.rl == pytest.approx(5 / 6)
    assert rouge_n(tokens("a b"), tokens("c d"), 1) == 0.0
    assert rouge_l([], ["a"]) == 0.0
    assert stem("ponies") == "poni" and stem("hopping") == "hop" and stem("agreed") == "agree"
    assert rouge("Cats were running.", "The cat runs", use_stem=True).r1 > 0.5


@pytest.mark.skipif(not NEUS.is_dir(), reason="NeuS corpus not present")
def test_neus_quality_floor_and_beats_lexrank(embedder: Embedder) -> None:
    # The whole split: on 50 stories the margin swings by a point either way.
    stories = load_split("val")
    started = time.perf_counter()
    scores = evaluate(stories, embedder, SummaryOptions())
    assert time.perf_counter() - started < 60
    assert scores["rouge1"] >= ROUGE1_FLOOR
    assert scores["rouge1"] >= scores["lexrank_rouge1"] + LEXRANK_MARGIN
    assert scores["citation_share"] == 1.0


def test_consensus_bag_keeps_what_two_articles_share() -> None:
    bag = consensus_bag(["Troops crossed the river.", "The troops crossed a river", "Rain fell."])
    assert bag == {"the": 1, "troop": 1, "cross": 1, "river": 1}
    # One article: nothing to corroborate against, the bag is the article itself.
    assert consensus_bag(["Rain fell, rain"]) == {"rain": 2, "fell": 1}
    assert summary_tokens("Sanctions SANCTIONED") == ["sanction", "sanction"]
    ref = consensus_bag(["a b c d", "a b c d"])
    pred = consensus_bag(["a b"])
    # P = 1, R = 1/2: F1 = 2/3; F2 = 5 * 1/2 / (4 + 1/2) = 5/9.
    assert f_beta(pred, ref, 1.0) == pytest.approx(2 / 3)
    assert f_beta(pred, ref, 2.0) == pytest.approx(5 / 9)


def test_best_subset_prefers_shared_words_and_skips_repeats() -> None:
    reference = consensus_bag(["storm hits coast power out", "storm hits coast power out"])
    bags = [
        consensus_bag([t]) for t in ("storm hits coast", "storm hits coast", "power out", "cat")
    ]
    words = [3, 3, 2, 1]
    chosen = best_subset(bags, [0.0] * 4, words, reference, beta=1.0, max_items=3, max_words=10)
    # A repeat adds nothing the clipped counts reward; the unrelated item only costs.
    assert sorted(chosen) in ([0, 2], [1, 2])
    capped = best_subset(bags, [0.0] * 4, words, reference, beta=1.0, max_items=3, max_words=4)
    assert capped in ((0,), (1,))
    banned = best_subset(
        bags, [0.0] * 4, words, reference, beta=1.0, max_items=3, max_words=10,
        conflicts=[(0, 2), (1, 2)],
    )  # fmt: skip
    # {0} (F1 0.75) beats {2} (0.57) and the repeat {0, 1} (0.55).
    assert banned == (0,)


def _best_subset_one_by_one(bags, bonuses, words, reference, *, beta, max_items, max_words,
                            conflicts=()):  # type: ignore[no-untyped-def]  # fmt: skip
    """The subset-by-subset search the vectorised one replaced (the reference)."""
    import itertools
    import math

    from newsloom.summarise.consensus import _f_beta

    banned = {frozenset(p) for p in conflicts}
    ref_n = sum(reference.values())
    best, best_score = (), -math.inf
    for size in range(1, max_items + 1):
        for subset in itertools.combinations(range(len(bags)), size):
            if size > 1 and sum(words[i] for i in subset) > max_words:
                continue
            if any(frozenset(p) in banned for p in itertools.combinations(subset, 2)):
                continue
            pred = sum((bags[i] for i in subset), Counter())
            overlap = float(sum((pred & reference).values()))
            score = _f_beta(overlap, float(sum(pred.values())), float(ref_n), beta)
            score += sum(bonuses[i] for i in subset) / size
            if score > best_score:
                best, best_score = subset, score
    return best


def test_best_subset_matches_the_subset_by_subset_search() -> None:
    """Same pick as the one-subset-at-a-time search, ties and conflicts included."""
    import random

    rnd = random.Random(3)
    vocab = "alpha beta gamma delta epsilon zeta eta theta iota kappa".split()
    for trial in range(60):
        n = rnd.randint(0, 9)
        bags = [Counter(rnd.choices(vocab, k=rnd.randint(0, 8))) for _ in range(n)]
        # rounded bonuses make exact ties common: the first best must win in both
        bonuses = [round(rnd.random(), 1) for _ in range(n)]
        words = [rnd.randint(3, 30) for _ in range(n)]
        reference = Counter(rnd.choices(vocab, k=rnd.randint(0, 12)))
        conflicts = [(i, j) for i in range(n) for j in range(i + 1, n) if rnd.random() < 0.15]
        kwargs = {"beta": 2.0, "max_items": rnd.randint(1, 4), "max_words": 50}
        got = best_subset(bags, bonuses, words, reference, conflicts=conflicts, **kwargs)
        want = _best_subset_one_by_one(
            bags, bonuses, words, reference, conflicts=conflicts, **kwargs
        )
        assert got == want, trial
