"""Quote boundary repairs and checks: sentences that go on after a quoted fragment, titles."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Token

from newsloom.analyse.marks import QuotedSpan
from newsloom.analyse.records import Quote

__all__ = [
    "agent_like",
    "cut_after_quote",
    "dash_credit",
    "extend_tails",
    "extend_through_quotes",
    "quoted_left",
    "quoted_title",
    "quotes_words",
    "title_like",
]

_CLOSERS = '"”»'
_MARKS = '"“”„«»'
_SENTENCE_END = frozenset({".", "!", "?", ";", ":"})
_TRIM = " \t\r\n,;:" + _MARKS


def _tail_end(
    doc: Doc, text: str, first: Token, is_cue: Callable[[Token], bool], max_tokens: int
) -> int | None:
    """End offset of the clause that continues the sentence from ``first``, or None when
    the sentence does not go on (it ends, breaks a line, or a cue clause follows)."""
    last_comma: int | None = None
    end: int | None = None
    for i in range(first.i, min(first.i + max_tokens, len(doc))):
        tok = doc[i]
        if tok.text in _SENTENCE_END or "\n" in tok.text:
            break
        if is_cue(tok):
            # '... "fragment" and more, he said': the tail stops before the cue's clause.
            return last_comma
        if tok.text == ",":
            last_comma = tok.idx
        end = tok.idx + len(tok)
        if "\n" in tok.whitespace_:
            break
    else:
        return None  # no sentence end in reach: not a plain continuation
    if end is None:
        return None
    while end > first.idx and text[end - 1] in _TRIM:
        end -= 1
    return end


def extend_tails(
    doc: Doc,
    text: str,
    quotes: list[Quote],
    is_cue: Callable[[Token], bool],
    max_tokens: int = 40,
) -> list[Quote]:
    """Quotes whose cue comes before them and whose content stops at a closing quotation mark
    while the sentence goes on ('said "it gets me mad" every time ...') run to the sentence end;
    a quote that becomes mostly unquoted text turns ``mixed``."""
    starts = [t.idx for t in doc]
    out: list[Quote] = []
    for q in quotes:
        k = q.end
        if k < len(text) and text[k] == ",":
            k += 1  # '"peanuts," compared to ...'
        if (
            q.cue_start is None
            or q.cue_start > q.start
            or k >= len(text)
            or text[k] not in _CLOSERS
            or text[q.end - 1] in ".!?"
        ):
            out.append(q)
            continue
        k += 1
        while k < len(text) and text[k] in " \t\u00a0,":
            k += 1
        if k >= len(text) or not text[k].isalnum():
            out.append(q)
            continue
        first = doc[max(bisect_right(starts, k) - 1, 0)]
        end = _tail_end(doc, text, first, is_cue, max_tokens)
        if end is None or end <= k:
            out.append(q)
            continue
        new_text = text[q.start : end]
        quoted = sum(c.isalnum() for c in q.text) if q.kind == "direct" else 0
        total = sum(c.isalnum() for c in new_text)
        kind = q.kind if q.kind != "direct" or quoted >= 0.8 * total else "mixed"
        out.append(dataclasses.replace(q, text=new_text, end=end, kind=kind))
    return out


_AGENT_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_AGENT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "who"})


def agent_like(token: Token) -> bool:
    """A subject that can stand for someone who speaks: a named person or body, a pronoun."""
    return (
        token.ent_type_ in _AGENT_ENTS or token.lower_ in _AGENT_PRONOUNS or (token.pos_ == "PROPN")
    )


def title_like(passage: str) -> bool:
    """Every word capitalised but the small ones: a title or a name ("Parks and Recreation")."""
    words = [w for w in passage.split() if w[:1].isalpha()]
    return bool(words) and all(w[0].isupper() or w in _TITLE_SMALL for w in words)


def quotes_words(text: str, spans: list[QuotedSpan], quote: Quote) -> bool:
    """A quoted passage inside ``quote`` reads as someone's words, not a title or a name
    (every word capitalised: "Parks and Recreation", "Cake Boss")."""
    for span in spans:
        if quote.start <= span.start and span.end <= quote.end + 1:
            words = [w for w in text[span.start : span.end].split() if w[:1].isalpha()]
            if any(w[0].islower() and w not in _TITLE_SMALL for w in words):
                return True
    return False


_TITLE_SMALL = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for"})


def _opening_quote(clause: Token) -> str | None:
    """The quoted passage a clause opens with (up to 12 tokens of it), if it opens with one."""
    edge = clause.left_edge
    doc = edge.doc
    if edge.text in _MARKS:
        first = edge.i + 1
    elif edge.i > 0 and doc[edge.i - 1].text in _MARKS:
        first = edge.i
    else:
        return None
    last = next((t.i for t in doc[first : first + 12] if t.text in _MARKS), first + 12)
    return doc[first:last].text


def quoted_left(clause: Token) -> bool:
    """The clause (left of its cue) opens with a quotation, not a quoted title."""
    passage = _opening_quote(clause)
    return passage is not None and not title_like(passage)


def quoted_title(clause: Token) -> bool:
    """The parse took a quoted title for a clause ('In her book, "Make It Count," she
    wrote ...'): the clause's head lies inside a quoted passage of capitalised words."""
    doc = clause.doc
    # The closing mark may hang on the cue, just past the clause's own tokens.
    stretch = doc[clause.left_edge.i : min(clause.right_edge.i + 3, len(doc))]
    marks = [t.i for t in stretch if t.text in _MARKS]
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        if a < clause.i < b:
            return title_like(doc[a + 1 : b].text)
    return False


_CLAUSE_STOP = frozenset({".", "!", "?", ";", "—", "–", "--"})


def _quoted_rest_end(
    doc: Doc,
    text: str,
    spans: list[QuotedSpan],
    q: Quote,
    is_cue: Callable[[Token], bool],
    max_tokens: int,
    starts: list[int],
) -> int | None:
    """End of the sentence after ``q`` when what follows it there is more of the same
    statement with a quoted passage in it ('said that A, and "B."'); None otherwise."""
    opens = {s.open: s for s in spans}
    if q.text.rstrip()[-1:] in _CLAUSE_STOP or any(
        s.start <= q.start and q.end <= s.end for s in spans
    ):
        return None  # the content already ends its clause, or is all one quoted passage
    inside = next((s for s in spans if s.start < q.end < s.end), None)
    end: int | None = None
    k = q.end
    if inside is not None:
        rest = text[q.end : inside.end]
        if not any(c.isalnum() for c in rest):
            if any(c in ".!?" for c in rest):
                return None  # the quoted passage ends the sentence
        else:
            end = inside.end
        k = inside.close + 1
    i = bisect_right(starts, k - 1)
    limit = min(i + max_tokens, len(doc))
    while i < limit:
        tok = doc[i]
        span = opens.get(tok.idx)
        if span is not None:
            end = span.end
            if text[span.start : span.end].rstrip()[-1:] in (".", "!", "?"):
                break  # the sentence ends inside the quoted passage
            i = bisect_right(starts, span.close)  # the token after the closing mark
            continue
        if tok.text in _CLAUSE_STOP or "\n" in tok.text:
            break
        if is_cue(tok):
            break  # a reporting clause of its own ("but described it as ...")
        if end is not None and tok.text not in _MARKS:
            end = tok.idx + len(tok)
        if "\n" in tok.whitespace_:
            break
        i += 1
    else:
        return None
    if end is None or end <= q.end:
        return None
    while end > q.end and text[end - 1] in _TRIM + ".!?":
        end -= 1
    return end


def extend_through_quotes(
    doc: Doc,
    text: str,
    spans: list[QuotedSpan],
    quotes: list[Quote],
    is_cue: Callable[[Token], bool],
    max_tokens: int = 60,
) -> list[Quote]:
    """Reported speech whose content the parse cut short of a quoted passage later in the
    same sentence ('said that A, but "B."') runs to the sentence end and turns ``mixed``."""
    starts = [t.idx for t in doc]
    out: list[Quote] = []
    for q in quotes:
        end = None
        if q.kind != "direct" and q.cue_start is not None and q.cue_start < q.start:
            end = _quoted_rest_end(doc, text, spans, q, is_cue, max_tokens, starts)
        if end is None:
            out.append(q)
            continue
        out.append(dataclasses.replace(q, text=text[q.start : end], end=end, kind="mixed"))
    return out


_DASH_CREDIT = re.compile(r"[ \t\u00a0]*[―—–-][ \t\u00a0]*(?=\w)")


def dash_credit(*, doc_: Doc, text: str, starts: list[int], close: int) -> Token | None:
    """The credited name of a pull quote or quoted post: '"..." ― Name' ending its line
    (``close`` is the offset of the closing mark)."""
    credit = _DASH_CREDIT.match(text, close + 1)
    if credit is None:
        return None
    line_end = text.find("\n", credit.end())
    line_end = len(text) if line_end < 0 else line_end
    if line_end - credit.end() > 80:
        return None
    first = doc_[max(bisect_right(starts, credit.end()) - 1, 0)]
    last = doc_[max(bisect_right(starts, line_end - 1) - 1, 0)]
    names = [
        t
        for t in doc_[first.i : last.i + 1]
        if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")
    ]
    if not names or names[0].i != first.i:
        return None
    # The phrase's head: the last name token of the first run ("Carla Sanchez").
    head = names[0]
    for tok in names[1:]:
        if tok.i != head.i + 1:
            break
        head = tok
    return head


# After a quoted passage and a comma, a new clause ('called it "a sham," but he ...',
# '"a sham," when ...', '"the plan", which ...') or a dash aside is the writer's, not the
# speaker's.
_WRITERS_CLAUSE = re.compile(
    r"(?:,[\"”»]|[\"”»],)\s+"
    r"(?:but|when|while|although|though|whereas|because|before|after|which)\b(?! it comes)"
    r"|[\"”»],?\s*(?:—|–|--)\s"
)


def cut_after_quote(text: str, quote: Quote) -> Quote:
    """A mixed quote that runs past a closing mark into the writer's own clause ends there."""
    if quote.kind != "mixed":
        return quote
    for m in _WRITERS_CLAUSE.finditer(text, quote.start, quote.end):
        # Only a mark that closes a passage inside the quote ('," but'), not one opening it.
        if m.start() > quote.start and text[m.start() - 1] not in " \n":
            end = m.start() + 1 if text[m.start()] == "," else m.start()
            while end > quote.start and text[end - 1] in _TRIM:
                end -= 1
            if end - quote.start < 8:
                return quote
            return dataclasses.replace(quote, text=text[quote.start : end], end=end)
    return quote
