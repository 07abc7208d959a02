"""Numbered schema migrations; each runs once, in order, inside one transaction.

One list serves both dialects: each migration gets the dialect name, and the table
definitions are written once in SQLite's types, mapped to PostgreSQL's by ``_script``.
SQLite records the version in ``PRAGMA user_version``, PostgreSQL in ``schema_version``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["MIGRATIONS", "migrate"]

Migration = Callable[[Any, str], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register a migration under its number."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((number, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


@migration(1, "initial schema")
def _initial(db: Any, dialect: str) -> None:
    _script(
        db,
        dialect,
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


@migration(2, "analyses, entities, quotes, statements, events, coverage, summaries, search")
def _story_tables(db: Any, dialect: str) -> None:
    _script(
        db,
        dialect,
        """
        -- per article: the analyse stage's output (sentences, mentions, quotes, chains) as JSON
        CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            data TEXT NOT NULL
        );
        -- per article: events coded from its sentences, before consolidation, as JSON
        CREATE TABLE coded_sentences (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            data TEXT NOT NULL
        );

        -- corpus level, re-derived after each ingest for what it touched
        CREATE TABLE entities (
            entity_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL,
            country TEXT,
            article_ids TEXT NOT NULL
        );
        CREATE TABLE quotes (
            quote_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL,
            statement_id TEXT,
            speaker_entity_id TEXT,
            speaker_text TEXT,
            speaker_name TEXT,
            cue TEXT,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX quotes_story ON quotes(story_id);
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE TABLE statements (
            statement_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            speaker_entity_id TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX statements_story ON statements(story_id);
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            storyline_id TEXT NOT NULL,
            date TEXT,
            date_precision TEXT NOT NULL,
            source_actor TEXT,
            source_code TEXT,
            target_actor TEXT,
            target_code TEXT,
            plover TEXT,
            cameo TEXT,
            location TEXT,
            article_ids TEXT NOT NULL,
            evidence TEXT NOT NULL
        );
        CREATE INDEX events_storyline ON events(storyline_id);
        CREATE TABLE facts (
            fact_id TEXT NOT NULL,
            story_id TEXT NOT NULL,
            text TEXT NOT NULL,
            article_ids TEXT NOT NULL,
            outlets TEXT NOT NULL,
            units TEXT NOT NULL,
            PRIMARY KEY (story_id, fact_id)
        );
        -- per story: unique facts, omissions, disagreements, framing, as JSON
        CREATE TABLE comparisons (story_id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE summaries (story_id TEXT PRIMARY KEY, sentences TEXT NOT NULL);
        """,
    )
    if dialect == "sqlite":
        db.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5(article_id UNINDEXED, title, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        return
    # rowid keeps the order of arrival that the SQLite FTS table's rowid gives; the 'simple'
    # configuration lower-cases without stemming, as FTS5's unicode61 tokenizer does
    _script(
        db,
        dialect,
        """
        CREATE TABLE article_search (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            article_id TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            document tsvector GENERATED ALWAYS AS
                (to_tsvector('simple'::regconfig, title || ' ' || text)) STORED
        );
        CREATE INDEX article_search_document ON article_search USING GIN (document);
        CREATE INDEX article_search_article ON article_search(article_id);
        """,
    )


@migration(3, "index on raw_inputs.seq")
def _raw_seq_index(db: Any, dialect: str) -> None:
    # Every batch asks for the highest seq: without an index that read the whole table,
    # payloads included, so writes slowed as the store grew.
    _script(db, dialect, "CREATE INDEX raw_inputs_seq ON raw_inputs(seq)")


@migration(4, "index on articles.duplicate_of")
def _duplicate_of_index(db: Any, dialect: str) -> None:
    # A split moves an article and its copies: without an index, finding the copies read
    # the whole articles table, once per moved article.
    _script(db, dialect, "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)")


@migration(5, "no index on articles.text_hash")
def _drop_text_hash_index(db: Any, dialect: str) -> None:
    # No query looks articles up by text hash (dedup keeps its own index in memory), and
    # a random-key index costs a B-tree page per insert: at a million articles those pages
    # outgrow the page cache and every batch waits on reads.
    _script(db, dialect, "DROP INDEX IF EXISTS articles_text_hash")


@migration(6, "accent-folded PostgreSQL search")
def _fold_search(db: Any, dialect: str) -> None:
    # SQLite's FTS5 table folds accents itself (remove_diacritics); PostgreSQL's search
    # column folds them with the table that queries use (store.folding), so "Zurich" finds
    # "Zürich" in either store. Re-adding the column re-indexes the stored articles.
    if dialect != "postgresql":
        return
    from newsloom.store.folding import FOLD_FROM, FOLD_TO

    _script(
        db,
        dialect,
        f"""
        ALTER TABLE article_search DROP COLUMN document;
        ALTER TABLE article_search ADD COLUMN document tsvector GENERATED ALWAYS AS
            (to_tsvector('simple'::regconfig,
                translate(title || ' ' || text, '{FOLD_FROM}', '{FOLD_TO}'))) STORED;
        CREATE INDEX article_search_document ON article_search USING GIN (document)
        """,
    )


@migration(7, "SQLite search reads the articles table (no copy of the texts)")
def _external_search(db: Any, dialect: str) -> None:
    # The FTS5 table kept its own copy of every title and text, about a fifth of a store.
    # With external content it indexes articles' own columns; its rowid is the article's
    # seq (unique, indexed, and unlike an implicit rowid not renumbered by VACUUM).
    if dialect != "sqlite":
        return
    db.execute("DROP TABLE article_search")
    db.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, text, content = 'articles', "
        "content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")


_PG_TYPES = (
    # failures.id: SQLite's rowid alias becomes an identity column
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    # byte-order comparison, as SQLite's default BINARY collation: the same sort everywhere
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
)


def _script(db: Any, dialect: str, sql: str) -> None:
    # executescript() would COMMIT an open transaction first, so run statement by statement
    for statement in sql.split(";"):
        body = "\n".join(
            line for line in statement.splitlines() if not line.strip().startswith("--")
        ).strip()
        if not body:
            continue
        if dialect == "postgresql" and body.startswith("CREATE TABLE"):
            for pattern, replacement in _PG_TYPES:
                body = pattern.sub(replacement, body)
        db.execute(body)


def migrate(db: Any, dialect: str = "sqlite") -> int:
    """Bring the schema up to date; returns the version now in force."""
    if dialect == "postgresql":
        return _migrate_postgres(db)
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    for number, _name, fn in MIGRATIONS:
        if number <= version:
            continue
        # the connection is in autocommit mode: one explicit transaction per migration
        db.execute("BEGIN IMMEDIATE")
        try:
            fn(db, dialect)
            db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        version = number
    return version


def _migrate_postgres(db: Any) -> int:
    from newsloom.store.postgres import MIGRATE_LOCK

    version = 0
    for number, _name, fn in MIGRATIONS:
        db.execute("BEGIN")
        try:
            # two processes opening a new store at once: one migrates, the other waits
            db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
            version = int(row[0] or 0)
            if number > version:
                fn(db, "postgresql")
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
                version = number
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return version
