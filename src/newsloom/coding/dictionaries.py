"""PETRARCH/CAMEO dictionaries: verb patterns, actors with dated codes, agents.

The formats are those of PETRARCH2's own files (read their header comments):

- verbs: ``&SYNSET`` blocks of ``+WORD`` lines; then ``--- NAME [code] ---`` blocks of verb
  lines (``WORD [code] {IRREGULAR FORMS}``, ``+MULTI_WORD``) and pattern lines
  (``- WORDS * WORDS [code] # comment``), ``*`` standing for the verb, ``{A B}`` a phrase,
  ``(PREP ...)`` a prepositional phrase, ``&SYNSET`` any word of the set, ``$ + ^ %``
  the places of source and target (ignored here: the parse finds the actors);
- actors: a name (``WORDS_JOINED_``), ``+ALTERNATIVE`` lines, then codes on the same line
  or on indented lines, each optionally dated: ``[IRNGOV >20130803]``, ``[IRQ <20030320]``,
  ``[IRNGOV 410916-790205]``;
- agents: ``WORD [~SECTOR]`` with ``{PLURALS}`` and ``!SUBSTITUTION!`` sets.

Bad lines are reported in ``Dictionaries.problems`` and skipped. Parsed directories are
kept in memory per process (keyed by path and file times), so a worker pays once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newsloom.errors import ConfigError

__all__ = [
    "SLOT",
    "ActorCode",
    "Dictionaries",
    "VerbPattern",
    "check_dictionaries",
    "load_dictionaries",
    "normalise_phrase",
]

_CODE_RE = re.compile(r"\[([^\]]*)\]")


def normalise_phrase(text: str) -> str:
    """Dictionary form of a phrase: upper case, single spaces, no joining underscores."""
    return " ".join(text.replace("_", " ").upper().split())


@dataclass(frozen=True, slots=True)
class ActorCode:
    """One code of an actor, valid between two days (None: open-ended)."""

    code: str
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date | None) -> bool:
        """Whether the code applies on ``day`` (any code applies when the day is unknown)."""
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


# A pattern element standing for an actor or a skipped phrase: "$" (source), "+" (target),
# "^" (skip the next phrase) and "%" (compound actor) each match any word at their place.
SLOT = frozenset({"<SLOT>"})


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A verb pattern: word groups before and after the verb, each a set of alternatives."""

    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    code: str | None  # None for "---": the pattern says this is no event

    @property
    def weight(self) -> int:
        """How specific the pattern is: the number of words it requires."""
        return sum(1 for g in (*self.before, *self.after) if g is not SLOT and g != SLOT)

    def matches(self, before: list[set[str]], after: list[set[str]], gap: int = 3) -> bool:
        """Whether the groups occur in order next to the verb, at most ``gap`` words apart.

        ``before`` holds the forms (text, lemma) of the words before the verb, nearest
        last; ``after`` those after it, nearest first. The words after the verb are read
        from the verb outwards, those before it from the verb backwards.
        """
        if self.after and not _adjacent(self.after, after, gap):
            return False
        return not self.before or _adjacent(tuple(reversed(self.before)), before[::-1], gap)


def _adjacent(groups: tuple[frozenset[str], ...], words: list[set[str]], gap: int) -> bool:
    """Groups in order from the start of ``words``, each within ``gap`` words of the last."""
    position = 0
    for group in groups:
        limit = min(len(words), position + gap + 1)
        while position < limit and not (group == SLOT or words[position] & group):
            position += 1
        if position >= limit:
            return False
        position += 1
    return True


@dataclass(slots=True)
class Dictionaries:
    """Parsed verb, actor and agent dictionaries (read-only once loaded)."""

    verbs: dict[str, str | None] = field(default_factory=dict)  # verb (lemma) -> default code
    patterns: dict[str, list[VerbPattern]] = field(default_factory=dict)  # verb -> patterns
    actors: dict[str, tuple[ActorCode, ...]] = field(default_factory=dict)  # phrase -> codes
    agents: dict[str, str] = field(default_factory=dict)  # phrase -> sector code
    problems: list[str] = field(default_factory=list)  # "file:line: reason" of skipped lines
    max_actor_words: int = 1

    def actor_code(self, phrase: str, day: date | None = None) -> str | None:
        """The actor code of a phrase valid on ``day``; undated codes are the fallback."""
        codes = self.actors.get(normalise_phrase(phrase))
        if not codes:
            return None
        dated = [c for c in codes if (c.start or c.end) and c.valid_on(day)] if day else []
        if dated:
            return dated[-1].code
        undated = [c for c in codes if not (c.start or c.end)]
        return (undated or list(codes))[-1].code


