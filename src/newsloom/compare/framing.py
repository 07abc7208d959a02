"""Framing: how each outlet names a story's referents, cites speakers and words facts.

Everything here comes from alignment, never from a list of loaded terms: two units that
carry the same fact are aligned token by token (difflib), and a short span one outlet
puts where another puts a different span, between the same neighbours, is a naming
choice. Choices linked through shared names form one referent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

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

_STOP = frozenset(
    "a an the and or but of at by for with to from in on into as is are was were be been has "
    "have had that this these those it its his her their he she they 's".split()
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Substitution:
    """One slot where two aligned units put different spans between the same neighbours."""

    outlet_a: str
    outlet_b: str
    span_a: str
    span_b: str
    unit_a: tuple[str, int, int]
    unit_b: tuple[str, int, int]


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


def _norm(span: str) -> str:
    return " ".join(stem(t) for t, _, _ in tokenize(span))


def _is_content(token: str) -> bool:
    return token.lower() not in _STOP and len(token) > 1 and not token.isdigit()


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


_ADJECTIVE_END = ("ist", "ian", "ean", "ese", "ish", "ic", "li", "ni", "an")


def _name_at(tokens: list[tuple[str, int, int]], i: int) -> list[tuple[str, int, int]]:
    """The name phrase starting at token i: capitalised words, plus the noun a
    capitalised adjective modifies ("Zionist regime"); empty when none starts there."""
    if i < len(tokens) and tokens[i][0].lower() == "the":
        i += 1
    run: list[tuple[str, int, int]] = []
    while i < len(tokens) and tokens[i][0][:1].isupper() and len(run) < 3:
        run.append(tokens[i])
        i += 1
    if (
        len(run) == 1
        and run[0][0].lower().endswith(_ADJECTIVE_END)
        and i < len(tokens)
        and tokens[i][0].islower()
        and _is_content(tokens[i][0])
    ):
        run.append(tokens[i])
    return run


def _absent(tokens: Sequence[tuple[str, int, int]], other: set[str], capitalised: bool) -> bool:
    # A word the other unit also holds is not replaced there, only moved or repeated.
    words = [t for t, _, _ in tokens if _is_content(t) and (t[:1].isupper() or not capitalised)]
    return all(w.lower() not in other for w in words)


def _pair_substitutions(
    a: FactUnit, b: FactUnit, max_tokens: int, same_fact: bool
) -> list[Substitution]:
    ta, tb = tokenize(a.text), tokenize(b.text)
    la, lb = [t.lower() for t, _, _ in ta], [t.lower() for t, _, _ in tb]
    set_a, set_b = set(la), set(lb)
    out: list[Substitution] = []
    ops = SequenceMatcher(None, la, lb, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace":
            continue
        left = ops[k - 1] if k > 0 else None
        right = ops[k + 1] if k + 1 < len(ops) else None
        # A slot needs a shared left neighbour that is a content word (or two shared
        # words), and a shared right neighbour or the end of both units.
        if left is None or left[0] != "equal":
            continue
        left_words = la[max(left[1], i1 - 2) : i1]
        anchored = len(left_words) >= 2 or any(_is_content(w) for w in left_words)
        # Loose pairs need a strong left anchor; a fact's own pairs may have "with".
        if not (anchored or same_fact):
            continue
        name_a, name_b = _name_at(ta, i1), _name_at(tb, j1)
        if (
            name_a
            and name_b
            and _absent(name_a, set_b, capitalised=True)
            and _absent(name_b, set_a, capitalised=True)
        ):
            # Two names in one anchored slot: a naming choice even when what follows
            # them differs ("ties with Israel despite …" / "ties with the Zionist regime, …").
            span_a = a.text[name_a[0][1] : name_a[-1][2]]
            span_b = b.text[name_b[0][1] : name_b[-1][2]]
            if _norm(span_a) != _norm(span_b):
                out.append(_substitution(a, b, span_a, span_b))
            continue
        if not anchored:
            continue
        # Loosely aligned units only yield names; other words need the fact's alignment.
        if not same_fact:
            continue
        if not (right is not None and right[0] == "equal") and not (
            i2 == len(la) and j2 == len(lb)
        ):
            continue
        if not (i2 - i1 <= max_tokens and j2 - j1 <= max_tokens):
            continue
        sa, sb = ta[i1:i2], tb[j1:j2]
        if not any(_is_content(t) for t, _, _ in sa) or not any(_is_content(t) for t, _, _ in sb):
            continue
        if not (_absent(sa, set_b, capitalised=False) and _absent(sb, set_a, capitalised=False)):
            continue
        # A capitalised modifier before a shared noun ("Zionist regime" / "Israeli
        # regime") names the noun: take the noun into both names.
        if (
            right is not None
            and right[0] == "equal"
            and sa[0][0][:1].isupper()
            and sb[0][0][:1].isupper()
            and _is_content(la[i2])
            and la[i2].islower()
            and ta[i2][0][:1].islower()
        ):
            sa, sb = [*sa, ta[i2]], [*sb, tb[j2]]
        # Drop leading/trailing function words so slots line up across pairs.
        sa = _strip_function_words(sa)
        sb = _strip_function_words(sb)
        span_a = a.text[sa[0][1] : sa[-1][2]] if sa else ""
        span_b = b.text[sb[0][1] : sb[-1][2]] if sb else ""
        if not span_a or not span_b or _norm(span_a) == _norm(span_b):
            continue
        out.append(_substitution(a, b, span_a, span_b))
    return out


def _substitution(a: FactUnit, b: FactUnit, span_a: str, span_b: str) -> Substitution:
    return Substitution(
        outlet_a=a.outlet,
        outlet_b=b.outlet,
        span_a=span_a,
        span_b=span_b,
        unit_a=a.key,
        unit_b=b.key,
    )


def _strip_function_words(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while tokens and not _is_content(tokens[0][0]):
        tokens = tokens[1:]
    while tokens and not _is_content(tokens[-1][0]):
        tokens = tokens[:-1]
    return tokens


def substitutions(coverage: Coverage, options: CompareOptions | None = None) -> list[Substitution]:
    """Every naming slot found between aligned units of different outlets."""
    options = options or CompareOptions()
    out: list[Substitution] = []
    for a, b, same_fact in _unit_pairs(coverage, options.framing_pair_score):
        out.extend(_pair_substitutions(a, b, options.max_name_tokens, same_fact))
    return out


def _count_names(text: str, names: Sequence[str]) -> Counter[str]:
    # Longest names first, so "Israeli regime" is not also counted as "regime".
    taken: list[tuple[int, int]] = []
    counts: Counter[str] = Counter()
    for name in sorted(names, key=len, reverse=True):
        flags = 0 if name[:1].isupper() else re.IGNORECASE
        pattern = re.compile(r"(?<!\w)" + re.escape(name).replace("’", "['’]") + r"(?!\w)", flags)
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            counts[name] += 1
    return counts


def framing(
    coverage: Coverage,
    articles: Sequence[StoryArticle],
    options: CompareOptions | None = None,
) -> list[Framing]:
    """Referents whose outlets name them differently, with each outlet's names and counts."""
    subs = substitutions(coverage, options)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    surface: dict[str, Counter[str]] = defaultdict(Counter)
    evidence: Counter[tuple[str, str]] = Counter()
    for s in subs:
        ka, kb = _norm(s.span_a), _norm(s.span_b)
        surface[ka][s.span_a] += 1
        surface[kb][s.span_b] += 1
        parent[find(ka)] = find(kb)
        evidence[(ka, kb) if ka <= kb else (kb, ka)] += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for key in surface:
        groups[find(key)].append(key)
    texts_by_outlet: dict[str, list[str]] = defaultdict(list)
    for art in articles:
        texts_by_outlet[art.outlet_label].append(art.text)
    out: list[Framing] = []
    for keys in groups.values():
        names = [surface[k].most_common(1)[0][0] for k in keys]
        by_outlet: dict[str, dict[str, int]] = {}
        for outlet, texts in texts_by_outlet.items():
            counts: Counter[str] = Counter()
            for text in texts:
                counts.update(_count_names(text, names))
            if counts:
                by_outlet[outlet] = dict(counts.most_common())
        users = Counter(n for names_used in by_outlet.values() for n in names_used)
        if len(users) < 2 or len(by_outlet) < 2:
            continue
        n_evidence = sum(v for (x, y), v in evidence.items() if x in keys and y in keys)
        referent = max(users, key=lambda n: (users[n], len(n)))
        out.append(Framing(referent=referent, names_by_outlet=by_outlet, evidence=n_evidence))
    out.sort(key=lambda f: (-f.evidence, f.referent))
    return out


def loaded_words(
    coverage: Coverage,
    articles: Sequence[StoryArticle],
    options: CompareOptions | None = None,
) -> list[LoadedWord]:
    """Words one outlet alone uses in aligned slots where the others chose other words."""
    subs = substitutions(coverage, options)
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
