"""Single-pass, time-aware clustering of articles into events and storylines."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from newsloom.cluster.features import ArticleFeatures
from newsloom.errors import InputError, StoreError

__all__ = ["ClusterOptions", "OnlineClusterer"]

_DAY = 86400.0
Sparse = dict[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterOptions:
    """Options of the cluster stage; defaults tuned on the ECB+ dev topics."""

    event_threshold: float = 0.22  # least combined similarity for an article to join an event
    body_weight: float = 0.32  # TF-IDF cosine of body terms vs the event centroid
    entity_weight: float = 0.83  # IDF-weighted cosine of names, acronyms and numbers
    title_weight: float = 0.05  # TF-IDF cosine of headline (or lead sentence) terms
    vector_weight: float = 0.04  # cosine of wordllama embeddings
    size_penalty: float = 0.04  # per log(event size): big centroids resemble everything more
    vector_mean_prior: float = 50.0  # pseudo-count shrinking the running mean vector early on
    time_sigma_days: float = 3.0  # width of the Gaussian time similarity
    time_weight: float = 0.20  # how much being close in time helps (dated pairs only)
    event_window_days: float = 7.0  # an event stays live this long after its newest article
    storyline_threshold: float = 0.30  # least similarity for a new event to join a storyline
    storyline_body_weight: float = 0.57  # topical terms unite a storyline ...
    storyline_entity_weight: float = 0.21  # ... names matter less than for events
    storyline_vector_weight: float = 0.45  # embeddings capture the shared topic
    storyline_window_days: float = 45.0  # a storyline stays live this long after its newest article
    live_arrivals: int = 20000  # undated articles: clusters touched within this many arrivals
    index_terms: int = 15  # top terms (and entities) per article put in the inverted index
    query_terms: int = 60  # top terms (and entities) per article looked up in it
    posting_cap: int = 300  # most recently updated clusters kept per index key
    posting_scan: int = 48  # most recent clusters read per key at query time
    max_candidates: int = 40  # clusters scored in full per article
    max_centroid_terms: int = 1500  # centroids are pruned to half this size past it


@dataclass(slots=True)
class _Centroid:
    """Running sums of member vectors, with their squared norms kept up to date."""

    body: Sparse = field(default_factory=dict)
    body_sq: float = 0.0
    title: Sparse = field(default_factory=dict)
    title_sq: float = 0.0
    ents: Sparse = field(default_factory=dict)
    ents_sq: float = 0.0
    vector: np.ndarray | None = None
    size: int = 0
    first: float | None = None  # earliest member timestamp
    last: float | None = None  # newest member timestamp
    last_seq: int = 0  # arrival number of the newest member


@dataclass(slots=True)
class _Cluster:
    cid: str
    parent: str  # an event's storyline id; a storyline's own id
    centroid: _Centroid = field(default_factory=_Centroid)


@dataclass(slots=True)
class _Weighted:
    """One article's vectors under the document frequencies at its arrival."""

    body: Sparse
    title: Sparse
    ents: Sparse
    keys: list[tuple[str, float]]  # index keys with their weights, strongest first
    vector: np.ndarray
    vector_norm: float
    timestamp: float | None


def _normalise(vec: Sparse) -> Sparse:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm > 0 else {}


def _dot(small: Sparse, big: Sparse) -> float:
    get = big.get
    return sum(w * get(t, 0.0) for t, w in small.items())


