"""ROUGE-1/2/L F1, written out here so the scorer shares no code with the summariser.

Text is lowercased and tokenised on runs of word characters (``[a-z0-9]+``); with
``stem=True`` (the default) each token goes through Porter's step 1a/1b/1c (plurals,
-ed/-ing, final -y), the part of the Porter stemmer ROUGE's ``-m`` flag mostly relies on.
ROUGE-L is the sentence-agnostic LCS over the whole token sequences.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["RougeScores", "rouge", "rouge_l", "rouge_n", "stem", "tokens"]

_VOWELS = set("aeiou")


def _has_vowel(word: str) -> bool:
    return any(c in _VOWELS or (c == "y" and i > 0) for i, c in enumerate(word))


def _cvc(word: str) -> bool:
    if len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def _measure(stem_: str) -> int:
    form = "".join("v" if c in _VOWELS else "c" for c in stem_)
    return len(re.findall(r"vc", form))


def stem(word: str) -> str:
    """Porter step 1 (1a plurals, 1b -ed/-ing, 1c -y) of a lowercase word."""
    if len(word) <= 3:
        return word
    if word.endswith("sses") or word.endswith("ies"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    else:
        for suffix in ("ed", "ing"):
            if word.endswith(suffix) and _has_vowel(word[: -len(suffix)]):
                word = word[: -len(suffix)]
                if word.endswith(("at", "bl", "iz")):
                    word += "e"
                elif len(word) > 1 and word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]
                elif _measure(word) == 1 and _cvc(word):
                    word += "e"
                break
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    return word


def tokens(text: str, *, use_stem: bool = True) -> list[str]:
    """Lowercased word-character tokens, optionally stemmed."""
    found = re.findall(r"[a-z0-9]+", text.lower())
    return [stem(t) for t in found] if use_stem else found


def _f1(overlap: float, n_pred: int, n_ref: int) -> float:
    if overlap <= 0 or n_pred == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_pred, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_n(pred: list[str], ref: list[str], n: int) -> float:
    """ROUGE-N F1 over clipped n-gram counts."""
    grams_p = Counter(tuple(pred[i : i + n]) for i in range(len(pred) - n + 1))
    grams_r = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
    overlap = sum((grams_p & grams_r).values())
    return _f1(overlap, sum(grams_p.values()), sum(grams_r.values()))


def rouge_l(pred: list[str], ref: list[str]) -> float:
    """ROUGE-L F1 from the longest common subsequence."""
    if not pred or not ref:
        return 0.0
    prev = [0] * (len(ref) + 1)
    for p in pred:
        cur = [0] * (len(ref) + 1)
        for j, r in enumerate(ref, 1):
            cur[j] = prev[j - 1] + 1 if p == r else max(prev[j], cur[j - 1])
        prev = cur
    return _f1(prev[-1], len(pred), len(ref))


@dataclass(frozen=True, slots=True)
class RougeScores:
    """ROUGE-1, -2 and -L F1 of one summary (0..1)."""

    r1: float
    r2: float
    rl: float


def rouge(pred: str, ref: str, *, use_stem: bool = True) -> RougeScores:
    """ROUGE-1/2/L F1 of a predicted summary against one reference."""
    tp, tr = tokens(pred, use_stem=use_stem), tokens(ref, use_stem=use_stem)
    return RougeScores(rouge_n(tp, tr, 1), rouge_n(tp, tr, 2), rouge_l(tp, tr))
