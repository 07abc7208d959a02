"""The store: migrations, pragmas, atomic batches (SQLite and PostgreSQL), rebuild."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

import newsloom
from newsloom.coding import EventOptions
from newsloom.config import Config, IngestOptions
from newsloom.models import Article, Assignment, RawInput
from newsloom.store import Batch, StoredArticle, open_store
from newsloom.store.migrations import MIGRATIONS
from tests.conftest import SEEDS, in_process

NO_NLP = Config(ingest=IngestOptions(workers=1, nlp=False))


def _item(n: int) -> StoredArticle:
    raw = RawInput(origin=f"t{n}", source_id=f"t{n}", kind="text", payload=f"text {n}".encode())
    article = Article(
        id=raw.content_hash[:16],
        raw_hash=raw.content_hash,
        source_id=raw.source_id,
        origin=raw.origin,
        text=f"text {n}",
        raw_text=f"text {n}",
    )
    assignment = Assignment(
        article_id=article.id, duplicate_of=None, event_id="ev", storyline_id="sl"
    )
    return StoredArticle(raw=raw, article=article, text_hash=str(n), assignment=assignment)


def test_new_store_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.db")
    assert store.version == MIGRATIONS[-1][0]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    again = open_store(tmp_path / "a.db")  # reopening runs no migration twice
    assert again.version == MIGRATIONS[-1][0]
    again.close()


def test_next_seq_reads_an_index_not_the_table(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.db")
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT COALESCE(MAX(seq), 0) FROM raw_inputs"
    ).fetchall()
    assert any("raw_inputs_seq" in str(tuple(row)) for row in plan), plan
    store.close()


def test_batch_is_all_or_nothing(store_location: str) -> None:
    import psycopg

    store = open_store(store_location)
    store.write_batch(Batch(articles=[_item(1)]))
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.write_batch(Batch(articles=[_item(2), _item(1)]))  # 1 is already stored
    assert store.counts()["articles"] == 1, "the failed batch left nothing behind"
    store.close()


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database " * 100)
    with pytest.raises(newsloom.StoreError, match=r"notes\.db"):
        open_store(bogus)
    with pytest.raises(newsloom.StoreError, match="cannot connect to PostgreSQL"):
        open_store("postgresql://user@127.0.0.1:1/news")  # nothing listens on port 1


def test_rebuild_reproduces_the_store(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = open_store(path)
    newsloom.ingest(store, [str(SEEDS)], config=in_process())
    before = store.articles()
    store.close()
    report = newsloom.rebuild_store(path, in_process())
    assert report.new == 5
    store = open_store(path)
    assert store.articles() == before
    assert store.counts()["inputs"] == 5
    store.close()


def test_a_failed_rebuild_leaves_the_store_and_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = open_store(path)
    newsloom.ingest(store, [str(SEEDS)], config=NO_NLP)
    before = store.articles()
    store.close()
    bad = replace(in_process(), events=EventOptions(dictionaries=str(tmp_path / "absent")))
    with pytest.raises(newsloom.ConfigError, match="dictionaries"):
        newsloom.rebuild_store(path, bad)
    assert sorted(p.name for p in tmp_path.iterdir() if "rebuild" in p.name) == []
    store = open_store(path)
    assert store.articles() == before
    store.close()


def test_rebuild_takes_the_sqlite_url_open_store_takes(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = open_store(path)
    newsloom.ingest(store, [str(SEEDS)], config=NO_NLP)
    store.close()
    report = newsloom.rebuild_store(f"sqlite:///{path}", NO_NLP)
    assert report.read == 5 and report.new == 5  # the store's own inputs, not a new file's


def test_moves_set_event_and_storyline_before_merges(tmp_path: Path) -> None:
    # A split moves an article to a fresh event or storyline; the merges drained with it
    # come after it, whatever their order in the clusterer.
    store = open_store(tmp_path / "a.db")
    one, two, three = _item(1), _item(2), _item(3)
    store.write_batch(Batch(articles=[one, two, three]))
    ids = [i.article.id for i in (one, two, three)]
    store.write_batch(
        Batch(
            moves=[(ids[0], "ev", "sl-x#9"), (ids[1], "ev-y#9", "sl")],
            merges=[("storyline", "sl-x#9", "sl-z"), ("event", "ev", "ev-w")],
        )
    )
    placed = {r["id"]: (r["event_id"], r["storyline_id"]) for r in store.iter_state()}
    assert [placed[i] for i in ids] == [("ev-w", "sl-z"), ("ev-y#9", "sl"), ("ev-w", "sl")]
    store.close()


def _search(store: newsloom.SQLiteStore, words: str) -> list[str]:
    from newsloom.web.queries import article_ids_for_search, fts_query

    query = fts_query(words)
    assert query is not None
    return article_ids_for_search(store.db, query, 10)


def _check_search(store: newsloom.SQLiteStore) -> None:
    """Raise unless the FTS5 index holds exactly what its content table (articles) holds."""
    # rank 1: compare with the external content too, not only the index with itself
    store.db.execute(
        "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)"
    )


def _no_nlp() -> newsloom.Config:
    from dataclasses import replace

    config = in_process()
    return replace(config, ingest=replace(config.ingest, nlp=False))


def test_search_indexes_the_articles_table_without_a_copy(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a.db")
    newsloom.ingest(store, [str(SEEDS)], config=_no_nlp())
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
    assert "article_search_content" not in tables, "no second copy of every text"
    # the index holds exactly the stored titles and texts, under each article's seq
    _check_search(store)
    by_seq = {r["seq"]: r["id"] for r in store.db.execute("SELECT seq, id FROM articles")}
    found = _search(store, "Tehran")
    assert found and set(found) <= set(by_seq.values())
    newest_first = sorted((s for s, i in by_seq.items() if i in found), reverse=True)
    assert found == [by_seq[s] for s in newest_first]
    store.clear()
    assert _search(store, "Tehran") == []
    newsloom.ingest(store, [str(SEEDS)], config=_no_nlp())
    assert sorted(_search(store, "Tehran")) == sorted(found)
    store.close()


def test_search_migration_reindexes_a_store_with_the_old_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = open_store(path)
    newsloom.ingest(store, [str(SEEDS)], config=_no_nlp())
    expected = sorted(_search(store, "Tehran"))
    # the search table of schema 6: its own copy of titles and texts, keyed by article id
    store.db.execute("DROP TABLE article_search")
    store.db.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(article_id UNINDEXED, title, text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    store.db.execute(
        "INSERT INTO article_search (article_id, title, text) "
        "SELECT id, COALESCE(title, ''), text FROM articles ORDER BY seq"
    )
    store.db.execute("PRAGMA user_version = 6")
    store.close()
    again = open_store(path)
    assert again.version == MIGRATIONS[-1][0]
    tables = {r[0] for r in again.db.execute("SELECT name FROM sqlite_master")}
    assert "article_search_content" not in tables
    assert expected and sorted(_search(again, "Tehran")) == expected
    _check_search(again)
    again.close()
