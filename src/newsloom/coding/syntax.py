"""Syntax helpers of the event coder: clause position, verb phrases, entities, quotations."""

from __future__ import annotations

from typing import Any

from newsloom.coding.dictionaries import normalise_phrase
from newsloom.coding.lexicon import LIGHT_VERBS, VERB_CUES

__all__ = [
    "background",
    "depth",
    "directional",
    "entities",
    "forms",
    "inside",
    "lemma_of",
    "own_phrase",
    "quoted_offsets",
]

Token = Any  # spaCy Token / Span; typed loosely so importing needs no spaCy


_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "cc", "csubj", "acl"})


_BACKGROUND = frozenset({"relcl", "acl", "advcl", "pcomp", "csubj", "npadvmod", "pobj"})


def background(token: Token) -> bool:
    """Whether the trigger lies in a clause subordinate to the sentence's main clause."""
    current = token
    for _ in range(12):
        if current.dep_ in _BACKGROUND:
            return True
        if current.head is current:
            return False
        current = current.head
    return False


def depth(token: Token) -> int:
    """Distance of a trigger from the sentence root, conjoined verbs counting as their head's."""
    depth, current = 0, token
    for _ in range(30):
        if current.head.i == current.i:  # spaCy makes a new Token object on each access
            break
        depth += current.dep_ != "conj"
        current = current.head
    return depth


def own_phrase(token: Token) -> list[Token]:
    """The verb's own words: its subtree without the clauses it governs, in text order."""
    out: list[Token] = []
    stack = [token]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(
            c
            for c in current.children
            if not (current is token and c.dep_ in _CLAUSES) and not c.is_punct
        )
    return sorted(out, key=lambda t: t.i)


def lemma_of(token: Token) -> str:
    """The verb's lemma, repaired where the lemmatiser strips too much ("staged" -> "stag")."""
    lemma = token.lemma_.lower()
    if lemma in VERB_CUES or lemma in LIGHT_VERBS:
        return lemma
    text = token.lower_
    for suffix, ending in (("d", ""), ("s", ""), ("ing", "e")):
        if text.endswith(suffix):
            candidate = text[: -len(suffix)] + ending
            if candidate in VERB_CUES or candidate in LIGHT_VERBS:
                return candidate
    return lemma


def forms(token: Token) -> set[str]:
    """Dictionary forms of a word: its text and its lemma."""
    return {normalise_phrase(token.text), normalise_phrase(token.lemma_)}


def entities(span: Any) -> list[tuple[int, str, str]]:
    """(start offset, label, text) of the span's named entities, read off its tokens.

    ``Span.ents`` rebuilds the whole document's entity tuple on every call; the tokens'
    IOB tags give the same entities in time linear in the sentence.
    """
    out: list[tuple[int, str, str]] = []
    start = -1
    label = ""
    pieces: list[str] = []
    for token in span:
        iob = token.ent_iob_
        if iob == "I" and pieces:
            pieces.append(token.text_with_ws)
            continue
        if pieces:
            out.append((start, label, "".join(pieces).strip()))
            pieces = []
        if iob == "B":
            start, label = token.idx, token.ent_type_
            pieces = [token.text_with_ws]
    if pieces:
        out.append((start, label, "".join(pieces).strip()))
    return out


def quoted_offsets(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` inside open quotations (curly or straight quotes)."""
    ranges: list[tuple[int, int]] = []
    curly = straight = 0
    opened = -1
    for i, char in enumerate(text):
        if char not in '“”"':
            continue
        was_open = curly > 0 or straight % 2 == 1
        if char == "“":
            curly += 1
        elif char == "”":
            curly = max(0, curly - 1)
        else:
            straight += 1
        now_open = curly > 0 or straight % 2 == 1
        if now_open and not was_open:
            opened = i
        elif was_open and not now_open:
            ranges.append((opened, i))
    if curly > 0 or straight % 2 == 1:
        ranges.append((opened, len(text)))
    return ranges


def inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether a character offset lies inside one of the ranges."""
    return any(start < offset <= end for start, end in ranges)


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_FRONTED = frozenset({"prep", "advcl", "npadvmod"})
_HUNG = frozenset({"appos", "conj"})


def fronted_subject(verb: Token) -> list[Token]:
    """Heads of a subject the parser hung inside a fronted phrase, nearest the verb last.

    "In talks with Rivera and his aides, Minister Vos, stressed ...": the subject-less verb
    has a fronted phrase, and the noun phrase between the phrase's last comma and the verb
    is attached back into it as an apposition or conjunct. Empty when the clause has a
    subject or the words before the verb do not fit that shape.
    """
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return []
    children = list(verb.children)
    if any(c.dep_ in _SUBJECT_DEPS for c in children):
        return []
    fronted = [c for c in children if c.dep_ in _FRONTED and c.i < verb.i]
    if not fronted:
        return []
    doc = verb.doc
    end = verb.i - 1  # skip a comma, auxiliaries and adverbs right before the verb
    while end >= 0 and (
        doc[end].is_punct or (doc[end].head.i == verb.i and doc[end].dep_ in ("aux", "advmod"))
    ):
        end -= 1
    phrase = next((f for f in fronted if f.left_edge.i <= end <= f.right_edge.i), None)
    if phrase is None or end <= phrase.i:
        return []
    start = end
    while start > phrase.i and doc[start - 1].text != ",":
        start -= 1
    if start <= phrase.i + 1:
        return []  # no comma inside the fronted phrase: nothing was hung there
    heads = [t for t in doc[start : end + 1] if not (start <= t.head.i <= end) and t.head.i != t.i]
    if not heads or any(h.dep_ not in _HUNG or h.pos_ not in ("NOUN", "PROPN") for h in heads):
        return []
    return heads


# Prepositions of direction or relation: their object is no place where the event happened.
_DIRECTIONAL = frozenset({"to", "toward", "towards", "into", "against", "with", "for"})


def directional(doc: Any, start_char: int) -> bool:
    """Whether the entity at a character offset is governed by a preposition of direction."""
    token = next((t for t in doc if t.idx == start_char), None)
    if token is None:
        return False
    while token.dep_ in ("compound", "flat", "amod", "conj") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in _DIRECTIONAL
