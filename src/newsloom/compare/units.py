"""Story articles as the compare stage sees them, and their split into fact units.

Sentences and entities come from the analyse stage when it ran; otherwise a fast
abbreviation-aware regex splitter and a capitalised-name heuristic stand in, so the
compare and summarise stages work on any plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsloom.errors import InputError

__all__ = [
    "FactUnit",
    "StoryArticle",
    "content_words",
    "name_spans",
    "negation_count",
    "number_tokens",
    "split_fact_units",
    "split_sentences",
    "stem",
    "tokenize",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryArticle:
    """One article of a story: its text plus, when analysed, sentence and entity spans."""

    article_id: str
    outlet: str | None
    text: str
    published: str | None = None
    sentences: tuple[tuple[int, int], ...] | None = None  # (start, end) from analyse
    entities: tuple[tuple[int, int, str], ...] = ()  # (start, end, entity_key)

    @property
    def outlet_label(self) -> str:
        """The outlet name, or the article id when the outlet is unknown."""
        return self.outlet or self.article_id


@dataclass(frozen=True, slots=True, kw_only=True)
class FactUnit:
    """A sentence or clause of one article: the smallest thing that carries a fact."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str
    sentence_index: int  # position of its sentence in the article (0 = lead)
    sentence_start: int
    sentence_end: int
    entity_keys: frozenset[str]

    @property
    def key(self) -> tuple[str, int, int]:
        """(article_id, start, end): the unit's identity."""
        return (self.article_id, self.start, self.end)


