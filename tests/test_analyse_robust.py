"""Text that breaks parsers never stops a batch, and offsets stay exact."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsloom.analyse import AnalyseOptions, Analyser
from newsloom.analyse.marks import find_quoted_spans

NASTY = {
    "empty": "",
    "spaces": "   \n\n  \t ",
    "no_sentence_ends": " ".join(["the minister said that talks would go on"] * 400),
    "unbalanced": 'He said "this never closes. And “neither does this\n\nNew paragraph, she said.',
    "marks_10000": '"' * 10_000,
    "curly_marks": "“”" * 3_000 + " said he",
    "rtl": 'قال الرئيس إن المحادثات ستستمر. "هذا مهم" قال. שלום עולם, אמר הוא.',
    "mixed_rtl": 'The envoy said "سلام" and left. "It is over," he said.',
    "control": '\x00\x01 said \u202e\u202d "quote" \ufeff',
    "one_huge_token": "x" * 50_000,
}


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser.load(AnalyseOptions(max_chars=20_000))


def test_a_nasty_batch_finishes_in_order(analyser: Analyser) -> None:
    good = 'Officials met on Monday. "We agreed on a plan," the minister said.'
    items = [*NASTY.items(), ("good", good)]
    results = analyser.analyse(items)
    assert [r.article_id for r in results] == [k for k, _ in items]
    assert results[-1].quotes and results[-1].quotes[0].cue == "said"
    for (_, text), result in zip(items, results, strict=True):
        clipped = text[: analyser.options.max_chars]
        for q in result.quotes:
            assert clipped[q.start : q.end] == q.text


def test_empty_text_gives_an_empty_analysis(analyser: Analyser) -> None:
    (result,) = analyser.analyse([("e", "")])
    assert result.quotes == () and result.mentions == () and result.chains == ()


def test_unbalanced_mark_does_not_swallow_the_article() -> None:
    text = 'He said "this never closes.\n\nNext paragraph has "a real quote" here.'
    assert [text[s.start : s.end] for s in find_quoted_spans(text)] == ["a real quote"]


def test_quote_carried_over_paragraphs() -> None:
    text = "“First part.\n\n“Second part,” she said."
    (span,) = find_quoted_spans(text)
    assert text[span.start : span.end] == "First part.\n\n“Second part,"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list('ab "“”\n.,')), max_size=200))
def test_quoted_spans_are_ordered_and_disjoint(text: str) -> None:
    spans = find_quoted_spans(text)
    for a, b in itertools.pairwise(spans):
        assert a.close < b.open
    for s in spans:
        # Either hand of curly mark may open or close (wrong-hand typos are paired by place).
        assert s.open < s.close and text[s.open] in '"“”„«' and text[s.close] in '"“”»'


def test_wrong_hand_mark_opens_a_line() -> None:
    text = "Intro.\n”He is wrong. He must go.” ― A Reader\n“Second one.” ― B Reader"
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["He is wrong. He must go.", "Second one."]


def test_closing_mark_at_a_line_start_opens_a_quote() -> None:
    text = "Intro line.\n\n” … what we learned is simple,” he said."
    (span,) = find_quoted_spans(text)
    assert text[span.start : span.end].startswith(" … what we learned")


def test_doubled_apostrophes_pair_like_quotation_marks() -> None:
    text = "The firm called it ''a bargain,'' a spokesman said. ''We agree.''"
    got = [text[s.start : s.end].strip() for s in find_quoted_spans(text)]
    assert got == ["a bargain,", "We agree."]
