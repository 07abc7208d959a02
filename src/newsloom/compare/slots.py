"""Slots: where two outlets put different spans in one place of one fact.

Two units that carry the same fact are aligned token by token (difflib); a span one
outlet puts where another puts a different span, between shared neighbours, is a slot.
Names that are objects of one recurring phrase ("normalize ties with X") in different
outlets fill a slot too, wherever their units sit. Nothing comes from a word list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz

from newsloom.compare.coverage import Coverage
from newsloom.compare.options import CompareOptions
from newsloom.compare.units import FactUnit, StoryArticle, stem, tokenize

__all__ = ["Substitution", "SubstitutionKind", "is_content", "norm", "substitutions", "unit_pairs"]

Token = tuple[str, int, int]
SubstitutionKind = Literal["name", "word", "attached"]

_STOP = frozenset(
    "a an the and or but of at by for with to from in on into as is are was were be been has "
    "have had that this these those it its his her their he she they 's".split()
)
# Words that tie a noun to the referent after it: "crimes of the regime", "atrocities by".


@dataclass(frozen=True, slots=True, kw_only=True)
class Substitution:
    """One slot where two aligned units put different spans between the same neighbours."""

    outlet_a: str
    outlet_b: str
    span_a: str
    span_b: str
    unit_a: tuple[str, int, int]
    unit_b: tuple[str, int, int]
    kind: SubstitutionKind = "word"  # name: a proper name; attached: a referent's noun
    anchored: bool = False  # shared neighbours on both sides: the spans fill one slot
    key_a: str = ""  # referent key: the canonical entity id the span names, else its stems
    key_b: str = ""


@dataclass(frozen=True, slots=True)
class _View:
    """A unit's tokens with, per token, whether it is part of a name and its entity id."""

    unit: FactUnit
    tokens: list[Token]
    lower: list[str]
    nameish: list[bool]
    entity: list[str | None]


@dataclass(frozen=True, slots=True)
class _Name:
    start: int  # token index of the name's first word
    core_end: int  # end of its capitalised words
    end: int  # end including a noun a capitalised adjective modifies ("Northern regime")


def norm(span: str) -> str:
    """A span as its stemmed words, to compare spans across inflections."""
    return " ".join(stem(t) for t, _, _ in tokenize(span))


def is_content(token: str) -> bool:
    """Whether a token is a content word (not a function word, digit or letter)."""
    return token.lower() not in _STOP and len(token) > 1 and not token.isdigit()


def _midsentence_capitals(article: StoryArticle) -> set[str]:
    """Words an article capitalises inside sentences: names, not sentence openers."""
    out: set[str] = set()
    for m in re.finditer(r"(?<=[\w,;:’'\"”)] )[A-Z][\w’'-]*", article.text):
        out.add(re.sub(r"['’]s$", "", m.group()))
    return out


def _view(unit: FactUnit, entities: Sequence[tuple[int, int, str]], capitals: set[str]) -> _View:
    tokens = tokenize(unit.text)
    # only entities overlapping the unit can overlap its tokens; the scan keeps their order
    entities = [x for x in entities if x[0] < unit.end and unit.start < x[1]]
    entity: list[str | None] = []
    nameish: list[bool] = []
    for k, (t, s, e) in enumerate(tokens):
        gs, ge = unit.start + s, unit.start + e
        key = next((x for es, ee, x in entities if es < ge and gs < ee), None)
        entity.append(key)
        # A unit's first word is capitalised anyway: a name only when known to be one.
        capital = t[:1].isupper() and (k > 0 or key is not None or t in capitals)
        nameish.append(capital and not t.isdigit())
    return _View(unit, tokens, [t.lower() for t, _, _ in tokens], nameish, entity)


_ADJECTIVE_END = ("ist", "ian", "ean", "ese", "ish", "ic", "li", "ni", "an")


