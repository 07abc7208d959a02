"""Story stages split across a forked process give exactly the serial tables."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newsloom
from newsloom.export import export_rows
from newsloom.pipeline import Pipeline
from tests.conftest import CORPORA, SEEDS, in_process

TABLES = ("entities", "quotes", "statements", "events", "facts", "comparisons", "summaries")


def _dump(store: newsloom.SQLiteStore) -> dict[str, list[str]]:
    return {
        table: sorted(
            json.dumps(list(row), default=str)
            for row in store.db.execute(f"SELECT * FROM {table}").fetchall()
        )
        for table in TABLES
    }


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forking needs POSIX")
def test_parallel_refresh_writes_the_serial_tables(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted((CORPORA / "polnear-dev" / "train" / "text").glob("*.txt"))[:12]:
        shutil.copy(path, inputs / path.name)
    for path in sorted(p for p in SEEDS.iterdir() if p.is_file()):
        shutil.copy(path, inputs / path.name)
    store = newsloom.open_store(tmp_path / "news.db")
    pipeline = Pipeline(store, in_process())
    pipeline.ingest([str(inputs)])
    serial = _dump(store)
    stories = [r[0] for r in store.db.execute("SELECT DISTINCT event_id FROM articles")]
    storylines = [r[0] for r in store.db.execute("SELECT DISTINCT storyline_id FROM articles")]
    assert len(stories) > 2 and any(serial["summaries"]), "several stories to split"
    pipeline._story_deriver().refresh(stories, storylines, processes=2)
    assert _dump(store) == serial
    store.close()


def test_a_forked_worker_pool_stores_what_one_process_stores(
    tmp_path: Path, seed_store: newsloom.SQLiteStore
) -> None:
    """Workers forked from a fresh process (and stories derived on both cores) give the
    tables a single process gives."""
    db = tmp_path / "pool.db"
    script = (
        "import sys\n"
        "import newsloom\n"
        "from newsloom.config import Config, IngestOptions\n"
        "from newsloom.pipeline import _worker_context\n"
        "print(_worker_context().get_start_method())\n"
        "store = newsloom.open_store(sys.argv[1])\n"
        "config = Config(ingest=IngestOptions(workers=2))\n"
        "report = newsloom.ingest(store, [sys.argv[2]], config=config)\n"
        "assert report.failed == 0, report.failures\n"
        "store.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(db), str(SEEDS)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "fork"  # a fresh, single-threaded process forks
    pooled = newsloom.open_store(db)
    try:
        for kind in (
            "articles",
            "stories",
            "quotes",
            "entities",
            "events",
            "coverage",
            "summaries",
        ):
            mine = sorted(
                json.dumps(r, sort_keys=True, default=str) for r in export_rows(pooled, kind)
            )
            theirs = sorted(
                json.dumps(r, sort_keys=True, default=str) for r in export_rows(seed_store, kind)
            )
            assert mine == theirs, kind
        assert _dump(pooled) == _dump(seed_store)
    finally:
        pooled.close()
