"""The Spark engine on a real local[2] Spark (Java 17): the same tables as the local engine."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsloom.batch import BatchOptions, run_batch
from newsloom.config import Config, IngestOptions
from tests.batch_support import assert_same_output, make_corpus
from tests.conftest import ROOT, SEEDS

pytest.importorskip("pyspark", reason="the spark extra is not installed (make test installs it)")

NO_NLP = Config(ingest=IngestOptions(workers=1, nlp=False))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] session for all Spark tests: starting Spark costs about 15 s."""
    from newsloom.batch.spark import start_session

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = start_session("local[2]", partitions=3)
    yield session
    session.stop()


def test_spark_writes_the_tables_the_local_engine_writes(spark: Any, tmp_path: Path) -> None:
    """Generated articles over several time blocks, repeated and bad inputs, Parquet input."""
    from newsloom.batch.spark import SparkEngine

    sources = make_corpus(tmp_path, n=120)
    options = BatchOptions(workers=1, partitions=3, block_days=1.0, overlap_days=0.5)
    local = run_batch(sources, tmp_path / "local", "local", NO_NLP, options)
    remote = run_batch(sources, tmp_path / "spark", SparkEngine(spark), NO_NLP, options)
    assert local.events > 10 and local.duplicates > 30 and local.failed == 3
    assert (remote.read, remote.repeated, remote.articles, remote.failed) == (
        local.read,
        local.repeated,
        local.articles,
        local.failed,
    )
    assert_same_output(tmp_path / "local", tmp_path / "spark")


@pytest.mark.slow
def test_spark_with_nlp_matches_local_on_the_seeds(spark: Any, tmp_path: Path) -> None:
    """spaCy analysis and event coding inside mapPartitions give the local engine's rows."""
    from newsloom.batch.spark import SparkEngine

    config = Config(ingest=IngestOptions(workers=1))
    run_batch([str(SEEDS)], tmp_path / "local", "local", config, BatchOptions())
    run_batch([str(SEEDS)], tmp_path / "spark", SparkEngine(spark), config, BatchOptions())
    assert_same_output(tmp_path / "local", tmp_path / "spark")


@pytest.mark.slow
def test_cli_spark_engine_loads_a_store(tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "b.db"
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    args = ["batch", str(SEEDS), "--engine", "spark", "--master", "local[2]", "--no-nlp"]
    done = subprocess.run(
        [sys.executable, "-m", "newsloom", *args, "--out", str(out), "--load-into", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "spark: read 5, articles 5 (0 duplicates, 0 repeated inputs), 2 events" in done.stdout
    assert "loaded 5 articles" in done.stdout
