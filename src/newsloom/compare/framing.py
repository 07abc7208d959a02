"""Framing: how each outlet names a story's referents, cites speakers and words facts.

Everything here comes from alignment, never from a list of loaded terms: two units that
carry the same fact are aligned token by token (difflib), and a span one outlet puts
where another puts a different span, between the same neighbours, is a choice. Name
choices ("Zionist regime" / "Israeli regime") linked by clean slots form referents; the
nouns outlets attach to one referent ("the regime's crimes" / "atrocities by the
regime") are compared too; common-word swaps are loaded-word candidates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz

from newsloom.compare.coverage import Coverage
from newsloom.compare.options import CompareOptions
from newsloom.compare.units import FactUnit, StoryArticle, name_spans, stem, tokenize

__all__ = [
    "Framing",
    "LoadedWord",
    "Substitution",
    "VerbChoice",
    "attribution_verbs",
    "framing",
    "loaded_words",
    "substitutions",
]

Token = tuple[str, int, int]
SubstitutionKind = Literal["name", "word", "attached"]

_STOP = frozenset(
    "a an the and or but of at by for with to from in on into as is are was were be been has "
    "have had that this these those it its his her their he she they 's".split()
)
# Words that tie a noun to the referent after it: "crimes of the regime", "atrocities by".
_ATTACH = frozenset({"of", "by"})


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Framing:
    """A referent and the names each outlet gives it, with counts in that outlet's text."""

    referent: str  # the name most outlets use
    names_by_outlet: dict[str, dict[str, int]]
    evidence: int  # aligned slots where the names replaced each other


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbChoice:
    """The attribution verbs each outlet uses for one speaker."""

    speaker: str
    verbs_by_outlet: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedWord:
    """A word one outlet alone uses in aligned slots where other outlets use other words."""

    word: str
    outlet: str
    alternatives: dict[str, dict[str, int]]  # other outlet -> word it used there -> count
    slots: int


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
    end: int  # end including a noun a capitalised adjective modifies ("Zionist regime")


def _norm(span: str) -> str:
    return " ".join(stem(t) for t, _, _ in tokenize(span))


def _is_content(token: str) -> bool:
    return token.lower() not in _STOP and len(token) > 1 and not token.isdigit()


def _midsentence_capitals(article: StoryArticle) -> set[str]:
    """Words an article capitalises inside sentences: names, not sentence openers."""
    out: set[str] = set()
    for m in re.finditer(r"(?<=[\w,;:’'\"”)] )[A-Z][\w’'-]*", article.text):
        out.add(re.sub(r"['’]s$", "", m.group()))
    return out


