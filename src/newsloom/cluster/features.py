"""Per-article clustering features: capped term counts, name-like entities, date, vector,
key actor."""

from __future__ import annotations

import json
import re
import struct
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

__all__ = ["ArticleFeatures", "extract_features", "parse_timestamp", "stem"]

_MAGIC = b"NLF1"
_MAX_TERMS = 60  # distinct body terms kept per article; the tail adds cost, not signal
_MAX_TITLE_TERMS = 20
_MAX_ENTITIES = 60
_MAX_CHARS = 6000  # long articles drift off-topic after the first screens

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,:]\d+)*")
# The same tokens with the gaps between them: split puts tokens at odd indexes.
_TOKEN_WITH_GAPS = re.compile(f"({_TOKEN.pattern})")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'\-]+\b")
_SENTENCE_END_MARKS = frozenset('.!?:;"“”')  # a gap ending in one of these (and spaces)
_TERM_CACHE = 100_000  # tokens whose terms a process remembers (cleared when full)
_CONNECTORS = frozenset({"of", "the", "for", "de", "al", "bin", "van", "von", "la", "and"})

_STOPWORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already
    also although always am among amongst an and another any anyhow anyone anything anyway
    anywhere are around as at be became because become becomes been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do
    does doing done down due during each either else elsewhere enough etc even ever every
    everyone everything everywhere except few first for former formerly from further get
    gets got had has have having he hence her here hereafter hereby herein hers herself him
    himself his how however i if in indeed into is it its itself just last latter least
    less made make many may me meanwhile might mine more moreover most mostly much must my
    myself namely neither never nevertheless next no nobody none noone nor not nothing now
    nowhere of off often on once one only onto or other others otherwise our ours ourselves
    out over own per perhaps please put rather re said same say says see seem seemed seeming
    seems several she should since so some somehow someone something sometime sometimes
    somewhere still such than that the their theirs them themselves then thence there
    thereafter thereby therefore therein these they this those though through throughout
    thru thus to together too toward towards under until up upon us very via was we well
    were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will
    with within without would yet you your yours yourself yourselves told according also
    new news reported report reports reuters ap afp mr mrs ms dr st year years day days
    time week weeks monday tuesday wednesday thursday friday saturday sunday today
    yesterday tomorrow people like""".split()
)
_NOT_CONTENT = _CONNECTORS | _STOPWORDS  # words a name needs besides these


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFeatures:
    """What the clusterer needs of one article; compact and serialisable without pickle."""

    vector: np.ndarray  # L2-normalised embedding (float32)
    terms: dict[str, float]  # body term counts, capped to the most frequent terms
    title_terms: dict[str, float]  # headline term counts (the lead sentence when untitled)
    entities: frozenset[str]  # lower-cased names, acronyms and numbers-with-context
    timestamp: float | None  # POSIX seconds of publication; None when undated
    # Who the article is about: the surname-like name it repeats most (None when none)
    actor: str | None = None

    def to_bytes(self) -> bytes:
        """Serialise as magic, a JSON header and the raw float32 vector."""
        header = json.dumps(
            {
                "terms": self.terms,
                "title_terms": self.title_terms,
                "entities": sorted(self.entities),
                "timestamp": self.timestamp,
                "actor": self.actor,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()
        vector = np.ascontiguousarray(self.vector, dtype="<f4").tobytes()
        return _MAGIC + struct.pack("<I", len(header)) + header + vector

    @classmethod
    def from_bytes(cls, data: bytes) -> ArticleFeatures:
        """Rebuild features written by ``to_bytes``; ValueError on anything else."""
        if len(data) < 8 or data[:4] != _MAGIC:
            raise ValueError("not newsloom article features (bad magic)")
        (size,) = struct.unpack("<I", data[4:8])
        if 8 + size > len(data) or (len(data) - 8 - size) % 4:
            raise ValueError("truncated newsloom article features")
        header = json.loads(data[8 : 8 + size].decode())
        vector = np.frombuffer(data[8 + size :], dtype="<f4").astype(np.float32)
        stamp = header["timestamp"]
        actor = header.get("actor")  # (absent from features stored before it existed)
        return cls(
            vector=vector,
            terms={str(k): float(v) for k, v in header["terms"].items()},
            title_terms={str(k): float(v) for k, v in header["title_terms"].items()},
            entities=frozenset(str(e) for e in header["entities"]),
            timestamp=None if stamp is None else float(stamp),
            actor=None if actor is None else str(actor),
        )


def parse_timestamp(published: str | None) -> float | None:
    """POSIX seconds of an ISO 8601 date or date-time (UTC when no zone); None if unusable."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        # An unparseable date only costs the time signal; the article still clusters.
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def stem(word: str) -> str:
    """Light suffix stripping so plurals and tenses share a term."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2] if not word.endswith("ied") else word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _normalise_token(token: str) -> str:
    if "'" not in token and "’" not in token and token[0] != "-" and token[-1] != "-":
        return token
    token = token.replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    return token.strip("'-")


class _Terms(dict[str, str | None]):
    """Raw token -> its term (normalised, lower-cased, stemmed), None when it is no term.

    Words repeat within and across texts, so each distinct token is worked out once per
    process (the cache is cleared when full); ``__missing__`` lets ``_term_counts`` look
    tokens up with ``map`` and count them with ``Counter``, both loops in C.
    """

    def __missing__(self, token: str) -> str | None:
        if len(self) >= _TERM_CACHE:
            self.clear()
        word = (_normalise_token(token) if "'" in token or "’" in token else token).lower()
        skip = len(word) < 2 or not word[0].isalpha() or word in _STOPWORDS
        term = self[token] = None if skip else stem(word)
        return term


_TERMS = _Terms()


def _term_counts(tokens: list[str], cap: int) -> dict[str, float]:
    # Terms are first seen where their first token is, as a token-by-token pass sees them.
    counts: Counter[str | None] = Counter(map(_TERMS.__getitem__, tokens))
    counts.pop(None, None)  # stopwords and the like
    # most_common keeps first-seen order among ties, so the cap is deterministic.
    top = counts.most_common(cap)
    return {term: float(n) for term, n in top if term is not None}  # (no None is left)


def _count_names(text: str, lowered_words: set[str], found: Counter[str]) -> list[str]:
    """Count the names and numbers of each line of ``text`` into ``found``; return its
    tokens."""
    tokens: list[str] = []
    for line in text.splitlines():
        if line:  # (blank lines between paragraphs)
            tokens += _count_names_in_line(line, lowered_words, found)
    return tokens


def _count_names_in_line(line: str, lowered_words: set[str], found: Counter[str]) -> list[str]:
    """Count name-like runs (capitalised words and connectors), acronyms and numbers with
    the word after them; return the line's tokens."""
    # One C-level split gives the tokens (odd indexes) and the gaps before them (even).
    parts = _TOKEN_WITH_GAPS.split(line)
    tokens = parts[1::2]
    run: list[str] = []
    for index, token in enumerate(tokens):
        first = token[0]
        if "a" <= first <= "z":
            if not run:
                continue  # a lower-case word outside a name, most tokens: nothing to do
            word = (_normalise_token(token) if "'" in token or "’" in token else token).lower()
            # a connector inside a name ("Bank of ..."), unless it opens a sentence
            if word in _CONNECTORS and not _starts_sentence(parts[2 * index]):
                run.append(word)
            else:
                _flush(run, found)
                run = []
            continue
        if "'" in token or "’" in token:  # tokens start and end with a letter or digit
            token = _normalise_token(token)
        if first.isdigit():
            if run:
                _flush(run, found)
                run = []
            if len(token.replace(",", "").replace(".", "")) >= 2:
                found[token] += 1
            following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
            if following and following.isalpha() and following not in _STOPWORDS:
                found[f"{token} {stem(following)}"] += 1
            continue
        # a capitalised word
        if index == 0 or _starts_sentence(parts[2 * index]):
            if run:
                _flush(run, found)
                run = []
            # A sentence-initial capital is a name only when the word never appears
            # lower-case.
            lowered = token.lower()
            if lowered in _STOPWORDS or lowered in lowered_words:
                continue
        run.append(token)
    if run:
        _flush(run, found)
    return tokens