def _name_at(v: _View, i: int) -> _Name | None:
    """The name starting at token i (after "the"): capitalised words, plus the noun a
    capitalised adjective modifies ("Northern regime"); None when none starts there."""
    if i < len(v.tokens) and v.lower[i] == "the":
        i += 1
    start = end = i
    while end < len(v.tokens) and v.nameish[end] and end - start < 3:
        # A name does not run across punctuation ("Tehran.(REUTERS").
        if end > start and v.unit.text[v.tokens[end - 1][2] : v.tokens[end][1]].strip():
            break
        end += 1
    if end == start:
        return None
    core_end = end
    word = v.tokens[start][0]
    if (
        end - start == 1
        and word.lower().endswith(_ADJECTIVE_END)
        and end < len(v.tokens)
        and v.tokens[end][0].islower()
        and is_content(v.tokens[end][0])
    ):
        end += 1
    return _Name(start, core_end, end)


def _words_of(tokens: Iterable[Token]) -> set[str]:
    # Hyphenated words count by their parts: "Muslim-majority" repeats "Muslim".
    return {stem(p) for t, _, _ in tokens for p in re.split(r"[-’']", t) if is_content(p)}


def _span(v: _View, i: int, j: int) -> str:
    return v.unit.text[v.tokens[i][1] : v.tokens[j - 1][2]]


def _key(v: _View, name: _Name) -> str:
    # A name whose capitalised words are one canonical entity is keyed by it, so its
    # renderings in different articles ("Northern regime", "Northern regime’s") meet.
    ids = {v.entity[k] for k in range(name.start, name.core_end)}
    only = next(iter(ids)) if len(ids) == 1 else None
    tail = " ".join(stem(v.lower[k]) for k in range(name.core_end, name.end))
    base = only if only is not None else norm(_span(v, name.start, name.core_end))
    return f"{base} {tail}".strip()


def unit_pairs(coverage: Coverage, min_score: float) -> Iterable[tuple[FactUnit, FactUnit, bool]]:
    """Cross-outlet unit pairs: a fact's own (True), then loose pairs above min_score."""
    # Units of one fact, plus looser pairs: a naming slot ("stop the X's crimes in Gaza")
    # often sits in units the fact grouping kept apart.
    seen: set[tuple[tuple[str, int, int], tuple[str, int, int]]] = set()
    units = {u.key: u for u in coverage.units}
    for fact in coverage.facts:
        members = [units[k] for k in fact.units if k in units]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.outlet != b.outlet:
                    seen.add((a.key, b.key))
                    yield a, b, True
    for a, b, score in coverage.loose_pairs:
        if score >= min_score and (a.key, b.key) not in seen and a.outlet != b.outlet:
            yield a, b, False


def _absent(tokens: Sequence[Token], other: set[str], capitalised: bool) -> bool:
    # A word the other unit also holds is not replaced there, only moved or repeated.
    words = [t for t, _, _ in tokens if is_content(t) and (t[:1].isupper() or not capitalised)]
    return all(w.lower() not in other for w in words)


def _name_substitution(
    va: _View,
    vb: _View,
    ij: tuple[int, int],
    anchored_left: bool,
    same_fact: bool,
    options: CompareOptions,
) -> Substitution | None:
    na, nb = _name_at(va, ij[0]), _name_at(vb, ij[1])
    if na is None or nb is None:
        return None
    return _names_substitution(va, na, vb, nb, anchored_left, same_fact, options)


