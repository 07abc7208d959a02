"""Pair quotation marks in raw text: straight and curly, across paragraphs, tolerant of strays."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.analyse.lexicon import QUOTE_CLOSERS, QUOTE_OPENERS

__all__ = ["QuotedSpan", "find_quoted_spans", "normalise_marks"]

_MARK = re.compile(r"[\"“”„«»]")
# Markup left in the text ('<tweet id="..." author="...">'): its attribute quotes are not quotes.
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]{0,400})?>")
_OPEN_BEFORE = set(" \t\n\r([{—–-/\u00a0")


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotedSpan:
    """A quoted passage: ``open`` and ``close`` are the offsets of its two marks."""

    open: int
    close: int

    @property
    def start(self) -> int:
        """Offset of the first character inside the marks."""
        return self.open + 1

    @property
    def end(self) -> int:
        """Offset just past the last character inside the marks."""
        return self.close


def _role(text: str, i: int) -> str:
    """Whether the mark at ``i`` looks like an opener, a closer, or could be either."""
    mark = text[i]
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    # A curly mark of the wrong hand (a typo or a bad conversion): its place decides.
    if mark in QUOTE_OPENERS:
        return "close" if after in "\n\r" and not before.isspace() else "open"
    if mark in QUOTE_CLOSERS:
        # A line never starts with a closing mark: '” … what I learned' opens a quote.
        return "open" if before == "\n" and after not in "\n\r" else "close"
    opens = before in _OPEN_BEFORE and not after.isspace()
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


_BREAK = re.compile(r"\n[ \t\r]*\n\s*")


def _carried(text: str, open_at: int, mark: int) -> bool:
    """True if every line break between an open quote and ``mark`` is a quote carry-over.

    News style leaves a quote open at a paragraph's end and reopens it with a fresh mark
    at the next paragraph's start; any other break means the opener was never closed.
    A single line break is a wrapped line, not a paragraph break.
    """
    for brk in _BREAK.finditer(text, open_at, mark + 1):
        nxt = brk.end()
        if nxt > mark or (nxt < len(text) and not _MARK.match(text, nxt)):
            return False
    return True


_DOUBLED = re.compile(r"(?<!')''(?!')")


def normalise_marks(text: str) -> str:
    """``text`` with doubled apostrophes used as quotation marks (''Yes,'' she said) turned
    into a curly mark and a space: same length, so offsets still hold."""
    if "''" not in text:
        return text

    def mark(match: re.Match[str]) -> str:
        i = match.start()
        before = text[i - 1] if i > 0 else "\n"
        after = text[i + 2] if i + 2 < len(text) else "\n"
        return " “" if before in _OPEN_BEFORE and not after.isspace() else "” "

    return _DOUBLED.sub(mark, text)


def find_quoted_spans(text: str, *, max_chars: int = 4_000) -> list[QuotedSpan]:
    """Return the quoted passages of ``text`` in order; unpaired marks are left out."""
    text = normalise_marks(text)
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)] if "<" in text else []
    t = 0
    for match in _MARK.finditer(text):
        i = match.start()
        while t < len(tags) and tags[t][1] <= i:
            t += 1
        if t < len(tags) and tags[t][0] <= i:
            continue  # inside a markup tag
        role = _role(text, i)
        if open_at is not None and _BREAK.search(text, open_at, i) is not None:
            if not _carried(text, open_at, i):
                open_at = None
            elif role != "close" and text[:i].rstrip(" \t\r").endswith("\n"):
                continue  # the reopening mark of a quote carried over a paragraph break
        if open_at is None:
            if role != "close":
                open_at = i
            continue
        if role == "open":
            open_at = i  # an opener while open: the earlier opener was a stray
            continue
        if i - open_at - 1 <= max_chars and text[open_at + 1 : i].strip():
            spans.append(QuotedSpan(open=open_at, close=i))
        open_at = None
    return spans
