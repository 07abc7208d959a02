"""The clusterer in a process of its own answers exactly as it does in-process."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import threading
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest

import newsloom
from benchmarks.generate import generate
from newsloom.cluster import ArticleFeatures, ClusterOptions, OnlineClusterer, extract_features
from newsloom.cluster.service import ClusterProcess, Placed, assign_batch
from newsloom.errors import InputError, NewsloomError

ROOT = Path(__file__).resolve().parents[1]


def _features(n: int, seed: int) -> list[tuple[str, ArticleFeatures]]:
    rng = np.random.default_rng(seed)
    out = []
    for record in generate(n, seed=seed):
        vector = rng.standard_normal(64).astype(np.float32)
        vector /= np.linalg.norm(vector)
        published = record.get("published")
        features = extract_features(
            str(record["title"]),
            str(record["text"]),
            None if published is None else str(published),
            vector,
        )
        out.append((str(record["id"]), features))
    return out


def test_a_cluster_process_answers_as_the_clusterer_would() -> None:
    """Restores, batches of assignments (merges and moves included) and the state agree with
    the same calls in-process; a dead process is a clear error, not a hang."""
    items = _features(160, seed=11)
    here = OnlineClusterer(ClusterOptions())
    # spawn: this test process may have threads, and a fork would copy them mid-work
    there = ClusterProcess(OnlineClusterer(ClusterOptions()), get_context("spawn"))
    try:
        for article_id, features in items[:40]:
            here.restore(article_id, features, f"ev-{article_id}", f"sl-{article_id}")
            there.restore(article_id, features, f"ev-{article_id}", f"sl-{article_id}")
        batches = [items[40:100], items[100:]]
        for batch in batches:  # two in flight at once, as the pipeline keeps them
            there.submit([(a, None, f) for a, f in batch])
        got = [there.collect() for _ in batches]
        want = [assign_batch(here, [(a, None, f) for a, f in batch]) for batch in batches]
        assert got == want
        assert any(merges for placed in want for _, _, merges, _ in placed), "merges happen"
        assert there.snapshot() == here.snapshot()
        assert len(there) == len(here) == 160
        with pytest.raises(InputError, match="already clustered"):
            there.submit([(items[0][0], None, items[0][1])])
            there.collect()
        assert len(there) == 160  # an error is a reply: the process still serves
        there._process.kill()
        there._process.join()
        with pytest.raises(NewsloomError, match="clustering process died"):
            there.submit([("new", None, items[0][1])])
            there.collect()
    finally:
        there.close()


def test_input_errors_cross_processes_whole() -> None:
    error = pickle.loads(pickle.dumps(InputError("a.txt:3", "empty text")))
    assert (type(error), error.origin, error.reason) == (InputError, "a.txt:3", "empty text")


def _rows(store: newsloom.SQLiteStore) -> list[tuple[object, ...]]:
    return sorted(
        (r["source_id"], r["duplicate_of"], r["event_id"], r["storyline_id"])
        for r in store.articles()
    )


def _ingest_in_a_fresh_process(db: Path, inputs: list[Path], state: Path, served: bool) -> str:
    """Ingest each input in turn with one Pipeline in a new process; write its clusterer's
    state; return the clusterer's class name."""
    script = (
        "import json, sys\n"
        "import newsloom\n"
        "from newsloom.config import Config, IngestOptions\n"
        "from newsloom.pipeline import Pipeline\n"
        "store = newsloom.open_store(sys.argv[1])\n"
        "options = IngestOptions(workers=2, nlp=False, batch_size=40, cluster_process="
        f"{served})\n"
        "pipeline = Pipeline(store, Config(ingest=options))\n"
        "for path in sys.argv[3:]:\n"
        "    pipeline.ingest([path])\n"
        "print(type(pipeline.clusterer).__name__)\n"
        "json.dump(pipeline.clusterer.snapshot(), open(sys.argv[2], 'w'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(db), str(state), *map(str, inputs)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[0]


def test_ingest_with_a_cluster_process_stores_what_one_process_stores(tmp_path: Path) -> None:
    """A fresh process forks the clusterer and pipelines batches through it, over two
    ingests (the second goes on with the first's clustering process); the store and the
    clusterer's state are those of the same ingests without it."""
    records = list(generate(500, seed=9))
    first, whole = tmp_path / "first.jsonl", tmp_path / "whole.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records[:180]), encoding="utf-8")
    whole.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    stores, states = [], []
    for served, kind in ((True, "ClusterProcess"), (False, "OnlineClusterer")):
        db, state = tmp_path / f"{kind}.db", tmp_path / f"{kind}.json"
        assert _ingest_in_a_fresh_process(db, [first, whole], state, served) == kind
        stores.append(newsloom.open_store(db))
        states.append(json.loads(state.read_text()))
    try:
        assert _rows(stores[0]) == _rows(stores[1])
        assert any(r[1] for r in _rows(stores[1])), "copies"
        assert len({r[2] for r in _rows(stores[1])}) > 20, "many events"
        assert states[0] == states[1]
    finally:
        for store in stores:
            store.close()


def test_batches_with_large_results_do_not_wait_on_each_other() -> None:
    """Two batches in flight whose results outgrow the pipe's buffer still come back."""
    items = _features(1200, seed=3)
    long = "x" * 4000  # long ids make each batch's results larger than a pipe holds
    batches = [
        [(long + a, None, f) for a, f in items[:600]],
        [(long + a, None, f) for a, f in items[600:]],
    ]
    there = ClusterProcess(OnlineClusterer(ClusterOptions()), get_context("spawn"))
    results: list[list[Placed]] = []

    def run() -> None:
        for batch in batches:
            there.submit(batch)
        results.extend(there.collect() for _ in batches)

    worker = threading.Thread(target=run, daemon=True)
    try:
        worker.start()
        worker.join(timeout=300)
        assert not worker.is_alive(), "the two processes wait on each other"
        assert [len(r) for r in results] == [600, 600]
        assert len(pickle.dumps(results[0])) > 300_000
    finally:
        there.close()


def test_an_ingest_that_fails_mid_way_leaves_no_batch_behind(tmp_path: Path) -> None:
    """A failed write with batches in the clustering process: the next ingest starts again
    from the store, and ends as one clean ingest does."""
    records = list(generate(300, seed=4))
    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    script = (
        "import sys\n"
        "import newsloom\n"
        "from newsloom.config import Config, IngestOptions\n"
        "from newsloom.pipeline import Pipeline\n"
        "store = newsloom.open_store(sys.argv[1])\n"
        "options = IngestOptions(workers=2, nlp=False, batch_size=40)\n"
        "pipeline = Pipeline(store, Config(ingest=options))\n"
        "write, calls = store.write_batch, []\n"
        "def failing(batch):\n"
        "    calls.append(1)\n"
        "    if len(calls) == 3:\n"
        "        raise OSError('disk full')\n"
        "    return write(batch)\n"
        "store.write_batch = failing\n"
        "try:\n"
        "    pipeline.ingest([sys.argv[2]])\n"
        "except OSError:\n"
        "    print('failed', type(pipeline.clusterer).__name__)\n"
        "store.write_batch = write\n"
        "report = pipeline.ingest([sys.argv[2]])\n"
        "print(report.new, report.already_stored, type(pipeline.clusterer).__name__)\n"
    )
    db = tmp_path / "failed.db"
    done = subprocess.run(
        [sys.executable, "-c", script, str(db), str(whole)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["failed", "ClusterProcess", "220", "80", "ClusterProcess"]
    clean = tmp_path / "clean.db"
    _ingest_in_a_fresh_process(clean, [whole], tmp_path / "state.json", served=False)
    stores = [newsloom.open_store(db), newsloom.open_store(clean)]
    try:
        assert _rows(stores[0]) == _rows(stores[1])
    finally:
        for store in stores:
            store.close()
