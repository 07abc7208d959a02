"""Single-pass, time-aware clustering of articles into events and storylines, with merges.

Each arriving article is scored against a few live candidate clusters by a learned pair
model: a logistic regression over similarities of two articles (TF-IDF cosines of words,
names, numbers, headline, shared years, embedding cosine, whether each names the person the
other is about). Clusters keep sums of their members' unit vectors, so the mean of a
similarity over all members, and between all members of two clusters, is one dot product
(the actor parts: a product of two such means): the mean pair logit, the average-linkage
criterion, decides joins and merges without storing members. Only small live events keep
their members: average linkage over those few articles can split an event that an early,
noisy join mixed, moving the articles of the part that does not hold the oldest one
(reported by drain_moves). Likewise a young event that the rest of its storyline does not
match leaves it for a storyline of its own.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from newsloom.cluster.features import ArticleFeatures, stem
from newsloom.cluster.sparse import (
    CHANNELS,
    PACKING,
    Centroid,
    Sparse,
    channel_dots,
    dot,
    keep_most_counted,
    normalise,
    pack,
    strongest,
    tally,
    weighted_dot,
)
from newsloom.errors import ConfigError, InputError, StoreError

__all__ = ["PAIR_FEATURES", "ClusterOptions", "OnlineClusterer", "pair_features"]

_DAY = 86400.0
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_STEMS: dict[str, str] = {}  # stems of names, shared by all clusterers of a process
_PAIR_CACHE = 100_000  # cached storyline pair dots kept before the cache is emptied

_ENTITY_LETTERS = frozenset(k for k, (real, _) in PACKING.items() if real == "ents")

# The columns of the pair model, in the order of the coefficients after the bias.
PAIR_FEATURES = (*CHANNELS, "vector", "year_match", "year_clash", "actor_match", "actor_clash")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterOptions:
    """Options of the cluster stage; the pair models are fitted on the ECB+ dev topics."""

    # Same-event pair model: bias, then one weight per PAIR_FEATURES column, and the least
    # mean pair logit to join (or merge) an event. Fitted by newsloom.cluster.learn on all
    # ECB+ dev topics (`python benchmarks/bench_cluster.py --fit` prints them); the
    # benchmark's headline scores come from models fitted on other topics than those scored.
    event_coefs: tuple[float, ...] = (
        -4.7339, 3.426, -2.2622, 7.4523, 5.5168, -0.7448,
        5.0676, 1.5446, 2.1296, 1.5334, -0.7946, 0.4442, -2.4213,
    )  # fmt: skip
    event_threshold: float = -0.5
    event_merge_threshold: float = -0.5
    # Joining (merging) clusters of n and m articles needs margin / max(n, m)**2 more: a
    # mean over few pairs is noisy (0 here: the fit on all dev topics found no gain).
    event_small_margin: float = 0.0
    # Same-storyline pair model (same columns): topic words weigh most, names much less.
    storyline_coefs: tuple[float, ...] = (
        -5.9605, 15.5943, -0.1472, 4.8445, 5.4951, 6.6144,
        0.0879, 5.9861, 9.3354, -0.9417, -0.3065, 0.4139, -0.7546,
    )  # fmt: skip
    storyline_threshold: float = -2.5
    storyline_merge_threshold: float = -2.5
    storyline_small_margin: float = 0.0
    # Joining or merging storylines when the smaller side has k articles needs
    # storyline_young_margin / k more: a storyline decided on one article is the costliest
    # online error (only young events can leave a storyline again), while a young event
    # left apart still merges into its storyline once its own articles agree.
    storyline_young_margin: float = 0.5
    # A cluster is checked for a merge only if the article's logit for it, less the join
    # threshold, reached this: merges look only at clusters the article nearly joined.
    merge_gate: float = -1.0
    # An event of at most split_members articles keeps them, and from split_min on, each
    # join re-runs average linkage over them: parts whose mean pair logit falls below the
    # merge threshold plus split_margin become events of their own (0: never split).
    split_members: int = 16
    split_min: int = 4
    split_margin: float = 0.0
    # arrivals after its first article at which an event forgets its members (an age, not
    # idleness: a replay of the stored assignments forgets at the same arrival)
    split_window: int = 5000
    # A young event of one article beside events of two or more in its storyline joins the
    # sibling it matches best once that one grows, if their mean pair logit is within
    # orphan_margin of the merge threshold: a storyline's lone articles are mostly its
    # events' outliers (None: never).
    orphan_margin: float | None = 2.5
    reoffer_splits: bool = True  # a split-off part may merge with a sibling event at once
    orphan_siblings: int = 8  # most recent siblings an orphan is compared with
    # articles a sibling needs to adopt: a small one may be the wrong one of two happenings
    # whose second has not yet arrived
    orphan_min_size: int = 8
    # A young event of at least storyline_split_min articles whose mean same-storyline pair
    # logit with the rest of its storyline falls below the merge threshold less this margin
    # splits the storyline: the part without its first article moves to a new storyline
    # "sl-<its first article>#<n>". The first article of a new topic often joins a
    # storyline of the same kind, and its event's later articles tell them apart (None:
    # never). Only while every event of the storyline keeps its members, so both parts'
    # sums are rebuilt as a replay of the stored assignments would build them.
    storyline_split_margin: float | None = 0.0
    storyline_split_min: int = 2
    # Hand-set, not fitted (ECB+ is undated): logit added for time nearness in [-0.5, 0.5].
    time_weight: float = 2.0
    time_sigma_days: float = 3.0  # width of the Gaussian time similarity
    event_window_days: float = 7.0  # an event stays live this long after its newest article
    vector_mean_prior: float = 50.0  # pseudo-count shrinking the running mean vector early on
    storyline_window_days: float = 45.0  # a storyline stays live this long after its newest article
    live_arrivals: int = 20000  # undated articles: clusters touched within this many arrivals
    compact_after: int = 20000  # arrivals after which an untouched cluster's sums shrink
    # Arrivals after which an untouched cluster that no later article can reach (past its
    # live window by another window, counted from the newest date seen) leaves memory and
    # the index altogether; its articles stay in the store. 0 keeps every cluster, for
    # archives ingested out of date order, whose late articles may still belong to it.
    retire_after: int = 50000
    stale_terms: int = 100  # terms a shrunk cluster keeps
    index_terms: int = 15  # top terms (and entities) per article put in the inverted index
    query_terms: int = 30  # top terms (and entities) per article looked up in it
    posting_cap: int = 300  # most recently updated clusters kept per index key
    posting_scan: int = 16  # most recent clusters read per key at query time
    max_candidates: int = 5  # clusters scored in full per article
    storyline_every_article: bool = True  # score storylines (and merge them) for articles
    # that join an event too, not only for those that open one: better storylines, slower
    # centroid sums are pruned to half this many keys past it (a key packs two channels)
    max_centroid_terms: int = 2400


@dataclass(slots=True)
class _Member:
    """An article of a small event, kept so the event can still be split."""

    article_id: str
    one: Centroid
    scaled: Sparse  # one.terms scaled by the event model: pair logits cost one dot
    seq: int  # arrival number
    keys: tuple[str, ...]  # the index keys it was posted under


@dataclass(slots=True)
class _Cluster:
    cid: str
    parent: str  # an event's storyline id; a storyline's own id
    born: int  # arrival number of the first member: the older of two merged clusters survives
    centroid: Centroid = field(default_factory=Centroid)
    keys: dict[str, None] = field(default_factory=dict)  # index keys it is posted under
    children: dict[str, None] = field(default_factory=dict)  # a storyline's events
    story_keys: list[str] = field(default_factory=list)
    version: int = 0  # changes whenever the sums do: cached pair dot products check it
    members: list[_Member] | None = None  # a small event's articles by arrival; None past it
    logits: np.ndarray | None = None  # pair logits of the first len(logits) members
    # a storyline some of whose events have retired: its sums can no longer be rebuilt
    # from members, so it never splits
    sealed: bool = False


@dataclass(slots=True)
class _Weighted:
    """One article's vectors under the document frequencies at its arrival."""

    one: Centroid  # the article as a cluster of one
    event_terms: Sparse  # one.terms scaled by the event model's channel weights
    storyline_terms: Sparse  # the same for the storyline model
    keys: list[tuple[str, float]]  # index keys with their weights, strongest first
    timestamp: float | None


