"""Single-pass, time-aware clustering of articles into events and storylines, with merges."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from newsloom.cluster.features import ArticleFeatures, stem
from newsloom.cluster.sparse import (
    Centroid,
    Sparse,
    add_sparse,
    cosine,
    normalise,
    pair_cosine,
)
from newsloom.errors import InputError, StoreError

__all__ = ["ClusterOptions", "OnlineClusterer"]

_DAY = 86400.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterOptions:
    """Options of the cluster stage; defaults fitted on the ECB+ dev topics."""

    # Join-or-new logit of an article against an event centroid, over the features
    # (1, body cos, entity cos, title cos, vector cos, time nearness, log size, log length);
    # an article joins its best event when the logit is >= 0. Hand-set on ECB+ dev: the
    # logistic fit in benchmarks/bench_cluster.py (printed with leave-topics-out figures)
    # scored lower there; ECB+ is undated, so the time weight is a prior, not a fit.
    event_coefs: tuple[float, ...] = (-2.2, 3.2, 8.3, 0.5, 0.4, 2.0, -0.4, 0.0)
    event_merge_threshold: float = 0.45  # least centroid-to-centroid score to merge two events
    # Weights of (body, entity, title, vector) cosines between two event centroids; names
    # tell two fragments of one happening from two happenings of one kind best.
    event_merge_weights: tuple[float, ...] = (0.2, 0.8, 0.0, 0.0)
    # A cluster is checked for a merge only if the article's logit for it reached this:
    # merges stay cheap, looking only at clusters the article itself nearly joined.
    merge_gate: float = -1.0
    time_sigma_days: float = 3.0  # width of the Gaussian time similarity
    event_window_days: float = 7.0  # an event stays live this long after its newest article
    vector_mean_prior: float = 50.0  # pseudo-count shrinking the running mean vector early on
    # Join-or-new logit of a new event's first article against a storyline centroid, over
    # (1, topic cos, entity cos, vector cos, log size); topic terms are body terms without
    # names: the kind of happening (rehab, earthquake, takeover) that unites a storyline.
    storyline_coefs: tuple[float, ...] = (-3.0, 6.0, 1.5, 4.0, 0.0)
    storyline_merge_threshold: float = 0.40  # least centroid score to merge two storylines
    storyline_window_days: float = 45.0  # a storyline stays live this long after its newest article
    live_arrivals: int = 20000  # undated articles: clusters touched within this many arrivals
    index_terms: int = 15  # top terms (and entities) per article put in the inverted index
    query_terms: int = 30  # top terms (and entities) per article looked up in it
    posting_cap: int = 300  # most recently updated clusters kept per index key
    posting_scan: int = 16  # most recent clusters read per key at query time
    max_candidates: int = 5  # clusters scored in full per article
    storyline_every_article: bool = True  # score storylines (and merge them) for articles
    # that join an event too, not only for those that open one: better storylines, slower
    max_centroid_terms: int = 1500  # centroids are pruned to half this size past it


@dataclass(slots=True)
class _Cluster:
    cid: str
    parent: str  # an event's storyline id; a storyline's own id
    born: int  # arrival number of the first member: the older of two merged clusters survives
    centroid: Centroid = field(default_factory=Centroid)
    keys: dict[str, None] = field(default_factory=dict)  # index keys it is posted under
    children: dict[str, None] = field(default_factory=dict)  # a storyline's events
    story_keys: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Weighted:
    """One article's vectors under the document frequencies at its arrival."""

    body: Sparse
    topic: Sparse
    title: Sparse
    ents: Sparse
    keys: list[tuple[str, float]]  # index keys with their weights, strongest first
    vector: np.ndarray
    vector_norm: float
    timestamp: float | None
    length: float  # log of the number of distinct body terms


def _logit(coefs: tuple[float, ...], x: tuple[float, ...]) -> float:
    return coefs[0] + sum(c * v for c, v in zip(coefs[1:], x, strict=False))


