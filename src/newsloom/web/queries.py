"""SQL over the store's tables for the web app: one function per thing a page shows.

Every function takes a read connection (``sqlite3.Row`` rows) and returns plain dicts and
lists, JSON columns decoded, so pages and the JSON API share them. Story-level tables
(entities, quotes, statements, events, facts, comparisons, summaries) may be empty while
the pipeline has not filled them: the functions then return empty results.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from newsloom.export import EXPORT_FIELDS
from newsloom.store.folding import fold

__all__ = [
    "ARTICLE_FIELDS",
    "STORY_ROWS_SQL",
    "article",
    "article_entities",
    "article_ids_for_search",
    "articles",
    "comparison",
    "coverage",
    "entities",
    "entity",
    "entity_quotes",
    "event_ids_for_entity",
    "events",
    "fts_query",
    "outlet_articles",
    "quotes",
    "statement",
    "statement_quotes",
    "statements",
    "summaries",
    "summary",
]

# DESIGN.md's ``articles`` export contract, in order (the export module owns it)
ARTICLE_FIELDS = EXPORT_FIELDS["articles"][:10]
_ARTICLE_SELECT = ", ".join(ARTICLE_FIELDS)

# The story list is built from one pass over this (ordered by arrival, so the first
# non-duplicate title of each story is its title); see web.stories.StoryIndex.
STORY_ROWS_SQL = (
    "SELECT event_id, storyline_id, title, outlet, language, published, duplicate_of, id "
    "FROM articles ORDER BY seq"
)

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """The user's search as a safe FTS5 query: each word quoted, all required; None if empty.

    Quoting every word means FTS5 operators and stray quotes in the input are plain words,
    so no input is a syntax error; a trailing ``*`` on a word keeps prefix search.
    """
    terms: list[str] = []
    for raw in text.split():
        prefix = raw.endswith("*")
        for word in _WORD.findall(raw):
            terms.append(f'"{word}"')
        if prefix and terms and _WORD.findall(raw):
            terms[-1] += "*"
    return " ".join(terms[:16]) or None


def article_ids_for_search(db: sqlite3.Connection, query: str, limit: int) -> list[str]:
    """Ids of the newest articles matching an FTS5 query (at most ``limit``).

    Newest by FTS rowid (the article's seq, its order of arrival) rather than by bm25
    rank: ranking scores every match, which on a common word over 100k articles costs tens
    of milliseconds.
    """
    if getattr(db, "dialect", "sqlite") == "postgresql":
        rows = db.execute(
            "SELECT article_id FROM article_search WHERE document @@ to_tsquery('simple', ?) "
            "ORDER BY rowid DESC LIMIT ?",
            (_tsquery(query), limit),
        ).fetchall()
        return [str(r[0]) for r in rows]
    rows = db.execute(
        "SELECT a.id FROM (SELECT rowid AS r FROM article_search WHERE article_search "
        "MATCH ? ORDER BY rowid DESC LIMIT ?) s JOIN articles a ON a.seq = s.r "
        "ORDER BY s.r DESC",
        (query, limit),
    ).fetchall()
    return [str(r[0]) for r in rows]


_FTS_TERM = re.compile(r'"(\w+)"(\*?)', re.UNICODE)


def _tsquery(query: str) -> str:
    """An ``fts_query`` string as a PostgreSQL tsquery: the same words, all required."""
    # folded as the search column is (store.folding); FTS5 folds its own queries
    terms = [f"'{fold(word)}'{':*' if star else ''}" for word, star in _FTS_TERM.findall(query)]
    return " & ".join(terms) or "''"


def event_ids_for_entity(db: sqlite3.Connection, entity_id: str) -> set[str]:
    """Events whose articles mention an entity."""
    rows = db.execute(
        "SELECT DISTINCT a.event_id FROM entities e, json_each(e.article_ids) j "
        "JOIN articles a ON a.id = j.value WHERE e.entity_id = ?",
        (entity_id,),
    )
    return {str(r[0]) for r in rows}


def _loads(value: str | None, default: Any) -> Any:
    if value is None:
        return default
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return default


def _decode(row: sqlite3.Row, *json_columns: str) -> dict[str, Any]:
    out = dict(row)
    for column in json_columns:
        if column in out:
            out[column] = _loads(out[column], [])
    return out


# -- articles ---------------------------------------------------------------------


def articles(
    db: sqlite3.Connection,
    *,
    event_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Article metadata (the ``articles`` export), by arrival; one event's, or all."""
    if event_id is not None:
        sql = f"SELECT {_ARTICLE_SELECT} FROM articles WHERE event_id = ? ORDER BY seq LIMIT ? "
        return [dict(r) for r in db.execute(sql + "OFFSET ?", (event_id, limit, offset))]
    sql = f"SELECT {_ARTICLE_SELECT} FROM articles ORDER BY seq LIMIT ? OFFSET ?"
    return [dict(r) for r in db.execute(sql, (limit, offset))]


def article(db: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """One article with its metadata, byline, wire and clean text."""
    row = db.execute(
        f"SELECT {_ARTICLE_SELECT}, byline, wire, outlet_evidence, published_precision, text "
        "FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    return None if row is None else dict(row)


def outlet_articles(db: sqlite3.Connection, outlet: str, limit: int) -> list[dict[str, Any]]:
    """An outlet's latest articles."""
    rows = db.execute(
        f"SELECT {_ARTICLE_SELECT} FROM articles WHERE outlet = ? ORDER BY seq DESC LIMIT ?",
        (outlet, limit),
    )
    return [dict(r) for r in rows]


# -- entities ---------------------------------------------------------------------


def entities(
    db: sqlite3.Connection, *, limit: int = 100, offset: int = 0, story_id: str | None = None
) -> list[dict[str, Any]]:
    """Canonical entities (the ``entities`` export), most-mentioned first."""
    if story_id is None:
        rows = db.execute(
            "SELECT * FROM entities ORDER BY json_array_length(article_ids) DESC, name "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
    else:
        rows = db.execute(
            "SELECT e.* FROM entities e WHERE EXISTS (SELECT 1 FROM json_each(e.article_ids) j "
            "JOIN articles a ON a.id = j.value WHERE a.event_id = ?) "
            "ORDER BY json_array_length(e.article_ids) DESC, e.name LIMIT ? OFFSET ?",
            (story_id, limit, offset),
        )
    return [_decode(r, "aliases", "article_ids") for r in rows]


def entity(db: sqlite3.Connection, entity_id: str) -> dict[str, Any] | None:
    """One entity, or None."""
    row = db.execute("SELECT * FROM entities WHERE entity_id = ?", (entity_id,)).fetchone()
    return None if row is None else _decode(row, "aliases", "article_ids")


def article_entities(db: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """Entities mentioned in one article."""
    rows = db.execute(
        "SELECT e.entity_id, e.name, e.type FROM entities e WHERE EXISTS "
        "(SELECT 1 FROM json_each(e.article_ids) j WHERE j.value = ?) ORDER BY e.name",
        (article_id,),
    )
    return [dict(r) for r in rows]


def entity_quotes(db: sqlite3.Connection, entity_id: str, limit: int) -> list[dict[str, Any]]:
    """Quotes an entity is the speaker of."""
    rows = db.execute(
        "SELECT q.*, a.outlet, a.title FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker_entity_id = ? ORDER BY a.seq LIMIT ?",
        (entity_id, limit),
    )
    return [dict(r) for r in rows]


# -- quotes and statements ----------------------------------------------------------


def quotes(
    db: sqlite3.Connection,
    *,
    story_id: str | None = None,
    article_id: str | None = None,
    statement_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes (the ``quotes`` export), filtered by story, article or statement."""
    where, params = _filters(
        ("story_id", story_id), ("article_id", article_id), ("statement_id", statement_id)
    )
    rows = db.execute(
        f"SELECT * FROM quotes{where} ORDER BY story_id, article_id, start LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [dict(r) for r in rows]


def statement_quotes(db: sqlite3.Connection, statement_id: str) -> list[dict[str, Any]]:
    """The quotes that render one statement, with their articles' outlets."""
    rows = db.execute(
        "SELECT q.*, a.outlet, a.title FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.statement_id = ? ORDER BY a.seq",
        (statement_id,),
    )
    return [dict(r) for r in rows]


def _statement(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    data = _loads(out.pop("data"), {})
    out["renderings"] = data.get("renderings", []) if isinstance(data, dict) else []
    return out


def statements(db: sqlite3.Connection, story_id: str) -> list[dict[str, Any]]:
    """A story's statements, each with its renderings (text, kind, diff, flags)."""
    rows = db.execute(
        "SELECT s.*, e.name AS speaker_name FROM statements s LEFT JOIN entities e "
        "ON e.entity_id = s.speaker_entity_id WHERE s.story_id = ? ORDER BY s.statement_id",
        (story_id,),
    )
    return [_statement(r) for r in rows]


def statement(db: sqlite3.Connection, statement_id: str) -> dict[str, Any] | None:
    """One statement, or None."""
    row = db.execute(
        "SELECT s.*, e.name AS speaker_name FROM statements s LEFT JOIN entities e "
        "ON e.entity_id = s.speaker_entity_id WHERE s.statement_id = ?",
        (statement_id,),
    ).fetchone()
    return None if row is None else _statement(row)


# -- events, coverage, comparison, summaries ----------------------------------------


def events(
    db: sqlite3.Connection,
    *,
    story_id: str | None = None,
    storyline_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Coded events (the ``events`` export), by date."""
    where, params = _filters(("story_id", story_id), ("storyline_id", storyline_id))
    rows = db.execute(
        f"SELECT * FROM events{where} ORDER BY date, event_id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [_decode(r, "article_ids", "evidence") for r in rows]


def coverage(
    db: sqlite3.Connection, *, story_id: str | None = None, limit: int = 500, offset: int = 0
) -> list[dict[str, Any]]:
    """Facts and who carries them (the ``coverage`` export), most widely carried first."""
    where, params = _filters(("story_id", story_id))
    rows = db.execute(
        "SELECT story_id, fact_id, text AS fact, article_ids, outlets FROM facts"
        f"{where} ORDER BY story_id, json_array_length(outlets) DESC, fact_id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [_decode(r, "article_ids", "outlets") for r in rows]


def comparison(db: sqlite3.Connection, story_id: str) -> dict[str, Any]:
    """A story's unique facts, omissions, disagreements, framing and verbs ({} if none)."""
    row = db.execute("SELECT data FROM comparisons WHERE story_id = ?", (story_id,)).fetchone()
    data = _loads(row[0], {}) if row else {}
    return data if isinstance(data, dict) else {}


def summary(db: sqlite3.Connection, story_id: str) -> list[dict[str, Any]]:
    """A story's cited summary sentences ([] if none)."""
    row = db.execute("SELECT sentences FROM summaries WHERE story_id = ?", (story_id,)).fetchone()
    data = _loads(row[0], []) if row else []
    return [s for s in data if isinstance(s, dict)] if isinstance(data, list) else []


def summaries(
    db: sqlite3.Connection, *, story_id: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Cited summaries (the ``summaries`` export)."""
    where, params = _filters(("story_id", story_id))
    rows = db.execute(
        f"SELECT story_id, sentences FROM summaries{where} ORDER BY story_id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [_decode(r, "sentences") for r in rows]


def _filters(*pairs: tuple[str, str | None]) -> tuple[str, tuple[str, ...]]:
    """A WHERE clause for the given column = value pairs (columns are ours, never input)."""
    used = [(column, value) for column, value in pairs if value is not None]
    if not used:
        return "", ()
    clause = " WHERE " + " AND ".join(f"{column} = ?" for column, _ in used)
    return clause, tuple(value for _, value in used)
