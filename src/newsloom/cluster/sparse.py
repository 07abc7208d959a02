"""Sparse term-vector arithmetic and running centroids shared by the cluster stage."""

from __future__ import annotations

import itertools
import math
import operator
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Centroid", "Sparse", "add_sparse", "cosine", "dot", "normalise", "pair_cosine"]

Sparse = dict[str, float]


def normalise(vec: Sparse) -> Sparse:
    """vec scaled to unit length (empty when it has none)."""
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm > 0 else {}


def dot(small: Sparse, big: Sparse) -> float:
    """Dot product, iterating the first argument (pass the smaller one first)."""
    # map/operator keep the loop in C: this is the hot spot of assign().
    return sum(map(operator.mul, small.values(), map(big.get, small.keys(), itertools.repeat(0.0))))


def add_sparse(total: Sparse, sq: float, vec: Sparse, cap: int) -> float:
    """Add vec into total in place; return the new squared norm."""
    sq += 2.0 * dot(vec, total) + sum(w * w for w in vec.values())
    for t, w in vec.items():
        total[t] = total.get(t, 0.0) + w
    if len(total) > cap:
        # Drop the weakest terms; exact recomputation keeps replays bit-identical.
        kept = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[: cap // 2]
        total.clear()
        total.update(kept)
        sq = sum(w * w for w in total.values())
    return sq


def cosine(vec: Sparse, total: Sparse, sq: float) -> float:
    """Cosine of a unit vector with an unnormalised sum whose squared norm is sq."""
    return dot(vec, total) / math.sqrt(sq) if sq > 0 and vec else 0.0


def pair_cosine(a: Sparse, a_sq: float, b: Sparse, b_sq: float) -> float:
    """Cosine of two unnormalised sums."""
    if a_sq <= 0 or b_sq <= 0:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return dot(small, big) / math.sqrt(a_sq * b_sq)


@dataclass(slots=True)
class Centroid:
    """Running sums of member vectors, with their squared norms kept up to date."""

    body: Sparse = field(default_factory=dict)
    body_sq: float = 0.0
    title: Sparse = field(default_factory=dict)
    title_sq: float = 0.0
    ents: Sparse = field(default_factory=dict)
    ents_sq: float = 0.0
    topic: Sparse = field(default_factory=dict)  # body terms without names (storylines only)
    topic_sq: float = 0.0
    vector: np.ndarray | None = None
    vector_norm: float = 0.0
    size: int = 0
    first: float | None = None  # earliest member timestamp
    last: float | None = None  # newest member timestamp
    last_seq: int = 0  # arrival number of the newest member

    def absorb(self, other: Centroid, cap: int) -> None:
        """Add another centroid's sums into this one (an online merge)."""
        self.body_sq = add_sparse(self.body, self.body_sq, other.body, cap)
        self.title_sq = add_sparse(self.title, self.title_sq, other.title, cap)
        self.ents_sq = add_sparse(self.ents, self.ents_sq, other.ents, cap)
        self.topic_sq = add_sparse(self.topic, self.topic_sq, other.topic, cap)
        if other.vector is not None:
            self.vector = other.vector.copy() if self.vector is None else self.vector + other.vector
            self.vector_norm = float(np.linalg.norm(self.vector))
        self.size += other.size
        self.last_seq = max(self.last_seq, other.last_seq)
        if other.first is not None:
            self.first = other.first if self.first is None else min(self.first, other.first)
        if other.last is not None:
            self.last = other.last if self.last is None else max(self.last, other.last)
