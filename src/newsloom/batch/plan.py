"""The corpus-wide steps of a batch run, as pure functions every engine shares.

Given the same per-article rows, these give the same duplicates and events whatever
the engine and however the rows were split, because every decision is made in key
order (the order ``newsloom ingest`` would meet the inputs):

- near duplicates: MinHash-LSH blocking (articles sharing a band key are candidates,
  verified by their signatures' agreement), then each article, in key order, takes the
  original that ``DedupIndex`` would give it: an earlier exact copy first, else the most
  similar verified earlier candidate;
- events: time-window blocking (blocks of ``block_days``; the first ``overlap_days`` of
  a block also go to the block before), each block clustered by the online clusterer
  in key order (its inverted index is the nearest-neighbour search), then events that
  share an article or a ``story_key`` across blocks are joined; the older id survives.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsloom.batch.options import BatchOptions
from newsloom.clean import CleanOptions, RepeatedLines
from newsloom.cluster import ArticleFeatures, ClusterOptions, OnlineClusterer
from newsloom.dedup import DedupIndex, DedupOptions

__all__ = [
    "Member",
    "Placement",
    "band_entries",
    "cluster_block",
    "clusterable",
    "final_placement",
    "need_to_verify",
    "plan_blocks",
    "repeated_lines",
    "resolve_duplicates",
    "stitch_blocks",
    "verified_pairs",
]

_DAY = 86400.0
Member = tuple[int, str, bytes, str | None]  # key, article id, features, story_key
Placement = tuple[int, int, str, str, str, str | None]  # block, key, id, event, storyline, key


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An article's original and their estimated similarity."""

    original: int  # key of the canonical original
    similarity: float


def repeated_lines(
    counts: Iterable[tuple[str, str | None, int]], options: CleanOptions
) -> RepeatedLines:
    """Boilerplate lines from corpus-wide (outlet, line hash or None for articles, count)."""
    rows: list[tuple[str, str, int]] = []
    articles: dict[str, int] = {}
    for outlet, digest, count in counts:
        if digest is None:
            articles[outlet] = articles.get(outlet, 0) + count
        elif count >= options.repeated_min_articles:
            rows.append((outlet, digest, count))  # rarer lines can never be boilerplate
    return RepeatedLines.from_rows(sorted(rows), articles)


_INDEXES: dict[DedupOptions, DedupIndex] = {}  # one per process: its band parameters


def band_entries(
    options: DedupOptions, key: int, signature: bytes | None
) -> list[tuple[tuple[int, int], tuple[int, bytes]]]:
    """((band, band key), (article key, signature)) for each LSH band of one article."""
    if signature is None:
        return []  # too short to estimate: matched by exact hash only
    index = _INDEXES.get(options)
    if index is None:
        index = _INDEXES[options] = DedupIndex(options)
    return [((band, bk), (key, signature)) for band, bk in enumerate(index.band_keys(signature))]


def need_to_verify(options: DedupOptions) -> float:
    """Agreeing signature values at which two articles are copies (as ``DedupIndex``)."""
    return options.threshold * options.num_perm


def verified_pairs(members: Sequence[tuple[int, bytes]], need: float) -> list[tuple[int, int, int]]:
    """(later key, earlier key, agreeing values) of the pairs in one LSH bucket that verify."""
    if len(members) < 2:
        return []
    ordered = sorted(members)
    keys = [k for k, _ in ordered]
    values = np.stack([np.frombuffer(sig, dtype="<u4") for _, sig in ordered])
    found: list[tuple[int, int, int]] = []
    for j in range(1, len(ordered)):
        agree = (values[:j] == values[j]).sum(axis=1)
        for i in np.flatnonzero(agree >= need).tolist():
            found.append((keys[j], keys[i], int(agree[i])))
    return found


def resolve_duplicates(
    signed: Iterable[tuple[int, str]],
    pairs: Iterable[tuple[int, int, int]],
    num_perm: int,
) -> dict[int, Duplicate]:
    """The original of each copy among (key, text hash) rows, given verified pairs."""
    candidates: dict[int, dict[int, int]] = {}
    for later, earlier, agree in pairs:
        candidates.setdefault(later, {})[earlier] = agree
    canonical: dict[int, int] = {}
    first_of_hash: dict[str, int] = {}
    found: dict[int, Duplicate] = {}
    for key, digest in sorted(signed):
        exact = first_of_hash.get(digest)
        match: Duplicate | None = None
        if exact is not None:
            match = Duplicate(exact, 1.0)
        else:
            best: tuple[int, int] | None = None  # (-agreeing values, canonical key)
            for earlier, agree in candidates.get(key, {}).items():
                option = (-agree, canonical[earlier])
                if best is None or option < best:
                    best = option  # most similar wins; among equals the earliest original
            if best is not None:
                match = Duplicate(best[1], -best[0] / num_perm)
        canonical[key] = key if match is None else match.original
        first_of_hash.setdefault(digest, canonical[key])
        if match is not None:
            found[key] = match
    return found


