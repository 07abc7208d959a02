"""DESIGN.md's defining example, end to end through the pipeline on the real seed articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsloom
from newsloom.config import Config, IngestOptions
from newsloom.embed import EmbedOptions
from tests.conftest import SEEDS, in_process, seed_ids


def test_seed_events_and_storyline(seed_store: newsloom.SQLiteStore) -> None:
    rows = seed_ids(seed_store)
    assert sorted(rows) == ["000", "001", "002", "003", "004"]
    meeting = {rows[k]["event_id"] for k in ("000", "001", "002", "003")}
    assert len(meeting) == 1, "000-003 report one event"
    assert rows["004"]["event_id"] not in meeting, "004 is another event"
    storylines = {rows[k]["storyline_id"] for k in rows}
    assert len(storylines) == 1, "all five are one storyline"


def test_seed_dates(seed_store: newsloom.SQLiteStore) -> None:
    rows = seed_ids(seed_store)
    assert rows["000"]["published"] == "2025-05-27"
    assert rows["001"]["published"] == "2025-05-26"
    assert rows["002"]["published"] == "2025-05-26"
    assert rows["003"]["published"] == "2025-05-27"
    assert str(rows["004"]["published"]).startswith("2025-06-11")
    assert rows["000"]["published_precision"] == "day"


@pytest.mark.parametrize(
    ("seed", "boilerplate"),
    [
        ("000", "Also Read |"),
        ("000", "(REUTERS)"),
        ("000", "Khamenei's X post."),
        ("001", "Featured NewsForeign Policy"),
        ("001", "By IFP Editorial Staff"),
        ("004", "Your Comment"),
        ("004", "You are replying to"),
        ("004", "News ID:"),
        ("004", "3266**4353"),
        ("004", "0 Persons"),
    ],
)
def test_seed_boilerplate_is_out_of_clean_text(
    seed_store: newsloom.SQLiteStore, seed: str, boilerplate: str
) -> None:
    article_id = str(seed_ids(seed_store)[seed]["id"])
    texts = seed_store.article_text(article_id)
    raw = seed_store.raw_payload(article_id)
    assert texts is not None and raw is not None
    assert boilerplate in raw.decode("utf-8"), "the raw input is kept verbatim"
    assert boilerplate not in texts[0]


def test_seed_short_boilerplate_lines_are_gone(seed_store: newsloom.SQLiteStore) -> None:
    texts = seed_store.article_text(str(seed_ids(seed_store)["004"]["id"]))
    assert texts is not None
    lines = {line.strip() for line in texts[0].splitlines()}
    assert not lines & {"T T", "Tags", "0 Persons", "Your Comment"}
    assert any(line.startswith("Tehran, IRNA") or "Pezeshkian" in line for line in lines)


def test_seed_article_text_survives(seed_store: newsloom.SQLiteStore) -> None:
    texts = seed_store.article_text(str(seed_ids(seed_store)["000"]["id"]))
    assert texts is not None
    assert "Sharif made the remarks in Tehran" in texts[0]
    assert "to confront Israel" in texts[0]


def test_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    store = newsloom.open_store(tmp_path / "twice.db")
    first = newsloom.ingest(store, [str(SEEDS)], config=in_process())
    before = (store.articles(), store.counts(), store.stories())
    second = newsloom.ingest(store, [str(SEEDS)], config=in_process())
    assert first.new == 5
    assert second.new == 0
    assert second.already_stored == 5
    assert (store.articles(), store.counts(), store.stories()) == before
    store.close()


def test_new_article_joins_existing_story(tmp_path: Path) -> None:
    """Incremental: an article ingested later joins the event already stored."""
    store = newsloom.open_store(tmp_path / "incremental.db")
    files = sorted(SEEDS.glob("*.txt"))
    newsloom.ingest(store, [str(f) for f in files[:2]], config=in_process())
    first_event = store.articles()[0]["event_id"]
    newsloom.ingest(store, [str(f) for f in files[2:]], config=in_process())
    rows = seed_ids(store)
    assert rows["003"]["event_id"] == first_event
    assert rows["004"]["event_id"] != first_event
    store.close()


def test_outlets_from_datelines_and_bylines(seed_store: newsloom.SQLiteStore) -> None:
    rows = seed_ids(seed_store)
    assert rows["004"]["outlet"] == "IRNA"
    assert rows["001"]["outlet"] == "IFP"
    assert str(rows["000"]["wire"]).lower() == "reuters"


def test_story_keys_decide_events(tmp_path: Path) -> None:
    """Articles sharing a story_key are one event; different keys never merge."""
    files = sorted(SEEDS.glob("*.txt"))
    keys = ["a", "b", "a", "b", "a"]  # 000-003 report one meeting, yet the keys split them
    corpus = tmp_path / "keyed.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f.stem, "text": f.read_text(encoding="utf-8"), "story_key": k}) + "\n"
            for f, k in zip(files, keys, strict=True)
        ),
        encoding="utf-8",
    )
    store = newsloom.open_store(tmp_path / "keyed.db")
    newsloom.ingest(store, [str(corpus)], config=in_process())
    events: dict[str, set[str]] = {}
    for row in store.articles():
        events.setdefault(str(row["story_key"]), set()).add(str(row["event_id"]))
    assert all(len(ids) == 1 for ids in events.values()), events
    assert events["a"] != events["b"]
    store.close()


def test_a_worker_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    """A model missing in the worker processes stops the ingest with one clear message."""
    config = Config(
        embed=EmbedOptions(model="no_such_model"),
        ingest=IngestOptions(workers=2, nlp=False),
    )
    store = newsloom.open_store(tmp_path / "broken.db")
    with pytest.raises(newsloom.NewsloomError, match="worker process died or could not start"):
        newsloom.ingest(store, [str(SEEDS)], config=config)
    assert store.counts()["articles"] == 0
    store.close()