def _view(unit: FactUnit, entities: Sequence[tuple[int, int, str]], capitals: set[str]) -> _View:
    tokens = tokenize(unit.text)
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
    capitalised adjective modifies ("Zionist regime"); None when none starts there."""
    if i < len(v.tokens) and v.lower[i] == "the":
        i += 1
    start = end = i
    while end < len(v.tokens) and v.nameish[end] and end - start < 3:
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
        and _is_content(v.tokens[end][0])
    ):
        end += 1
    return _Name(start, core_end, end)


def _words_of(tokens: Iterable[Token]) -> set[str]:
    # Hyphenated words count by their parts: "Muslim-majority" repeats "Muslim".
    return {stem(p) for t, _, _ in tokens for p in re.split(r"[-’']", t) if _is_content(p)}


def _span(v: _View, i: int, j: int) -> str:
    return v.unit.text[v.tokens[i][1] : v.tokens[j - 1][2]]


def _key(v: _View, name: _Name) -> str:
    # A name whose capitalised words are one canonical entity is keyed by it, so its
    # renderings in different articles ("Zionist regime", "Zionist regime’s") meet.
    ids = {v.entity[k] for k in range(name.start, name.core_end)}
    only = next(iter(ids)) if len(ids) == 1 else None
    tail = " ".join(stem(v.lower[k]) for k in range(name.core_end, name.end))
    base = only if only is not None else _norm(_span(v, name.start, name.core_end))
    return f"{base} {tail}".strip()


def _unit_pairs(coverage: Coverage, min_score: float) -> Iterable[tuple[FactUnit, FactUnit, bool]]:
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
    words = [t for t, _, _ in tokens if _is_content(t) and (t[:1].isupper() or not capitalised)]
    return all(w.lower() not in other for w in words)


def _name_substitution(
    va: _View, vb: _View, i1: int, j1: int, anchored_left: bool, options: CompareOptions
) -> Substitution | None:
    na, nb = _name_at(va, i1), _name_at(vb, j1)
    if na is None or nb is None:
        return None
    return _names_substitution(va, na, vb, nb, anchored_left, options)


def _names_substitution(
    va: _View, na: _Name, vb: _View, nb: _Name, anchored_left: bool, options: CompareOptions
) -> Substitution | None:
    core_a, core_b = va.tokens[na.start : na.core_end], vb.tokens[nb.start : nb.core_end]
    if _words_of(core_a) & _words_of(core_b):
        return None  # "Muslim" / "Muslim-majority": one name, not two
    if not (_absent(core_a, set(vb.lower), True) and _absent(core_b, set(va.lower), True)):
        return None
    core_text_a, core_text_b = _span(va, na.start, na.core_end), _span(vb, nb.start, nb.core_end)
    if fuzz.ratio(core_text_a.lower(), core_text_b.lower()) >= options.spelling_ratio:
        return None  # "Shehbaz" / "Shahbaz": a spelling, not a choice
    ca, cb = na.core_end, nb.core_end
    if ca < len(va.tokens) and cb < len(vb.tokens) and va.lower[ca] == vb.lower[cb]:
        # Both modify one shared noun ("Zionist regime" / "Israeli regime"): the noun
        # belongs to both names or to neither, so the two keys line up.
        head = va.tokens[ca][0]
        extend = head.islower() and _is_content(head)
        na = _Name(na.start, ca, ca + 1 if extend else ca)
        nb = _Name(nb.start, cb, cb + 1 if extend else cb)
    span_a, span_b = _span(va, na.start, na.end), _span(vb, nb.start, nb.end)
    ea, eb = na.end, nb.end
    at_end = ea == len(va.tokens) and eb == len(vb.tokens)
    anchored_right = at_end or (
        ea < len(va.tokens) and eb < len(vb.tokens) and va.lower[ea] == vb.lower[eb]
    )
    return _substitution(
        va, vb, span_a, span_b, "name", anchored_left and anchored_right, _key(va, na), _key(vb, nb)
    )


def _mentions(v: _View) -> list[tuple[_Name, str, frozenset[str]]]:
    """Names of a unit with the word just before each and the content words before that."""
    out: list[tuple[_Name, str, frozenset[str]]] = []
    for i in range(1, len(v.tokens)):
        if not v.nameish[i] or v.nameish[i - 1]:
            continue
        name = _name_at(v, i)
        j = i - 1 if v.lower[i - 1] != "the" else i - 2
        if name is None or j < 0:
            continue
        window = frozenset(stem(w) for w in v.lower[max(0, j - 2) : j] if _is_content(w))
        out.append((name, v.lower[j], window))
    return out


def _context_substitutions(views: Sequence[_View], options: CompareOptions) -> list[Substitution]:
    """Names that fill one recurring context in different outlets ("normalize ties with
    Israel" / "normalize relations with the Zionist regime"), wherever the units sit."""
    by_word: dict[str, list[tuple[_View, _Name, frozenset[str]]]] = defaultdict(list)
    for v in views:
        for name, word, window in _mentions(v):
            by_word[word].append((v, name, window))
    out: list[Substitution] = []
    for word, found in by_word.items():
        for k, (va, na, wa) in enumerate(found):
            for vb, nb, wb in found[k + 1 :]:
                if va.unit.outlet == vb.unit.outlet:
                    continue
                # The shared word before the names must say something ("confront X"),
                # or the words before it must overlap ("ties with X" / "ties with Y").
                if not (_is_content(word) or wa & wb):
                    continue
                sub = _names_substitution(va, na, vb, nb, False, options)
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
    if _norm(span_a) == _norm(span_b):
        return None
    return _substitution(va, vb, span_a, span_b, "word", True, _norm(span_a), _norm(span_b))


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
        left_words = la[max(left[1], i1 - 2) : i1]
        anchored = len(left_words) >= 2 or any(_is_content(w) for w in left_words)
        # Loose pairs need a strong left anchor; a fact's own pairs may have "with".
        if not (anchored or same_fact):
            continue
        name = _name_substitution(va, vb, i1, j1, anchored, options)
        if name is not None:
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
    while tokens and not _is_content(tokens[0][0]):
        tokens = tokens[1:]
    while tokens and not _is_content(tokens[-1][0]):
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
    for a, b, same_fact in _unit_pairs(coverage, options.framing_pair_score):
        out.extend(_pair_substitutions(views(a), views(b), same_fact, options))
    out.extend(_context_substitutions([views(u) for u in coverage.units], options))
    return out


def _count_names(text: str, names: Sequence[str]) -> Counter[str]:
    # Longest names first, so "Israeli regime" is not also counted as "regime".
    taken: list[tuple[int, int]] = []
    counts: Counter[str] = Counter()
    for name in sorted(names, key=len, reverse=True):
        for m in _name_pattern([name]).finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            counts[name] += 1
    return counts


def _name_pattern(names: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        body = re.escape(name).replace("’", "['’]")
        # Names match as written; common nouns in any case.
        parts.append(body if name[:1].isupper() else f"(?i:{body})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


class _Groups:
    """Union-find over string keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for key in list(self.parent):
            out[self.find(key)].append(key)
        return [sorted(g) for g in out.values()]


@dataclass(frozen=True, slots=True)
class _Referent:
    names: tuple[str, ...]  # surface names, one per key
    evidence: int  # distinct aligned slots linking them


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _group_substitutions(subs: Sequence[Substitution], min_outlet_pairs: int) -> list[_Referent]:
    """Keys linked by clean slots (shared neighbours on both sides) or by slots that
    several outlet pairs agree on; a one-off, half-anchored slot links nothing."""
    slots: dict[tuple[str, str], set[tuple[object, ...]]] = defaultdict(set)
    outlet_pairs: dict[tuple[str, str], set[frozenset[str]]] = defaultdict(set)
    anchored: dict[tuple[str, str], bool] = defaultdict(bool)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for s in subs:
        pair = _pair_key(s.key_a, s.key_b)
        slots[pair].add(tuple(sorted((s.unit_a, s.unit_b))))
        outlet_pairs[pair].add(frozenset((s.outlet_a, s.outlet_b)))
        anchored[pair] = anchored[pair] or s.anchored
        surface[s.key_a][s.span_a] += 1
        surface[s.key_b][s.span_b] += 1
    uf = _Groups()
    kept = [p for p in slots if anchored[p] or len(outlet_pairs[p]) >= min_outlet_pairs]
    for a, b in kept:
        uf.union(a, b)
    out: list[_Referent] = []
    for keys in uf.groups():
        members = set(keys)
        evidence = sum(len(slots[p]) for p in kept if p[0] in members)
        names: dict[str, str] = {}
        for key in keys:
            best = surface[key].most_common(1)[0][0]
            names.setdefault(_norm(best), re.sub(r"['’]s$", "", best))
        out.append(_Referent(names=tuple(names.values()), evidence=evidence))
    return out


def _attached_nouns(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Nouns a text ties to a referent: "the regime's crimes", "atrocities by the regime"."""
    out: list[str] = []
    for m in pattern.finditer(text):
        after = re.match(r"['’]s\s+(\w+)", text[m.end() :])
        # "the (ongoing) atrocities by the X": a determiner marks the word as a noun.
        before = re.search(
            r"\b(?:the|its|their|his|her|these|those|this)\s+(?:\w+\s+)?(\w+)\s+(\w+)\s+(?:the\s+)?$",
            text[: m.start()],
            re.IGNORECASE,
        )
        if after and after.group(1).islower() and _is_content(after.group(1)):
            out.append(after.group(1))
        if (
            before
            and before.group(2).lower() in _ATTACH
            and before.group(1).islower()
            and _is_content(before.group(1))
        ):
            out.append(before.group(1))
    return out


def _attached_substitutions(
    coverage: Coverage, referent: _Referent, options: CompareOptions
) -> list[Substitution]:
    pattern = _name_pattern(referent.names)
    out: list[Substitution] = []
    for a, b, same_fact in _unit_pairs(coverage, options.framing_pair_score):
        nouns_a, nouns_b = _attached_nouns(a.text, pattern), _attached_nouns(b.text, pattern)
        if not nouns_a or not nouns_b:
            continue
        words_a, words_b = (
            {stem(t) for t, _, _ in tokenize(a.text)},
            {stem(t) for t, _, _ in tokenize(b.text)},
        )
        for x in dict.fromkeys(nouns_a):
            for y in dict.fromkeys(nouns_b):
                # Both nouns must be replaced, not shared: "crimes" / "atrocities".
                if stem(x) in words_b or stem(y) in words_a:
                    continue
                out.append(
                    Substitution(
                        outlet_a=a.outlet,
                        outlet_b=b.outlet,
                        span_a=x,
                        span_b=y,
                        unit_a=a.key,
                        unit_b=b.key,
                        kind="attached",
                        anchored=same_fact,
                        key_a=stem(x),
                        key_b=stem(y),
                    )
                )
    return out


@dataclass(frozen=True, slots=True)
class _Analysis:
    names: list[_Referent]
    attached: list[tuple[_Referent, _Referent]]  # (referent, its nouns)
    subs: list[Substitution]  # word and attached slots


def _analyse(
    coverage: Coverage, articles: Sequence[StoryArticle], options: CompareOptions
) -> _Analysis:
    subs = substitutions(coverage, options, articles)
    names = _group_substitutions([s for s in subs if s.kind == "name"], options.min_outlet_pairs)
    attached: list[tuple[_Referent, _Referent]] = []
    extra: list[Substitution] = []
    for referent in names:
        found = _attached_substitutions(coverage, referent, options)
        extra.extend(found)
        # Every noun slot is kept: the referent already anchors both sides.
        attached.extend((referent, nouns) for nouns in _group_substitutions(found, 1))
    words = [s for s in subs if s.kind == "word"] + extra
    return _Analysis(names=names, attached=attached, subs=words)


def _names_by_outlet(
    articles: Sequence[StoryArticle], names: Sequence[str], context: re.Pattern[str] | None
) -> dict[str, dict[str, int]]:
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for art in articles:
        if context is None:
            by_outlet[art.outlet_label].update(_count_names(art.text, names))
        else:
            # Nouns count only where they are tied to the referent.
            found = [
                n
                for n in _attached_nouns(art.text, context)
                if n.lower() in {x.lower() for x in names}
            ]
            by_outlet[art.outlet_label].update(n.lower() for n in found)
    return {o: dict(c.most_common()) for o, c in by_outlet.items() if c}


def _framing_row(
    names_by_outlet: dict[str, dict[str, int]], evidence: int, min_evidence: int
) -> Framing | None:
    users = Counter(n for used in names_by_outlet.values() for n in used)
    if len(users) < 2 or len(names_by_outlet) < 2:
        return None
    # A one-slot swap of single words ("ties" / "relations") is too weak to show.
    if evidence < min_evidence and all(" " not in n for n in users):
        return None
    referent = max(
        users, key=lambda n: (users[n], sum(c.get(n, 0) for c in names_by_outlet.values()), len(n))
    )
    return Framing(referent=referent, names_by_outlet=names_by_outlet, evidence=evidence)


def framing(
    coverage: Coverage,
    articles: Sequence[StoryArticle],
    options: CompareOptions | None = None,
) -> list[Framing]:
    """Referents whose outlets name them differently (names, and nouns tied to them)."""
    options = options or CompareOptions()
    found = _analyse(coverage, articles, options)
    out: list[Framing] = []
    for referent in found.names:
        row = _framing_row(
            _names_by_outlet(articles, referent.names, None),
            referent.evidence,
            options.min_framing_evidence,
        )
        if row is not None:
            out.append(row)
    for referent, nouns in found.attached:
        context = _name_pattern(referent.names)
        row = _framing_row(_names_by_outlet(articles, nouns.names, context), nouns.evidence, 1)
        if row is not None:
            out.append(row)
    out.sort(key=lambda f: (-f.evidence, f.referent))
    return out


def loaded_words(
    coverage: Coverage,
    articles: Sequence[StoryArticle],
    options: CompareOptions | None = None,
) -> list[LoadedWord]:
    """Words one outlet alone uses in aligned slots where the others chose other words."""
    options = options or CompareOptions()
    subs = _analyse(coverage, articles, options).subs
    stems_by_outlet: dict[str, set[str]] = defaultdict(set)
    for art in articles:
        stems_by_outlet[art.outlet_label].update(stem(t) for t, _, _ in tokenize(art.text))
    choices: dict[tuple[str, str], dict[str, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for s in subs:
        for mine, other, mine_outlet, other_outlet in (
            (s.span_a, s.span_b, s.outlet_a, s.outlet_b),
            (s.span_b, s.span_a, s.outlet_b, s.outlet_a),
        ):
            for word, _, _ in tokenize(mine):
                if _is_content(word):
                    choices[(mine_outlet, word.lower())][other_outlet][other] += 1
    out: list[LoadedWord] = []
    for (outlet, word), alternatives in choices.items():
        users = [o for o, stems in stems_by_outlet.items() if stem(word) in stems]
        if users != [outlet]:
            continue
        out.append(
            LoadedWord(
                word=word,
                outlet=outlet,
                alternatives={o: dict(c) for o, c in alternatives.items()},
                slots=sum(sum(c.values()) for c in alternatives.values()),
            )
        )
    out.sort(key=lambda w: (-w.slots, w.outlet, w.word))
    return out


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