def plan_blocks(
    stamps: Iterable[tuple[int, float | None]], options: BatchOptions
) -> dict[int, tuple[int, ...]]:
    """The time blocks each article is clustered in, from (key, timestamp) rows.

    An undated article goes with the dated article before it in key order (the one
    after when none is before): in a time-ordered feed that is where it was published.
    """
    span = options.block_days * _DAY
    overlap = options.overlap_days * _DAY
    blocks: dict[int, tuple[int, ...]] = {}
    undated: list[int] = []
    last: int | None = None
    for key, stamp in sorted(stamps, key=lambda ks: ks[0]):
        if stamp is None:
            if last is None:
                undated.append(key)
            else:
                blocks[key] = (last,)
            continue
        home = math.floor(stamp / span)
        blocks[key] = (home - 1, home) if stamp - home * span < overlap else (home,)
        if last is None:
            for early in undated:
                blocks[early] = (home,)
            undated.clear()
        last = home
    for early in undated:  # nothing dated at all: one block
        blocks[early] = (0,)
    return blocks


def cluster_block(
    block: int, members: Iterable[Member], options: ClusterOptions
) -> list[Placement]:
    """Cluster one block's articles in key order; ids are those that survive merges and
    splits."""
    clusterer = OnlineClusterer(options)
    aliases: dict[str, str] = {}
    # article -> the event and storyline a split last moved it to
    moved: dict[str, tuple[str, str]] = {}
    placed: list[Placement] = []
    for key, article_id, features, story_key in sorted(members, key=lambda m: m[0]):
        event, storyline = clusterer.assign(
            article_id, ArticleFeatures.from_bytes(features), story_key
        )
        for _, absorbed, surviving in clusterer.drain_merges():
            aliases[absorbed] = surviving
        # moves name live ids: the last move, then the merges since, give the answer
        moved.update((a, (e, s)) for a, e, s in clusterer.drain_moves())
        placed.append((block, key, article_id, event, storyline, story_key))

    def resolve(cluster_id: str) -> str:
        while cluster_id in aliases:
            cluster_id = aliases[cluster_id]
        return cluster_id

    out: list[Placement] = []
    for b, k, a, e, s, sk in placed:
        event, storyline = moved.get(a, (e, s))
        out.append((b, k, a, resolve(event), resolve(storyline), sk))
    return out


_UNKNOWN = 2**62  # an id that names no article sorts after those that do
_Node = tuple[str, int]  # (cluster id, block); storylines use block 0: one name, one node


class _Joined:
    """Union-find over cluster nodes; the cluster born first (smallest key) represents."""

    def __init__(self, born: dict[str, int]) -> None:
        self.born = born
        self.parent: dict[_Node, _Node] = {}

    def _age(self, node: _Node) -> tuple[int, int, str]:
        # the clusterer names a cluster "ev-"/"sl-" + its first article's id
        first = self.born.get(node[0].split("-", 1)[-1], _UNKNOWN)
        return first, node[1], node[0]

    def find(self, node: _Node) -> _Node:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while node != root:  # path compression
            up = self.parent[node]
            self.parent[node] = root
            node = up
        return root

    def union(self, a: _Node, b: _Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            older, younger = sorted((ra, rb), key=self._age)
            self.parent[younger] = older


def stitch_blocks(
    placements: Iterable[Placement], keys: dict[str, int]
) -> dict[str, tuple[str, str]]:
    """Final (event, storyline) of each clustered article from its blocks' placements.

    An article's own placement is the one in its home block (the later of its two);
    its event there joins its event in the block before when, in that block, that event
    held other articles too: the happening went on across the boundary. An article that
    only opened an event of its own at the end of the earlier block joins nothing.
    Joined events join their storylines. ``keys`` maps article ids to keys: a cluster id
    names its first article, so the older of two joined clusters is the one whose first
    article has the smaller key, and its id survives.
    """
    ordered = sorted(placements, key=lambda p: (p[1], p[0]))
    size: dict[_Node, int] = {}
    for block, _, _, event, _, _ in ordered:
        size[(event, block)] = size.get((event, block), 0) + 1
    joined = _Joined(keys)
    home: dict[str, _Node] = {}
    keyed: dict[str, _Node] = {}
    for block, _, article_id, event, _, story_key in ordered:
        node = (event, block)
        earlier = home.get(article_id)
        if earlier is not None and size[earlier] > 1:
            joined.union(earlier, node)
        home[article_id] = node  # blocks ascend: the last one is the home block
        if story_key:
            joined.union(keyed.setdefault(story_key, node), node)
    line_of: dict[_Node, _Node] = {}
    for block, _, _, event, storyline, _ in ordered:
        # one happening belongs to one storyline: joined events join their storylines
        line = (storyline, 0)
        joined.union(line_of.setdefault(joined.find((event, block)), line), line)
    return {
        article_id: (joined.find(node)[0], joined.find(line_of[joined.find(node)])[0])
        for article_id, node in home.items()
    }


def final_placement(
    ids: dict[int, str],
    story_keys: dict[int, str | None],
    duplicates: dict[int, Duplicate],
    stitched: dict[str, tuple[str, str]],
) -> dict[str, tuple[str | None, str, str]]:
    """(duplicate_of, event, storyline) of every article: a copy goes where its original is,
    unless it has its own ``story_key`` (then it was clustered itself, as in ingest)."""
    placed: dict[str, tuple[str | None, str, str]] = {}
    for key in sorted(ids):
        article_id = ids[key]
        copy = duplicates.get(key)
        original = None if copy is None else ids[copy.original]
        if copy is None or story_keys.get(key):
            event, storyline = stitched[article_id]
        else:
            _, event, storyline = placed[ids[copy.original]]
        placed[article_id] = (original, event, storyline)
    return placed


def clusterable(key: int, story_key: str | None, duplicates: dict[int, Duplicate]) -> bool:
    """Whether the clusterer sees an article: originals, and copies with a ``story_key``."""
    return key not in duplicates or bool(story_key)
