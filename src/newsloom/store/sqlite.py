"""The embedded SQLite store: WAL, foreign keys, numbered migrations, batch commits."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsloom.errors import StoreError
from newsloom.models import Article, Assignment, Failure, RawInput, Story
from newsloom.store.migrations import migrate

__all__ = ["Batch", "SQLiteStore", "StoredArticle"]


@dataclass(slots=True)
class StoredArticle:
    """One article of a batch with everything the store keeps about it."""

    raw: RawInput
    article: Article
    text_hash: str
    assignment: Assignment
    features: bytes | None = None
    minhash: bytes | None = None
    analysis: str | None = None  # the analyse stage's output as JSON, when NLP ran
    coded: str | None = None  # events coded from its sentences as JSON, when NLP ran


@dataclass(slots=True)
class Batch:
    """What one transaction writes: new articles, failures and line-count increments."""

    articles: list[StoredArticle] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    line_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    line_drops: list[tuple[str, str]] = field(default_factory=list)  # (outlet, hash) forgotten
    outlet_counts: dict[str, int] = field(default_factory=dict)
    # clusters the online clusterer merged: (kind "event"|"storyline", absorbed, surviving)
    merges: list[tuple[str, str, str]] = field(default_factory=list)
    # articles a split moved to another event or storyline: (article id, event id,
    # storyline id), applied in order before the merges (the ids are live when the move is
    # made and a split's new id is fresh, so no earlier merge can name them as absorbed)
    moves: list[tuple[str, str, str]] = field(default_factory=list)


_ARTICLE_COLUMNS = (
    "id, source_id, url, title, outlet, published, language, event_id, storyline_id, "
    "duplicate_of, published_precision, updated, outlet_evidence, byline, wire, story_key, "
    "origin"
)


_INSERT_ARTICLE = (
    "INSERT INTO articles (id, raw_hash, seq, source_id, origin, url, title, outlet, "
    "outlet_evidence, byline, wire, published, published_precision, updated, language, "
    "story_key, text, raw_text, removed_lines, text_hash, duplicate_of, event_id, "
    "storyline_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _article_row(item: StoredArticle, seq: int) -> tuple[object, ...]:
    art, a = item.article, item.assignment
    return (
        art.id,
        art.raw_hash,
        seq,
        art.source_id,
        art.origin,
        art.url,
        art.title,
        art.outlet,
        art.outlet_evidence,
        art.byline,
        art.wire,
        art.published,
        art.published_precision,
        art.updated,
        art.language,
        art.story_key,
        art.text,
        art.raw_text,
        json.dumps(list(art.removed_lines)),
        item.text_hash,
        a.duplicate_of,
        a.event_id,
        a.storyline_id,
    )


class SQLiteStore:
    """A newsloom store in one SQLite file; its SQL is shared with ``PostgresStore``."""

    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._depth = 0  # open write transactions: nested ones are savepoints
        try:
            # autocommit mode: transactions are explicit, one per batch
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA busy_timeout = 30000")
            # 64 MiB of page cache (the default is 2 MiB): inserts into the random-key
            # indexes of a large store then find their B-tree pages in memory
            self.db.execute("PRAGMA cache_size = -65536")
            # checkpoint every 256 MiB of WAL: a page that many batches touch (index pages of
            # a large store) is written back once per checkpoint, not once per few batches
            # (100k articles: store writes 59 -> 44 s)
            self.db.execute("PRAGMA wal_autocheckpoint = 65536")
            self.version = migrate(self.db, "sqlite")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a newsloom store ({exc})") from None
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (all or nothing); nested inside another, a savepoint."""
        db = self.db
        self._depth += 1
        savepoint = f"nested_{self._depth}"
        db.execute("BEGIN IMMEDIATE" if self._depth == 1 else f"SAVEPOINT {savepoint}")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK" if self._depth == 1 else f"ROLLBACK TO SAVEPOINT {savepoint}")
            raise
        else:
            db.execute("COMMIT" if self._depth == 1 else f"RELEASE SAVEPOINT {savepoint}")
        finally:
            self._depth -= 1

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the store's writer lock (SQLite: one writer per file is the documented use)."""
        yield

    def generation(self) -> int:
        """A counter every write transaction bumps: another writer wrote when it moved."""
        return int(self.get_meta("generation") or 0)

    def bump_generation(self) -> int:
        """Count one more write (call inside the write's transaction); returns the new value."""
        value = self.generation() + 1
        self.set_meta("generation", str(value))
        return value

    def iterate(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
        """Rows of a long read (a pass over the store), without holding them all at once."""
        return iter(self.db.execute(sql, params))

    # -- meta ---------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """A stored setting, or ``None``."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- ingest -------------------------------------------------------------

    def known_raw(self, hashes: Iterable[str]) -> set[str]:
        """The hashes among ``hashes`` whose input is already stored."""
        found: set[str] = set()
        batch = list(hashes)
        for start in range(0, len(batch), 500):
            chunk = batch[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT hash FROM raw_inputs WHERE hash IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def next_seq(self) -> int:
        """The sequence number the next stored input gets (order of arrival)."""
        row = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM raw_inputs").fetchone()
        return int(row[0]) + 1

    def write_batch(self, batch: Batch) -> int:
        """Write one batch atomically (all of it or none); returns the store's new generation."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db = self.db
        with self.transaction():
            seq = self.next_seq()
            # one executemany per table, parents first (foreign keys)
            items = batch.articles
            db.executemany(
                "INSERT INTO raw_inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        item.article.raw_hash,  # == raw.content_hash, already computed
                        item.raw.origin,
                        item.raw.source_id,
                        item.raw.kind,
                        item.raw.payload,
                        json.dumps(item.raw.meta, sort_keys=True),
                        now,
                        seq + offset,
                    )
                    for offset, item in enumerate(items)
                ],
            )
            db.executemany(
                _INSERT_ARTICLE, [_article_row(item, seq + k) for k, item in enumerate(items)]
            )
            db.executemany(
                "INSERT INTO article_features VALUES (?, ?, ?)",
                [(i.article.id, i.features, i.minhash) for i in items],
            )
            self._index_for_search(items, seq)
            db.executemany(
                "INSERT INTO analyses VALUES (?, ?)",
                [(i.article.id, i.analysis) for i in items if i.analysis is not None],
            )
            db.executemany(
                "INSERT INTO coded_sentences VALUES (?, ?)",
                [(i.article.id, i.coded) for i in items if i.coded is not None],
            )
            self._write_counts(batch)
            # an exact or near copy follows its original (copies are not clustered themselves)
            db.executemany(
                "UPDATE articles SET event_id = ?, storyline_id = ? "
                "WHERE id = ? OR (duplicate_of = ? AND story_key IS NULL)",
                [(event, line, article, article) for article, event, line in batch.moves],
            )
            for kind, absorbed, surviving in batch.merges:
                column = "event_id" if kind == "event" else "storyline_id"
                db.execute(
                    f"UPDATE articles SET {column} = ? WHERE {column} = ?", (surviving, absorbed)
                )
            db.executemany(
                "INSERT OR IGNORE INTO failures (origin, stage, reason, at) VALUES (?, ?, ?, ?)",
                [(f.origin, f.stage, f.reason, now) for f in batch.failures],
            )
            if batch.merges or batch.moves:
                # other writers' clusterers cannot replay a merge or a split: they reload
                self.set_meta("merges", str(int(self.get_meta("merges") or 0) + 1))
            return self.bump_generation()

    def _write_counts(self, batch: Batch) -> None:
        # drops first: counts in this batch after a drop start the line afresh
        self.db.executemany(
            "DELETE FROM outlet_lines WHERE outlet = ? AND line_hash = ?", batch.line_drops
        )
        self.db.executemany(
            "INSERT INTO outlet_lines (outlet, line_hash, count) VALUES (?, ?, ?) "
            "ON CONFLICT(outlet, line_hash) DO UPDATE "
            "SET count = outlet_lines.count + excluded.count",
            [(o, h, n) for (o, h), n in batch.line_counts.items()],
        )
        self.db.executemany(
            "INSERT INTO outlet_articles (outlet, count) VALUES (?, ?) "
            "ON CONFLICT(outlet) DO UPDATE SET count = outlet_articles.count + excluded.count",
            list(batch.outlet_counts.items()),
        )

    # -- state for resuming ---------------------------------------------------

    def iter_state(self, after_seq: int = 0) -> Iterator[sqlite3.Row]:
        """Stored articles (those after ``after_seq``) in order of arrival with what dedup and
        clustering resume from."""
        yield from self.iterate(
            "SELECT a.id, a.text_hash, a.duplicate_of, a.event_id, a.storyline_id, a.story_key, "
            "f.features, f.minhash, a.seq FROM articles a LEFT JOIN article_features f "
            "ON f.article_id = a.id WHERE a.seq > ? ORDER BY a.seq",
            (after_seq,),
        )

    def line_rows(self, min_count: int = 1) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
        """Per-outlet line counts (at least ``min_count``) and articles seen per outlet."""
        rows = [
            (str(r[0]), str(r[1]), int(r[2]))
            for r in self.db.execute(
                "SELECT outlet, line_hash, count FROM outlet_lines WHERE count >= ?", (min_count,)
            )
        ]
        counts = {str(r[0]): int(r[1]) for r in self.db.execute("SELECT * FROM outlet_articles")}
        return rows, counts

    def _index_for_search(self, items: list[StoredArticle], seq: int) -> None:
        """Index a batch's new articles for full-text search."""
        # the FTS5 table reads titles and texts from articles (migration 7): it is given
        # exactly the stored values, under the article's seq, so that deletes find them
        self.db.executemany(
            "INSERT INTO article_search (rowid, title, text) VALUES (?, ?, ?)",
            [(seq + k, i.article.title, i.article.text) for k, i in enumerate(items)],
        )

    def iter_raw(self) -> Iterator[RawInput]:
        """Every stored input, verbatim, in order of arrival."""
        for row in self.iterate(
            "SELECT origin, source_id, kind, payload, meta FROM raw_inputs ORDER BY seq"
        ):
            yield RawInput(
                origin=row[0],
                source_id=row[1],
                kind=row[2],
                payload=bytes(row[3]),
                meta=json.loads(row[4]),
            )

    def clear(self) -> None:
        """Remove every stored row (``rebuild`` re-derives them from the raw inputs)."""
        with self.transaction():
            self._clear_search()
            for table in (
                "analyses",
                "coded_sentences",
                "entities",
                "quotes",
                "statements",
                "events",
                "facts",
                "comparisons",
                "summaries",
                "article_features",
                "articles",
                "raw_inputs",
                "outlet_lines",
                "outlet_articles",
                "failures",
            ):
                self.db.execute(f"DELETE FROM {table}")
            self.bump_generation()

    def _clear_search(self) -> None:
        # an external-content FTS5 table is emptied by its own command
        self.db.execute("INSERT INTO article_search (article_search) VALUES ('delete-all')")

    # -- queries --------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many inputs, articles, duplicates, events, storylines and failures are stored."""
        one = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM raw_inputs), COUNT(*), COUNT(duplicate_of), "
            "COUNT(DISTINCT event_id), COUNT(DISTINCT storyline_id), "
            "(SELECT COUNT(*) FROM failures) FROM articles"
        ).fetchone()
        keys = ("inputs", "articles", "duplicates", "events", "storylines", "failures")
        return dict(zip(keys, (int(v) for v in one), strict=True))

    def stories(self, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Event clusters, newest first."""
        # a subquery, so that the ORDER BY expression may use the aggregates' names
        sql = (
            "SELECT * FROM (SELECT event_id, MIN(storyline_id) AS storyline_id, "
            "MIN(COALESCE(published, '9999')) AS first_seen, MAX(published) AS last_seen, "
            "COUNT(*) AS n, MIN(seq) AS s FROM articles GROUP BY event_id) g "
            "ORDER BY COALESCE(last_seen, first_seen) DESC, n DESC, s"
        )
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        return [self._story(row) for row in self.db.execute(sql, params).fetchall()]

    def story(self, event_id: str) -> Story | None:
        """One event cluster, or ``None``."""
        row = self.db.execute(
            "SELECT event_id, MIN(storyline_id), MIN(COALESCE(published, '9999')), "
            "MAX(published), COUNT(*), MIN(seq) FROM articles WHERE event_id = ? "
            "GROUP BY event_id",
            (event_id,),
        ).fetchone()
        return None if row is None else self._story(row)

    def _story(self, row: sqlite3.Row) -> Story:
        members = self.db.execute(
            "SELECT id, title, outlet, duplicate_of FROM articles WHERE event_id = ? ORDER BY seq",
            (row[0],),
        ).fetchall()
        first = None if row[2] == "9999" else row[2]
        titles = [m["title"] for m in members if m["title"] and m["duplicate_of"] is None]
        outlets = sorted({m["outlet"] for m in members if m["outlet"]})
        return Story(
            event_id=row[0],
            storyline_id=row[1],
            title=titles[0] if titles else None,
            first_seen=first,
            last_seen=row[3],
            article_ids=tuple(m["id"] for m in members),
            outlets=tuple(outlets),
        )

    def articles(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """Article metadata rows (DESIGN.md's ``articles`` export), in order of arrival."""
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
        params: tuple[str, ...] = ()
        if event_id is not None:
            sql += " WHERE event_id = ?"
            params = (event_id,)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY seq", params)]

    def article_text(self, article_id: str) -> tuple[str, str] | None:
        """An article's clean and raw text."""
        row = self.db.execute(
            "SELECT text, raw_text FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def raw_payload(self, article_id: str) -> bytes | None:
        """The verbatim input an article was made from."""
        row = self.db.execute(
            "SELECT r.payload FROM articles a JOIN raw_inputs r ON r.hash = a.raw_hash "
            "WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else bytes(row[0])

    def failures(self) -> list[Failure]:
        """Every recorded failure, oldest first."""
        return [
            Failure(origin=r[0], stage=r[1], reason=r[2])
            for r in self.db.execute("SELECT origin, stage, reason FROM failures ORDER BY id")
        ]
