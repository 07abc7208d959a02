"""Batch runs over large corpora, on this machine or on Apache Spark (an optional extra).

``run_batch(sources, out, engine="local"|"spark")`` reads files (WARC, JSONL, CSV, HTML,
text, Parquet), runs the per-article stages in parallel, finds duplicates by MinHash-LSH
blocking and events by time-window blocking, and writes Parquet tables into ``out``;
``load_batch`` loads them into a store. Only ``newsloom.batch.spark`` imports pyspark,
and only when the spark engine is asked for.
"""

from __future__ import annotations

from pathlib import Path

from newsloom.batch.engine import BatchEngine, BatchReport
from newsloom.batch.load import load_batch
from newsloom.batch.local import LocalEngine
from newsloom.batch.options import BatchOptions
from newsloom.config import Config
from newsloom.errors import ConfigError
from newsloom.pipeline import check_workbench

__all__ = ["BatchEngine", "BatchOptions", "BatchReport", "engine_named", "load_batch", "run_batch"]


def engine_named(name: str) -> BatchEngine:
    """The engine called ``name``: ``local`` or ``spark``."""
    if name == "local":
        return LocalEngine()
    if name == "spark":
        from newsloom.batch.spark import SparkEngine  # the optional extra, imported on demand

        return SparkEngine()
    raise ConfigError(f"unknown batch engine {name!r}: use local or spark")


def run_batch(
    sources: list[str],
    out: Path,
    engine: str | BatchEngine = "local",
    config: Config | None = None,
    options: BatchOptions | None = None,
) -> BatchReport:
    """Run a batch over ``sources`` into the folder ``out`` with the named engine."""
    runner = engine_named(engine) if isinstance(engine, str) else engine
    config = config or Config()
    check_workbench(config)
    return runner.run(sources, Path(out), config, options or BatchOptions())