def _dense_parts(a: Centroid, b: Centroid, pairs: float) -> tuple[float, ...]:
    """Mean embedding cosine, then the year and actor parts."""
    vec = 0.0
    if a.vector is not None and b.vector is not None and a.vector.shape == b.vector.shape:
        vec = float(np.dot(a.vector, b.vector)) / pairs
    return (vec, *_year_parts(a, b, pairs), *_actor_parts(a, b, pairs))


def _year_parts(a: Centroid, b: Centroid, pairs: float) -> tuple[float, float]:
    """Shares of pairs that share / differ in the years named."""
    both = a.dated * b.dated
    if not both:
        return 0.0, 0.0
    small, big = (a.years, b.years) if len(a.years) <= len(b.years) else (b.years, a.years)
    # Pairs that share a year (a member naming two years counts once at most, roughly).
    shared = min(sum(n * big.get(y, 0) for y, n in small.items()), both)
    return shared / pairs, (both - shared) / pairs


def _actor_parts(a: Centroid, b: Centroid, pairs: float) -> tuple[float, float]:
    """Shares of pairs whose key actors each name the other's, and neither does."""
    both = a.acted * b.acted
    if not both:
        return 0.0, 0.0
    # Shares of pairs (both with an actor) where a's actor is named by b's article, and the
    # reverse; named counts only members with an actor, so each is at most h.
    h = both / pairs
    there = _count_dot(a.actors, b.named) / pairs
    back = _count_dot(b.actors, a.named) / pairs
    # Both ways (and neither way) as if the two directions were independent: exact for
    # two articles, where it is 1 when each names the other's actor (neither: 1 when none).
    return there * back / h, (h - there) * (h - back) / h


def _count_dot(x: dict[str, int], y: dict[str, int]) -> int:
    """Sum of the products of two count dicts' values on their shared keys."""
    if len(x) > len(y):  # a storyline's actors outnumber another article's names
        x, y = y, x
    # map/operator keep the loop in C; integers, so the order changes nothing
    return sum(map(operator.mul, x.values(), map(y.get, x.keys(), itertools.repeat(0))))


def pair_features(a: Centroid, b: Centroid) -> tuple[float, ...]:
    """Mean similarities over all pairs of members of a and b (PAIR_FEATURES order)."""
    pairs = float(a.size * b.size)
    if pairs <= 0:
        return (0.0,) * len(PAIR_FEATURES)
    dots = channel_dots(a.terms, b.terms)
    return (*(dots[c] / pairs for c in CHANNELS), *_dense_parts(a, b, pairs))


def _stem(word: str) -> str:
    """stem(word), remembered: the same names recur article after article."""
    stemmed = _STEMS.get(word)
    if stemmed is None:
        if len(_STEMS) >= 100_000:
            _STEMS.clear()
        stemmed = _STEMS[word] = stem(word)
    return stemmed