# ---------------------------------------------------------------- verbs


def _words(element: str, synsets: dict[str, frozenset[str]]) -> frozenset[str] | None:
    if element.strip("(){}") in ("$", "+", "^", "%"):
        return SLOT
    element = element.strip("$+^%(){}")
    if not element:
        return None
    if element.startswith("&"):
        return synsets.get(element.rstrip("_"), frozenset())
    return frozenset({normalise_phrase(element)})


def _pattern_groups(text: str, synsets: dict[str, frozenset[str]]) -> tuple[frozenset[str], ...]:
    groups: list[frozenset[str]] = []
    for raw in text.replace("{", " ").replace("}", " ").split():
        for part in raw.split("_"):
            group = _words(part, synsets)
            if group:
                groups.append(group)
    return tuple(groups)


def _first_code(text: str) -> str | None:
    code = text.strip().split(":")[0].strip()
    return None if not code or code.startswith("-") else code


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _parse_verbs(path: Path, into: Dictionaries) -> None:
    synsets: dict[str, set[str]] = {}
    current_set: str | None = None
    block_code: str | None = None
    block_verbs: list[str] = []
    in_patterns = False
    frozen: dict[str, frozenset[str]] = {}
    for number, raw in enumerate(_lines(path), 1):
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("########") and "TRANSFORMATIONS" in raw:
            break  # transformations rewrite PETRARCH's own trees; nothing to take here
        if raw.startswith("#######") and "VERB PATTERNS" in raw:
            in_patterns = True
            frozen = {k: frozenset(normalise_phrase(w) for w in v) for k, v in synsets.items()}
            continue
        if raw.lstrip().startswith("#"):
            continue  # a comment line does not end a synonym set
        if not line.strip():
            current_set = None
            continue
        where = f"{path.name}:{number}"
        if not in_patterns:
            if line.startswith("&"):
                current_set = line.strip().rstrip("_")
                synsets[current_set] = set()
            elif line.startswith("+") and current_set is not None:
                synsets[current_set].add(line[1:].strip().rstrip("_"))
            else:
                into.problems.append(f"{where}: synonym word outside a set: {line.strip()!r}")
            continue
        if line.startswith("---"):
            match = re.match(r"---\s*(\S+)\s*\[([^\]]*)\]\s*---", line)
            if not match:
                into.problems.append(f"{where}: malformed block header: {line.strip()!r}")
                block_verbs = []
                continue
            block_code, block_verbs = _first_code(match[2]), []
            continue
        if line.startswith("-"):
            codes = _CODE_RE.findall(line)
            if not codes or "*" not in line or not block_verbs:
                into.problems.append(f"{where}: pattern lacks code, '*' or verb: {line.strip()!r}")
                continue
            body = _CODE_RE.sub(" ", line[1:])
            before, _, after = body.partition("*")
            pattern = VerbPattern(
                _pattern_groups(before, frozen),
                _pattern_groups(after, frozen),
                _first_code(codes[0]),
            )
            for verb in block_verbs:
                into.patterns.setdefault(verb, []).append(pattern)
            continue
        # A verb line: WORD or +MULTI_WORD, optional [code], optional {forms}.
        body = re.sub(r"\{[^}]*\}", " ", line)
        codes = _CODE_RE.findall(body)
        head = _CODE_RE.sub(" ", body).split()
        if len(head) != 1 or line.count("{") != line.count("}"):
            into.problems.append(f"{where}: cannot read verb line: {line.strip()!r}")
            continue
        verb = normalise_phrase(head[0].lstrip("+"))
        block_verbs.append(verb)
        into.verbs.setdefault(verb, _first_code(codes[0]) if codes else block_code)


# ---------------------------------------------------------------- actors and agents


def _date(text: str) -> date | None:
    text = text.strip()
    if len(text) == 6:  # YYMMDD, as in CountryInfo: 00-29 is the 2000s
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"bad date {text!r}")
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _actor_code(text: str) -> ActorCode:
    parts = text.split()
    if not parts:
        raise ValueError("empty code")
    if len(parts) == 1:
        return ActorCode(parts[0])
    restriction = "".join(parts[1:])
    if restriction.startswith(">"):
        return ActorCode(parts[0], start=_date(restriction[1:]))
    if restriction.startswith("<"):
        return ActorCode(parts[0], end=_date(restriction[1:]))
    start, dash, end = restriction.partition("-")
    if not dash:  # a lone date: the code applies from then on
        return ActorCode(parts[0], start=_date(start))
    return ActorCode(parts[0], start=_date(start), end=_date(end))