# Tokens that end in a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr co corp inc ltd "
    "no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m "
    "p.m mt ft rev hon pres supt dept est approx fig al".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_STOPWORDS = frozenset(
    "a an the and or but if of at by for with about against between into through during "
    "before after above below to from up down in out on off over under again further then "
    "once here there when where why how all any both each few more most other some such "
    "only own same so than too very can will just should now is are was were be been being "
    "have has had having do does did doing i me my we our you your he him his she her it its "
    "they them their what which who whom this that these those am as until while would could "
    "also said says say told its it's one two s t 's’s mr mrs ms".split()
)
_NEGATIONS = frozenset("not no never none nor neither without n't cannot".split())
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12",
    "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
}  # fmt: skip
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+|al-|bin\s+)?[A-Z][\w’'-]*)*")
_NAME_SKIP = frozenset("The A An In On At But And For It He She They We This That".split())


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of a text as (token, start, end); possessive 's split off."""
    # a unit's tokens are asked for by several stages; whole articles are not kept
    return list(_cached_tokens(text) if len(text) <= _CACHED_CHARS else _tokens(text))


def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        low = word.lower()
        if low.endswith(("'s", "’s")) and len(word) > 2:
            out.append((word[:-2], start, end - 2))
            out.append(("'s", end - 2, end))
        else:
            out.append((word, start, end))
    return tuple(out)


_CACHED_CHARS = 1_000
_cached_tokens = lru_cache(maxsize=2_048)(_tokens)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light suffix stemmer (plurals, -ed, -ing, -ly), enough to match inflections."""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""),
                         ("ly", ""), ("es", ""), ("s", "")):  # fmt: skip
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            return w[: len(w) - len(suffix)] + repl
    return w


def content_words(text: str) -> set[str]:
    """Stemmed, lowercased content words of a text (stopwords and 1-letter words dropped)."""
    return {
        stem(t)
        for t, _, _ in tokenize(text)
        if len(t) > 1 and t.lower() not in _STOPWORDS and not t.isdigit()
    }


def number_tokens(text: str) -> set[str]:
    """Numbers in a text, digits and number words normalised to digit strings."""
    out: set[str] = set()
    for t, _, _ in tokenize(text):
        low = t.lower().replace(",", "")
        if any(ch.isdigit() for ch in low):
            out.add(low)
        elif low in _NUMBER_WORDS:
            out.add(_NUMBER_WORDS[low])
    return out


def negation_count(text: str) -> int:
    """How many negation tokens a text holds ("not", "never", "n't", …)."""
    low = text.lower().replace("’", "'")
    return sum(1 for t in re.findall(r"n't|\w+", low) if t in _NEGATIONS)


def name_spans(text: str) -> list[tuple[int, int, str]]:
    """Capitalised-name spans (start, end, key) when no entity spans are available.

    The key is the last word of the span, lowercased: surnames and heads ("Roe",
    "regime") are what different renderings of one name share most often.
    """
    out: list[tuple[int, int, str]] = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        start = m.start()
        # A capitalised first word at a sentence start is usually not a name.
        while words and words[0] in _NAME_SKIP:
            start += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        span = " ".join(words)
        end = start + len(span)
        key = re.sub(r"['’]s$", "", words[-1]).lower()
        out.append((start, end, key))
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    m = re.search(r"([\w.]+)$", text[:dot])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    # Initials ("J. Smith") and listed abbreviations do not end sentences.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of a text: punctuation + capital, lines, abbreviations."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        chunk = line.group()
        start = 0
        for m in _BOUNDARY.finditer(chunk):
            if m.group().startswith(".") and _is_abbreviation(chunk, m.start()):
                continue
            spans.append((base + start, base + m.end()))
            start = m.end()
        spans.append((base + start, base + len(chunk)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Clause joints: semicolons, ", while/and/but …", ", adding that …", "… and noted that …".
_CLAUSE_CUT = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|and|but)\s)|,\s+(?=\w+ing\s+that\s)|\s+(?=and\s+\w+ed\s+that\s)"
)


def _inside_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def _clause_spans(
    text: str, start: int, end: int, long_words: int, min_words: int
) -> list[tuple[int, int]]:
    sentence = text[start:end]
    if len(sentence.split()) < long_words:
        return [(start, end)]
    cuts = [m for m in _CLAUSE_CUT.finditer(sentence) if not _inside_quote(sentence, m.start())]
    spans: list[tuple[int, int]] = []
    last = 0
    for m in cuts:
        left = sentence[last : m.start()]
        right = sentence[m.end() :]
        # Only cut where both sides are real clauses, not list items ("water and trade").
        if len(left.split()) >= min_words and len(right.split()) >= min_words:
            spans.append((start + last, start + m.start()))
            last = m.end()
    spans.append((start + last, end))
    return [_trim(text, s, e) for s, e in spans]


def split_fact_units(
    article: StoryArticle, *, long_sentence_words: int = 28, min_clause_words: int = 6
) -> list[FactUnit]:
    """Split an article into fact units: sentences, long ones cut at ';' or ', and/while'."""
    if not isinstance(article.text, str):
        raise InputError(article.article_id, "compare: article text is not a string")
    text = article.text
    sentences = article.sentences if article.sentences is not None else split_sentences(text)
    for s, e in sentences:
        if not (0 <= s <= e <= len(text)):
            raise InputError(
                article.article_id,
                f"compare: sentence span ({s}, {e}) lies outside the text ({len(text)} chars)",
            )
    entities = list(article.entities) or name_spans(text)
    units: list[FactUnit] = []
    for index, (s, e) in enumerate(sentences):
        for cs, ce in _clause_spans(text, s, e, long_sentence_words, min_clause_words):
            if not _WORD.search(text[cs:ce]):
                continue
            keys = frozenset(k for es, ee, k in entities if es < ce and ee > cs)
            units.append(
                FactUnit(
                    article_id=article.article_id,
                    outlet=article.outlet_label,
                    start=cs,
                    end=ce,
                    text=text[cs:ce],
                    sentence_index=index,
                    sentence_start=s,
                    sentence_end=e,
                    entity_keys=keys,
                )
            )
    return units


def check_story(articles: Sequence[StoryArticle]) -> None:
    """Raise InputError when a story repeats an article id (units would collide)."""
    seen: set[str] = set()
    for a in articles:
        if a.article_id in seen:
            raise InputError(a.article_id, "compare: the story lists this article twice")
        seen.add(a.article_id)
