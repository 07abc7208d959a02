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
    return [_light_stem(t) for t in _TOKEN.findall(text.lower())]


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
    best: tuple[int, ...] = ()
    best_score = -math.inf
    for size in range(1, max_items + 1):
        for subset in itertools.combinations(range(len(bags)), size):
            if size > 1 and sum(words[i] for i in subset) > max_words:
                continue
            if banned and any(frozenset(p) in banned for p in itertools.combinations(subset, 2)):
                continue
            idx = list(subset)
            overlap = float(np.minimum(rows[idx].sum(axis=0), ref).sum()) if n_ref else 0.0
            score = _f_beta(overlap, float(sizes[idx].sum()), n_ref, beta)
            score += sum(bonuses[i] for i in subset) / size
            if score > best_score:
                best, best_score = subset, score
    return best


def _f_beta(overlap: float, n_pred: float, n_ref: float, beta: float) -> float:
    """``f_beta`` from counts already clipped."""
    if overlap == 0 or n_pred == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_pred, overlap / n_ref
    return (1 + beta**2) * p * r / (beta**2 * p + r)