def _parse_actors(path: Path, into: Dictionaries) -> None:
    names: list[str] = []
    codes: list[ActorCode] = []

    def flush() -> None:
        if names and codes:
            for name in names:
                into.actors[name] = into.actors.get(name, ()) + tuple(codes)
                into.max_actor_words = max(into.max_actor_words, name.count(" ") + 1)
        names.clear()
        codes.clear()

    for number, raw in enumerate(_lines(path), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        stripped = line.strip()
        found = _CODE_RE.findall(stripped)
        if stripped.count("[") != stripped.count("]"):
            into.problems.append(f"{where}: unbalanced brackets: {stripped!r}")
            continue
        try:
            parsed = [_actor_code(c) for c in found]
        except ValueError as exc:
            into.problems.append(f"{where}: {exc}: {stripped!r}")
            continue
        name = _CODE_RE.sub(" ", stripped).strip()
        if line[0].isspace() and not name:
            codes.extend(parsed)  # an indented code line belongs to the names above
            continue
        if name.startswith("+"):
            names.append(normalise_phrase(name[1:]))
            codes.extend(parsed)
            continue
        if codes:
            flush()
        names.append(normalise_phrase(name))
        codes.extend(parsed)
    flush()


def _parse_agents(path: Path, into: Dictionaries) -> None:
    substitutions: dict[str, list[str]] = {}
    for number, raw in enumerate(_lines(path), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}"
        sub = re.match(r"(!\w+!)\s*=\s*(.+)", line)
        if sub:
            substitutions[sub[1]] = [w.strip() for w in sub[2].split(",") if w.strip()]
            continue
        found = _CODE_RE.findall(line)
        if len(found) != 1:
            into.problems.append(f"{where}: agent line needs one [code]: {line!r}")
            continue
        sector = found[0].replace("~", "").strip()
        body = _CODE_RE.sub(" ", line)
        plurals = re.findall(r"\{([^}]*)\}", body)
        word = re.sub(r"\{[^}]*\}", " ", body).strip()
        if not sector or not word:
            into.problems.append(f"{where}: cannot read agent line: {line!r}")
            continue
        forms = [word, *(p for group in plurals for p in group.split() if "_" in p or p.isalpha())]
        for form in forms:
            marker = re.search(r"!\w+!", form)
            expanded = (
                [form.replace(marker[0], f" {s} ") for s in substitutions.get(marker[0], [])]
                if marker
                else [form]
            )
            for phrase in expanded:
                into.agents.setdefault(normalise_phrase(phrase), sector)


# ---------------------------------------------------------------- loading


def _pick(directory: Path, patterns: tuple[str, ...]) -> list[Path]:
    found = sorted({p for pattern in patterns for p in directory.glob(pattern)})
    # The validation dictionaries code fictional countries; use them only when alone.
    production = [p for p in found if "validate" not in p.name.lower()]
    return production or found


@functools.lru_cache(maxsize=4)
def _load_cached(directory: str, stamp: tuple[tuple[str, float], ...]) -> Dictionaries:
    root = Path(directory)
    result = Dictionaries()
    for path in _pick(root, ("*verbs*.txt", "CAMEO*.txt")):
        _parse_verbs(path, result)
    for path in _pick(root, ("*actors*.txt",)):
        _parse_actors(path, result)
    for path in _pick(root, ("*agents*.txt",)):
        _parse_agents(path, result)
    return result


def check_dictionaries(directory: str | Path) -> list[Path]:
    """The dictionary files of ``directory``; a ConfigError when it holds no verb dictionary.

    Cheap (no parsing), so a run checks it before it starts worker processes, whose own
    failure to load would otherwise read as a crash.
    """
    root = Path(directory).expanduser().resolve()
    if not root.is_dir():
        raise ConfigError(f"[events] dictionaries: {directory} is not a directory")
    files = sorted(root.glob("*.txt"))
    if not any(p.name.upper().startswith("CAMEO") or "verbs" in p.name for p in files):
        raise ConfigError(
            f"[events] dictionaries: no verb dictionary (CAMEO*.txt or *verbs*.txt) in {root}"
        )
    return files


def load_dictionaries(directory: str | Path) -> Dictionaries:
    """Parse the PETRARCH/CAMEO dictionaries in ``directory`` (cached per process)."""
    root = Path(directory).expanduser().resolve()
    files = check_dictionaries(root)
    stamp = tuple((p.name, p.stat().st_mtime) for p in files)
    return _load_cached(str(root), stamp)
