"""Property: ingesting a corpus in two runs equals ingesting it in one (and twice = once)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsloom
from benchmarks.generate import generate
from newsloom.config import Config, IngestOptions

CONFIG = Config(ingest=IngestOptions(workers=1, nlp=False, batch_size=16))
RECORDS = list(generate(60, seed=5))


def _state(store: newsloom.SQLiteStore) -> list[tuple[object, ...]]:
    return [
        (r["source_id"], r["duplicate_of"], r["event_id"], r["storyline_id"])
        for r in store.articles()
    ]


def _write(path: Path, records: list[dict[str, object]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.integers(min_value=5, max_value=60), split=st.integers(min_value=0, max_value=60))
def test_two_runs_equal_one(size: int, split: int) -> None:
    records = RECORDS[:size]
    split = min(split, size)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = _write(folder / "whole.jsonl", records)
        first = _write(folder / "first.jsonl", records[:split])
        once = newsloom.open_store(folder / "once.db")
        newsloom.ingest(once, [whole], config=CONFIG)
        twice = newsloom.open_store(folder / "twice.db")
        newsloom.ingest(twice, [first], config=CONFIG)
        newsloom.ingest(twice, [whole], config=CONFIG)
        again = newsloom.ingest(twice, [whole], config=CONFIG)
        assert again.new == 0 and again.already_stored == size
        assert _state(twice) == _state(once)
        once.close()
        twice.close()


def test_forgotten_lines_leave_the_store_too(monkeypatch, tmp_path: Path) -> None:
    """The store's line counts mirror memory after pruning, so a resumed run equals one run."""
    from newsloom.clean import RepeatedLines
    from newsloom.pipeline import Pipeline

    monkeypatch.setattr(RepeatedLines, "PRUNE_EVERY", 2)
    records = list(generate(120, seed=7))
    whole = _write(tmp_path / "whole.jsonl", records)
    first = _write(tmp_path / "first.jsonl", records[:50])
    once = newsloom.open_store(tmp_path / "once.db")
    live = Pipeline(once, CONFIG)
    live.ingest([whole])
    split = newsloom.open_store(tmp_path / "split.db")
    newsloom.ingest(split, [first], config=CONFIG)
    newsloom.ingest(split, [whole], config=CONFIG)
    rows, counts = once.line_rows()
    assert sorted(rows) == live.repeated.to_rows()  # what memory holds, the store holds
    assert split.line_rows() == (rows, counts)
    assert _state(split) == _state(once)
    everything = sum(
        len({line for line in str(r["text"]).splitlines() if line.strip()}) for r in records
    )
    assert len(rows) < everything * 0.7  # lines seen once were forgotten
    once.close()
    split.close()


def _ecb_records(count: int) -> list[dict[str, object]]:
    """ECB+ dev documents as ingest records (undated), in a fixed shuffled order."""
    import random

    path = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ecbplus-dev"
    with (path / "docs.jsonl").open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    random.Random(13).shuffle(docs)
    return [
        {"id": d["id"], "title": d["title"] or "", "text": d["text"], "outlet": "ecb"}
        for d in docs[:count]
    ]


def test_split_events_are_stored_as_the_clusterer_holds_them(tmp_path: Path) -> None:
    """Articles a split moved are moved in the store too, and a resumed run still equals one."""
    from newsloom.pipeline import Pipeline

    config = Config(ingest=IngestOptions(workers=1, nlp=False, batch_size=16))
    records = _ecb_records(320)
    whole = _write(tmp_path / "whole.jsonl", records)
    once = newsloom.open_store(tmp_path / "once.db")
    live = Pipeline(once, config)
    live.ingest([whole])
    stored: dict[str, int] = {}
    for row in once.articles():
        if row["duplicate_of"] is None:
            stored[row["event_id"]] = stored.get(row["event_id"], 0) + 1
    assert any("#" in event for event in stored), "the stream must split an event"
    events = live.clusterer.snapshot()["events"]
    assert isinstance(events, dict)
    assert stored == {event: state[2][0] for event, state in events.items()}
    for cut in (70, 200):
        split = newsloom.open_store(tmp_path / f"split{cut}.db")
        newsloom.ingest(split, [_write(tmp_path / "first.jsonl", records[:cut])], config=config)
        newsloom.ingest(split, [whole], config=config)
        assert _state(split) == _state(once)
        split.close()
    once.close()
