"""Compare stage on the seed story (000-003, one outlet each) and on hand-made stories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsloom.compare import (
    CompareOptions,
    Coverage,
    StoryArticle,
    attribution_verbs,
    build_coverage,
    disagreements,
    framing,
    omissions,
    split_fact_units,
    split_sentences,
    unique_facts,
)
from newsloom.embed import Embedder, EmbedOptions
from newsloom.errors import ConfigError, InputError

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"


def load_seed_story() -> list[StoryArticle]:
    """Seeds 000-003 as outlets A-D, ``date`` prefixes stripped."""
    articles = []
    for k, path in enumerate(sorted(SEEDS.glob("00[0-3]_*.txt"))):
        text = path.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d\d-\d\d) ", text)
        published = m.group(1) if m else None
        if m:
            text = text[m.end() :]
        articles.append(
            StoryArticle(article_id=path.name[:3], outlet="ABCD"[k], text=text, published=published)
        )
    return articles


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load(EmbedOptions())


@pytest.fixture(scope="module")
def seed_story() -> list[StoryArticle]:
    return load_seed_story()


@pytest.fixture(scope="module")
def coverage(seed_story: list[StoryArticle], embedder: Embedder) -> Coverage:
    return build_coverage("seed", seed_story, embedder)


def _facts_with(coverage: Coverage, pattern: str) -> list[tuple[str, ...]]:
    """Outlets of each fact having at least two units that match pattern."""
    out = []
    for fact in coverage.facts:
        hits = [
            k
            for k in fact.units
            if re.search(pattern, coverage.article_texts[k[0]][k[1] : k[2]], re.I)
        ]
        if len(hits) >= 2:
            out.append(fact.outlets)
    return out


def test_sentence_splitter_keeps_abbreviations_and_initials() -> None:
    text = (
        "Sen. J. Smith met Mr. Lee in the U.S. on Monday. They talked. Then they left!\nA new line"
    )
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Sen. J. Smith met Mr. Lee in the U.S. on Monday.",
        "They talked.",
        "Then they left!",
        "A new line",
    ]


def test_long_sentences_are_cut_into_clauses() -> None:
    text = (
        "The transport minister opened the long new bridge over the wide river in the old capital "
        "on Friday morning, "
        "while protesters gathered outside the parliament building to demand his resignation."
    )
    units = split_fact_units(StoryArticle(article_id="a", outlet=None, text=text))
    assert len(units) == 2
    assert units[1].text.startswith("while protesters")
    assert all(u.sentence_index == 0 for u in units)


def test_seed_fact_all_four_carry_the_meeting(coverage: Coverage) -> None:
    assert coverage.outlets == ("A", "B", "C", "D")
    assert any(len(o) == 4 for o in _facts_with(coverage, r"\bmeet"))


def test_seed_fact_all_four_carry_praise_for_stance_on_palestine(coverage: Coverage) -> None:
    outlets = _facts_with(coverage, r"stance|position")
    assert any(set(o) == {"A", "B", "C", "D"} for o in outlets) or (
        # Praise may be split over two facts; together they must cover all four.
        set().union(*[set(o) for o in outlets if len(o) >= 3]) == {"A", "B", "C", "D"}
    )


def test_seed_facts_some_carry(coverage: Coverage) -> None:
    eco = _facts_with(coverage, r"ECO|Economic Cooperation")
    assert any(set(o) >= {"B", "C", "D"} and "A" not in o for o in eco)
    war = _facts_with(coverage, r"imposed war|Iran-Iraq war")
    assert any(len(o) >= 2 for o in war)
    protests = _facts_with(coverage, r"Europe and the US")
    assert any(set(o) == {"B", "C"} for o in protests)


def test_seed_fact_only_000_carries_talks_with_india(coverage: Coverage) -> None:
    unique = unique_facts(coverage)
    talks = [f for f in unique if "peace talks with India" in f.text]
    assert len(talks) == 1
    assert talks[0].outlets == ("A",) and talks[0].article_ids == ("000",)
    assert all(len(f.outlets) == 1 for f in unique)


def test_matrix_and_ids_are_consistent_and_stable(
    coverage: Coverage, seed_story: list[StoryArticle], embedder: Embedder
) -> None:
    assert len(coverage.matrix) == len(coverage.facts)
    for fact, row in zip(coverage.facts, coverage.matrix, strict=True):
        assert (
            tuple(o for o, carried in zip(coverage.outlets, row, strict=True) if carried)
            == fact.outlets
        )
    again = build_coverage("seed", list(reversed(seed_story)), embedder)
    assert {f.fact_id for f in again.facts} == {f.fact_id for f in coverage.facts}


def test_omissions_name_the_outlet_that_leaves_a_fact_out(coverage: Coverage) -> None:
    found = omissions(coverage)
    assert found
    for o in found:
        assert o.outlet not in o.fact.outlets and len(o.fact.outlets) >= 3


def test_units_of_one_article_never_align(coverage: Coverage) -> None:
    for pair in coverage.pairs:
        assert pair.a.article_id != pair.b.article_id


def test_framing_finds_zionist_israeli_regime_referent(
    coverage: Coverage, seed_story: list[StoryArticle]
) -> None:
    referents = framing(coverage, seed_story)
    regime = [
        f
        for f in referents
        if {"Zionist regime", "Israeli regime"}
        <= {n for names in f.names_by_outlet.values() for n in names}
    ]
    assert regime, [r.referent for r in referents]
    names = regime[0].names_by_outlet
    assert names["C"]["Israeli regime"] >= 2
    assert names["A"]["Zionist regime"] >= 2 and "Israeli regime" not in names["A"]
    assert names["D"]["Zionist regime"] >= 2


def test_attribution_verbs_per_speaker_and_outlet(seed_story: list[StoryArticle]) -> None:
    verbs = {v.speaker: v.verbs_by_outlet for v in attribution_verbs(seed_story)}
    assert "khamenei" in verbs
    assert verbs["khamenei"]["A"].get("wrote", 0) >= 1
    assert len(verbs["khamenei"]) >= 3


def _story(*texts: str) -> list[StoryArticle]:
    return [StoryArticle(article_id=f"a{k}", outlet=f"o{k}", text=t) for k, t in enumerate(texts)]


def test_disagreement_on_numbers_and_negation(embedder: Embedder) -> None:
    story = _story(
        "Police said 12 people were killed in the bombing of the central market in Kabul.",
        "Police said 15 people were killed in the bombing of the central market in Kabul.",
        "The government did not confirm the ceasefire agreement with the rebel groups.",
        "The government did confirm the ceasefire agreement with the rebel groups.",
    )
    cov = build_coverage("t", story, embedder)
    kinds = {(d.kind, d.detail) for d in disagreements(cov)}
    assert ("number", "12 vs 15") in kinds
    assert any(kind == "negation" for kind, _ in kinds)


def test_identical_reports_have_no_disagreement(embedder: Embedder) -> None:
    text = "The central bank raised its main interest rate by 25 basis points on Wednesday."
    cov = build_coverage("t", _story(text, text), embedder)
    assert len(cov.facts) == 1 and cov.facts[0].outlets == ("o0", "o1")
    assert disagreements(cov) == []
    assert unique_facts(cov) == []


def test_bad_input_raises_specific_errors(embedder: Embedder) -> None:
    with pytest.raises(InputError, match="twice"):
        build_coverage("t", _story("One sentence here today.", "Another one.")[:1] * 2, embedder)
    bad = StoryArticle(article_id="x", outlet=None, text="short", sentences=((0, 99),))
    with pytest.raises(InputError, match="outside the text"):
        split_fact_units(bad)
    with pytest.raises(ConfigError):
        CompareOptions(align_threshold=0)


def _score_matrix_pair_by_pair(units, vectors, options):  # type: ignore[no-untyped-def]
    """The pair-by-pair score matrix the vectorised one replaced (the reference)."""
    import numpy as np

    from newsloom.compare.units import content_words

    n = len(units)
    cosine = vectors @ vectors.T
    overlap = np.zeros((n, n), dtype=np.float32)
    words = [content_words(u.text) for u in units]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = words[i], words[j]
            overlap[i, j] = overlap[j, i] = 2 * len(a & b) / (len(a) + len(b)) if a and b else 0
    score = options.embedding_weight * cosine + options.lexical_weight * overlap
    for i in range(n):
        for j in range(i + 1, n):
            ki, kj = units[i].entity_keys, units[j].entity_keys
            if ki and kj:
                adj = options.entity_bonus if ki & kj else -options.entity_penalty
                score[i, j] += adj
                score[j, i] += adj
    same = np.array([[a.article_id == b.article_id for b in units] for a in units])
    return np.where(same, -np.inf, score).astype(np.float64), cosine, overlap


def test_score_matrix_matches_pair_by_pair_scores() -> None:
    """The vectorised scores equal the pair-by-pair ones bit for bit (outputs unchanged)."""
    import numpy as np

    from newsloom.compare.coverage import score_matrix

    story = load_seed_story()
    # entity keys from the name heuristic on some articles, none on one (both branches)
    story[1] = StoryArticle(
        article_id="x1", outlet="B", text=story[1].text, entities=((0, 0, "z"),)
    )
    units = [u for a in story for u in split_fact_units(a)]
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((len(units), 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    options = CompareOptions()
    got = score_matrix(units, vectors, options)
    want = _score_matrix_pair_by_pair(units, vectors, options)
    assert any(u.entity_keys for u in units) and not all(u.entity_keys for u in units)
    for g, w in zip(got, want, strict=True):
        assert g.dtype == w.dtype
        assert np.array_equal(g, w)
