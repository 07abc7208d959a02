"""The PostgreSQL store: the SQLite store's SQL through a connection that speaks PostgreSQL.

The stores share one set of queries, written in the subset both databases accept.
``PgConnection`` gives psycopg the face of ``sqlite3.Connection`` that the code uses
(``execute``/``executemany`` with ``?`` placeholders, rows readable by index and by name)
and rewrites the few SQLite-isms left (``INSERT OR IGNORE``, ``BEGIN IMMEDIATE``, the JSON
functions). Full-text search and the schema differ per dialect in ``migrations``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsloom.errors import StoreError
from newsloom.store.migrations import migrate
from newsloom.store.sqlite import SQLiteStore, StoredArticle

if TYPE_CHECKING:
    import psycopg

__all__ = ["PgConnection", "PgRow", "PostgresStore", "redact", "translate"]

# pg_advisory_lock keys: one for schema migrations, one held by a writer around each batch
MIGRATE_LOCK = 0x6E6C_0001
WRITE_LOCK = 0x6E6C_0002


def redact(url: str) -> str:
    """A store URL without its password, for messages."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


class PgRow(tuple):
    """A result row readable by position and by column name, like ``sqlite3.Row``."""

    __slots__ = ()
    _index: dict[str, int] = {}  # noqa: RUF012 (set per query on a subclass)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """Column names, in order."""
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    return type("PgRow", (PgRow,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


_JSON_EACH = re.compile(r"json_each\(([^()]+)\)\s+(?:AS\s+)?(\w+)", re.IGNORECASE)
_JSON_LENGTH = re.compile(r"json_array_length\(([^()]+)\)", re.IGNORECASE)
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+", re.IGNORECASE)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """One statement of the shared SQL as PostgreSQL reads it."""
    if sql.lstrip().upper().startswith("PRAGMA"):
        raise StoreError(f"SQLite-only statement sent to PostgreSQL: {sql.strip()[:60]}")
    if sql.strip().upper() == "BEGIN IMMEDIATE":
        return "BEGIN"
    if _INSERT_OR_IGNORE.match(sql):
        sql = _INSERT_OR_IGNORE.sub("INSERT ", sql) + " ON CONFLICT DO NOTHING"
    sql = _JSON_EACH.sub(r"jsonb_array_elements_text((\1)::jsonb) AS \2(value)", sql)
    sql = _JSON_LENGTH.sub(r"jsonb_array_length((\1)::jsonb)", sql)
    # placeholders: ? becomes %s and a literal % doubles, outside quoted strings
    out: list[str] = []
    quote = ""
    for char in sql:
        if quote:
            out.append("%%" if char == "%" else char)
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


class PgCursor:
    """The results of one statement (all fetched: psycopg's client-side cursor)."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def fetchone(self) -> Any:
        """The next row, or ``None``."""
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        """The remaining rows."""
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor) if self._cursor.description else iter(())


class PgConnection:
    """A psycopg connection with the ``sqlite3.Connection`` surface newsloom's SQL uses."""

    dialect = "postgresql"

    def __init__(self, url: str, read_only: bool = False) -> None:
        import psycopg

        self.url = url
        try:
            # autocommit: transactions are explicit (BEGIN ... COMMIT), as on SQLite
            self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        except psycopg.Error as exc:
            raise StoreError(f"{redact(url)}: cannot connect to PostgreSQL ({exc})") from None
        if read_only:
            self.raw.execute("SET default_transaction_read_only = on")
        self._lock = threading.RLock()  # one statement at a time per connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        """Run one statement with ``?`` placeholders."""
        with self._lock:
            return PgCursor(self.raw.execute(translate(sql), tuple(params) or None))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per parameter row."""
        rows = list(rows)
        if not rows:
            return
        with self._lock, self.raw.cursor() as cursor:
            cursor.executemany(translate(sql), rows)

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows as the server sends them, a chunk at a time: a big result never sits whole in
        memory. Consume it fully before the next statement on this connection."""
        with self._lock, self.raw.cursor() as cursor:
            yield from cursor.stream(translate(sql), tuple(params) or None, size=500)

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()


class PostgresStore(SQLiteStore):
    """A newsloom store in a PostgreSQL database (same tables, same queries)."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.path = redact(url)
        self.url = url
        self.db = PgConnection(url)  # type: ignore[assignment]
        self._depth = 0
        self._locked = 0
        import psycopg

        try:
            self.version = migrate(self.db, "postgresql")
        except psycopg.Error as exc:
            self.db.close()
            raise StoreError(f"{self.path}: cannot open as a newsloom store ({exc})") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, holding the writer lock until it ends: writes that bypass
        ``writer_lock`` (a direct ``write_batch``) still take their turn."""
        with super().transaction():
            if self._depth == 1:
                self.db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            yield

    def _index_for_search(self, items: list[StoredArticle], seq: int) -> None:
        """Index a batch's new articles for full-text search (a generated tsvector column)."""
        self.db.executemany(
            "INSERT INTO article_search (article_id, title, text) VALUES (?, ?, ?)",
            [(i.article.id, i.article.title or "", i.article.text) for i in items],
        )

    def _clear_search(self) -> None:
        self.db.execute("DELETE FROM article_search")

    def iterate(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of a long read, streamed from the server."""
        assert isinstance(self.db, PgConnection)
        return self.db.stream(sql, params)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the store's writer lock: one process at a time dedups, clusters and writes."""
        if self._locked == 0:
            self.db.execute("SELECT pg_advisory_lock(?)", (WRITE_LOCK,))
        self._locked += 1
        try:
            yield
        finally:
            self._locked -= 1
            if self._locked == 0:
                self.db.execute("SELECT pg_advisory_unlock(?)", (WRITE_LOCK,))