def _add_sparse(total: Sparse, sq: float, vec: Sparse, cap: int) -> float:
    """Add vec into total in place; return the new squared norm."""
    sq += 2.0 * _dot(vec, total) + sum(w * w for w in vec.values())
    for t, w in vec.items():
        total[t] = total.get(t, 0.0) + w
    if len(total) > cap:
        # Drop the weakest terms; exact recomputation keeps replays bit-identical.
        kept = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[: cap // 2]
        total.clear()
        total.update(kept)
        sq = sum(w * w for w in total.values())
    return sq


def _cosine(vec: Sparse, total: Sparse, sq: float) -> float:
    return _dot(vec, total) / math.sqrt(sq) if sq > 0 and vec else 0.0


class OnlineClusterer:
    """Assigns each arriving article to an event and a storyline, never re-clustering."""

    def __init__(self, options: ClusterOptions) -> None:
        self.options = options
        self._docs = 0
        self._seq = 0
        self._term_df: dict[str, int] = {}
        self._entity_df: dict[str, int] = {}
        self._events: dict[str, _Cluster] = {}
        self._storylines: dict[str, _Cluster] = {}
        self._event_index: dict[str, dict[str, None]] = {}
        self._storyline_index: dict[str, dict[str, None]] = {}
        self._story_keys: dict[str, str] = {}
        self._seen: set[str] = set()
        self._vector_sum: np.ndarray | None = None

    def __len__(self) -> int:
        return self._docs

    def assign(
        self, article_id: str, features: ArticleFeatures, story_key: str | None = None
    ) -> tuple[str, str]:
        """Place one article: return (event_id, storyline_id) and update the state."""
        self._check_new(article_id)
        weighted = self._weigh(features)
        event_id = self._story_keys.get(story_key) if story_key else None
        if event_id is not None:
            storyline_id = self._events[event_id].parent
        else:
            event_id, storyline_id = self._decide(weighted)
            event_id = event_id or f"ev-{article_id}"
            storyline_id = storyline_id or f"sl-{article_id}"
        self._commit(article_id, features, weighted, event_id, storyline_id, story_key)
        return event_id, storyline_id

    def restore(
        self,
        article_id: str,
        features: ArticleFeatures,
        event_id: str,
        storyline_id: str,
        story_key: str | None = None,
    ) -> None:
        """Replay a stored assignment, rebuilding exactly the state ``assign`` built."""
        self._check_new(article_id)
        event = self._events.get(event_id)
        if event is not None and event.parent != storyline_id:
            raise StoreError(
                f"stored assignment of {article_id!r} puts event {event_id!r} in storyline "
                f"{storyline_id!r}, but earlier articles put it in {event.parent!r}"
            )
        self._commit(article_id, features, self._weigh(features), event_id, storyline_id, story_key)

    # -- scoring ---------------------------------------------------------------------------

    def _check_new(self, article_id: str) -> None:
        if article_id in self._seen:
            raise InputError(article_id, "article is already clustered (duplicate article id)")

    def _weigh(self, features: ArticleFeatures) -> _Weighted:
        n = self._docs + 1
        term_df = self._term_df
        idf = {t: math.log(n / (term_df.get(t, 0) + 1)) + 1.0 for t in features.terms}
        body = _normalise({t: (1.0 + math.log(c)) * idf[t] for t, c in features.terms.items()})
        title = _normalise(
            {
                t: (1.0 + math.log(c)) * (math.log(n / (term_df.get(t, 0) + 1)) + 1.0)
                for t, c in features.title_terms.items()
                if c > 0
            }
        )
        entity_df = self._entity_df
        ents = _normalise({e: math.log(n / (entity_df.get(e, 0) + 1)) + 1.0 for e in features.entities})
        cap = self.options.query_terms
        terms = sorted(body.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
        names = sorted((("@" + e, w) for e, w in ents.items()), key=lambda kv: (-kv[1], kv[0]))[:cap]
        # Strongest first, alternating, so the first index_terms * 2 keys mix both kinds.
        keys = [k for pair in itertools.zip_longest(terms, names) for k in pair if k is not None]
        vector = np.asarray(features.vector, dtype=np.float32)
        if self._vector_sum is not None and self._docs and self._vector_sum.shape == vector.shape:
            # Averaged word vectors share a large common direction; removing the running
            # mean leaves what sets an article apart.
            # The estimate is shrunk while few articles have been seen.
            shrink = 1.0 / (self._docs + self.options.vector_mean_prior)
            vector = vector - (self._vector_sum * shrink).astype(np.float32)
        return _Weighted(
            body=body,
            title=title,
            ents=ents,
            keys=keys,
            vector=vector,
            vector_norm=float(np.linalg.norm(vector)),
            timestamp=features.timestamp,
        )

    def _live(self, c: _Centroid, stamp: float | None, window_days: float) -> bool:
        if stamp is not None and c.first is not None and c.last is not None:
            window = window_days * _DAY
            return c.first - window <= stamp <= c.last + window
        return self._seq - c.last_seq < self.options.live_arrivals

    def _candidates(
        self, w: _Weighted, clusters: dict[str, _Cluster], index: dict[str, dict[str, None]], window: float
    ) -> list[_Cluster]:
        hits: dict[str, float] = {}
        scan = self.options.posting_scan
        for key, weight in w.keys:
            posting = index.get(key)
            if posting:
                # Newest first: a common key's old clusters are rarely still live.
                for cid in itertools.islice(reversed(posting), scan):
                    hits[cid] = hits.get(cid, 0.0) + weight
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        out: list[_Cluster] = []
        for cid, _ in ranked:
            cluster = clusters[cid]
            if self._live(cluster.centroid, w.timestamp, window):
                out.append(cluster)
                if len(out) >= self.options.max_candidates:
                    break
        return out

    def _score(self, w: _Weighted, c: _Centroid, storyline: bool) -> float:
        o = self.options
        vec = 0.0
        if c.vector is not None and w.vector_norm > 0:
            total = float(np.linalg.norm(c.vector))
            if total > 0:
                vec = float(np.dot(w.vector, c.vector)) / (total * w.vector_norm)
        body = _cosine(w.body, c.body, c.body_sq)
        ents = _cosine(w.ents, c.ents, c.ents_sq)
        if storyline:
            return o.storyline_body_weight * body + o.storyline_entity_weight * ents + o.storyline_vector_weight * vec
        score = o.body_weight * body + o.entity_weight * ents + o.vector_weight * vec
        score += o.title_weight * _cosine(w.title, c.title, c.title_sq)
        score -= o.size_penalty * math.log(c.size)
        if w.timestamp is not None and c.first is not None and c.last is not None:
            gap = max(c.first - w.timestamp, w.timestamp - c.last, 0.0) / _DAY
            near = math.exp(-(gap * gap) / (2.0 * o.time_sigma_days**2))
            # Centred so a same-day article gains what a far one loses.
            score += o.time_weight * (near - 0.5)
        return score

    def _decide(self, w: _Weighted) -> tuple[str | None, str | None]:
        """Best live event to join, else the storyline a new event should join (or None)."""
        o = self.options
        events = self._candidates(w, self._events, self._event_index, o.event_window_days)
        best_event, best_score = None, o.event_threshold
        for cluster in events:
            score = self._score(w, cluster.centroid, storyline=False)
            if score >= best_score:
                best_event, best_score = cluster, score
        if best_event is not None:
            return best_event.cid, best_event.parent
        # A storyline is as close as its closest event, or its whole centroid.
        best_storyline, best_score = None, o.storyline_threshold
        for cluster in events:
            score = self._score(w, cluster.centroid, storyline=True)
            if score >= best_score:
                best_storyline, best_score = cluster.parent, score
        for cluster in self._candidates(w, self._storylines, self._storyline_index, o.storyline_window_days):
            score = self._score(w, cluster.centroid, storyline=True)
            if score >= best_score:
                best_storyline, best_score = cluster.cid, score
        return None, best_storyline

    # -- state updates ---------------------------------------------------------------------

    def _commit(
        self,
        article_id: str,
        features: ArticleFeatures,
        w: _Weighted,
        event_id: str,
        storyline_id: str,
        story_key: str | None,
    ) -> None:
        self._seen.add(article_id)
        self._seq += 1
        self._docs += 1
        for t in features.terms:
            self._term_df[t] = self._term_df.get(t, 0) + 1
        for e in features.entities:
            self._entity_df[e] = self._entity_df.get(e, 0) + 1
        raw = np.asarray(features.vector, dtype=np.float64)
        if self._vector_sum is None:
            self._vector_sum = raw.copy()
        elif self._vector_sum.shape == raw.shape:
            self._vector_sum += raw
        storyline = self._storylines.get(storyline_id)
        if storyline is None:
            storyline = self._storylines[storyline_id] = _Cluster(storyline_id, storyline_id)
        event = self._events.get(event_id)
        if event is None:
            event = self._events[event_id] = _Cluster(event_id, storyline_id)
        self._add(event.centroid, w)
        self._add(storyline.centroid, w)
        indexed = w.keys[: 2 * self.options.index_terms]
        self._index(self._event_index, event_id, indexed)
        self._index(self._storyline_index, storyline_id, indexed)
        if story_key and story_key not in self._story_keys:
            self._story_keys[story_key] = event_id

    def _add(self, c: _Centroid, w: _Weighted) -> None:
        cap = self.options.max_centroid_terms
        c.body_sq = _add_sparse(c.body, c.body_sq, w.body, cap)
        c.title_sq = _add_sparse(c.title, c.title_sq, w.title, cap)
        c.ents_sq = _add_sparse(c.ents, c.ents_sq, w.ents, cap)
        unit = w.vector / w.vector_norm if w.vector_norm > 0 else w.vector
        c.vector = unit.copy() if c.vector is None else c.vector + unit
        c.size += 1
        c.last_seq = self._seq
        if w.timestamp is not None:
            c.first = w.timestamp if c.first is None else min(c.first, w.timestamp)
            c.last = w.timestamp if c.last is None else max(c.last, w.timestamp)

    def _index(self, index: dict[str, dict[str, None]], cid: str, keys: Iterable[tuple[str, float]]) -> None:
        cap = self.options.posting_cap
        for key, _ in keys:
            posting = index.setdefault(key, {})
            # Re-inserting moves the cluster to the end: postings stay ordered by recency.
            posting.pop(cid, None)
            posting[cid] = None
            if len(posting) > cap:
                del posting[next(iter(posting))]
