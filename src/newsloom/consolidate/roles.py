"""Role phrases that stand for a named person: titles before a name and appositions."""

from __future__ import annotations

import re

from newsloom.consolidate.countries import CountryTable, fold
from newsloom.consolidate.names import RoleKey, role_key

__all__ = ["role_spans_around"]

_WINDOW = 120  # characters looked at on either side of a name
_MAX_ROLE_WORDS = 8
_WORD = re.compile(r"[^\s,;:()\[\]\u2013\u2014\"\u201c\u201d]+")
# Capitalised sentence openers, prepositions and time words that may precede a title in a
# capitalised run ("On Monday Prime Minister ...") but are never part of it.
_RUN_STOPS: frozenset[str] = frozenset(
    """
    on in at with by from as after before during when while but and then meanwhile also
    for to of under since until if though although because so yet amid despite about
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    january february march april may june july august september october november december
    """.split()
)
_CONNECTORS: frozenset[str] = frozenset({"of", "the", "for", "and", "de", "al"})
_POSSESSIVE = re.compile(r"'s?$")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\u2013\u2014\n\"\u201c\u201d]|,\s|^")


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _title_before(text: str, start: int) -> tuple[int, int] | None:
    """A capitalised title run right before a name: "French Prime Minister| Anne"."""
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    if not window.endswith(" ") or window.endswith("  "):
        return None
    words = list(_WORD.finditer(window))
    kept: list[re.Match[str]] = []
    for m in reversed(words):
        # the run must be contiguous: only single spaces between its words
        end_gap = window[m.end() : kept[-1].start()] if kept else window[m.end() :]
        if end_gap != " ":
            break
        w = fold(m.group())
        if w not in _CONNECTORS and (
            not _capitalised(m.group()) or _POSSESSIVE.sub("", w) in _RUN_STOPS
        ):
            break
        kept.append(m)
    while kept and fold(kept[-1].group()) in _CONNECTORS:
        kept.pop()  # a run never opens with "of" or "the"
    if not kept or len(kept) > _MAX_ROLE_WORDS:
        return None
    return lo + kept[-1].start(), lo + kept[0].end()


def _apposition_before(text: str, start: int) -> tuple[int, int] | None:
    """A role phrase set off before a name: "Kenya's chief justice, |Dr Ann ..."."""
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    if not window.endswith(", "):
        return None
    body = window[:-2]
    breaks = list(_CLAUSE_BREAK.finditer(body))
    begin = breaks[-1].end() if breaks else 0
    phrase = body[begin:]
    stripped = phrase.lstrip()
    if not stripped or len(stripped.split()) > _MAX_ROLE_WORDS:
        return None
    offset = lo + begin + (len(phrase) - len(stripped))
    return offset, lo + len(body)


def _apposition_after(text: str, end: int) -> tuple[int, int] | None:
    """A role phrase set off after a name: "Ann Lee|, the deputy secretary general,"."""
    window = text[end : end + _WINDOW]
    if not window.startswith(", "):
        return None
    stop = re.search(r"[,.;:!?()\n\u2013\u2014]", window[2:])
    if stop is None or window[2 + stop.start()] not in ",.":
        return None
    phrase = window[2 : 2 + stop.start()]
    if not phrase or len(phrase.split()) > _MAX_ROLE_WORDS:
        return None
    first = fold(phrase.split()[0])
    # Appositions after a name open with an article, a possessive or a capitalised word;
    # a lower-case verb or clause ("..., who said") is not one.
    if not (first in {"the", "a", "an"} or _capitalised(phrase) or first.endswith("'s")):
        return None
    return end + 2, end + 2 + len(phrase)


def role_spans_around(
    text: str, start: int, end: int, countries: CountryTable
) -> list[tuple[int, int, RoleKey]]:
    """Role phrases the text sets beside the name at ``[start, end)``, with their keys."""
    found: list[tuple[int, int, RoleKey]] = []
    for span in (
        _title_before(text, start),
        _apposition_before(text, start),
        _apposition_after(text, end),
    ):
        if span is None:
            continue
        key = role_key(text[span[0] : span[1]], countries)
        if key is not None:
            found.append((span[0], span[1], key))
    return found