def _names_substitution(
    va: _View,
    na: _Name,
    vb: _View,
    nb: _Name,
    anchored_left: bool,
    same_fact: bool,
    options: CompareOptions,
) -> Substitution | None:
    core_a, core_b = va.tokens[na.start : na.core_end], vb.tokens[nb.start : nb.core_end]
    if _words_of(core_a) & _words_of(core_b):
        return None  # "Muslim" / "Muslim-majority": one name, not two
    if not (_absent(core_a, set(vb.lower), True) and _absent(core_b, set(va.lower), True)):
        return None
    core_text_a, core_text_b = _span(va, na.start, na.core_end), _span(vb, nb.start, nb.core_end)
    if fuzz.ratio(core_text_a.lower(), core_text_b.lower()) >= options.spelling_ratio:
        return None  # "Mohammed" / "Muhammad": a spelling, not a choice
    ca, cb = na.core_end, nb.core_end
    shared = ca < len(va.tokens) and cb < len(vb.tokens) and va.lower[ca] == vb.lower[cb]
    if shared and (na.end > ca or nb.end > cb):
        # Adjectives of one shared noun ("Northern regime" / "Federal regime"): the noun
        # belongs to both names, so the two keys line up.
        na, nb = _Name(na.start, ca, ca + 1), _Name(nb.start, cb, cb + 1)
    elif not shared:
        # A noun the other unit also holds is what the name does, not part of it:
        # "Northern crimes" / "the Federal regime's crimes" pair "Northern" with the regime.
        if na.end > ca and va.lower[ca] in vb.lower:
            na = _Name(na.start, ca, ca)
        if nb.end > cb and vb.lower[cb] in va.lower:
            nb = _Name(nb.start, cb, cb)
    span_a, span_b = _span(va, na.start, na.end), _span(vb, nb.start, nb.end)
    ea, eb = na.end, nb.end
    at_end = ea == len(va.tokens) and eb == len(vb.tokens)
    anchored_right = at_end or (
        ea < len(va.tokens) and eb < len(vb.tokens) and va.lower[ea] == vb.lower[eb]
    )
    anchored = anchored_right and (anchored_left or same_fact)
    return _substitution(va, vb, span_a, span_b, "name", anchored, _key(va, na), _key(vb, nb))


def _mentions(v: _View) -> list[tuple[_Name, str, frozenset[str]]]:
    """Names that are objects of a preposition ("ties with X"), with the preposition and
    the lower-case content words just before it, all within one phrase (no punctuation)."""
    out: list[tuple[_Name, str, frozenset[str]]] = []
    for i in range(1, len(v.tokens)):
        if not v.nameish[i] or v.nameish[i - 1]:
            continue
        name = _name_at(v, i)
        j = i - 1 if v.lower[i - 1] != "the" else i - 2
        # Coordinators join list items ("Iran and Pakistan"), they open no slot.
        if name is None or j < 1 or is_content(v.lower[j]) or v.lower[j] in ("and", "or"):
            continue
        window: set[str] = set()
        for k in range(j - 1, max(-1, j - 3), -1):
            gap = v.unit.text[v.tokens[k][2] : v.tokens[k + 1][1]]
            if gap.strip() or v.nameish[k]:
                break
            if is_content(v.lower[k]):
                window.add(stem(v.lower[k]))
        if window and not v.unit.text[v.tokens[j][2] : v.tokens[i][1]].strip(" the"):
            out.append((name, v.lower[j], frozenset(window)))
    return out


def _context_substitutions(views: Sequence[_View], options: CompareOptions) -> list[Substitution]:
    """Names that fill one recurring context in different outlets ("normalize ties with
    Ruritania" / "normalize relations with the Ruritanian regime"), wherever the units sit."""
    by_word: dict[str, list[tuple[_View, _Name, frozenset[str]]]] = defaultdict(list)
    for v in views:
        for name, word, window in _mentions(v):
            by_word[word].append((v, name, window))
    out: list[Substitution] = []
    for found in by_word.values():
        for k, (va, na, wa) in enumerate(found):
            for vb, nb, wb in found[k + 1 :]:
                if va.unit.outlet == vb.unit.outlet:
                    continue
                # One preposition and overlapping words before it: "ties with X" /
                # "ties with Y", "normalize ties with X" / "normalize relations with Y".
                if not wa & wb:
                    continue
                sub = _names_substitution(va, na, vb, nb, False, False, options)
                if sub is not None:
                    out.append(sub)
    return out


def _word_substitution(
    va: _View, vb: _View, op: tuple[int, int, int, int], right_equal: bool, options: CompareOptions
) -> Substitution | None:
    i1, i2, j1, j2 = op
    ta, tb = va.tokens, vb.tokens
    if not (right_equal or (i2 == len(ta) and j2 == len(tb))):
        return None
    if not (i2 - i1 <= options.max_name_tokens and j2 - j1 <= options.max_name_tokens):
        return None
    if any(va.nameish[i1:i2]) or any(vb.nameish[j1:j2]):
        return None  # names are compared as names, not as words
    sa, sb = _strip_function_words(ta[i1:i2]), _strip_function_words(tb[j1:j2])
    if not sa or not sb or any(ch.isdigit() for t, _, _ in [*sa, *sb] for ch in t):
        return None
    if not (_absent(sa, set(vb.lower), False) and _absent(sb, set(va.lower), False)):
        return None
    span_a = va.unit.text[sa[0][1] : sa[-1][2]]
    span_b = vb.unit.text[sb[0][1] : sb[-1][2]]
    if norm(span_a) == norm(span_b):
        return None
    return _substitution(va, vb, span_a, span_b, "word", True, norm(span_a), norm(span_b))


