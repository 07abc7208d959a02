"""Fitting the clusterer's join-or-new weights from labelled arrivals (no sklearn needed)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from newsloom.cluster.features import ArticleFeatures
from newsloom.cluster.online import ClusterOptions, OnlineClusterer

__all__ = ["fit_logistic", "simulate_pairs"]


def simulate_pairs(
    features: Sequence[ArticleFeatures],
    events: Sequence[Hashable],
    storylines: Sequence[Hashable],
    order: Sequence[int],
    options: ClusterOptions,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Article-vs-cluster feature rows and 0/1 labels, arrivals replayed on the gold clusters.

    Returns (event rows, event labels, storyline rows, storyline labels). Each arriving
    article is scored against the candidate clusters the index retrieves (as ``assign``
    would), labelled by whether the candidate is its gold cluster, and then placed in its
    gold cluster (teacher forcing), so every row comes from clean clusters. Storyline rows
    come only from articles that open a new gold event, the moment ``assign`` asks.
    """
    clusterer = OnlineClusterer(options)
    event_rows: list[tuple[float, ...]] = []
    event_labels: list[int] = []
    story_rows: list[tuple[float, ...]] = []
    story_labels: list[int] = []
    event_ids: dict[Hashable, str] = {}
    story_ids: dict[Hashable, str] = {}
    for i in order:
        aid = f"a{i}"
        w = clusterer.weigh(features[i])
        gold_event = event_ids.get(events[i])
        gold_story = story_ids.get(storylines[i])
        for cluster in clusterer.event_candidates(w):
            event_rows.append(clusterer.event_features(w, cluster.centroid))
            event_labels.append(int(cluster.cid == gold_event))
        if gold_event is None:
            for cluster in clusterer.storyline_candidates(w, []):
                story_rows.append(clusterer.storyline_features(w, cluster.centroid))
                story_labels.append(int(cluster.cid == gold_story))
        event_id = event_ids.setdefault(events[i], f"ev-{aid}")
        story_id = story_ids.setdefault(storylines[i], f"sl-{aid}")
        clusterer.restore(aid, features[i], event_id, story_id)
    return (
        np.asarray(event_rows, dtype=np.float64).reshape(-1, 7),
        np.asarray(event_labels, dtype=np.float64),
        np.asarray(story_rows, dtype=np.float64).reshape(-1, 4),
        np.asarray(story_labels, dtype=np.float64),
    )


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
