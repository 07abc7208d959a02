"""Sparse term-vector arithmetic and running cluster sums shared by the cluster stage."""

from __future__ import annotations

import itertools
import math
import operator
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CHANNELS",
    "Centroid",
    "Sparse",
    "add_sparse",
    "channel_dots",
    "dot",
    "normalise",
    "weighted_dot",
]

Sparse = dict[str, float]

# The sparse views of an article the clusterer compares, each a unit vector. One dict holds
# them all, each key prefixed by its channel's letter, so that a linear model's whole
# sparse part is one weighted dot product.
CHANNELS = {"body": "b", "topic": "t", "ents": "e", "names": "n", "multi": "m", "nums": "d"}
CHANNELS["title"] = "h"

_FIRST = operator.itemgetter(0)


def normalise(vec: Sparse) -> Sparse:
    """vec scaled to unit length (empty when it has none)."""
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm > 0 else {}


def dot(a: Sparse, b: Sparse) -> float:
    """Dot product, iterating the smaller argument."""
    if len(a) > len(b):
        a, b = b, a
    # map/operator keep the loop in C: this is the hot spot of assign().
    return sum(map(operator.mul, a.values(), map(b.get, a.keys(), itertools.repeat(0.0))))


def weighted_dot(a: Sparse, b: Sparse, weights: dict[str, float]) -> float:
    """Dot product with each key's product scaled by the weight of its channel letter."""
    if len(a) > len(b):
        a, b = b, a
    keys = a.keys()
    scaled = map(operator.mul, a.values(), map(weights.__getitem__, map(_FIRST, keys)))
    return sum(map(operator.mul, scaled, map(b.get, keys, itertools.repeat(0.0))))


def channel_dots(a: Sparse, b: Sparse) -> dict[str, float]:
    """Dot product per channel letter (training and tests; assign uses weighted_dot)."""
    if len(a) > len(b):
        a, b = b, a
    out = dict.fromkeys(CHANNELS.values(), 0.0)
    for key, value in a.items():
        other = b.get(key)
        if other is not None:
            out[key[0]] += value * other
    return out


def add_sparse(total: Sparse, vec: Sparse, cap: int) -> bool:
    """Add vec into total in place, pruning the weakest half past cap terms; True if pruned."""
    get = total.get
    for t, w in vec.items():
        total[t] = get(t, 0.0) + w
    if len(total) <= cap:
        return False
    kept = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[: cap // 2]
    total.clear()
    total.update(kept)
    return True


@dataclass(slots=True)
class Centroid:
    """Running sums of member vectors: means of pair similarities come from dot / size."""

    terms: Sparse = field(default_factory=dict)  # summed unit vectors of every channel
    years: dict[str, int] = field(default_factory=dict)  # members mentioning each year
    dated: int = 0  # members that mention any year
    vector: np.ndarray | None = None  # sum of member unit embeddings
    size: int = 0
    first: float | None = None  # earliest member timestamp
    last: float | None = None  # newest member timestamp
    last_seq: int = 0  # arrival number of the newest member

    def absorb(self, other: Centroid, cap: int) -> bool:
        """Add another centroid's sums into this one; True if the terms were pruned."""
        pruned = add_sparse(self.terms, other.terms, cap)
        for year, n in other.years.items():
            self.years[year] = self.years.get(year, 0) + n
        self.dated += other.dated
        if other.vector is not None:
            self.vector = other.vector.copy() if self.vector is None else self.vector + other.vector
        self.size += other.size
        self.last_seq = max(self.last_seq, other.last_seq)
        if other.first is not None:
            self.first = other.first if self.first is None else min(self.first, other.first)
        if other.last is not None:
            self.last = other.last if self.last is None else max(self.last, other.last)
        return pruned
