"""Statements: one utterance across outlets, grouped, aligned and flagged."""

from __future__ import annotations

import dataclasses

import pytest

from newsloom.analyse import AnalyseOptions, Analyser, Quote
from newsloom.consolidate import (
    AttributedQuote,
    EntityRegistry,
    Statement,
    StatementGrouper,
    StatementOptions,
    attributed_quotes,
    statements_by_quote,
)
from newsloom.consolidate.wording import meaning_flags, sentence_spans, word_diff
from newsloom.embed import Embedder, EmbedOptions
from newsloom.errors import ConfigError, InputError
from tests.test_consolidate_entities import SEED_STORY, seed_text


@pytest.fixture(scope="module")
def grouper() -> StatementGrouper:
    return StatementGrouper(Embedder.load(EmbedOptions()), StatementOptions())


@pytest.fixture(scope="module")
def seed_statements(grouper: StatementGrouper) -> tuple[list[Statement], EntityRegistry]:
    analyser = Analyser.load(AnalyseOptions())
    texts = {p: seed_text(p) for p in SEED_STORY}
    analyses = analyser.analyse(list(texts.items()))
    registry = EntityRegistry.load()
    for a in analyses:
        registry.add(a.article_id, a, texts[a.article_id], story_id=SEED_STORY[a.article_id])
    meeting = [a for a in analyses if SEED_STORY[a.article_id] == "meeting"]
    return grouper.group(attributed_quotes(meeting, registry)), registry


def _containing(statements: list[Statement], article: str, fragment: str) -> Statement:
    found = [
        s
        for s in statements
        if any(r.article_id == article and fragment in r.text for r in s.renderings)
    ]
    assert len(found) == 1, f"{article}: {len(found)} statements hold {fragment!r}"
    return found[0]


def _articles(statement: Statement) -> set[str]:
    return {r.article_id for r in statement.renderings}


def test_inducements_and_temptations_are_one_statement(
    seed_statements: tuple[list[Statement], EntityRegistry],
) -> None:
    statements, registry = seed_statements
    st = _containing(statements, "000", "influenced by those inducements")
    assert st is _containing(statements, "002", "impacted by these temptations")
    assert st is _containing(statements, "003", "Pakistan has remained firm and uninfluenced")
    assert st is _containing(statements, "001", "Pakistan has remained firmly resistant")
    assert _articles(st) == {"000", "001", "002", "003"}
    leader = {
        e.entity_id for e in registry.entities() if e.type == "PERSON" and "Khamenei" in e.name
    }
    assert {st.speaker_entity_id} == leader
    assert all(r.speaker_entity_id == st.speaker_entity_id for r in st.renderings)
    # same meaning: "never influenced" = "uninfluenced", so nothing is flagged
    assert all(not r.flags for r in st.renderings), [r.flags for r in st.renderings]


def test_the_translation_difference_shows_in_the_diff(
    seed_statements: tuple[list[Statement], EntityRegistry],
) -> None:
    statements, _ = seed_statements
    st = _containing(statements, "002", "impacted by these temptations")
    reference = st.renderings[0]
    assert reference.article_id == "000" and reference.diff == (("equal", reference.text),)
    rendering = next(r for r in st.renderings if r.article_id == "002")
    changed = [words for op, words in rendering.diff if op == "changed"]
    assert any("influenced" in w and "impacted" in w for w in changed), rendering.diff
    assert any(op == "dropped" for op, _ in rendering.diff)


def test_warmongers_pair_is_one_statement(
    seed_statements: tuple[list[Statement], EntityRegistry],
) -> None:
    statements, _ = seed_statements
    st = _containing(statements, "000", "At a time when the warmongers")
    assert st is _containing(statements, "001", "In a world where war-mongers seek to sow discord")


def test_groups_are_precise_on_the_seeds(
    seed_statements: tuple[list[Statement], EntityRegistry],
) -> None:
    statements, _ = seed_statements
    groups = [s for s in statements if len(_articles(s)) > 1]
    assert len(groups) >= 7
    for st in statements:
        assert len({r.speaker_entity_id for r in st.renderings} - {None}) <= 1
        quotes = [(r.article_id, r.quote_index) for r in st.renderings]
        assert len(quotes) == len(set(quotes)), "two sentences of one quote in one statement"
    # statements that are not the same must stay apart
    joint = _containing(statements, "000", "Effective, joint efforts by Iran and Pakistan")
    relations = _containing(statements, "000", "Relations between Iran and Pakistan")
    assert joint is not relations
    by_quote = statements_by_quote(statements)
    three = next(
        r
        for st in statements
        for r in st.renderings
        if r.article_id == "000" and r.text.startswith("Effective, joint efforts")
    )
    # the three-sentence quote of X posts renders three statements
    assert len(by_quote[("000", three.quote_index)]) == 3


