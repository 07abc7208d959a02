"""The PostgreSQL store on a real server (started by conftest's ``pg_server``): same schema,
same stories, quotes, events and exports as SQLite; two processes ingesting at once."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

import newsloom
from newsloom.export import EXPORT_FIELDS
from newsloom.models import Failure
from newsloom.render import entities_table, quotes_table, story_view, timeline_table
from newsloom.store.migrations import MIGRATIONS
from newsloom.store.postgres import PostgresStore, translate
from tests.conftest import ROOT, SEEDS, in_process


def _export(store: newsloom.SQLiteStore, kind: str) -> list[dict[str, object]]:
    out = io.BytesIO()
    newsloom.export(store, kind, "jsonl", out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _render(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=120, file=io.StringIO(), color_system=None)
    console.print(renderable)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_translate_rewrites_the_sqlite_isms() -> None:
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE 'x%'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%'"
    )
    assert translate("INSERT OR IGNORE INTO f (a) VALUES (?)") == (
        "INSERT INTO f (a) VALUES (%s) ON CONFLICT DO NOTHING"
    )
    assert "jsonb_array_elements_text((e.ids)::jsonb) AS j(value)" in translate(
        "SELECT j.value FROM e, json_each(e.ids) j"
    )
    with pytest.raises(newsloom.StoreError, match="SQLite-only"):
        translate("PRAGMA user_version")


def test_new_store_is_migrated_once(pg_url: str) -> None:
    store = newsloom.open_store(pg_url)
    assert isinstance(store, PostgresStore)
    assert store.version == MIGRATIONS[-1][0]
    store.close()
    again = newsloom.open_store(pg_url)
    assert again.version == MIGRATIONS[-1][0]
    rows = again.db.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [n for n, _, _ in MIGRATIONS], "each migration ran once"
    kinds = dict(
        again.db.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'raw_inputs'"
        ).fetchall()
    )
    assert kinds["payload"] == "bytea"
    again.close()


def test_unreachable_server_is_a_clear_error(pg_server: str) -> None:
    port = int(pg_server.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(newsloom.StoreError, match="cannot connect to PostgreSQL"):
        newsloom.open_store(f"postgresql://nobody:secret@127.0.0.1:{port}/nothing")
    try:
        newsloom.open_store(f"postgresql://nobody:secret@127.0.0.1:{port}/nothing")
    except newsloom.StoreError as exc:
        assert "secret" not in str(exc), "the password stays out of messages"


def test_seed_corpus_gives_the_same_store_as_sqlite(
    seed_store: newsloom.SQLiteStore, pg_seed_store: newsloom.SQLiteStore
) -> None:
    assert pg_seed_store.counts() == seed_store.counts()
    assert pg_seed_store.articles() == seed_store.articles()
    assert pg_seed_store.stories() == seed_store.stories()
    assert pg_seed_store.failures() == seed_store.failures()
    first = seed_store.articles()[0]["id"]
    assert pg_seed_store.article_text(first) == seed_store.article_text(first)
    assert pg_seed_store.raw_payload(first) == seed_store.raw_payload(first)


@pytest.mark.parametrize("kind", sorted(EXPORT_FIELDS))
def test_every_export_is_the_same_as_sqlite(
    seed_store: newsloom.SQLiteStore, pg_seed_store: newsloom.SQLiteStore, kind: str
) -> None:
    expected = _export(seed_store, kind)
    assert expected or kind == "summaries"
    assert _export(pg_seed_store, kind) == expected


def test_rendered_views_are_the_same_as_sqlite(
    seed_store: newsloom.SQLiteStore, pg_seed_store: newsloom.SQLiteStore
) -> None:
    story = seed_store.stories()[0]
    assert _render(story_view(pg_seed_store, story)) == _render(story_view(seed_store, story))
    assert _render(quotes_table(pg_seed_store, story.event_id)) == _render(
        quotes_table(seed_store, story.event_id)
    )
    assert _render(entities_table(pg_seed_store, 50)) == _render(entities_table(seed_store, 50))
    line = story.storyline_id
    assert _render(timeline_table(pg_seed_store, line)) == _render(timeline_table(seed_store, line))


def test_batch_is_all_or_nothing_and_failures_are_kept_once(pg_url: str) -> None:
    store = newsloom.open_store(pg_url)
    pipeline = newsloom.Pipeline(store, in_process())
    texts = [SEEDS / name for name in sorted(os.listdir(SEEDS))][:2]
    bad = Failure(origin="x.bin", stage="read", reason="not text")
    pipeline.ingest_raw([bad, bad])
    assert store.failures() == [bad], "the same failure is recorded once"
    report = newsloom.ingest(store, [str(p) for p in texts], config=in_process())
    assert report.new == 2
    # a raw input stored twice breaks the whole transaction
    with pytest.raises(psycopg.errors.UniqueViolation), store.transaction():
        row = store.db.execute("SELECT * FROM raw_inputs").fetchone()
        store.db.execute("DELETE FROM failures")
        store.db.execute("INSERT INTO raw_inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
    assert store.failures() == [bad], "the rolled-back delete left the failure in place"
    store.close()


def test_rebuild_in_place_reproduces_the_store(pg_url: str) -> None:
    store = newsloom.open_store(pg_url)
    newsloom.ingest(store, [str(SEEDS)], config=in_process())
    before = (store.articles(), _export(store, "quotes"), _export(store, "events"))
    store.close()
    report = newsloom.rebuild_store(pg_url, in_process())
    assert report.new == 5
    store = newsloom.open_store(pg_url)
    assert (store.articles(), _export(store, "quotes"), _export(store, "events")) == before
    assert store.counts()["inputs"] == 5
    store.close()


@pytest.mark.parametrize(
    "words", ["Tehran", "pakistan ECO", "Pezesh*", "war-mongers", "nothingsuch"]
)
def test_search_matches_sqlite(
    seed_store: newsloom.SQLiteStore, pg_seed_store: newsloom.SQLiteStore, words: str
) -> None:
    from newsloom.web.queries import article_ids_for_search, fts_query

    query = fts_query(words)
    assert query is not None
    expected = article_ids_for_search(seed_store.db, query, 10)
    assert article_ids_for_search(pg_seed_store.db, query, 10) == expected  # type: ignore[arg-type]


def test_search_finds_articles_by_word_and_prefix(pg_seed_store: newsloom.SQLiteStore) -> None:
    from newsloom.web.queries import article_ids_for_search, fts_query

    ids = {str(r["source_id"])[:3]: r["id"] for r in pg_seed_store.articles()}
    query = fts_query("Pezeshkian")
    assert query is not None
    found = article_ids_for_search(pg_seed_store.db, query, 10)  # type: ignore[arg-type]
    assert ids["004"] in found
    prefix = fts_query("Pezesh*")
    assert prefix is not None
    assert ids["004"] in article_ids_for_search(pg_seed_store.db, prefix, 10)  # type: ignore[arg-type]
    nothing = fts_query("zzqqxx")
    assert nothing is not None
    assert article_ids_for_search(pg_seed_store.db, nothing, 10) == []  # type: ignore[arg-type]


_ACCENTED = [
    {
        "id": "fold-1",
        "title": "Floods close schools in Zürich",
        "text": "Heavy rain flooded the old town of Zürich on Tuesday, and the city's "
        "ÉCOLE POLYTECHNIQUE partner schools stayed shut. Firefighters pumped water out of "
        "cellars along the river through the night, and the trams on the lake shore ran "
        "again by the morning. The city council said the damage would be counted this week.",
        "published": "2024-05-07",
    },
    {
        "id": "fold-2",
        "title": "São Paulo council votes on buses",
        "text": "The council of São Paulo voted on Wednesday to extend night buses to "
        "the outer districts. Workers who finish late shifts had asked for the change for "
        "two years, and the transport secretary said the first new routes would start next "
        "month. The opposition questioned how the service would be paid for.",
        "published": "2024-05-08",
    },
]


@pytest.fixture()
def accented(tmp_path: Path) -> Path:
    path = tmp_path / "accented.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _ACCENTED))
    return path


def _search(store: newsloom.SQLiteStore, words: str) -> set[str]:
    from newsloom.web.queries import article_ids_for_search, fts_query

    query = fts_query(words)
    assert query is not None
    sources = {r["id"]: r["source_id"] for r in store.articles()}
    return {str(sources[i]) for i in article_ids_for_search(store.db, query, 10)}


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("Zurich", {"fold-1"}),
        ("zürich", {"fold-1"}),
        ("ZURICH", {"fold-1"}),
        ("ecole", {"fold-1"}),
        ("Sao Paulo", {"fold-2"}),
        ("são", {"fold-2"}),
        ("Zür*", {"fold-1"}),
        ("Sã*", {"fold-1", "fold-2"}),  # "said" too, as FTS5 reads it
        ("Zurich Paulo", set()),
    ],
)
def test_search_folds_accents_as_sqlite_does(
    tmp_path: Path, pg_url: str, accented: Path, words: str, found: set[str]
) -> None:
    results = []
    for location in (str(tmp_path / "s.db"), pg_url):
        store = newsloom.open_store(location)
        assert newsloom.ingest(store, [str(accented)], config=in_process()).failed == 0
        results.append(_search(store, words))
        store.close()
    assert results == [found, found]


def test_accent_folding_migration_reindexes_stored_articles(pg_url: str, accented: Path) -> None:
    store = newsloom.open_store(pg_url)
    newsloom.ingest(store, [str(accented)], config=in_process())
    # back to the search column of migration 2 (no folding), as a store made before 6 has
    store.db.execute("ALTER TABLE article_search DROP COLUMN document")
    store.db.execute(
        "ALTER TABLE article_search ADD COLUMN document tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, title || ' ' || text)) STORED"
    )
    store.db.execute("DELETE FROM schema_version WHERE version >= 6")
    assert _search(store, "Zurich") == set()
    store.close()
    again = newsloom.open_store(pg_url)
    assert again.version == MIGRATIONS[-1][0]
    assert _search(again, "Zurich") == {"fold-1"}
    assert _search(again, "Zürich") == {"fold-1"}
    again.close()


# -- two writers ---------------------------------------------------------------------------


def _ingest_process(url: str, folder: Path, config: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsloom",
            "--db",
            url,
            "--config",
            str(config),
            "ingest",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _corpus(tmp_path: Path, name: str, files: list[Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _small_corpus(tmp_path: Path) -> list[Path]:
    """The seeds plus two wire copies (same text, different file): duplicates to find."""
    files = sorted(p for p in SEEDS.iterdir() if p.is_file())
    copies = tmp_path / "copies"
    copies.mkdir()
    for source, name in ((files[0], "900_copy.txt"), (files[4], "901_copy.txt")):
        (copies / name).write_bytes(source.read_bytes() + b"\n")
    return [files[0], copies / "900_copy.txt", *files[1:], copies / "901_copy.txt"]


@pytest.mark.parametrize("overlap", ["same", "overlapping"])
def test_two_processes_ingesting_at_once_lose_and_duplicate_nothing(
    pg_url: str, tmp_path: Path, overlap: str
) -> None:
    files = _small_corpus(tmp_path)
    if overlap == "same":
        a = b = _corpus(tmp_path, "all", files)
    else:
        a = _corpus(tmp_path, "a", files[:4])
        b = _corpus(tmp_path, "b", files[1:])
    # small batches, so that the two writers interleave
    config = tmp_path / "config.toml"
    config.write_text("[ingest]\nworkers = 1\nbatch_size = 1\n", encoding="utf-8")
    newsloom.open_store(pg_url).close()  # both processes find a migrated store
    procs = [_ingest_process(pg_url, a, config), _ingest_process(pg_url, b, config)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    # each input is new to exactly one of the two
    new = [int(re.search(r"new (\d+)", out).group(1)) for out, _ in outputs]  # type: ignore[union-attr]
    assert sum(new) == len(files), outputs
    store = newsloom.open_store(pg_url)
    alone = newsloom.open_store(tmp_path / "alone.db")
    try:
        articles = store.articles()
        assert sorted(r["source_id"] for r in articles) == sorted(p.stem for p in files), (
            "every input stored exactly once"
        )
        # what one process ingesting everything stores; which article of a pair is the copy
        # and which alias names an entity may follow the order of arrival, the counts do not
        newsloom.ingest(alone, [str(_corpus(tmp_path, "alone", files))], config=in_process())
        assert store.counts() == alone.counts()
        assert {r["id"] for r in articles} == {r["id"] for r in alone.articles()}
        for kind in ("quotes", "entities", "events"):
            assert len(_export(store, kind)) == len(_export(alone, kind)), kind
        for kind, field in (("quotes", "text"), ("events", "plover")):
            assert sorted(str(r[field]) for r in _export(store, kind)) == sorted(
                str(r[field]) for r in _export(alone, kind)
            ), kind
        stories = {s.event_id for s in store.stories()}
        assert {q["story_id"] for q in _export(store, "quotes")} <= stories, "no stale story"
    finally:
        store.close()
        alone.close()


def test_web_app_serves_a_postgresql_store(
    seed_store: newsloom.SQLiteStore, pg_seed_store: newsloom.SQLiteStore
) -> None:
    from fastapi.testclient import TestClient

    from newsloom.web import create_app

    url = pg_seed_store.url  # type: ignore[attr-defined]
    story = pg_seed_store.stories()[0]
    with TestClient(create_app(url)) as client:
        listed = client.get("/api/stories").json()
        assert story.event_id in [s["event_id"] for s in listed["stories"]]
        page = client.get(f"/story/{story.event_id}")
        assert page.status_code == 200
        assert story.title is not None and story.title.split()[0] in page.text
        found = client.get("/api/stories", params={"q": "Pezeshkian"}).json()
        with TestClient(create_app(seed_store.path)) as lite:
            assert found == lite.get("/api/stories", params={"q": "Pezeshkian"}).json()
        assert found["total"] >= 1
        entities = client.get("/api/entities").json()
        assert entities, "entities are listed"
        assert client.get("/api/quotes", params={"story_id": story.event_id}).status_code == 200


@pytest.mark.parametrize("merged", [False, True], ids=["appended", "merged"])
def test_two_pipelines_taking_turns_give_the_store_of_one(
    store_location: str, tmp_path: Path, merged: bool
) -> None:
    """Each pipeline catches up with what the other stored, so interleaved batches give
    exactly the store one pipeline makes from the same inputs in the same order; after a
    cluster merge by the other (``merged``) the catch-up is a full reload."""
    files = _small_corpus(tmp_path)
    turns = [(0, files[:1]), (1, files[1:3]), (0, files[3:5]), (1, files[5:])]
    shared = newsloom.open_store(store_location)
    other = newsloom.open_store(store_location)
    alone = newsloom.open_store(tmp_path / "alone.db")
    try:
        # both start on the empty store
        pipelines = [
            newsloom.Pipeline(shared, in_process()),
            newsloom.Pipeline(other, in_process()),
        ]
        single = newsloom.Pipeline(alone, in_process())
        for who, batch in turns:
            if merged:  # what a writer that merged two clusters leaves for the others
                shared.set_meta("merges", str(int(shared.get_meta("merges") or 0) + 1))
            pipelines[who].ingest([str(p) for p in batch])
            single.ingest([str(p) for p in batch])
        assert shared.articles() == alone.articles()
        assert shared.counts()["duplicates"] == 2
        for kind in ("quotes", "entities", "events", "summaries"):
            assert _export(shared, kind) == _export(alone, kind), kind
    finally:
        for store in (shared, other, alone):
            store.close()


def test_cli_commands_run_on_postgresql(pg_url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120", "NO_COLOR": "1"}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "newsloom", "--db", pg_url, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    # each call starts a process (seconds each): quotes, entities and the views' contents are
    # compared with SQLite in-process above; this checks the command line's own wiring
    assert "new 5" in cli("ingest", "--workers", "1", str(SEEDS))
    store = newsloom.open_store(pg_url)
    story = store.stories()[0]
    store.close()
    assert story.event_id in cli("show", story.event_id)
    assert story.event_id in cli("timeline", story.storyline_id)
    records = [json.loads(line) for line in cli("export", "events").splitlines()]
    assert records and set(EXPORT_FIELDS["events"]) <= set(records[0])
    assert "5 articles" in cli("rebuild")
