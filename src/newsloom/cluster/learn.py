"""Fitting the clusterer's pair models from labelled articles (training only, not at run time)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from newsloom.cluster.features import ArticleFeatures
from newsloom.cluster.online import (
    PAIR_FEATURES,
    Centroid,
    ClusterOptions,
    OnlineClusterer,
    pair_features,
)

__all__ = ["fit_logistic", "pair_labels", "pair_table"]


def pair_table(
    features: Sequence[ArticleFeatures], order: Sequence[int], options: ClusterOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair features of every two articles in ``order``, each weighed as it arrived.

    Returns (rows, first, second): one row of PAIR_FEATURES per pair and the positions
    (indexes into ``features``) of its two articles. Articles arrive in ``order`` as in a
    live run, so document frequencies and the running mean vector are those the clusterer
    would use; the label of a pair is left to the caller.
    """
    clusterer = OnlineClusterer(options)
    arrived: list[tuple[int, Centroid]] = []
    rows: list[tuple[float, ...]] = []
    first: list[int] = []
    second: list[int] = []
    for i in order:
        w = clusterer.weigh(features[i])
        for j, other in arrived:
            rows.append(pair_features(w.one, other))
            first.append(i)
            second.append(j)
        arrived.append((i, w.one))
        clusterer.restore(f"a{i}", features[i], f"ev-{i}", f"sl-{i}")
    return (
        np.asarray(rows, dtype=np.float64).reshape(-1, len(PAIR_FEATURES)),
        np.asarray(first, dtype=np.int64),
        np.asarray(second, dtype=np.int64),
    )


def pair_labels(first: np.ndarray, second: np.ndarray, groups: Sequence[Hashable]) -> np.ndarray:
    """1.0 where both articles of a pair carry the same gold group, else 0.0."""
    codes: dict[Hashable, int] = {}
    coded = np.asarray([codes.setdefault(g, len(codes)) for g in groups], dtype=np.int64)
    return (coded[first] == coded[second]).astype(np.float64)


def fit_logistic(
    rows: np.ndarray, labels: np.ndarray, l2: float = 1.0, iterations: int = 50
) -> tuple[float, ...]:
    """L2-regularised logistic regression by Newton steps: (bias, weight per column)."""
    x = np.hstack([np.ones((rows.shape[0], 1)), rows])
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (p - labels) + penalty * beta
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return tuple(round(float(b), 4) for b in beta)