def _quote(text: str, kind: str = "direct") -> Quote:
    return Quote(
        text=text,
        start=0,
        end=len(text),
        kind=kind,  # type: ignore[arg-type]
        cue="said",
        cue_start=None,
        speaker_text=None,
        speaker_start=None,
        speaker_end=None,
        speaker_name=None,
    )


def _aq(article: str, text: str, speaker: str | None) -> AttributedQuote:
    return AttributedQuote(
        article_id=article, quote_index=0, quote=_quote(text), speaker_entity_id=speaker
    )


def test_a_changed_number_is_flagged_not_hidden(grouper: StatementGrouper) -> None:
    statements = grouper.group(
        [
            _aq("a", "Five people were killed in the attack on the central market.", "en-x"),
            _aq("b", "50 people were killed in the attack on the central market.", "en-x"),
        ]
    )
    assert len(statements) == 1
    assert statements[0].renderings[1].flags == ("number: 5 vs 50",)


def test_a_negation_flip_is_flagged(grouper: StatementGrouper) -> None:
    statements = grouper.group(
        [
            _aq("a", "The government has never been influenced by foreign pressure.", "en-x"),
            _aq("b", "The government has been influenced by foreign pressure.", "en-x"),
        ]
    )
    assert len(statements) == 1
    (flag,) = statements[0].renderings[1].flags
    assert flag.startswith("negation: influe")
    assert meaning_flags("We did not agree to the deal.", "We agreed to the deal.") != ()
    assert meaning_flags("It was never influenced.", "It remained uninfluenced.") == ()


def test_another_speaker_is_a_separate_flagged_statement(grouper: StatementGrouper) -> None:
    text = "Our two nations will build a new railway line before the end of the decade."
    statements = grouper.group([_aq("a", text, "en-x"), _aq("b", text, "en-y")])
    assert len(statements) == 2
    first, second = statements
    assert first.renderings[0].flags == (f"speaker: b gives this to en-y ({second.statement_id})",)
    assert second.renderings[0].flags == (f"speaker: a gives this to en-x ({first.statement_id})",)


def test_unknown_speaker_joins_only_a_near_copy(grouper: StatementGrouper) -> None:
    text = "Our two nations will build a new railway line before the end of the decade."
    paraphrase = "He said both countries plan a rail link within ten years."
    statements = grouper.group(
        [_aq("a", text, "en-x"), _aq("b", text, None), _aq("c", paraphrase, None)]
    )
    assert [len(s.renderings) for s in statements] == [2, 1]
    assert statements[0].speaker_entity_id == "en-x"
    assert statements[0].renderings[1].flags == ("speaker: unresolved in this article",)


def test_sentences_and_diffs() -> None:
    text = "Relations are warm. Trade grew by 5% in 2024! “Talks will go on,” he added."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Relations are warm.",
        "Trade grew by 5% in 2024!",
        "“Talks will go on,” he added.",
    ]
    assert word_diff("the war ended", "the long war ended now") == (
        ("equal", "the"),
        ("added", "long"),
        ("equal", "war ended"),
        ("added", "now"),
    )


def test_bad_input_raises_a_specific_error(grouper: StatementGrouper) -> None:
    broken = dataclasses.replace(_quote("Some words said here."), end=3)
    aq = AttributedQuote(article_id="z", quote_index=4, quote=broken, speaker_entity_id=None)
    with pytest.raises(InputError, match="z#quote4"):
        grouper.group([aq])
    with pytest.raises(ConfigError):
        StatementGrouper(None, dataclasses.replace(StatementOptions(), fuzzy_weight=-1.0))
    assert grouper.group([]) == []


def test_without_embedder_verbatim_copies_still_group() -> None:
    plain = StatementGrouper(None, StatementOptions())
    text = "Our two nations will build a new railway line before the end of the decade."
    assert len(plain.group([_aq("a", text, "en-x"), _aq("b", text, "en-x")])) == 1
