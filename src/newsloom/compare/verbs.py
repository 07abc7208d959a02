"""Attribution verbs: which verbs ("said", "stressed", "claimed") each outlet uses for
each speaker, read off quote-attribution patterns."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsloom.compare.options import CompareOptions
from newsloom.compare.units import StoryArticle, name_spans

__all__ = ["VerbChoice", "attribution_verbs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbChoice:
    """The attribution verbs each outlet uses for one speaker."""

    speaker: str
    verbs_by_outlet: dict[str, dict[str, int]]


_NAME_RE = r"(?:[Tt]he\s+)?(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+|[Hh]e|[Ss]he|[Tt]hey|the\s+[a-z]+"
_VERB_RE = r"[a-z]{3,}ed|said|says|wrote|writes|told|tells|[a-z]{3,}(?:ds|ts|es|ns|rs)"
_QUOTE_END = r"[”\"]"
_PATTERNS = (
    # ", ” Roe wrote" / "," he added"
    re.compile(rf"[,.!?]?{_QUOTE_END}\s*,?\s*(?P<name>{_NAME_RE})\s+(?P<verb>{_VERB_RE})\b"),
    # "” said Minister Roe"
    re.compile(rf"[,.!?]?{_QUOTE_END}\s*,?\s*(?P<verb>{_VERB_RE})\s+(?P<name>{_NAME_RE})"),
    # "Roe said that" / "Roe said, “" / "he further said:"
    re.compile(
        rf"(?P<name>{_NAME_RE})\s+(?:also\s+|further\s+|then\s+)?(?P<verb>{_VERB_RE})"
        rf"(?:\s+that\b|\s*[,:]?\s*[“\"])"
    ),
    # "…, Minister Roe said."
    re.compile(rf",\s+(?P<name>{_NAME_RE})\s+(?P<verb>{_VERB_RE})\s*[.]"),
)
_PRONOUNS = frozenset({"he", "she", "they"})
_NOT_SPEAKERS = frozenset("The A An It This That These Those There Here".split())


def _speaker_key(article: StoryArticle, name: str, start: int, last: str | None) -> str | None:
    low = name.lower()
    if low in _PRONOUNS or (low.startswith("the ") and name[4:5].islower()):
        return last
    for s, e, key in article.entities:
        if s < start + len(name) and e > start:
            return key
    words = [w for w in re.split(r"\s+", name) if w]
    return re.sub(r"['’]s$", "", words[-1]).lower() if words else None


def attribution_verbs(
    articles: Sequence[StoryArticle], options: CompareOptions | None = None
) -> list[VerbChoice]:
    """The verbs ("said", "stressed", "claimed") each outlet uses to attribute each speaker."""
    options = options or CompareOptions()
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for art in articles:
        hits: dict[int, tuple[str, int, str]] = {}
        for pattern in _PATTERNS:
            for m in pattern.finditer(art.text):
                hits.setdefault(
                    m.start("verb"), (m.group("name"), m.start("name"), m.group("verb"))
                )
        last: str | None = None
        names = name_spans(art.text)
        for _, (name, start, verb) in sorted(hits.items()):
            if name in _NOT_SPEAKERS:
                continue
            key = _speaker_key(art, name, start, last)
            if key is None:
                # A pronoun before any attributed speaker: take the nearest name before it.
                before = [k for s, _, k in names if s < start]
                key = before[-1] if before else None
            if key is None:
                continue
            if name.lower() not in _PRONOUNS:
                last = key
            counts[key][art.outlet_label][verb.lower()] += 1
    out: list[VerbChoice] = []
    for speaker, by_outlet in counts.items():
        kept = {
            o: dict(c.most_common())
            for o, c in by_outlet.items()
            if sum(c.values()) >= options.min_verb_count
        }
        if kept:
            out.append(VerbChoice(speaker=speaker, verbs_by_outlet=kept))
    out.sort(key=lambda v: (-sum(sum(c.values()) for c in v.verbs_by_outlet.values()), v.speaker))
    return out
