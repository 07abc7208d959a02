"""A process killed mid-ingest (kill -9) loses nothing committed; re-running completes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import generate
from tests.conftest import ROOT

ARTICLES = 1500


def _ingest(db: Path, corpus: Path, config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsloom",
            "--db",
            str(db),
            "--config",
            str(config),
            "ingest",
            str(corpus),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _snapshot(db: Path) -> list[tuple[str, str | None, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT id, duplicate_of, event_id FROM articles ORDER BY id").fetchall()


def test_kill_9_then_rerun_completes_without_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as out:
        for record in generate(ARTICLES, seed=7):
            out.write(json.dumps(record) + "\n")
    config = tmp_path / "small-batches.toml"
    config.write_text("[ingest]\nbatch_size = 50\nworkers = 1\nnlp = false\n")

    killed_db = tmp_path / "killed.db"
    proc = _ingest(killed_db, corpus, config)
    deadline = time.monotonic() + 240
    while _stored(killed_db) < 200 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()

    with sqlite3.connect(killed_db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles, raws = con.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM raw_inputs)"
        ).fetchone()
    assert 200 <= articles < ARTICLES
    assert articles == raws, "each committed input has its article: batches are atomic"
    assert articles % 50 == 0, "only whole batches were committed"

    rerun = _ingest(killed_db, corpus, config)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()

    whole_db = tmp_path / "whole.db"
    whole = _ingest(whole_db, corpus, config)
    _, err = whole.communicate(timeout=600)
    assert whole.returncode == 0, err.decode()

    resumed, uninterrupted = _snapshot(killed_db), _snapshot(whole_db)
    assert len(resumed) == ARTICLES
    assert len({row[0] for row in resumed}) == ARTICLES
    assert resumed == uninterrupted
