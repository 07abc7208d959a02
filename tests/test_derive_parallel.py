"""Story stages split across a forked process give exactly the serial tables."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import newsloom
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
