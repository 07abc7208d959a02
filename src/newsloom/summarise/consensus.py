"""The story's consensus bag and the subset search that summarises it.

The consensus bag holds each word as many times as at least half of the story's articles
(and at least two) use it: what the outlets share, in the words they share it. A summary
is the sentence subset whose words best match that bag (F-beta of clipped counts, as
ROUGE-1 does against a reference), so corroborated content is favoured, one outlet's
own wording is not, repeats are penalised by the clipping, and the summary's length
follows how much the outlets share, under a word cap.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

__all__ = ["best_subset", "consensus_bag", "f_beta", "summary_tokens"]

_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = (("sses", "ss"), ("ies", "i"), ("ing", ""), ("ed", ""), ("s", ""))


def _light_stem(word: str) -> str:
    # Inflections of one word ("sanction", "sanctions", "sanctioned") count as one.
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


def summary_tokens(text: str) -> list[str]:
    """Lowercased, lightly stemmed word tokens of a text (function words kept)."""
    return [_stemmed(t) for t in _TOKEN.findall(text.lower())]


@lru_cache(maxsize=65_536)
def _stemmed(word: str) -> str:
    # memoised per word: stemming the same words again and again was the cost
    return _light_stem(word)


def consensus_bag(texts: Sequence[str]) -> Counter[str]:
    """Words with the count that at least half the texts (and at least two) reach.

    With a single text the bag is that text: nothing to corroborate against.
    """
    bags = [Counter(summary_tokens(t)) for t in texts]
    if not bags:
        return Counter()
    need = min(len(bags), max(2, math.ceil(len(bags) / 2)))
    out: Counter[str] = Counter()
    for word in set().union(*bags):
        counts = sorted((b[word] for b in bags), reverse=True)
        if counts[need - 1] > 0:
            out[word] = counts[need - 1]
    return out


def f_beta(pred: Counter[str], reference: Counter[str], beta: float) -> float:
    """F-beta of clipped word counts (beta > 1 weighs recall of the reference higher)."""
    n_pred, n_ref = sum(pred.values()), sum(reference.values())
    overlap = sum((pred & reference).values())
    if overlap == 0 or n_pred == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_pred, overlap / n_ref
    return (1 + beta**2) * p * r / (beta**2 * p + r)


def best_subset(
    bags: Sequence[Counter[str]],
    bonuses: Sequence[float],
    words: Sequence[int],
    reference: Counter[str],
    *,
    beta: float,
    max_items: int,
    max_words: int,
    conflicts: Iterable[tuple[int, int]] = (),
) -> tuple[int, ...]:
    """Indices maximising F-beta against the reference plus the items' mean bonus.

    Exhaustive over subsets of at most max_items within max_words (a single item may
    exceed it, so a story of long sentences still gets one); conflicting pairs (near
    duplicates) never appear together. Callers keep the candidate list short.
    """
    banned = {frozenset(p) for p in conflicts}
    # Count vectors over the reference's words: the clipped overlap of a subset is then
    # sum(min(sum of its rows, reference)), a few numpy operations instead of Counters.
    vocab = {w: k for k, w in enumerate(reference)}
    ref = np.array([reference[w] for w in vocab], dtype=np.float64)
    rows = np.zeros((len(bags), len(vocab)))
    sizes = np.array([sum(b.values()) for b in bags], dtype=np.float64)
    for i, bag in enumerate(bags):
        for word, count in bag.items():
            k = vocab.get(word)
            if k is not None:
                rows[i, k] = count
    n_ref = float(ref.sum())
    ban = np.zeros((len(bags), len(bags)), dtype=bool)
    for i, j in _banned_pairs(banned):
        ban[i, j] = ban[j, i] = True
    bonus = np.asarray(bonuses, dtype=np.float64)
    length = np.asarray(words, dtype=np.int64)
    best: tuple[int, ...] = ()
    best_score = -math.inf
    # All subsets of one size at once, in the order itertools gives them; the sums are of
    # whole counts (exact in any order) and the bonus is summed left to right as before,
    # so every score, and the first best, is what the subset-by-subset loop found.
    for size in range(1, max_items + 1):
        combos = np.array(list(itertools.combinations(range(len(bags)), size)), dtype=np.int64)
        if not len(combos):
            break
        keep = np.ones(len(combos), dtype=bool)
        if size > 1:
            keep &= length[combos].sum(axis=1) <= max_words
        for a, b in itertools.combinations(range(size), 2):
            keep &= ~ban[combos[:, a], combos[:, b]]
        combos = combos[keep]
        if not len(combos):
            continue
        if n_ref:
            counts = rows[combos[:, 0]].copy()
            for k in range(1, size):
                counts += rows[combos[:, k]]
            overlap = np.minimum(counts, ref).sum(axis=1)
        else:
            overlap = np.zeros(len(combos))
        n_pred = sizes[combos].sum(axis=1)
        scores = _f_beta_many(overlap, n_pred, n_ref, beta)
        total = bonus[combos[:, 0]].copy()
        for k in range(1, size):
            total += bonus[combos[:, k]]
        scores = scores + total / size
        top = int(np.argmax(scores))
        if scores[top] > best_score:
            best, best_score = tuple(int(i) for i in combos[top]), float(scores[top])
    return best


def _banned_pairs(banned: set[frozenset[int]]) -> list[tuple[int, int]]:
    """The conflicting pairs as (i, j); a one-element "pair" bans nothing two items form."""
    return [tuple(sorted(p)) for p in banned if len(p) == 2]  # type: ignore[misc]


def _f_beta_many(overlap: np.ndarray, n_pred: np.ndarray, n_ref: float, beta: float) -> np.ndarray:
    """``_f_beta`` of many subsets, with the same operations in the same order."""
    out = np.zeros(len(overlap))
    ok = (overlap != 0) & (n_pred != 0) & (n_ref != 0)
    p = overlap[ok] / n_pred[ok]
    r = overlap[ok] / n_ref
    out[ok] = (1 + beta**2) * p * r / (beta**2 * p + r)
    return out


def _f_beta(overlap: float, n_pred: float, n_ref: float, beta: float) -> float:
    """``f_beta`` from counts already clipped."""
    if overlap == 0 or n_pred == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_pred, overlap / n_ref
    return (1 + beta**2) * p * r / (beta**2 * p + r)
