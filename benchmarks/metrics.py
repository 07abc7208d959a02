"""Clustering scores: B³ and pairwise precision, recall and F1 (see ecbplus-dev README)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

__all__ = ["b_cubed", "pairwise"]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _check(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> None:
    if len(pred) != len(gold):
        raise ValueError(f"pred has {len(pred)} labels but gold has {len(gold)}")


def b_cubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of predicted vs gold labels (one label per item)."""
    _check(pred, gold)
    if not pred:
        return 0.0, 0.0, 0.0
    both = Counter(zip(pred, gold, strict=True))
    pred_size = Counter(pred)
    gold_size = Counter(gold)
    # Each item of cell (c, g) scores |c ∩ g| / |c| and |c ∩ g| / |g|; the cell holds |c ∩ g| items.
    p = sum(n * n / pred_size[c] for (c, _), n in both.items()) / len(pred)
    r = sum(n * n / gold_size[g] for (_, g), n in both.items()) / len(pred)
    return p, r, _f1(p, r)


def pairwise(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 over unordered item pairs."""
    _check(pred, gold)

    def pairs(counts: Counter[Hashable]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together = pairs(Counter(zip(pred, gold, strict=True)))
    in_pred = pairs(Counter(pred))
    in_gold = pairs(Counter(gold))
    p = together / in_pred if in_pred else 1.0
    r = together / in_gold if in_gold else 1.0
    return p, r, _f1(p, r)