def _vector_cosine(w: _Weighted, c: Centroid) -> float:
    """Cosine of the article's embedding with the centroid's summed embeddings."""
    if c.vector is None or w.vector_norm <= 0 or c.vector_norm <= 0:
        return 0.0
    return float(np.dot(w.vector, c.vector)) / (c.vector_norm * w.vector_norm)


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
        self._merges: list[tuple[str, str, str]] = []

    def __len__(self) -> int:
        return self._docs

    def assign(
        self, article_id: str, features: ArticleFeatures, story_key: str | None = None
    ) -> tuple[str, str]:
        """Place one article: return (event_id, storyline_id) and update the state."""
        self._check_new(article_id)
        w = self.weigh(features)
        keyed = self._story_keys.get(story_key) if story_key else None
        scored: list[tuple[float, _Cluster]] = []
        if keyed is not None:
            event_id, storyline_id = keyed, self._events[keyed].parent
        elif story_key:
            # a user's grouping wins: a new key is a new event, whatever it resembles
            event_id, storyline_id = f"ev-{article_id}", f"sl-{article_id}"
        else:
            scored = self._score_events(w)
            best = max(scored, key=lambda sc: sc[0], default=None)
            if best is not None and best[0] >= 0.0:
                event_id, storyline_id = best[1].cid, best[1].parent
            else:
                event_id, storyline_id = f"ev-{article_id}", f"sl-{article_id}"
        joins = event_id in self._events
        lines = (
            self._score_storylines(w, scored)
            if not joins or self.options.storyline_every_article
            else []
        )
        if not joins and keyed is None:
            best = max(lines, key=lambda sc: sc[0], default=None)
            if best is not None and best[0] >= 0.0:
                storyline_id = best[1].cid
        self._commit(article_id, features, w, event_id, storyline_id, story_key)
        # The article may have made its clusters resemble others it nearly joined: merge
        # them now, since a single pass never gets a second chance.
        gate = self.options.merge_gate
        event_id = self._merge(self._events[event_id], [c for s, c in scored if s >= gate])
        storyline = self._storylines[self._events[event_id].parent]
        self._merge(storyline, [c for s, c in lines if s >= gate])
        return event_id, self._events[event_id].parent

    def drain_merges(self) -> list[tuple[str, str, str]]:
        """Merges since the last call: (kind "event"|"storyline", absorbed id, surviving id)."""
        merges, self._merges = self._merges, []
        return merges

    def snapshot(self) -> dict[str, object]:
        """The clustering state as plain data, to compare two clusterers (tests, debugging)."""

        def sums(c: Centroid) -> tuple[object, ...]:
            return (
                c.size,
                c.first,
                c.last,
                c.last_seq,
                dict(sorted(c.body.items())),
                dict(sorted(c.ents.items())),
                dict(sorted(c.topic.items())),
                None if c.vector is None else [float(v) for v in c.vector],
            )

        return {
            "docs": self._docs,
            "term_df": dict(sorted(self._term_df.items())),
            "entity_df": dict(sorted(self._entity_df.items())),
            "story_keys": dict(sorted(self._story_keys.items())),
            "events": {k: (c.parent, c.born, sums(c.centroid)) for k, c in self._events.items()},
            "storylines": {
                k: (c.born, sorted(c.children), sums(c.centroid))
                for k, c in self._storylines.items()
            },
            "event_index": {k: list(v) for k, v in self._event_index.items() if v},
            "storyline_index": {k: list(v) for k, v in self._storyline_index.items() if v},
        }

    def restore(
        self,
        article_id: str,
        features: ArticleFeatures,
        event_id: str,
        storyline_id: str,
        story_key: str | None = None,
    ) -> None:
        """Replay a stored assignment (ids already those that survived merges)."""
        self._check_new(article_id)
        event = self._events.get(event_id)
        if event is not None and event.parent != storyline_id:
            raise StoreError(
                f"stored assignment of {article_id!r} puts event {event_id!r} in storyline "
                f"{storyline_id!r}, but earlier articles put it in {event.parent!r}"
            )
        self._commit(article_id, features, self.weigh(features), event_id, storyline_id, story_key)

    # -- scoring ---------------------------------------------------------------------------

    def _check_new(self, article_id: str) -> None:
        if article_id in self._seen:
            raise InputError(article_id, "article is already clustered (duplicate article id)")

    def weigh(self, features: ArticleFeatures) -> _Weighted:
        """An article's weighted vectors under the current document frequencies."""
        n = self._docs + 1
        term_df = self._term_df
        idf = {t: math.log(n / (term_df.get(t, 0) + 1)) + 1.0 for t in features.terms}
        raw = {t: (1.0 + math.log(c)) * idf[t] for t, c in features.terms.items()}
        body = normalise(raw)
        # Names separate events; what is left (rehab, earthquake, takeover) unites a storyline.
        names = {stem(e) for e in features.entities if e[0].isalpha() and " " not in e}
        topic = normalise({t: v for t, v in raw.items() if t not in names})
        title = normalise(
            {
                t: (1.0 + math.log(c)) * (math.log(n / (term_df.get(t, 0) + 1)) + 1.0)
                for t, c in features.title_terms.items()
                if c > 0
            }
        )
        entity_df = self._entity_df
        ents = normalise(
            {e: math.log(n / (entity_df.get(e, 0) + 1)) + 1.0 for e in features.entities}
        )
        cap = self.options.query_terms
        terms = sorted(body.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
        named = sorted((("@" + e, v) for e, v in ents.items()), key=lambda kv: (-kv[1], kv[0]))
        # Strongest first, alternating, so the first index_terms * 2 keys mix both kinds.
        keys = [
            k for pair in itertools.zip_longest(terms, named[:cap]) for k in pair if k is not None
        ]
        vector = np.asarray(features.vector, dtype=np.float32)
        if self._vector_sum is not None and self._docs and self._vector_sum.shape == vector.shape:
            # Averaged word vectors share a large common direction; removing the running
            # mean leaves what sets an article apart. The estimate is shrunk while few
            # articles have been seen.
            shrink = 1.0 / (self._docs + self.options.vector_mean_prior)
            vector = vector - (self._vector_sum * shrink).astype(np.float32)
        return _Weighted(
            body=body,
            topic=topic,
            title=title,
            ents=ents,
            keys=keys,
            vector=vector,
            vector_norm=float(np.linalg.norm(vector)),
            timestamp=features.timestamp,
            length=math.log(1 + len(features.terms)),
        )

    def _live(self, c: Centroid, stamp: float | None, window_days: float) -> bool:
        if stamp is not None and c.first is not None and c.last is not None:
            window = window_days * _DAY
            return c.first - window <= stamp <= c.last + window
        return self._seq - c.last_seq < self.options.live_arrivals

    def _candidates(
        self,
        w: _Weighted,
        clusters: dict[str, _Cluster],
        index: dict[str, dict[str, None]],
        window: float,
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

    def _time_near(self, stamp: float | None, c: Centroid) -> float:
        """Gaussian nearness in time, centred on 0.5 so undated pairs sit in the middle."""
        if stamp is None or c.first is None or c.last is None:
            return 0.0
        gap = max(c.first - stamp, stamp - c.last, 0.0) / _DAY
        return math.exp(-(gap * gap) / (2.0 * self.options.time_sigma_days**2)) - 0.5

    def event_features(self, w: _Weighted, c: Centroid) -> tuple[float, ...]:
        """The join-or-new features of an article against an event centroid."""
        return (
            cosine(w.body, c.body, c.body_sq),
            cosine(w.ents, c.ents, c.ents_sq),
            cosine(w.title, c.title, c.title_sq),
            _vector_cosine(w, c),
            self._time_near(w.timestamp, c),
            math.log(c.size),
            w.length,
        )

    def event_candidates(self, w: _Weighted) -> list[_Cluster]:
        """Live events sharing the most index keys with the article."""
        o = self.options
        return self._candidates(w, self._events, self._event_index, o.event_window_days)

    def _score_events(self, w: _Weighted) -> list[tuple[float, _Cluster]]:
        coefs = self.options.event_coefs
        return [
            (_logit(coefs, self.event_features(w, c.centroid)), c) for c in self.event_candidates(w)
        ]

    def storyline_features(self, w: _Weighted, c: Centroid) -> tuple[float, ...]:
        """The join-or-new features of an article against a storyline centroid."""
        return (
            cosine(w.topic, c.topic, c.topic_sq),
            cosine(w.ents, c.ents, c.ents_sq),
            _vector_cosine(w, c),
            math.log(c.size),
        )

    def storyline_candidates(
        self, w: _Weighted, scored: list[tuple[float, _Cluster]]
    ) -> list[_Cluster]:
        """Live storylines sharing index keys with the article, and those of its near events."""
        o = self.options
        found = self._candidates(
            w, self._storylines, self._storyline_index, o.storyline_window_days
        )
        seen = {c.cid for c in found}
        for _, event in scored:
            if event.parent not in seen:
                seen.add(event.parent)
                found.append(self._storylines[event.parent])
        return found

    def _score_storylines(
        self, w: _Weighted, scored: list[tuple[float, _Cluster]]
    ) -> list[tuple[float, _Cluster]]:
        coefs = self.options.storyline_coefs
        return [
            (_logit(coefs, self.storyline_features(w, c.centroid)), c)
            for c in self.storyline_candidates(w, scored)
        ]

    # -- merges ----------------------------------------------------------------------------

    def _pair_vector(self, a: Centroid, b: Centroid) -> float:
        if a.vector is None or b.vector is None or a.vector_norm <= 0 or b.vector_norm <= 0:
            return 0.0
        return float(np.dot(a.vector, b.vector)) / (a.vector_norm * b.vector_norm)

    def _event_pair_score(self, a: Centroid, b: Centroid) -> float:
        wb, we, wt, wv = self.options.event_merge_weights
        score = we * pair_cosine(a.ents, a.ents_sq, b.ents, b.ents_sq)
        if wb:
            score += wb * pair_cosine(a.body, a.body_sq, b.body, b.body_sq)
        if wt:
            score += wt * pair_cosine(a.title, a.title_sq, b.title, b.title_sq)
        if wv:
            score += wv * self._pair_vector(a, b)
        return score

    def _storyline_pair_score(self, a: Centroid, b: Centroid) -> float:
        coefs = self.options.storyline_coefs
        score = (
            coefs[1] * pair_cosine(a.topic, a.topic_sq, b.topic, b.topic_sq)
            + coefs[2] * pair_cosine(a.ents, a.ents_sq, b.ents, b.ents_sq)
            + coefs[3] * self._pair_vector(a, b)
        )
        return score / max(coefs[1] + coefs[2] + coefs[3], 1e-9)

    def _merge(self, cluster: _Cluster, near: list[_Cluster]) -> str:
        """Merge the article's cluster with each near one it now matches; return the survivor."""
        o = self.options
        storyline = cluster.cid == cluster.parent
        current = cluster
        for other in near:
            live = self._storylines if storyline else self._events
            if other.cid == current.cid or other.cid not in live:
                continue
            if storyline:
                if (
                    self._storyline_pair_score(current.centroid, other.centroid)
                    >= o.storyline_merge_threshold
                ):
                    current = self._absorb_storyline(current, other)
            elif current.story_keys and other.story_keys:
                continue  # two users' groupings stay two events
            elif self._event_pair_score(current.centroid, other.centroid) >= (
                o.event_merge_threshold
            ):
                current = self._absorb_event(current, other)
        return current.cid

    def _absorb_event(self, a: _Cluster, b: _Cluster) -> _Cluster:
        older, younger = (a, b) if (a.born, a.cid) <= (b.born, b.cid) else (b, a)
        if older.parent != younger.parent:
            # One happening belongs to one storyline: theirs merge too.
            self._absorb_storyline(self._storylines[older.parent], self._storylines[younger.parent])
        self._join(older, younger, self._events, self._event_index, "event")
        self._storylines[older.parent].children.pop(younger.cid, None)
        for key in younger.story_keys:
            self._story_keys[key] = older.cid
        older.story_keys.extend(younger.story_keys)
        return older

    def _absorb_storyline(self, a: _Cluster, b: _Cluster) -> _Cluster:
        older, younger = (a, b) if (a.born, a.cid) <= (b.born, b.cid) else (b, a)
        self._join(older, younger, self._storylines, self._storyline_index, "storyline")
        for child in younger.children:
            self._events[child].parent = older.cid
            older.children[child] = None
        return older

    def _join(
        self,
        older: _Cluster,
        younger: _Cluster,
        clusters: dict[str, _Cluster],
        index: dict[str, dict[str, None]],
        kind: str,
    ) -> None:
        older.centroid.absorb(younger.centroid, self.options.max_centroid_terms)
        for key in younger.keys:
            posting = index[key]
            if younger.cid in posting:
                order = list(posting)
                at = order.index(younger.cid)
                if older.cid in posting and order.index(older.cid) > at:
                    del posting[younger.cid]
                else:
                    # The survivor takes the younger's later place, where a replay filing
                    # every member under the survivor's id would have put it.
                    index[key] = dict.fromkeys(
                        older.cid if cid == younger.cid else cid
                        for cid in order
                        if cid != older.cid
                    )
            older.keys[key] = None
        del clusters[younger.cid]
        self._merges.append((kind, younger.cid, older.cid))

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
            storyline = self._storylines[storyline_id] = _Cluster(
                storyline_id, storyline_id, self._seq
            )
        event = self._events.get(event_id)
        if event is None:
            event = self._events[event_id] = _Cluster(event_id, storyline_id, self._seq)
            storyline.children[event_id] = None
        self._add(event.centroid, w, topic=False)
        self._add(storyline.centroid, w, topic=True)
        indexed = w.keys[: 2 * self.options.index_terms]
        self._index(self._event_index, event, indexed)
        self._index(self._storyline_index, storyline, indexed)
        if story_key and story_key not in self._story_keys:
            self._story_keys[story_key] = event_id
            event.story_keys.append(story_key)

    def _add(self, c: Centroid, w: _Weighted, topic: bool) -> None:
        cap = self.options.max_centroid_terms
        c.body_sq = add_sparse(c.body, c.body_sq, w.body, cap)
        c.title_sq = add_sparse(c.title, c.title_sq, w.title, cap)
        c.ents_sq = add_sparse(c.ents, c.ents_sq, w.ents, cap)
        if topic:
            c.topic_sq = add_sparse(c.topic, c.topic_sq, w.topic, cap)
        unit = w.vector / w.vector_norm if w.vector_norm > 0 else w.vector
        c.vector = unit.copy() if c.vector is None else c.vector + unit
        c.vector_norm = float(np.linalg.norm(c.vector))
        c.size += 1
        c.last_seq = self._seq
        if w.timestamp is not None:
            c.first = w.timestamp if c.first is None else min(c.first, w.timestamp)
            c.last = w.timestamp if c.last is None else max(c.last, w.timestamp)

    def _index(
        self,
        index: dict[str, dict[str, None]],
        cluster: _Cluster,
        keys: Iterable[tuple[str, float]],
    ) -> None:
        cap = self.options.posting_cap
        cid = cluster.cid
        for key, _ in keys:
            posting = index.setdefault(key, {})
            # Re-inserting moves the cluster to the end: postings stay ordered by recency.
            posting.pop(cid, None)
            posting[cid] = None
            cluster.keys[key] = None
            if len(posting) > cap:
                dropped = next(iter(posting))
                del posting[dropped]