def _pair_substitutions(
    va: _View, vb: _View, same_fact: bool, options: CompareOptions
) -> list[Substitution]:
    la, lb = va.lower, vb.lower
    out: list[Substitution] = []
    ops = SequenceMatcher(None, la, lb, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        left = ops[k - 1] if k > 0 else None
        right = ops[k + 1] if k + 1 < len(ops) else None
        # A slot needs a shared left neighbour that is a content word (or two shared words).
        if tag != "replace" or left is None or left[0] != "equal":
            continue
        lo = max(left[1], i1 - 2)
        left_words = la[lo:i1]
        anchored = len(left_words) >= 2 or any(is_content(w) for w in left_words)
        # Loose pairs need a strong left anchor, a shared common word ("ties with"): a
        # shared name ("Sharif in X" / "Sharif in Y") says nothing about X and Y.
        common = any(is_content(la[k]) and not va.nameish[k] for k in range(lo, i1))
        if not (common or same_fact):
            continue
        name = _name_substitution(va, vb, (i1, j1), anchored, same_fact, options)
        if name is not None:
            # A half-open slot counts only after a shared common word, as for loose pairs.
            if name.anchored or common:
                out.append(name)
            continue
        # Loosely aligned units only yield names; other words need the fact's alignment.
        if not (anchored and same_fact):
            continue
        right_equal = right is not None and right[0] == "equal"
        word = _word_substitution(va, vb, (i1, i2, j1, j2), right_equal, options)
        if word is not None:
            out.append(word)
    return out


def _substitution(
    va: _View,
    vb: _View,
    span_a: str,
    span_b: str,
    kind: SubstitutionKind,
    anchored: bool,
    key_a: str,
    key_b: str,
) -> Substitution:
    return Substitution(
        outlet_a=va.unit.outlet,
        outlet_b=vb.unit.outlet,
        span_a=span_a,
        span_b=span_b,
        unit_a=va.unit.key,
        unit_b=vb.unit.key,
        kind=kind,
        anchored=anchored,
        key_a=key_a,
        key_b=key_b,
    )


def _strip_function_words(tokens: list[Token]) -> list[Token]:
    while tokens and not is_content(tokens[0][0]):
        tokens = tokens[1:]
    while tokens and not is_content(tokens[-1][0]):
        tokens = tokens[:-1]
    return tokens


class _Views:
    """Token views of a story's units, built once per unit."""

    def __init__(self, articles: Sequence[StoryArticle]) -> None:
        self._entities = {a.article_id: a.entities for a in articles}
        self._capitals = {a.article_id: _midsentence_capitals(a) for a in articles}
        self._cache: dict[tuple[str, int, int], _View] = {}

    def __call__(self, unit: FactUnit) -> _View:
        if unit.key not in self._cache:
            self._cache[unit.key] = _view(
                unit,
                self._entities.get(unit.article_id, ()),
                self._capitals.get(unit.article_id, set()),
            )
        return self._cache[unit.key]


def substitutions(
    coverage: Coverage,
    options: CompareOptions | None = None,
    articles: Sequence[StoryArticle] = (),
) -> list[Substitution]:
    """Every name or word slot found between aligned units of different outlets."""
    options = options or CompareOptions()
    views = _Views(articles)
    out: list[Substitution] = []
    for a, b, same_fact in unit_pairs(coverage, options.framing_pair_score):
        out.extend(_pair_substitutions(views(a), views(b), same_fact, options))
    out.extend(_context_substitutions([views(u) for u in coverage.units], options))
    return out