def _starts_sentence(gap: str) -> bool:
    """Whether the text between two tokens ends a sentence: an end mark, then spaces."""
    return gap != " " and gap.rstrip()[-1:] in _SENTENCE_END_MARKS  # (one space is no end)


def _flush(run: list[str], found: Counter[str]) -> None:
    # Most runs are one capitalised word: nothing to pop (runs start with a capitalised
    # word, and only lower-case connectors are popped), nothing to join.
    if len(run) == 1:
        word = run[0].lower()
        if word not in _NOT_CONTENT:
            found[word] += 1
        return
    while run and run[-1] in _CONNECTORS:
        run.pop()
    if not run:
        return
    words = [w.lower() for w in run]
    content = [w for w in words if w not in _NOT_CONTENT]
    if not content:
        return
    if len(words) > 1:
        found[" ".join(words)] += 1
    for word in content:
        found[word] += 1


def _key_actor(found: Counter[str]) -> str | None:
    """The surname-like name an article is about, or None."""
    # News names a person in full once, then by surname ("Mark Felt" ... "Felt said"): the
    # last word of a two- or three-word name that also stands alone most often, twice at
    # least. Two reports of one happening name the same person; two of its kind, others.
    best, most = None, 1
    for name in found:
        if " " not in name:
            continue
        words = name.split(" ")
        last = words[-1]
        count = found.get(last, 0)
        if count > most and len(words) <= 3 and len(last) > 2 and name.replace(" ", "").isalpha():
            best, most = last, count
    return best


def extract_features(
    title: str | None, text: str, published: str | None, vector: np.ndarray
) -> ArticleFeatures:
    """Compute an article's clustering features from its clean text, title and date."""
    body = text[:_MAX_CHARS]
    if title and title.strip():
        headline = title
    else:
        # Untitled articles: the lead sentence plays the headline's part.
        first_line = body.strip().split("\n", 1)[0]
        headline = re.split(r"(?<=[.!?])\s", first_line, maxsplit=1)[0]
    # Names are read in the title (unless the body repeats it) and the body, line by line.
    titled = bool(title) and not body.startswith(title or "")
    entity_text = f"{title}\n{body}" if titled else body
    lowered_words = set(_LOWER_WORD.findall(entity_text))
    found: Counter[str] = Counter()
    if titled:
        _count_names(title or "", lowered_words, found)
    # the body's tokens come out of the same pass: a token never spans lines
    tokens = _count_names(body, lowered_words, found)
    return ArticleFeatures(
        vector=np.asarray(vector, dtype=np.float32).ravel(),
        terms=_term_counts(tokens, _MAX_TERMS),
        title_terms=_term_counts(_TOKEN.findall(headline), _MAX_TITLE_TERMS),
        entities=frozenset(name for name, _ in found.most_common(_MAX_ENTITIES)),
        timestamp=parse_timestamp(published),
        actor=_key_actor(found),
    )
