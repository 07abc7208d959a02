"""Numbered schema migrations; each runs once, in order, inside one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["MIGRATIONS", "migrate"]

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register a migration under its number."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((number, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


@migration(1, "initial schema")
def _initial(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- every input verbatim, addressed by the SHA-256 of its content
        CREATE TABLE raw_inputs (
            hash TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            source_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            meta TEXT NOT NULL,
            received_at TEXT NOT NULL,
            seq INTEGER NOT NULL
        );

        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            raw_hash TEXT NOT NULL UNIQUE REFERENCES raw_inputs(hash),
            seq INTEGER NOT NULL,
            source_id TEXT NOT NULL,
            origin TEXT NOT NULL,
            url TEXT,
            title TEXT,
            outlet TEXT,
            outlet_evidence TEXT,
            byline TEXT,
            wire TEXT,
            published TEXT,
            published_precision TEXT,
            updated TEXT,
            language TEXT,
            story_key TEXT,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            removed_lines TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            duplicate_of TEXT REFERENCES articles(id),
            event_id TEXT NOT NULL,
            storyline_id TEXT NOT NULL
        );
        CREATE INDEX articles_event ON articles(event_id);
        CREATE INDEX articles_storyline ON articles(storyline_id);
        CREATE INDEX articles_text_hash ON articles(text_hash);
        CREATE INDEX articles_seq ON articles(seq);

        -- what the dedup index and the clusterer need to resume without recomputing
        CREATE TABLE article_features (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            features BLOB,
            minhash BLOB
        );

        -- per-outlet line counts behind repeated-boilerplate removal
        CREATE TABLE outlet_lines (
            outlet TEXT NOT NULL,
            line_hash TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (outlet, line_hash)
        );
        CREATE TABLE outlet_articles (outlet TEXT PRIMARY KEY, count INTEGER NOT NULL);

        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (origin, stage, reason)
        );
        """,
    )


def _script(db: sqlite3.Connection, sql: str) -> None:
    # executescript() would COMMIT an open transaction first, so run statement by statement
    for statement in sql.split(";"):
        body = "\n".join(
            line for line in statement.splitlines() if not line.strip().startswith("--")
        ).strip()
        if body:
            db.execute(body)


def migrate(db: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns the version now in force."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    for number, _name, fn in MIGRATIONS:
        if number <= version:
            continue
        # the connection is in autocommit mode: one explicit transaction per migration
        db.execute("BEGIN IMMEDIATE")
        try:
            fn(db)
            db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        version = number
    return version
