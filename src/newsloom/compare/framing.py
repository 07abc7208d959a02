"""Framing: how each outlet names a story's referents and words what they do.

Built on slots (newsloom.compare.slots), never on a list of loaded terms. Names that
fill one slot with shared neighbours on both sides, or that several outlet pairs swap in
one recurring context, form a referent ("the junta" / "the military government" / "Naypyidaw");
a one-off, half-anchored swap links nothing, so unrelated names do not chain. Nouns the
outlets tie to one referent in aligned units ("the regime's crimes" / "atrocities by
the regime") are compared as well; common-word swaps are loaded-word candidates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsloom.compare.coverage import Coverage
from newsloom.compare.options import CompareOptions
from newsloom.compare.slots import Substitution, is_content, norm, substitutions, unit_pairs
from newsloom.compare.units import StoryArticle, stem, tokenize
from newsloom.compare.verbs import VerbChoice, attribution_verbs

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

_ATTACHED_BEFORE = re.compile(
    r"\b(?i:the|its|their|his|her|these|those|this)\s+(?:[a-z]\w*\s+)?([a-z]\w*)\s+(?:of|by)\s+"
    r"(?:the\s+)?$"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Framing:
    """A referent and the names each outlet gives it, with counts in that outlet's text."""

    referent: str  # the name most outlets use
    names_by_outlet: dict[str, dict[str, int]]
    evidence: int  # aligned slots where the names replaced each other


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedWord:
    """A word one outlet alone uses in aligned slots where other outlets use other words."""

    word: str
    outlet: str
    alternatives: dict[str, dict[str, int]]  # other outlet -> word it used there -> count
    slots: int


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
            names.setdefault(norm(best), re.sub(r"['’]s$", "", best))
        out.append(_Referent(names=tuple(names.values()), evidence=evidence))
    return out


def _attached_nouns(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Nouns a text ties to a referent: "the regime's crimes", "atrocities by the regime"."""
    out: list[str] = []
    for m in pattern.finditer(text):
        # "the X's crimes in …": the word after the possessive, when a function word or
        # punctuation follows it (else it is an adjective: "the X's significant role").
        after = re.match(r"['’]s\s+([a-z]\w*)(?:\s+(\w+))?", text[m.end() :])
        if after and is_content(after.group(1)) and not is_content(after.group(2) or ""):
            out.append(after.group(1))
        # "the (ongoing) atrocities by the X": a determiner marks the word as a noun.
        before = _ATTACHED_BEFORE.search(text[: m.start()])
        if before and is_content(before.group(1)):
            out.append(before.group(1))
    return out


def _attached_substitutions(
    coverage: Coverage, referent: _Referent, options: CompareOptions
) -> list[Substitution]:
    pattern = _name_pattern(referent.names)
    out: list[Substitution] = []
    for a, b, same_fact in unit_pairs(coverage, options.framing_pair_score):
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
    rows: list[tuple[int, str, list[Framing]]] = []
    for referent in found.names:
        row = _framing_row(
            _names_by_outlet(articles, referent.names, None),
            referent.evidence,
            options.min_framing_evidence,
        )
        if row is None:
            continue
        group = [row]
        context = _name_pattern(referent.names)
        for parent, nouns in found.attached:
            if parent is not referent:
                continue
            noun_row = _framing_row(
                _names_by_outlet(articles, nouns.names, context), nouns.evidence, 1
            )
            if noun_row is not None:
                # Labelled by its referent: "crimes (the junta)".
                group.append(replace(noun_row, referent=f"{noun_row.referent} ({row.referent})"))
        rows.append((row.evidence, row.referent, group))
    # Strongest referents first, each followed by the nouns outlets tie to it.
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [f for _, _, group in rows for f in group]


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
                if is_content(word):
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
