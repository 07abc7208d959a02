"""Batch runs with the local engine: same stories as ingest, bad input reported, Parquet out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import newsloom
from benchmarks.generate import generate
from newsloom.batch import BatchOptions, engine_named, load_batch, run_batch
from newsloom.batch.plan import (
    band_entries,
    need_to_verify,
    plan_blocks,
    resolve_duplicates,
    verified_pairs,
)
from newsloom.config import Config, IngestOptions
from newsloom.dedup import DedupIndex, DedupOptions, text_hash
from newsloom.errors import ConfigError, StoreError
from newsloom.export import export_rows
from tests.batch_support import make_corpus, read_articles
from tests.conftest import ROOT, SEEDS, in_process

NO_NLP = Config(ingest=IngestOptions(workers=1, nlp=False))
KINDS = ("articles", "stories", "entities", "quotes", "events", "coverage", "summaries")


def test_batch_then_load_gives_the_stores_that_ingest_gives(
    seed_store: newsloom.SQLiteStore, tmp_path: Path
) -> None:
    """Seeds with NLP: every export of the loaded store equals that of an ingested one."""
    report = run_batch([str(SEEDS)], tmp_path / "out", "local", in_process(), BatchOptions())
    assert (report.articles, report.events, report.storylines, report.failed) == (5, 2, 1, 0)
    store = newsloom.open_store(tmp_path / "loaded.db")
    try:
        assert load_batch(tmp_path / "out", store, in_process()) == 5
        for kind in KINDS:
            assert list(export_rows(store, kind)) == list(export_rows(seed_store, kind)), kind
        with pytest.raises(StoreError, match="empty store only"):
            load_batch(tmp_path / "out", store, in_process())
    finally:
        store.close()


def _ingested(sources: list[str], db: Path) -> dict[str, dict[str, object]]:
    store = newsloom.open_store(db)
    try:
        newsloom.ingest(store, sources, config=NO_NLP)
        return {str(r["id"]): r for r in store.articles()}
    finally:
        store.close()


def test_one_time_block_is_exactly_the_ingest(tmp_path: Path) -> None:
    """Same ids, duplicate links, events and storylines as ingest; repeated input dropped."""
    sources = make_corpus(tmp_path)
    report = run_batch(sources, tmp_path / "out", "local", NO_NLP, BatchOptions(workers=1))
    assert report.repeated == 120  # the first file named twice
    # the Parquet rows are other inputs (other payloads) with the texts of 40 articles
    # ingest reads no Parquet: without it, it meets the same inputs in the same order
    ingested = _ingested([s for s in sources if not s.endswith(".parquet")], tmp_path / "i.db")
    rows = {r["id"]: r for r in read_articles(tmp_path / "out")}
    from_parquet = {k for k, r in rows.items() if r["origin"].split(":")[0].endswith(".parquet")}
    assert len(from_parquet) == 40 and all(rows[k]["duplicate_of"] for k in from_parquet)
    for k in from_parquet:
        del rows[k]
    assert set(rows) == set(ingested)
    assert report.duplicates > 40
    # Batch cleans with every outlet's boilerplate lines known from the start, ingest learns
    # them as it goes: a few articles' features differ, and a storyline one run opened at
    # once the other may split off another storyline a little later: the same articles and
    # first article, but "sl-<first>#<n>" for "sl-<first>".
    for article_id, row in rows.items():
        want = ingested[article_id]
        got = (row["duplicate_of"], row["event_id"], _unsplit(str(row["storyline_id"])))
        expected = (want["duplicate_of"], want["event_id"], _unsplit(str(want["storyline_id"])))
        assert got == expected, article_id
    for level in ("event_id", "storyline_id"):
        assert _groups(rows, level) == _groups(ingested, level)


def _unsplit(cluster_id: str) -> str:
    """A cluster id without the "#<n>" a split adds."""
    return cluster_id.split("#", 1)[0]


def _groups(rows: dict[str, dict[str, object]], level: str) -> set[frozenset[str]]:
    """The articles of each cluster of a level, whatever its id."""
    groups: dict[object, set[str]] = {}
    for article_id, row in rows.items():
        groups.setdefault(row[level], set()).add(article_id)
    return {frozenset(g) for g in groups.values()}


def test_bad_input_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    sources = make_corpus(tmp_path, n=60)
    report = run_batch(sources, tmp_path / "out", "local", NO_NLP, BatchOptions(workers=1))
    failures = pq.read_table(tmp_path / "out" / "failures.parquet").to_pylist()
    reasons = {(Path(f["origin"]).name.split(":")[0], f["stage"]) for f in failures}
    assert reasons == {("b.jsonl", "read"), ("b.jsonl", "clean"), ("d.jsonl", "read")}
    assert report.failed == 3
    assert report.articles == 60 + 40  # and 40 from the Parquet file


def test_parquet_input_reads_like_jsonl(tmp_path: Path) -> None:
    """Parquet rows become the same articles and events as the same records in JSONL."""
    parquet = Path(make_corpus(tmp_path, n=60)[2])
    lines = tmp_path / "same.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in pq.read_table(parquet).to_pylist()))
    run_batch([str(parquet)], tmp_path / "pq", "local", NO_NLP, BatchOptions(workers=1))
    run_batch([str(lines)], tmp_path / "jl", "local", NO_NLP, BatchOptions(workers=1))
    by_source = {r["source_id"]: r for r in read_articles(tmp_path / "jl")}
    from_parquet = read_articles(tmp_path / "pq")
    assert len(from_parquet) == len(by_source) == 40
    firsts: dict[str, str] = {}  # event ids name different first articles: compare groupings
    for row in from_parquet:
        twin = by_source[row["source_id"]]
        for name in ("title", "text", "published", "outlet", "url", "language"):
            assert row[name] == twin[name], name
        assert firsts.setdefault(row["event_id"], twin["event_id"]) == twin["event_id"]
    assert len(firsts) == len(set(firsts.values())) > 1


def test_lsh_blocking_finds_the_originals_dedup_index_finds() -> None:
    """Bucket pairs + key-order resolution == DedupIndex fed one article at a time."""
    options = DedupOptions()
    texts = [str(r["text"]) for r in generate(400, seed=5)]
    texts += texts[:10]  # exact copies
    texts += ["too short to sign"] * 3
    index = DedupIndex(options)
    signed, buckets = [], {}
    expected = {}
    for key, text in enumerate(texts):
        signature = index.signature(text)
        expected[key] = index.add_hashed(f"a{key}", text_hash(text), signature)
        signed.append((key, text_hash(text)))
        for bucket, member in band_entries(options, key, signature):
            buckets.setdefault(bucket, []).append(member)
    need = need_to_verify(options)
    pairs = {p for members in buckets.values() for p in verified_pairs(members, need)}
    found = resolve_duplicates(signed, pairs, options.num_perm)
    got = {k: (f"a{found[k].original}" if k in found else None) for k in range(len(texts))}
    assert got == expected
    assert sum(v is not None for v in got.values()) > 50


def test_time_blocks_overlap_and_carry_undated_articles() -> None:
    day = 86400.0
    options = BatchOptions(block_days=10, overlap_days=2)
    blocks = plan_blocks(
        [(1, None), (2, 11 * day), (3, 15 * day), (4, None), (5, 25 * day), (6, 9.5 * day)],
        options,
    )
    assert blocks == {1: (1,), 2: (0, 1), 3: (1,), 4: (1,), 5: (2,), 6: (0,)}
    assert plan_blocks([(7, None)], options) == {7: (0,)}


def test_short_blocks_keep_every_event_in_one_storyline(tmp_path: Path) -> None:
    """Many blocks: events joined across boundaries stay whole; copies follow originals."""
    records = list(generate(300, seed=2))
    corpus = tmp_path / "g.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    options = BatchOptions(workers=1, block_days=1.0, overlap_days=0.5)
    run_batch([str(corpus)], tmp_path / "out", "local", NO_NLP, options)
    rows = {r["id"]: r for r in read_articles(tmp_path / "out")}
    lines: dict[str, str] = {}
    for row in rows.values():
        assert lines.setdefault(row["event_id"], row["storyline_id"]) == row["storyline_id"]
        if row["duplicate_of"]:
            assert rows[row["duplicate_of"]]["event_id"] == row["event_id"]
        first = rows[row["event_id"].removeprefix("ev-")]
        assert first["seq"] <= row["seq"] or first["event_id"] == row["event_id"]
    assert len(set(lines)) > 20


def test_core_never_imports_pyspark() -> None:
    code = (
        "import sys, newsloom, newsloom.cli, newsloom.batch; "
        "assert not [m for m in sys.modules if m.startswith('pyspark')]"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_cli_batch_loads_a_store_that_stories_reads(tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "b.db"
    run = [sys.executable, "-m", "newsloom"]
    args = ["batch", str(SEEDS), "--out", str(out), "--no-nlp", "--workers", "1"]
    done = subprocess.run(
        [*run, *args, "--load-into", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "local: read 5, articles 5 (0 duplicates, 0 repeated inputs), 2 events" in done.stdout
    assert "loaded 5 articles" in done.stdout
    shown = subprocess.run(
        [*run, "--db", str(db), "stories"], capture_output=True, text=True, cwd=ROOT
    )
    assert shown.returncode == 0 and shown.stdout.count("ev-") == 2, shown.stdout
    assert pq.read_table(out / "assignments.parquet").num_rows == 5


def test_unknown_engine_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown batch engine 'dask'"):
        engine_named("dask")
