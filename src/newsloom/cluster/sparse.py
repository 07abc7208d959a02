"""Sparse term-vector arithmetic and running cluster sums shared by the cluster stage."""

from __future__ import annotations

import itertools
import math
import operator
from dataclasses import dataclass, field
from sys import intern

import numpy as np

__all__ = [
    "CHANNELS",
    "NAMED_CAP",
    "PACKING",
    "Centroid",
    "Sparse",
    "add_counts",
    "add_into",
    "add_sparse",
    "channel_dots",
    "dot",
    "keep_most_counted",
    "normalise",
    "pack",
    "strongest",
    "tally",
    "weighted_dot",
]

# A term's values in two channels share one key: the first channel in the real part, the
# second in the imaginary part of a complex value.
Sparse = dict[str, complex]

# The sparse views of an article the clusterer compares, each a unit vector.
CHANNELS = ("body", "topic", "ents", "names", "multi", "nums", "title")

# One dict holds them all, keyed by a letter and the term. Channels whose terms coincide
# share a key (body and topic words; entities and the names or numbers among them), so one
# dict lookup serves two channels: the lookups of the dot products are most of assign()'s
# time, and they are memory-bound. Letter -> (channel of the real part, of the imaginary).
PACKING: dict[str, tuple[str, str | None]] = {
    "b": ("body", "topic"),
    "n": ("ents", "names"),  # entities that start with a letter
    "d": ("ents", "nums"),  # entities that start with a digit
    "e": ("ents", None),  # other entities
    "m": ("multi", None),
    "h": ("title", None),
}


_FIRST = operator.itemgetter(0)


def normalise(vec: dict[str, float]) -> dict[str, float]:
    """vec scaled to unit length (empty when it has none)."""
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm > 0 else {}


def py_dot(scaled: Sparse, plain: Sparse) -> float:
    """The channel-weighted dot product of a scaled vector and a plain one.

    A scaled vector holds complex(real weight * z.real, -imaginary weight * z.imag) for
    each value z, the weights those of the key's channels (the clusterer builds it with the
    article's terms).
    """
    a, b = (scaled, plain) if len(scaled) <= len(plain) else (plain, scaled)
    # Re(conj(x) * y) sums the products of the real parts and of the imaginary parts, and
    # map/operator keep the loop in C: this is the hot spot of assign().
    products = map(operator.mul, a.values(), map(b.get, a.keys(), itertools.repeat(0j)))
    return sum(products, 0j).real


def py_weighted_dot(a: Sparse, b: Sparse, weights: dict[str, tuple[float, float]]) -> float:
    """Dot product with each part's product scaled by the weight of its channel."""
    if len(a) > len(b):
        a, b = b, a
    # Two clusters share few of their keys: they are found in C, in a's (stable) order.
    shared = list(filter(b.__contains__, a))
    letters = list(map(_FIRST, shared))
    values = list(map(a.__getitem__, shared))
    # the scaled values (see dot), in C: alpha * z + beta * conj(z) is
    # complex(real * z.real, -imag * z.imag)
    alpha = {k: (real - imag) / 2 for k, (real, imag) in weights.items()}
    beta = {k: (real + imag) / 2 for k, (real, imag) in weights.items()}
    scaled = map(
        operator.add,
        map(operator.mul, map(alpha.__getitem__, letters), values),
        map(operator.mul, map(beta.__getitem__, letters), map(complex.conjugate, values)),
    )
    return sum(map(operator.mul, scaled, map(b.__getitem__, shared)), 0j).real


def channel_dots(a: Sparse, b: Sparse) -> dict[str, float]:
    """Dot product per channel (training and tests; assign uses dot on scaled vectors)."""
    if len(a) > len(b):
        a, b = b, a
    out = dict.fromkeys(CHANNELS, 0.0)
    for key, value in a.items():
        other = b.get(key)
        if other is not None:
            real, imag = PACKING[key[0]]
            out[real] += value.real * other.real
            if imag is not None:
                out[imag] += value.imag * other.imag
    return out


def strongest(vec: Sparse, n: int) -> list[tuple[str, complex]]:
    """The n entries with the largest sum of parts, ties by key."""
    return sorted(vec.items(), key=lambda kv: (-(kv[1].real + kv[1].imag), kv[0]))[:n]


