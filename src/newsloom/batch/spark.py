"""The Spark batch engine: the only module of newsloom that imports pyspark.

Per-article stages run in ``mapPartitions`` (models loaded once per Python worker, see
``stages``); near-duplicate candidates come from grouping LSH band keys; events from
grouping articles by time block, each block clustered on an executor. The driver keeps
only small per-article facts (key, id, hashes, timestamps) and the verified pairs and
placements, and makes the corpus-wide decisions with the same ``plan`` functions as the
local engine, so both write the same tables.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from operator import add
from pathlib import Path
from typing import Any

from newsloom.batch.engine import BatchReport, prepare_output, write_tables
from newsloom.batch.inputs import list_files, read_file
from newsloom.batch.options import BatchOptions
from newsloom.batch.plan import (
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
from newsloom.cluster import ArticleFeatures
from newsloom.config import Config
from newsloom.errors import NewsloomError
from newsloom.models import Failure, RawInput

try:
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
except ImportError as exc:  # pragma: no cover - depends on the install
    raise NewsloomError(
        "the spark engine needs pyspark: pip install 'newsloom[spark]' (and Java 17)"
    ) from exc

__all__ = ["SparkEngine", "start_session"]


def start_session(master: str = "local[2]", partitions: int = 4) -> SparkSession:
    """A Spark session that starts offline: no UI, no package downloads; loopback only
    when the master is local (a cluster's executors must reach the driver)."""
    # workers run this interpreter, so they see the same newsloom and models
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    scratch = Path(tempfile.gettempdir()) / "newsloom-spark"
    builder = (
        SparkSession.builder.master(master)
        .appName("newsloom-batch")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.python.worker.reuse", "true")
        .config("spark.jars.ivy", str(scratch / "ivy"))
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
    )
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    return builder.getOrCreate()


def _spark_schema() -> T.StructType:
    kinds = {"int64": T.LongType(), "string": T.StringType(), "binary": T.BinaryType()}
    return T.StructType(
        [T.StructField(f.name, kinds[str(f.type)], f.nullable) for f in ARTICLE_SCHEMA]
    )


def _first(a: tuple[int, Any], b: tuple[int, Any]) -> tuple[int, Any]:
    return a if a[0] <= b[0] else b


class SparkEngine:
    """Runs a batch on a Spark master (``local[2]``, ``spark://host:7077``, ...)."""

    name = "spark"

    def __init__(self, session: SparkSession | None = None) -> None:
        self.session = session

    def run(
        self, sources: list[str], out: Path, config: Config, options: BatchOptions
    ) -> BatchReport:
        """Read, prepare, deduplicate and cluster everything ``sources`` name into ``out``."""
        started = time.perf_counter()
        own = self.session is None
        spark = self.session or start_session(options.master, max(options.partitions, 2))
        try:
            return self._run(spark, sources, out, config, options, started)
        finally:
            if own:
                spark.stop()

    def _run(
        self,
        spark: SparkSession,
        sources: list[str],
        out: Path,
        config: Config,
        options: BatchOptions,
        started: float,
    ) -> BatchReport:
        report = BatchReport(engine=self.name)
        prepare_output(out)
        sc = spark.sparkContext
        parts = options.partitions or 4 * sc.defaultParallelism
        files = list(enumerate(list_files(sources)))
        read_options, dedup_options, cluster_options = config.read, config.dedup, config.cluster
        keyed = sc.parallelize(files, max(1, min(len(files), parts))).flatMap(
            lambda nf: read_file(nf[0], nf[1], read_options)
        )
        keyed.persist(StorageLevel.MEMORY_AND_DISK)
        # an input whose content an earlier one had is dropped, as ingest drops it
        raws = (
            keyed.filter(lambda k: isinstance(k[1], RawInput))
            .map(lambda k: (k[1].content_hash if isinstance(k[1], RawInput) else "", k))
            .reduceByKey(_first, numPartitions=parts)
            .values()
        )
        inputs = keyed.filter(lambda k: isinstance(k[1], Failure)).union(raws)
        inputs.persist(StorageLevel.MEMORY_AND_DISK)
        mark = time.perf_counter()
        report.read = keyed.count()
        report.repeated = report.read - inputs.count()
        mark = report.step("read", mark)
        keyed.unpersist()

        lines = (
            raws.mapPartitions(lambda items: observe_lines(items, config))
            .flatMap(lambda ol: [((ol[0], None), 1)] + [((ol[0], h), 1) for h in ol[1]])
            .reduceByKey(add, numPartitions=parts)
            .map(lambda kv: (kv[0][0], kv[0][1], kv[1]))
            .collect()
        )
        mark = report.step("lines", mark)
        repeated = sc.broadcast(repeated_lines(lines, config.clean))
        prepared = inputs.mapPartitions(lambda items: prepare_rows(items, config, repeated.value))
        prepared.persist(StorageLevel.MEMORY_AND_DISK)
        articles = prepared.filter(lambda kr: kr[0] == "article").values()
        failures = prepared.filter(lambda kr: kr[0] == "failure").values().collect()
        inputs.unpersist()
        mark = report.step("prepare", mark)

        need = need_to_verify(dedup_options)
        pairs = (
            articles.flatMap(lambda r: band_entries(dedup_options, r["key"], r["minhash"]))
            .groupByKey(numPartitions=parts)
            .flatMap(lambda bucket: verified_pairs(list(bucket[1]), need))
            .distinct()
            .collect()
        )
        facts = articles.map(
            lambda r: (
                r["key"],
                r["id"],
                r["text_hash"],
                r["story_key"],
                ArticleFeatures.from_bytes(r["features"]).timestamp,
            )
        ).collect()
        duplicates = resolve_duplicates(
            [(k, h) for k, _, h, _, _ in facts], pairs, dedup_options.num_perm
        )
        mark = report.step("dedup", mark)
        stamps = [(k, t) for k, _, _, s, t in facts if clusterable(k, s, duplicates)]
        blocks = sc.broadcast(plan_blocks(stamps, options))
        placements = (
            articles.filter(lambda r: r["key"] in blocks.value)
            .flatMap(
                lambda r: [
                    (block, (r["key"], r["id"], r["features"], r["story_key"]))
                    for block in blocks.value[r["key"]]
                ]
            )
            .groupByKey(numPartitions=parts)
            .flatMap(lambda block: cluster_block(block[0], block[1], cluster_options))
            .collect()
        )
        mark = report.step("cluster", mark)
        ids = {k: a for k, a, _, _, _ in facts}
        stitched = stitch_blocks(placements, {a: k for k, a in ids.items()})
        placement = final_placement(ids, {k: s for k, _, _, s, _ in facts}, duplicates, stitched)
        seqs = {k: n for n, k in enumerate(sorted(ids), start=1)}
        final = sc.broadcast({k: (seqs[k], *placement[a]) for k, a in ids.items()})
        names = ARTICLE_SCHEMA.names

        def placed(row: dict[str, Any]) -> tuple[Any, ...]:
            row = dict(row)
            row["seq"], row["duplicate_of"], row["event_id"], row["storyline_id"] = final.value[
                row["key"]
            ]
            return tuple(row[name] for name in names)

        frame = spark.createDataFrame(articles.map(placed), _spark_schema())
        frame.write.mode("overwrite").parquet(str(out / "articles"))
        prepared.unpersist()
        write_tables(out, ids, duplicates, placement, failures, lines)

        report.step("write", mark)
        report.articles = len(ids)
        report.duplicates = len(duplicates)
        report.events = len({e for _, e, _ in placement.values()})
        report.storylines = len({s for _, _, s in placement.values()})
        report.failed = len(failures)
        report.seconds = time.perf_counter() - started
        return report
