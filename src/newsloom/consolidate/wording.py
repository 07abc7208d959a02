"""Word-level comparison of two renderings: sentences, stems, overlap, diff, meaning flags."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

from newsloom.consolidate.countries import fold

__all__ = [
    "DiffOp",
    "content_stems",
    "fuzzy_similarity_matrix",
    "meaning_flags",
    "sentence_spans",
    "stem_overlap",
    "stem_overlap_matrix",
    "word_diff",
    "words",
]

# (op, words): op is "equal", "added", "dropped" or "changed" ("old words -> new words").
DiffOp = tuple[str, str]

_WORD = re.compile(r"\d+(?:[-,.:/]\d+)*%?|[^\W\d_](?:[\w'\u2019-]*\w)?", re.UNICODE)
# A sentence ends at . ! ? (and a closing mark) before space and an upper-case opener.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018(]?[A-Z])")
_NEGATIONS = frozenset(
    {
        "not",
        "n't",
        "never",
        "no",
        "none",
        "nothing",
        "nobody",
        "neither",
        "nor",
        "without",
        "cannot",
    }
)
_NEGATED_PREFIXES = ("un", "non")
# Stop words carry no content, but negations and numbers change what is said.
_STOP = frozenset(STOP_WORDS) - _NEGATIONS - {"one", "two", "three", "five", "six", "ten", "first"}
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "ly", "s")
_STEM_CHARS = 6  # truncation after suffix stripping: "influenced"/"influence" -> "influe"
_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000"}
_NUMBER = re.compile(r"^\d+(?:[-,.:/]\d+)*%?$")


def words(text: str) -> list[str]:
    """The words and numbers of ``text`` in order, punctuation dropped."""
    return _WORD.findall(text.replace("\u2019", "'"))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a quote."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _stem(word: str) -> str:
    w = fold(word).replace("-", "").replace("'", "")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w.endswith("e"):  # "agree"/"agreed", "cause"/"caused"
        w = w[:-1]
    return w[:_STEM_CHARS]


def content_stems(text: str) -> set[str]:
    """Stems of the content words of ``text`` (stop words dropped, negations kept)."""
    return {s for w in words(text) if (s := _content_stem(w)) is not None}


@lru_cache(maxsize=65_536)
def _content_stem(word: str) -> str | None:
    # memoised per word: folding and stemming the same words over and over was the cost
    return None if fold(word) in _STOP else _stem(word)


def stem_overlap(a: set[str], b: set[str]) -> float:
    """Dice overlap of two stem sets, 0 when either is empty."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def stem_overlap_matrix(stem_sets: list[set[str]]) -> np.ndarray:
    """Pairwise Dice overlap of stem sets (diagonal 1), as a dense square matrix."""
    n = len(stem_sets)
    vocab: dict[str, int] = {}
    rows = [i for i, stems in enumerate(stem_sets) for _ in stems]
    cols = [vocab.setdefault(s, len(vocab)) for stems in stem_sets for s in stems]
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(vocab))))
    shared = np.asarray((x @ x.T).todense())
    sizes = np.asarray(x.sum(axis=1)).ravel()
    total = sizes[:, None] + sizes[None, :]
    dice = np.divide(2 * shared, total, out=np.zeros((n, n)), where=total > 0)
    np.fill_diagonal(dice, 1.0)
    return dice


def fuzzy_similarity_matrix(texts: list[str]) -> np.ndarray:
    """Pairwise rapidfuzz token-set ratio of folded texts, in [0, 1]."""
    folded = [fold(t) for t in texts]
    return np.asarray(process.cdist(folded, folded, scorer=fuzz.token_set_ratio)) / 100.0


def word_diff(reference: str, other: str) -> tuple[DiffOp, ...]:
    """Words of ``other`` against ``reference``: equal runs, added, dropped and changed."""
    ref, oth = words(reference), words(other)
    matcher = difflib.SequenceMatcher(
        a=[fold(w) for w in ref], b=[fold(w) for w in oth], autojunk=False
    )
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = " ".join(ref[i1:i2]), " ".join(oth[j1:j2])
        if tag == "equal":
            ops.append(("equal", new))
        elif tag == "insert":
            ops.append(("added", new))
        elif tag == "delete":
            ops.append(("dropped", old))
        else:
            ops.append(("changed", f"{old} -> {new}"))
    return tuple(ops)


def _numbers(text: str) -> list[str]:
    found: list[str] = []
    for w in words(text):
        key = fold(w)
        if _NUMBER.match(key):
            found.append(re.sub(r"(?<=\d),(?=\d{3})", "", key))
        elif key in _NUMBER_WORDS:
            found.append(_NUMBER_WORDS[key])
    return found


def _polarity(text: str) -> tuple[set[str], set[str]]:
    """(stems said plainly, stems under a negation) of ``text``."""
    tokens = [fold(w) for w in words(text)]
    plain: set[str] = set()
    negated: set[str] = set()
    pending = 0  # content words left in the scope of the last negation cue
    for tok in tokens:
        if tok in _NEGATIONS or tok.endswith("n't"):
            pending = 4
            continue
        if tok in _STOP:
            pending = max(0, pending - 1)
            continue
        stem = _stem(tok)
        if pending:
            negated.add(stem)
            pending = 0
        else:
            plain.add(stem)
    return plain, negated


def _prefix_negated(stems: set[str], other_plain: set[str]) -> set[str]:
    """Stems such as "uninfl(uenced)" read as a negated "influe" when the other side has it."""
    found: set[str] = set()
    for s in stems:
        for prefix in _NEGATED_PREFIXES:
            if s.startswith(prefix) and len(s) > len(prefix) + 2:
                base = s[len(prefix) :]
                if any(o.startswith(base) for o in other_plain):
                    found.add(next(o for o in other_plain if o.startswith(base)))
    return found


def meaning_flags(reference: str, other: str) -> tuple[str, ...]:
    """What ``other`` changes in the meaning of ``reference``: numbers and negations."""
    flags: list[str] = []
    ref_numbers, other_numbers = _numbers(reference), _numbers(other)
    # A number one side leaves out is a dropped detail (the diff shows it); a number the
    # other side replaces with another one changes what was said.
    ref_only = sorted(set(ref_numbers) - set(other_numbers))
    other_only = sorted(set(other_numbers) - set(ref_numbers))
    if ref_only and other_only:
        flags.append(f"number: {' '.join(ref_only)} vs {' '.join(other_only)}")
    ref_plain, ref_neg = _polarity(reference)
    oth_plain, oth_neg = _polarity(other)
    ref_neg |= _prefix_negated(ref_plain, oth_plain | oth_neg)
    oth_neg |= _prefix_negated(oth_plain, ref_plain | ref_neg)
    flipped = sorted((ref_neg & (oth_plain - oth_neg)) | (oth_neg & (ref_plain - ref_neg)))
    if flipped:
        side = "negated in the reference only" if flipped[0] in ref_neg else "negated here only"
        flags.append(f"negation: {', '.join(flipped)} {side}")
    return tuple(flags)
