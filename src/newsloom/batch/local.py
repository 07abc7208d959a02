"""The local batch engine: per-article stages in this process or a process pool."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from newsloom.batch.engine import BatchReport, prepare_output, write_tables
from newsloom.batch.inputs import Keyed, list_files, read_file
from newsloom.batch.options import BatchOptions
from newsloom.batch.plan import (
    Placement,
    band_entries,
    cluster_block,
    clusterable,
    final_placement,
    need_to_verify,
    plan_blocks,
    repeated_lines,
    resolve_duplicates,
    stitch_blocks,
    verified_pairs,
)
from newsloom.batch.records import ARTICLE_SCHEMA
from newsloom.batch.stages import observe_lines, prepare_rows
from newsloom.clean import RepeatedLines
from newsloom.cluster import ArticleFeatures
from newsloom.config import Config
from newsloom.models import RawInput

__all__ = ["LocalEngine"]

_T = TypeVar("_T")
_TASK = 256  # inputs per task sent to a pool process


def _observe(items: list[Keyed], config: Config) -> list[tuple[str, list[str]]]:
    return list(observe_lines(items, config))


def _prepare(
    items: list[Keyed], config: Config, repeated: RepeatedLines
) -> list[tuple[str, dict[str, Any]]]:
    return list(prepare_rows(items, config, repeated))


class LocalEngine:
    """Runs a batch on this machine; the reference that the Spark engine must match."""

    name = "local"

    def run(
        self, sources: list[str], out: Path, config: Config, options: BatchOptions
    ) -> BatchReport:
        """Read, prepare, deduplicate and cluster everything ``sources`` name into ``out``."""
        started = time.perf_counter()
        report = BatchReport(engine=self.name)
        prepare_output(out)
        keyed = [
            item
            for n, path in enumerate(list_files(sources))
            for item in read_file(n, path, config.read)
        ]
        report.read = len(keyed)
        unique: list[Keyed] = []
        seen: set[str] = set()
        for key, item in keyed:
            if isinstance(item, RawInput):
                digest = item.content_hash
                if digest in seen:
                    report.repeated += 1
                    continue
                seen.add(digest)
            unique.append((key, item))
        mark = report.step("read", started)
        workers = options.workers or (os.cpu_count() or 1)
        with _Mapper(workers) as mapper:
            counts: Counter[tuple[str, str | None]] = Counter()
            for outlet, hashes in _flat(mapper.map(_observe, unique, config)):
                counts[(outlet, None)] += 1
                counts.update((outlet, h) for h in hashes)
            lines = [(o, h, n) for (o, h), n in counts.items()]
            repeated = repeated_lines(lines, config.clean)
            mark = report.step("lines", mark)
            prepared = list(_flat(mapper.map(_prepare, unique, config, repeated)))
        mark = report.step("prepare", mark)
        articles = [row for kind, row in prepared if kind == "article"]
        failures = [row for kind, row in prepared if kind == "failure"]

        buckets: dict[tuple[int, int], list[tuple[int, bytes]]] = {}
        for row in articles:
            for bucket, member in band_entries(config.dedup, row["key"], row["minhash"]):
                buckets.setdefault(bucket, []).append(member)
        need = need_to_verify(config.dedup)
        pairs = {p for members in buckets.values() for p in verified_pairs(members, need)}
        duplicates = resolve_duplicates(
            [(r["key"], r["text_hash"]) for r in articles], pairs, config.dedup.num_perm
        )
        mark = report.step("dedup", mark)
        members = [
            (r["key"], r["id"], r["features"], r["story_key"])
            for r in articles
            if clusterable(r["key"], r["story_key"], duplicates)
        ]
        stamps = [(m[0], ArticleFeatures.from_bytes(m[2]).timestamp) for m in members]
        blocks = plan_blocks(stamps, options)
        by_block: dict[int, list[tuple[int, str, bytes, str | None]]] = {}
        for m in members:
            for block in blocks[m[0]]:
                by_block.setdefault(block, []).append(m)
        placements: list[Placement] = []
        for block in sorted(by_block):
            placements.extend(cluster_block(block, by_block[block], config.cluster))
        ids = {r["key"]: r["id"] for r in articles}
        stitched = stitch_blocks(placements, {a: k for k, a in ids.items()})
        story_keys = {r["key"]: r["story_key"] for r in articles}
        placement = final_placement(ids, story_keys, duplicates, stitched)

        mark = report.step("cluster", mark)
        articles.sort(key=lambda r: r["key"])
        for seq, row in enumerate(articles, start=1):
            row["seq"] = seq
            row["duplicate_of"], row["event_id"], row["storyline_id"] = placement[row["id"]]
        (out / "articles").mkdir()
        table = pa.Table.from_pylist(articles, ARTICLE_SCHEMA)
        pq.write_table(table, out / "articles" / "part-00000.parquet")
        write_tables(out, ids, duplicates, placement, failures, lines)

        report.step("write", mark)
        report.articles = len(articles)
        report.duplicates = len(duplicates)
        report.events = len({e for _, e, _ in placement.values()})
        report.storylines = len({s for _, _, s in placement.values()})
        report.failed = len(failures)
        report.seconds = time.perf_counter() - started
        return report


def _flat(chunks: Iterable[list[_T]]) -> Iterator[_T]:
    for chunk in chunks:
        yield from chunk


class _Mapper:
    """Maps a function over chunks of a list: in-process, or in a pool of processes."""

    def __init__(self, workers: int) -> None:
        self.pool = (
            ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if workers > 1 else None
        )

    def __enter__(self) -> _Mapper:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def map(
        self, function: Callable[..., list[_T]], items: list[Keyed], *args: object
    ) -> Iterator[list[_T]]:
        chunks = [items[i : i + _TASK] for i in range(0, len(items), _TASK)]
        if self.pool is None:
            return (function(chunk, *args) for chunk in chunks)
        return self.pool.map(function, chunks, *([arg] * len(chunks) for arg in args))