def _ranked(items: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    """(key, weight) pairs by weight, largest first, ties by key."""
    # two sorts in C (the second is stable) instead of one with a Python key function
    return sorted(sorted(items), key=operator.itemgetter(1), reverse=True)


def _pair_key(a: str, va: int, b: str, vb: int) -> tuple[tuple[str, str], tuple[int, int]]:
    """A storyline pair's cache key and the versions of its two sides, in key order."""
    return ((a, b), (va, vb)) if a < b else ((b, a), (vb, va))


class _PairModel:
    """A fitted pair model, laid out for one weighted dot product per scored pair."""

    __slots__ = ("bias", "dense", "weights")

    def __init__(self, coefs: tuple[float, ...]) -> None:
        if len(coefs) != len(PAIR_FEATURES) + 1:
            raise ConfigError(
                f"[cluster] a pair model needs {len(PAIR_FEATURES) + 1} coefficients "
                f"(bias, then {', '.join(PAIR_FEATURES)}); got {len(coefs)}"
            )
        self.bias = coefs[0]
        by_channel = dict(zip(CHANNELS, coefs[1:], strict=False))
        # per key letter: the weights of the channels in its real and imaginary parts
        self.weights = {
            letter: (by_channel[real], by_channel[imag] if imag else 0.0)
            for letter, (real, imag) in PACKING.items()
        }
        self.dense = coefs[1 + len(CHANNELS) :]

    def terms_dot(self, a: Sparse, b: Sparse) -> float:
        """The sparse part of a logit before the mean: the channel-weighted dot product."""
        return weighted_dot(a, b, self.weights)

    def logit_of_dot(self, terms_dot: float, a: Centroid, b: Centroid) -> float:
        """The mean pair logit of a and b, given their terms_dot."""
        pairs = float(a.size * b.size)
        if pairs <= 0:
            return self.bias
        vec, shared, clash, match, unmatched = _dense_parts(a, b, pairs)
        wv, ws, wc, wm, wu = self.dense
        return (
            self.bias
            + terms_dot / pairs
            + wv * vec
            + ws * shared
            + wc * clash
            + wm * match
            + wu * unmatched
        )

    def logit(self, a: Centroid, b: Centroid) -> float:
        """bias + weights . pair_features(a, b), without building the feature tuple."""
        return self.logit_of_dot(self.terms_dot(a.terms, b.terms), a, b)


def _average_linkage(logits: np.ndarray, least: float) -> list[list[int]]:
    """Groups of average linkage over pair logits, merged while the best mean reaches least."""
    n = logits.shape[0]
    if n < 2 or float(logits.min()) >= least:
        return [list(range(n))]  # every pair would join: one group, no tree needed
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    # Distances top - logit keep average linkage's order; a merge at mean logit m happens at
    # distance top - m, and average linkage's merge distances only grow, so the groups are
    # those of the merges up to top - least.
    top = float(logits.max()) + 1.0
    distances = top - logits
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    node: list[list[int]] = [[i] for i in range(n)]
    live = set(range(n))
    for row, (a, b, distance, _) in enumerate(tree):
        if distance > top - least:
            break
        node.append(node[int(a)] + node[int(b)])
        live -= {int(a), int(b)}
        live.add(n + row)
    return [sorted(node[k]) for k in sorted(live)]


class OnlineClusterer:
    """Assigns each arriving article to an event and a storyline, never re-clustering."""

    def __init__(self, options: ClusterOptions) -> None:
        self.options = options
        self._event_model = _PairModel(options.event_coefs)
        self._storyline_model = _PairModel(options.storyline_coefs)
        self._docs = 0
        self._seq = 0
        # Counters: update() counts an iterable's items in C
        self._term_df: Counter[str] = Counter()
        self._entity_df: Counter[str] = Counter()
        self._events: dict[str, _Cluster] = {}
        self._storylines: dict[str, _Cluster] = {}
        # index key -> {cluster id: arrival number of its newest article posted under the
        # key}, oldest first
        self._event_index: dict[str, dict[str, int]] = {}
        self._storyline_index: dict[str, dict[str, int]] = {}
        self._story_keys: dict[str, str] = {}
        self._seen: set[str] = set()
        self._vector_sum: np.ndarray | None = None
        self._merges: list[tuple[str, str, str]] = []
        self._moves: list[tuple[str, str, str]] = []
        self._versions = itertools.count(1)
        # Storyline pairs' terms_dot, with the versions of both it was computed at. Merge
        # checks repeat for the same pairs article after article; adding an article adds
        # its own dot (already computed when it was scored) to the pair's, so most checks
        # cost O(1) instead of a dot product of two large centroids.
        self._pair_dots: dict[tuple[str, str], tuple[float, int, int]] = {}
        # (arrival number of a cluster's newest member, "e" | "s", id): clusters untouched
        # for compact_after arrivals are shrunk, so memory grows slowly with the corpus.
        self._touched: list[tuple[int, str, str]] = []
        # (arrival number of its first article, id) of events that keep their members
        self._small: list[tuple[int, str]] = []
        # (arrival due, "e" | "s", id, arrival number of its newest article) of compacted
        # clusters waiting to retire
        self._retiring: list[tuple[int, str, str, int]] = []
        self._newest: float | None = None  # the latest publication time seen
        self.retired = 0  # clusters retired so far

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
            best = self._best(scored, self.options.event_small_margin)
            if best is not None and best[0] >= self.options.event_threshold:
                event_id, storyline_id = best[1].cid, best[1].parent
            else:
                event_id, storyline_id = f"ev-{article_id}", f"sl-{article_id}"
        joins = event_id in self._events
        dots: dict[str, float] = {}
        lines = (
            self._score_storylines(w, scored, dots)
            if not joins or self.options.storyline_every_article
            else []
        )
        if not joins and keyed is None:
            best = self._best(lines, self.options.storyline_small_margin)
            least = self.options.storyline_threshold + self.options.storyline_young_margin
            if best is not None and best[0] >= least:
                storyline_id = best[1].cid
        self._commit(article_id, features, w, event_id, storyline_id, story_key, dots)
        # The article may have made its clusters resemble others it nearly joined: merge
        # them now, since a single pass never gets a second chance.
        o = self.options
        gate = o.event_threshold + o.merge_gate
        event_id = self._merge(self._events[event_id], [c for s, c in scored if s >= gate])
        storyline = self._storylines[self._events[event_id].parent]
        gate = o.storyline_threshold + o.merge_gate
        self._merge(storyline, [c for s, c in lines if s >= gate])
        moved = len(self._moves)
        split_from = event_id
        event_id = self._split(self._events[event_id], article_id)
        if o.reoffer_splits and (event_id != split_from or len(self._moves) > moved):
            parts = {cid for _, cid, _ in self._moves[moved:]}
            event_id = self._reoffer(parts, event_id, split_from)
        event_id = self._adopt_orphans(self._events[event_id])
        self._split_storyline(self._events[event_id], article_id)
        return event_id, self._events[event_id].parent

    @staticmethod
    def _best(scored: list[tuple[float, _Cluster]], margin: float) -> tuple[float, _Cluster] | None:
        """The candidate to join, its logit less margin / size."""
        # A mean over few pairs is noisy: two small clusters must be a clearer match to be
        # joined (or merged); a fragment left out gets another chance once either has grown.
        adjusted = [(s - margin / max(c.centroid.size, 1) ** 2, c) for s, c in scored]
        return max(adjusted, key=lambda sc: sc[0], default=None)

    def drain_moves(self) -> list[tuple[str, str, str]]:
        """Articles placed earlier that a split moved since the last call: (article id, event
        id, storyline id), in order; apply them before the merges drained with them."""
        moves, self._moves = self._moves, []
        return moves

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
                {k: (v.real, v.imag) for k, v in sorted(c.terms.items())},
                dict(sorted(c.years.items())),
                c.dated,
                dict(sorted(c.actors.items())),
                c.acted,
                dict(sorted(c.named.items())),
                None if c.vector is None else [float(v) for v in c.vector],
            )

        return {
            "docs": self._docs,
            "term_df": dict(sorted(self._term_df.items())),
            "entity_df": dict(sorted(self._entity_df.items())),
            "story_keys": dict(sorted(self._story_keys.items())),
            "events": {
                k: (
                    c.parent,
                    c.born,
                    sums(c.centroid),
                    None if c.members is None else [m.article_id for m in c.members],
                )
                for k, c in self._events.items()
            },
            "storylines": {
                k: (c.born, sorted(c.children), sums(c.centroid))
                for k, c in self._storylines.items()
            },
            "event_index": {k: list(v.items()) for k, v in self._event_index.items() if v},
            "storyline_index": {k: list(v.items()) for k, v in self._storyline_index.items() if v},
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
        w = self.weigh(features)
        self._commit(article_id, features, w, event_id, storyline_id, story_key, {})

    # -- scoring ---------------------------------------------------------------------------

    def _check_new(self, article_id: str) -> None:
        if article_id in self._seen:
            raise InputError(article_id, "article is already clustered (duplicate article id)")

    def weigh(self, features: ArticleFeatures) -> _Weighted:
        """An article's weighted vectors under the current document frequencies."""
        n = self._docs + 1
        log = math.log
        df = self._term_df.get
        idf = {t: log(n / (df(t, 0) + 1)) + 1.0 for t in features.terms}
        raw = {t: (1.0 + log(c)) * idf[t] for t, c in features.terms.items()}
        body = normalise(raw)
        # Names separate events; what is left (rehab, earthquake, takeover) unites a storyline.
        names = {_stem(e) for e in features.entities if e[0].isalpha() and " " not in e}
        title = {
            t: (1.0 + log(c)) * (idf[t] if t in idf else log(n / (df(t, 0) + 1)) + 1.0)
            for t, c in features.title_terms.items()
            if c > 0
        }
        entity_df = self._entity_df.get
        # sorted: a frozenset's order follows the string hashes, which differ from process
        # to process, and the order of a sum decides its last bits
        ent_w = {e: log(n / (entity_df(e, 0) + 1)) + 1.0 for e in sorted(features.entities)}
        one = Centroid(size=1, last_seq=self._seq + 1)
        ents = normalise(ent_w)
        topic_get = normalise({t: v for t, v in raw.items() if t not in names}).get
        alpha = normalise({e: v for e, v in ent_w.items() if e[0].isalpha()})
        digits = normalise({e: v for e, v in ent_w.items() if e[0].isdigit()})
        # Packed keys (sparse.PACKING): a body word carries its topic weight, an entity its
        # weight as a name or a number. One pass builds the article's terms and both
        # models' scaled copies of them (see sparse.dot).
        multi = normalise({e: v for e, v in ent_w.items() if " " in e})
        groups: dict[str, list[tuple[str, float, float]]] = {
            "b": [(t, v, topic_get(t, 0.0)) for t, v in body.items()],
            "n": [(e, v, alpha[e]) for e, v in ents.items() if e in alpha],
            "d": [(e, v, digits[e]) for e, v in ents.items() if e in digits],
            "e": [(e, v, 0.0) for e, v in ents.items() if e not in alpha and e not in digits],
            "m": [(e, v, 0.0) for e, v in multi.items()],
            "h": [(t, v, 0.0) for t, v in normalise(title).items()],
        }
        terms, event_terms, storyline_terms = pack(
            groups, self._event_model.weights, self._storyline_model.weights
        )
        one.terms = terms
        one.years = {e: 1 for e in features.entities if _YEAR.fullmatch(e)}
        one.dated = 1 if one.years else 0
        if features.actor:
            one.actors = {features.actor: 1}
            one.acted = 1
            one.named = {e: 1 for e in features.entities if e[0].isalpha() and " " not in e}
        one.first = one.last = features.timestamp
        cap = self.options.query_terms
        top = _ranked(body.items())[:cap]
        named = _ranked(("@" + e, v) for e, v in ents.items())
        # Strongest first, alternating, so the first index_terms * 2 keys mix both kinds.
        index_keys = [
            k for pair in itertools.zip_longest(top, named[:cap]) for k in pair if k is not None
        ]
        vector = np.asarray(features.vector, dtype=np.float32)
        if self._vector_sum is not None and self._docs and self._vector_sum.shape == vector.shape:
            # Averaged word vectors share a large common direction; removing the running
            # mean leaves what sets an article apart. The estimate is shrunk while few
            # articles have been seen.
            shrink = 1.0 / (self._docs + self.options.vector_mean_prior)
            vector = vector - (self._vector_sum * shrink).astype(np.float32)
        norm = float(np.linalg.norm(vector))
        one.vector = vector / norm if norm > 0 else vector
        return _Weighted(
            one=one,
            event_terms=event_terms,
            storyline_terms=storyline_terms,
            keys=index_keys,
            timestamp=features.timestamp,
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
        index: dict[str, dict[str, int]],
        window: float,
    ) -> list[_Cluster]:
        hits = tally(w.keys, index, self.options.posting_scan)
        ranked = _ranked(hits.items())
        out: list[_Cluster] = []
        for cid, _ in ranked:
            cluster = clusters[cid]
            if self._live(cluster.centroid, w.timestamp, window):
                out.append(cluster)
                if len(out) >= self.options.max_candidates:
                    break
        return out

    def _time_near(self, a: Centroid, b: Centroid) -> float:
        """Gaussian nearness in time of two spans, centred on 0 so undated pairs add nothing."""
        if a.first is None or a.last is None or b.first is None or b.last is None:
            return 0.0
        gap = max(b.first - a.last, a.first - b.last, 0.0) / _DAY
        return math.exp(-(gap * gap) / (2.0 * self.options.time_sigma_days**2)) - 0.5

    def event_logit(self, a: Centroid, b: Centroid) -> float:
        """Mean same-event pair logit between two clusters (an article is a cluster of one)."""
        near = self._time_near(a, b)
        return self._event_model.logit(a, b) + self.options.time_weight * near

    def event_candidates(self, w: _Weighted) -> list[_Cluster]:
        """Live events sharing the most index keys with the article."""
        o = self.options
        return self._candidates(w, self._events, self._event_index, o.event_window_days)

    def _scaled_event_logit(self, scaled: Sparse, a: Centroid, b: Centroid) -> float:
        """event_logit(a, b) for an article a whose terms come scaled by the event model."""
        logit = self._event_model.logit_of_dot(dot(scaled, b.terms), a, b)
        return logit + self.options.time_weight * self._time_near(a, b)

    def _score_events(self, w: _Weighted) -> list[tuple[float, _Cluster]]:
        return [
            (self._scaled_event_logit(w.event_terms, w.one, c.centroid), c)
            for c in self.event_candidates(w)
        ]

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
        self, w: _Weighted, scored: list[tuple[float, _Cluster]], dots: dict[str, float]
    ) -> list[tuple[float, _Cluster]]:
        """Logits of the candidate storylines; their terms_dot with the article go in dots."""
        model = self._storyline_model
        out = []
        for c in self.storyline_candidates(w, scored):
            # the article's terms come pre-scaled: a plain dot is the weighted one
            terms_dot = dots[c.cid] = dot(w.storyline_terms, c.centroid.terms)
            out.append((model.logit_of_dot(terms_dot, w.one, c.centroid), c))
        return out

    def _storyline_pair_logit(self, a: _Cluster, b: _Cluster) -> float:
        """Mean same-storyline pair logit of two storylines, from the cached terms_dot when
        still valid."""
        key, versions = _pair_key(a.cid, a.version, b.cid, b.version)
        cached = self._pair_dots.get(key)
        if cached is not None and cached[1:] == versions:
            terms_dot = cached[0]
        else:
            terms_dot = self._storyline_model.terms_dot(a.centroid.terms, b.centroid.terms)
            if len(self._pair_dots) >= _PAIR_CACHE:
                self._pair_dots.clear()  # entries of long-dead storylines go with the rest
            self._pair_dots[key] = (terms_dot, *versions)
        return self._storyline_model.logit_of_dot(terms_dot, a.centroid, b.centroid)

    def _carry_dots(self, storyline: _Cluster, before: int, dots: dict[str, float]) -> None:
        """Bring cached pair dots of a storyline an article just joined up to date."""
        cache = self._pair_dots
        for cid, article_dot in dots.items():
            if cid == storyline.cid:
                continue
            other = self._storylines.get(cid)
            if other is None:
                continue
            key, versions = _pair_key(storyline.cid, before, cid, other.version)
            cached = cache.get(key)
            if cached is not None and cached[1:] == versions:
                _, now = _pair_key(storyline.cid, storyline.version, cid, other.version)
                cache[key] = (cached[0] + article_dot, *now)

    # -- splits ----------------------------------------------------------------------------

    def _split(self, event: _Cluster, article_id: str) -> str:
        """Split a small event whose parts average linkage keeps apart; return the article's."""
        # The first article of a second happening may join a first one's few articles on one
        # noisy pair score; once more of either arrived, the mean pair logits tell them apart.
        members = event.members
        o = self.options
        if members is None or len(members) < max(o.split_min, 2):
            return event.cid
        logits = self._member_logits(event, members)
        groups = _average_linkage(logits, o.event_merge_threshold + o.split_margin)
        if len(groups) == 1:
            return event.cid
        groups.sort(key=min)  # the part holding the oldest article keeps the event's id
        storyline = self._storylines[event.parent]
        parts: list[tuple[_Cluster, list[int]]] = [(event, groups[0])]
        for group in groups[1:]:
            first = members[group[0]]
            # a fresh id: "ev-<first article>" may name a cluster merged away long ago
            cid = f"ev-{first.article_id}#{self._seq}"
            part = self._events[cid] = _Cluster(cid, event.parent, first.seq)
            storyline.children[cid] = None
            parts.append((part, group))
        touched_keys = set(event.keys)
        cap = o.max_centroid_terms
        found = event.cid
        for cluster, group in parts:
            # Sums and members as a replay of the stored assignments would build them.
            cluster.members = [members[i] for i in group]
            cluster.logits = logits[np.ix_(group, group)]
            cluster.centroid = Centroid()
            for m in cluster.members:
                cluster.centroid.absorb(m.one, cap)
            cluster.version = next(self._versions)
            cluster.keys = {k: None for m in cluster.members for k in m.keys}
            heapq.heappush(self._touched, (cluster.centroid.last_seq, "e", cluster.cid))
            if cluster is not event:
                heapq.heappush(self._small, (cluster.born, cluster.cid))
            for m in cluster.members:
                if m.article_id == article_id:
                    found = cluster.cid
                elif cluster is not event:
                    self._moves.append((m.article_id, cluster.cid, event.parent))
        self._repost(
            self._event_index, event.cid, [(c.cid, c.members or []) for c, _ in parts], touched_keys
        )
        self._forget_members()  # a part whose first article is old forgets, as on replay
        return found

    def _split_storyline(self, event: _Cluster, article_id: str) -> None:
        """Move a young event out of a storyline whose other events it does not match."""
        o = self.options
        if (
            o.storyline_split_margin is None
            or event.members is None
            or event.centroid.size < max(o.storyline_split_min, 1)
        ):
            return
        storyline = self._storylines[event.parent]
        kin = [self._events[cid] for cid in storyline.children]
        if storyline.sealed or len(kin) < 2 or any(e.members is None for e in kin):
            return
        least = o.storyline_merge_threshold - o.storyline_split_margin
        if self._storyline_rest_logit(event.centroid, storyline.centroid) >= least:
            return
        rest = [e for e in kin if e is not event]
        groups = sorted(
            ([event], rest), key=lambda g: min(m.seq for e in g for m in e.members or ())
        )
        cap = o.max_centroid_terms
        parts: list[tuple[str, list[_Member]]] = []
        for n, group in enumerate(groups):
            members = sorted((m for e in group for m in e.members or ()), key=lambda m: m.seq)
            if n == 0:
                line = storyline  # the part holding the oldest article keeps the id
            else:
                # a fresh id: "sl-<first article>" may name a storyline merged away long ago
                cid = f"sl-{members[0].article_id}#{self._seq}"
                line = self._storylines[cid] = _Cluster(cid, cid, members[0].seq)
            # Sums as a replay of the stored assignments would build them.
            line.centroid = Centroid()
            for m in members:
                line.centroid.absorb(m.one, cap)
            line.version = next(self._versions)
            line.keys = {k: None for m in members for k in m.keys}
            line.children = {e.cid: None for e in group}
            heapq.heappush(self._touched, (line.centroid.last_seq, "s", line.cid))
            for e in group:
                e.parent = line.cid
                if n:
                    self._moves.extend(
                        (m.article_id, e.cid, line.cid)
                        for m in e.members or ()
                        if m.article_id != article_id
                    )
            parts.append((line.cid, members))
        touched = {k for _, members in parts for m in members for k in m.keys}
        self._repost(self._storyline_index, storyline.cid, parts, touched)

    def _storyline_rest_logit(self, part: Centroid, whole: Centroid) -> float:
        """Mean same-storyline pair logit of a cluster's articles with the rest of a
        storyline that holds them, from the storyline's sums less the cluster's."""
        model = self._storyline_model
        # The rest's sums on the part's keys (the rest's other keys add nothing to the dot);
        # keys the storyline's sums pruned are missing on both sides of the difference.
        shared = list(filter(whole.terms.__contains__, part.terms))
        values = map(
            operator.sub, map(whole.terms.__getitem__, shared), map(part.terms.__getitem__, shared)
        )
        terms_dot = model.terms_dot(part.terms, dict(zip(shared, values, strict=True)))
        rest = Centroid(
            years={y: n - part.years.get(y, 0) for y, n in whole.years.items()},
            dated=whole.dated - part.dated,
            actors={k: n - part.actors.get(k, 0) for k, n in whole.actors.items()},
            acted=whole.acted - part.acted,
            # (the storyline's counts may have pruned a name the part counts: none is left)
            named={k: max(n - part.named.get(k, 0), 0) for k, n in whole.named.items()},
            size=whole.size - part.size,
        )
        if whole.vector is not None and part.vector is not None:
            rest.vector = whole.vector - part.vector
        return model.logit_of_dot(terms_dot, part, rest)

    def _member_logits(self, event: _Cluster, members: list[_Member]) -> np.ndarray:
        """Same-event pair logits of a small event's articles, extending the cached ones."""
        cached = event.logits
        done = 0 if cached is None else cached.shape[0]
        n = len(members)
        if done == n and cached is not None:
            return cached
        logits = np.zeros((n, n))
        if cached is not None:
            logits[:done, :done] = cached
        for i in range(done, n):
            new = members[i]
            for j in range(i):
                logit = self._scaled_event_logit(new.scaled, new.one, members[j].one)
                logits[i, j] = logits[j, i] = logit
        event.logits = logits
        return logits

    def _repost(
        self,
        index: dict[str, dict[str, int]],
        old: str,
        parts: list[tuple[str, list[_Member]]],
        keys: Iterable[str],
    ) -> None:
        """File the parts of a split cluster where it was filed, each at its newest article."""
        newest: dict[str, dict[str, int]] = {}  # key -> part id -> its newest article's seq
        for cid, members in parts:
            for m in members:
                for key in m.keys:
                    at = newest.setdefault(key, {})
                    at[cid] = max(at.get(cid, 0), m.seq)
        for key in keys:
            posting = index.get(key)
            if posting is None or old not in posting:
                continue  # dropped from a full posting: its parts stay out too
            holders = newest.get(key, {})
            if len(holders) == 1 and holders.get(old) == posting[old]:
                continue  # only the part that kept the id has it, at the same place
            del posting[old]
            entries = [*posting.items(), *holders.items()]
            entries.sort(key=lambda kv: kv[1])
            index[key] = dict(entries[-self.options.posting_cap :])

    def _siblings(self, event: _Cluster) -> list[_Cluster]:
        """The orphan_siblings events of an event's storyline (itself included) joined last."""
        # By newest article, not by the storyline's order of children, which a replay of the
        # stored assignments does not rebuild; a long storyline's old events are rarely the
        # match of an article it just received.
        kin = (self._events[k] for k in self._storylines[event.parent].children)
        return heapq.nlargest(
            self.options.orphan_siblings, kin, key=lambda e: (e.centroid.last_seq, e.cid)
        )

    def _reoffer(self, parts: set[str], article_event: str, kept: str) -> str:
        """Offer a split's new parts to their storyline's best other event; return the article's."""
        # A mixed young event is mostly two happenings of one storyline, and the other one
        # may already be an event of its own.
        parts.add(article_event)
        parts.discard(kept)
        merged = len(self._merges)
        for cid in sorted(parts):
            part = self._events.get(cid)
            if part is None:
                continue  # merged into a part offered before it
            kin = [e for e in self._siblings(part) if e.cid not in (cid, kept)]
            kin.sort(key=lambda e: -self.event_logit(part.centroid, e.centroid))
            self._merge(part, kin[:1])
        for kind, absorbed, surviving in self._merges[merged:]:
            if kind == "event" and absorbed == article_event:
                article_event = surviving
        return article_event

    def _adopt_orphans(self, event: _Cluster) -> str:
        """Merge young one-article siblings whose best sibling is this event; return its id."""
        o = self.options
        if o.orphan_margin is None or event.centroid.size < max(o.orphan_min_size, 2):
            return event.cid
        kin = self._siblings(event)
        orphans = [f for f in kin if f.centroid.size == 1 and f.members is not None]
        if not orphans:
            return event.cid
        grown = [e for e in kin if e.centroid.size >= 2]  # any rival counts, small ones too
        if event not in grown:
            grown.append(event)
        least = o.event_merge_threshold - o.orphan_margin
        current = event
        for orphan in sorted(orphans, key=lambda c: (c.born, c.cid)):
            mine = self.event_logit(orphan.centroid, current.centroid)
            if mine < least or any(
                self.event_logit(orphan.centroid, e.centroid) > mine
                for e in grown
                if e is not current and e.cid in self._events
            ):
                continue
            current = self._absorb_event(current, orphan)
        return current.cid

    # -- merges ----------------------------------------------------------------------------

    def _merge(self, cluster: _Cluster, near: list[_Cluster]) -> str:
        """Merge the article's cluster with each near one it now matches; return the survivor."""
        o = self.options
        storyline = cluster.cid == cluster.parent
        current = cluster
        for other in near:
            live = self._storylines if storyline else self._events
            if other.cid == current.cid or other.cid not in live:
                continue
            larger = max(current.centroid.size, other.centroid.size, 1)
            if storyline:
                smaller = max(min(current.centroid.size, other.centroid.size), 1)
                if (
                    self._storyline_pair_logit(current, other)
                    >= o.storyline_merge_threshold
                    + o.storyline_small_margin / larger**2
                    + o.storyline_young_margin / smaller
                ):
                    current = self._absorb_storyline(current, other)
            elif current.story_keys and other.story_keys:
                continue  # two users' groupings stay two events
            elif (
                self.event_logit(current.centroid, other.centroid)
                >= o.event_merge_threshold + o.event_small_margin / larger**2
            ):
                current = self._absorb_event(current, other)
        return current.cid

    def _absorb_event(self, a: _Cluster, b: _Cluster) -> _Cluster:
        older, younger = (a, b) if (a.born, a.cid) <= (b.born, b.cid) else (b, a)
        if older.parent != younger.parent:
            # One happening belongs to one storyline: theirs merge too.
            self._absorb_storyline(self._storylines[older.parent], self._storylines[younger.parent])
        self._join(older, younger, self._events, self._event_index, "event")
        if older.members is not None and younger.members is not None:
            # by arrival, as a replay of the stored assignments would list them
            older.members = sorted(older.members + younger.members, key=lambda m: m.seq)
            older.logits = None
            if len(older.members) > self.options.split_members:
                older.members = None
        else:
            older.members = older.logits = None
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
        older.sealed = older.sealed or younger.sealed
        return older

    def _join(
        self,
        older: _Cluster,
        younger: _Cluster,
        clusters: dict[str, _Cluster],
        index: dict[str, dict[str, int]],
        kind: str,
    ) -> None:
        older.centroid.absorb(younger.centroid, self.options.max_centroid_terms)
        older.version = next(self._versions)
        for key in younger.keys:
            posting = index.get(key, {})  # a shrunk cluster may have emptied it
            if younger.cid in posting:
                order = list(posting)
                at = order.index(younger.cid)
                if older.cid in posting and order.index(older.cid) > at:
                    del posting[younger.cid]
                else:
                    # The survivor takes the younger's later place, where a replay filing
                    # every member under the survivor's id would have put it.
                    index[key] = {
                        older.cid if cid == younger.cid else cid: seq
                        for cid, seq in posting.items()
                        if cid != older.cid
                    }
            older.keys[key] = None
        del clusters[younger.cid]
        heapq.heappush(self._touched, (older.centroid.last_seq, kind[0], older.cid))
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
        dots: dict[str, float],
    ) -> None:
        self._seen.add(article_id)
        self._seq += 1
        stamp = features.timestamp
        if stamp is not None and (self._newest is None or stamp > self._newest):
            self._newest = stamp
        self._docs += 1
        self._term_df.update(features.terms.keys())  # the keys: a dict would add its counts
        self._entity_df.update(features.entities)
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
            if self.options.split_members and not story_key:
                event.members = []
                heapq.heappush(self._small, (event.born, event_id))
        self._add(event, w)
        indexed = w.keys[: 2 * self.options.index_terms]
        if event.members is not None:
            if story_key or len(event.members) >= self.options.split_members:
                event.members = event.logits = None  # a user's grouping is never split
            else:
                keys = tuple(k for k, _ in indexed)
                event.members.append(_Member(article_id, w.one, w.event_terms, self._seq, keys))
        self._forget_members()
        before = storyline.version
        # (a pruned centroid lost terms the cached dots still count: those go stale)
        if not self._add(storyline, w):
            self._carry_dots(storyline, before, dots)
        heapq.heappush(self._touched, (self._seq, "e", event_id))
        heapq.heappush(self._touched, (self._seq, "s", storyline_id))
        self._compact()
        self._index(self._event_index, event, indexed)
        self._index(self._storyline_index, storyline, indexed)
        if story_key and story_key not in self._story_keys:
            self._story_keys[story_key] = event_id
            event.story_keys.append(story_key)

    def _forget_members(self) -> None:
        """Drop the members of events whose first article came split_window arrivals ago."""
        small = self._small
        while small and small[0][0] <= self._seq - self.options.split_window:
            _, cid = heapq.heappop(small)
            event = self._events.get(cid)
            if event is not None:
                event.members = event.logits = None  # memory follows the young events

    def _compact(self) -> None:
        """Shrink the sums of clusters that no article has joined for compact_after arrivals."""
        o = self.options
        touched = self._touched
        while touched and touched[0][0] <= self._seq - o.compact_after:
            seq, kind, cid = heapq.heappop(touched)
            cluster = (self._events if kind == "e" else self._storylines).get(cid)
            if cluster is None or cluster.centroid.last_seq != seq:
                continue  # merged away, or touched again since (a later entry exists)
            terms = cluster.centroid.terms
            if len(terms) > o.stale_terms:
                # They are out of the live window: a late article can still find them by
                # their strongest terms, and what is dropped is the long tail.
                kept = strongest(terms, o.stale_terms)
                terms.clear()
                terms.update(kept)
                cluster.version = next(self._versions)
            if len(cluster.centroid.named) > o.stale_terms:
                keep_most_counted(cluster.centroid.named, o.stale_terms)
            self._unindex_tail(cluster, self._events if kind == "e" else self._storylines)
            if o.retire_after > 0:
                # Undated articles reach a cluster for live_arrivals after its last one; an
                # event keeps its members (and its storyline can split) for split_window.
                wait = max(o.retire_after, o.compact_after, o.live_arrivals, o.split_window)
                due = seq + wait
                heapq.heappush(self._retiring, (due, kind, cid, seq))
        self._retire()

    def _retire(self) -> None:
        """Drop clusters untouched for retire_after arrivals that no new article can reach."""
        # Without this the clusterer's dicts grow with the corpus, and past a few hundred
        # thousand articles its lookups miss the CPU caches: time per article grows.
        retiring, o = self._retiring, self.options
        later = o.retire_after // 2 + 1
        while retiring and retiring[0][0] <= self._seq:
            _, kind, cid, seq = heapq.heappop(retiring)
            clusters = self._events if kind == "e" else self._storylines
            cluster = clusters.get(cid)
            if cluster is None or cluster.centroid.last_seq != seq:
                continue  # merged away, or touched again (compaction queues it again)
            if cluster.story_keys:
                continue  # a user's grouping stays findable
            if cluster.children or not self._dead(cluster, kind):
                # a storyline waits for its events; a cluster still in reach of new dates
                # waits another while
                heapq.heappush(retiring, (self._seq + later, kind, cid, seq))
                continue
            self._unpost(
                self._event_index if kind == "e" else self._storyline_index, cid, cluster.keys
            )
            del clusters[cid]
            if kind == "e":
                parent = self._storylines.get(cluster.parent)
                if parent is not None:
                    parent.children.pop(cid, None)
                    parent.sealed = True
            self.retired += 1

    def _dead(self, cluster: _Cluster, kind: str) -> bool:
        """Whether no article dated from the newest date seen on can reach the cluster."""
        c = cluster.centroid
        if c.last is None or self._newest is None:
            return True  # undated: out of reach live_arrivals after its last article
        o = self.options
        window = o.event_window_days if kind == "e" else o.storyline_window_days
        return c.last + 2 * window * _DAY < self._newest

    def _unindex_tail(self, cluster: _Cluster, clusters: dict[str, _Cluster]) -> None:
        """Leave a shrunk cluster posted only under index keys of the terms it kept."""
        index = self._event_index if clusters is self._events else self._storyline_index
        kept = {k[1:] for k in cluster.centroid.terms if k[0] == "b"}
        kept.update("@" + k[1:] for k in cluster.centroid.terms if k[0] in _ENTITY_LETTERS)
        self._unpost(index, cluster.cid, (k for k in cluster.keys if k not in kept))
        cluster.keys = {k: None for k in cluster.keys if k in kept}

    @staticmethod
    def _unpost(index: dict[str, dict[str, int]], cid: str, keys: Iterable[str]) -> None:
        """Take a cluster out of the postings of ``keys``."""
        for key in keys:
            posting = index.get(key)
            if posting is not None:
                posting.pop(cid, None)
                if not posting:
                    del index[key]  # most keys are one article's rare words and names

    def _add(self, cluster: _Cluster, w: _Weighted) -> bool:
        """Add the article to a cluster's sums; True if its terms were pruned."""
        pruned = cluster.centroid.absorb(w.one, self.options.max_centroid_terms)
        cluster.centroid.last_seq = self._seq
        cluster.version = next(self._versions)
        return pruned

    def _index(
        self,
        index: dict[str, dict[str, int]],
        cluster: _Cluster,
        keys: Iterable[tuple[str, float]],
    ) -> None:
        cap = self.options.posting_cap
        cid = cluster.cid
        for key, _ in keys:
            posting = index.setdefault(key, {})
            # Re-inserting moves the cluster to the end: postings stay ordered by recency.
            posting.pop(cid, None)
            posting[cid] = self._seq
            cluster.keys[key] = None
            if len(posting) > cap:
                dropped = next(iter(posting))
                del posting[dropped]
