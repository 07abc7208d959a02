"""Framing on the seed story: referents found by alignment, kept pure, and loaded words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsloom.compare import (
    CompareOptions,
    Coverage,
    Framing,
    StoryArticle,
    build_coverage,
    framing,
    loaded_words,
    substitutions,
)
from newsloom.embed import Embedder, EmbedOptions

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
REGIME = {"Zionist regime", "Israeli regime"}


def load_seeds(names: str = "0123") -> list[StoryArticle]:
    """Seeds 00N as outlets A-E: ``date`` prefixes stripped, 004's header lines dropped."""
    articles = []
    for path in sorted(SEEDS.glob("00[0-4]_*.txt")):
        k = int(path.name[2])
        if str(k) not in names:
            continue
        text = path.read_text(encoding="utf-8")
        if k == 4:
            text = "\n".join(text.split("\n")[5:])
        text = re.sub(r"^\s*date \d{4}-\d\d-\d\d ", "", text)
        articles.append(StoryArticle(article_id=path.name[:3], outlet="ABCDE"[k], text=text))
    return articles


def with_entities(article: StoryArticle) -> StoryArticle:
    """The article with entity spans as the canonical-entity stage gives them: one id per
    capitalised word, so "Zionist", "Israeli" and "Israel" are different entities."""
    spans = tuple(
        (m.start(), m.end(), "en-" + m.group().lower())
        for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]+", article.text)
    )
    return StoryArticle(
        article_id=article.article_id, outlet=article.outlet, text=article.text, entities=spans
    )


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load(EmbedOptions())


@pytest.fixture(scope="module")
def story() -> list[StoryArticle]:
    return load_seeds()


@pytest.fixture(scope="module")
def coverage(story: list[StoryArticle], embedder: Embedder) -> Coverage:
    return build_coverage("seed", story, embedder)


def _names(f: Framing) -> set[str]:
    return {n for names in f.names_by_outlet.values() for n in names}


def _regime(rows: list[Framing]) -> Framing:
    found = [f for f in rows if _names(f) >= REGIME]
    assert len(found) == 1, [(f.referent, _names(f)) for f in rows]
    return found[0]


def _check_regime(rows: list[Framing]) -> None:
    regime = _regime(rows)
    # Only renderings of Israel: no neighbour of it in some slot ("Palestinian issue").
    assert _names(regime) <= REGIME | {"Israel", "Tel Aviv"}, _names(regime)
    assert "Israel" in _names(regime)
    assert regime.names_by_outlet["C"]["Israeli regime"] == 2
    assert regime.names_by_outlet["D"]["Israel"] == 2
    assert set(regime.names_by_outlet["A"]) == {"Zionist regime", "Israel"}
    assert regime.referent == "Zionist regime"


def test_regime_referent_links_its_renderings_and_nothing_else(
    coverage: Coverage, story: list[StoryArticle]
) -> None:
    _check_regime(framing(coverage, story))


def test_regime_referent_with_canonical_entity_spans(
    story: list[StoryArticle], embedder: Embedder
) -> None:
    articles = [with_entities(a) for a in story]
    assert all(a.entities for a in articles)
    _check_regime(framing(build_coverage("seed", articles, embedder), articles))


def test_crimes_and_atrocities_are_one_choice(
    coverage: Coverage, story: list[StoryArticle]
) -> None:
    rows = framing(coverage, story)
    crimes = [f for f in rows if {"crimes", "atrocities"} <= _names(f)]
    assert len(crimes) == 1
    assert crimes[0].names_by_outlet["B"] == {"atrocities": 1}
    assert crimes[0].names_by_outlet["A"] == {"crimes": 3}
    words = {(w.outlet, w.word): w for w in loaded_words(coverage, story)}
    atrocities = words[("B", "atrocities")]
    assert atrocities.alternatives["A"] == {"crimes": 3}


def test_framing_rows_are_pure_name_choices(coverage: Coverage, story: list[StoryArticle]) -> None:
    rows = framing(coverage, story)
    assert rows
    for f in rows:
        names = sorted(_names(f))
        assert len(names) >= 2 and len(f.names_by_outlet) >= 2
        # Verb and common-word swaps are loaded-word candidates, not referents.
        assert not {"said", "stated", "wrote", "ties", "relations", "efforts"} & set(names)
        # Names of one referent never repeat each other's words ("Muslim"/"Muslim-majority").
        for k, a in enumerate(names):
            for b in names[k + 1 :]:
                wa, wb = set(a.lower().split()), set(b.lower().split())
                assert not (wa & wb) or wa & wb == {"regime"}, (a, b)
    assert not any(re.search(r"\d", n) for f in rows for n in _names(f))


def test_half_anchored_one_off_slots_link_nothing(coverage: Coverage) -> None:
    subs = [s for s in substitutions(coverage) if s.kind == "name"]
    assert any({s.span_a, s.span_b} == REGIME and s.anchored for s in subs)
    # Such a slot exists ("the Palestinian issue" / "the Israeli regime") but stays apart.
    assert not any(s.anchored and "Palestinian issue" in (s.span_a, s.span_b) for s in subs)


def test_an_unrelated_article_does_not_pollute_the_referent(embedder: Embedder) -> None:
    story = load_seeds("01234")
    rows = framing(build_coverage("seed", story, embedder), story)
    # 004 (outlet E) says "Israeli crimes": "Israeli" is its name for the referent.
    assert _names(_regime(rows)) <= REGIME | {"Israel", "Tel Aviv", "Israeli"}


def test_hand_made_story_names_found_by_alignment(embedder: Embedder) -> None:
    story = [
        StoryArticle(article_id=f"a{k}", outlet=f"o{k}", text=t)
        for k, t in enumerate(
            [
                "Villagers said the Northern Army burned farms near the river town on Sunday. "
                "The governor condemned raids by the Northern Army near the border.",
                "Villagers said the Freedom Legion burned farms near the river town on Sunday. "
                "The governor condemned raids by the Freedom Legion near the border.",
                "Villagers said the rebels burned farms near the river town on Sunday. "
                "The governor condemned raids by the rebels near the border.",
            ]
        )
    ]
    cov = build_coverage("t", story, embedder)
    rows = framing(cov, story, CompareOptions())
    army = [f for f in rows if {"Northern Army", "Freedom Legion"} <= _names(f)]
    assert army, [(f.referent, _names(f)) for f in rows]
    assert army[0].names_by_outlet["o0"] == {"Northern Army": 2}
    assert "Sunday" not in _names(army[0])