def py_add_into(total: Sparse, vec: Sparse) -> None:
    """Add vec into total in place."""
    # each key is read before it is written, and map/zip keep the loop in C
    values = map(operator.add, vec.values(), map(total.get, vec, itertools.repeat(0j)))
    total.update(zip(vec, values, strict=True))


def py_tally(
    keys: list[tuple[str, float]], index: dict[str, dict[str, int]], scan: int
) -> dict[str, float]:
    """Cluster id -> summed weight of the keys it is among the newest scan posted under."""
    hits: dict[str, float] = {}
    for key, weight in keys:
        posting = index.get(key)
        if posting:
            # Newest first: a common key's old clusters are rarely still live.
            for cid in itertools.islice(reversed(posting), scan):
                hits[cid] = hits.get(cid, 0.0) + weight
    return hits


def py_pack(
    groups: dict[str, list[tuple[str, float, float]]],
    event_weights: dict[str, tuple[float, float]],
    storyline_weights: dict[str, tuple[float, float]],
) -> tuple[Sparse, Sparse, Sparse]:
    """An article's packed terms (letter + term -> complex(value, other)) and both pair
    models' scaled copies of them (see dot)."""
    terms: Sparse = {}
    event_terms: Sparse = {}
    storyline_terms: Sparse = {}
    for letter, group in groups.items():
        (er, ei), (sr, si) = event_weights[letter], storyline_weights[letter]
        for t, v, u in group:
            key = intern(letter + t)
            terms[key] = complex(v, u)
            event_terms[key] = complex(v * er, -u * ei)
            storyline_terms[key] = complex(v * sr, -u * si)
    return terms, event_terms, storyline_terms


def add_sparse(total: Sparse, vec: Sparse, cap: int) -> bool:
    """Add vec into total in place, pruning the weakest half past cap terms; True if pruned."""
    add_into(total, vec)
    if len(total) <= cap:
        return False
    kept = strongest(total, cap // 2)
    total.clear()
    total.update(kept)
    return True


# The hot loops of assign() in C when the extension was built (pip builds it where a C
# compiler is found): the same arithmetic in the same order, so the same results bit for
# bit (tests/test_sparse.py compares them); the Python versions above are the reference.
# On 255k generated articles the clusterer takes a third less time with them.
try:
    from newsloom.cluster import _sparse
except ImportError:  # pragma: no cover - a build without a compiler
    _sparse = None  # type: ignore[assignment]
dot = py_dot if _sparse is None else _sparse.dot
weighted_dot = py_weighted_dot if _sparse is None else _sparse.weighted_dot
add_into = py_add_into if _sparse is None else _sparse.add_into
tally = py_tally if _sparse is None else _sparse.tally
pack = py_pack if _sparse is None else _sparse.pack


NAMED_CAP = 400  # actors and names a centroid counts; past it the least counted half goes


def add_counts(total: dict[str, int], counts: dict[str, int], cap: int) -> None:
    """Add counts into total in place, keeping the cap // 2 largest (ties by key) past cap."""
    for key, n in counts.items():
        total[key] = total.get(key, 0) + n
    if len(total) > cap:
        keep_most_counted(total, cap // 2)


def keep_most_counted(counts: dict[str, int], n: int) -> None:
    """Keep the n largest counts in place (ties by key)."""
    kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    counts.clear()
    counts.update(kept)


@dataclass(slots=True)
class Centroid:
    """Running sums of member vectors: means of pair similarities come from dot / size."""

    terms: Sparse = field(default_factory=dict)  # summed unit vectors of every channel
    years: dict[str, int] = field(default_factory=dict)  # members mentioning each year
    dated: int = 0  # members that mention any year
    # members whose key actor each is; pruned like named (acted still counts them all)
    actors: dict[str, int] = field(default_factory=dict)
    acted: int = 0  # members with a key actor
    # members with a key actor that name each (single-word) name; pruned to the most named
    named: dict[str, int] = field(default_factory=dict)
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
        add_counts(self.actors, other.actors, NAMED_CAP)
        self.acted += other.acted
        add_counts(self.named, other.named, NAMED_CAP)
        if other.vector is not None:
            self.vector = other.vector.copy() if self.vector is None else self.vector + other.vector
        self.size += other.size
        self.last_seq = max(self.last_seq, other.last_seq)
        if other.first is not None:
            self.first = other.first if self.first is None else min(self.first, other.first)
        if other.last is not None:
            self.last = other.last if self.last is None else max(self.last, other.last)
        return pruned
