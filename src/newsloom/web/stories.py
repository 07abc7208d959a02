"""Read connections and the in-memory story list the web app serves from.

The story list groups every article by event; at 100k articles that GROUP BY costs
tens of milliseconds, too slow to run per request under load. ``StoryIndex`` runs it once
per store change (``PRAGMA data_version`` plus the file's inode, which ``rebuild``
replaces) and answers list, filter and page requests from memory.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from newsloom.store import is_postgres_url
from newsloom.web.queries import STORY_ROWS_SQL

__all__ = ["ReadPool", "StoryFilter", "StoryIndex", "StoryRow", "sparkline"]


def _inode(path: str) -> int:
    if is_postgres_url(path):
        return 0  # a database server's store is rebuilt in place, never swapped
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return -1


def _connect(path: str) -> sqlite3.Connection:
    if is_postgres_url(path):
        from newsloom.store.postgres import PgConnection

        pg: Any = PgConnection(path, read_only=True)  # the sqlite3 surface the pages use
        return cast(sqlite3.Connection, pg)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA query_only = ON")  # the pages never write through these
    return db


class ReadPool:
    """A small pool of read-only SQLite connections, reopened when the file is replaced."""

    def __init__(self, path: str, size: int = 8) -> None:
        self.path = path
        self.size = size
        self._idle: queue.SimpleQueue[tuple[sqlite3.Connection, int]] = queue.SimpleQueue()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """Borrow a connection for one request."""
        inode = _inode(self.path)
        try:
            db, seen = self._idle.get_nowait()
            if seen != inode:  # `rebuild` swapped the file: this one reads the old copy
                db.close()
                db, seen = _connect(self.path), inode
        except queue.Empty:
            db, seen = _connect(self.path), inode
        try:
            yield db
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if self._idle.qsize() < self.size:
                self._idle.put((db, seen))
            else:
                db.close()

    def close(self) -> None:
        """Close every idle connection."""
        while True:
            try:
                db, _ = self._idle.get_nowait()
            except queue.Empty:
                return
            db.close()


@dataclass(slots=True)
class StoryRow:
    """One story of the list: what a row shows, plus what filters need."""

    event_id: str
    storyline_id: str
    title: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    seq: int = 0  # arrival order of its first article: the last tie-breaker
    article_ids: list[str] = field(default_factory=list)
    outlets: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    per_day: dict[str, int] = field(default_factory=dict)

    def export(self) -> dict[str, object]:
        """DESIGN.md's ``stories`` export record."""
        return {
            "event_id": self.event_id,
            "storyline_id": self.storyline_id,
            "title": self.title,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "article_ids": list(self.article_ids),
            "outlets": sorted(self.outlets),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFilter:
    """What the story list is narrowed to; every field optional."""

    date_from: str | None = None  # ISO date, inclusive, against the story's last article
    date_to: str | None = None  # ISO date, inclusive, against the story's first article
    outlet: str | None = None
    language: str | None = None
    event_ids: frozenset[str] | None = None  # from a search or an entity, already resolved
    order: tuple[str, ...] | None = None  # search rank order, when searching

    def accepts(self, story: StoryRow) -> bool:
        """Whether a story passes every filter set."""
        if self.event_ids is not None and story.event_id not in self.event_ids:
            return False
        if self.outlet and self.outlet not in story.outlets:
            return False
        if self.language and self.language not in story.languages:
            return False
        if self.date_from and (story.last_seen or story.first_seen or "")[:10] < self.date_from:
            return False
        return not (self.date_to and (story.first_seen or "9999")[:10] > self.date_to)


class StoryIndex:
    """Stories newest first, rebuilt from the store whenever it changes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._watch: sqlite3.Connection | None = None
        self._key: tuple[int, int] | None = None
        self._stories: list[StoryRow] = []
        self._by_id: dict[str, StoryRow] = {}
        self._by_storyline: dict[str, list[StoryRow]] = {}
        self._event_of: dict[str, str] = {}
        self.outlets: list[str] = []
        self.languages: list[str] = []

    def _current_key(self) -> tuple[int, int]:
        inode = _inode(self.path)
        if self._watch is None or self._key is None or self._key[0] != inode:
            if self._watch is not None:
                self._watch.close()
            self._watch = _connect(self.path)
        # data_version changes when another connection commits; the inode when the file
        # is replaced by `rebuild`
        if is_postgres_url(self.path):
            # every write transaction bumps the store's generation counter
            row = self._watch.execute("SELECT value FROM meta WHERE key = 'generation'")
            found = row.fetchone()
            return inode, int(found[0]) if found else 0
        version = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
        return inode, version

    def refresh(self) -> None:
        """Re-read the story list if the store changed since the last read."""
        with self._lock:
            key = self._current_key()
            if key == self._key:
                return
            assert self._watch is not None
            stories, by_id = _load(self._watch)
            lines: dict[str, list[StoryRow]] = {}
            for story in sorted(stories, key=lambda s: (s.first_seen or "9999", s.seq)):
                lines.setdefault(story.storyline_id, []).append(story)
            self._stories, self._by_id, self._by_storyline = stories, by_id, lines
            self._event_of = {a: s.event_id for s in stories for a in s.article_ids}
            self._key = key
            self.outlets = sorted({o for s in stories for o in s.outlets})
            self.languages = sorted({lang for s in stories for lang in s.languages})

    def close(self) -> None:
        """Close the watch connection."""
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    def version(self) -> tuple[int, int]:
        """An identity of the store's current contents (changes on every commit)."""
        self.refresh()
        assert self._key is not None
        return self._key

    def count(self) -> int:
        """How many stories the store holds."""
        self.refresh()
        return len(self._stories)

    def storyline(self, event_id: str, window: int) -> tuple[list[StoryRow], int]:
        """Up to ``window`` stories of a story's storyline around it, oldest first; and
        how many stories the storyline has in all."""
        self.refresh()
        story = self._by_id.get(event_id)
        if story is None:
            return [], 0
        line = self._by_storyline.get(story.storyline_id, [])
        at = next((i for i, s in enumerate(line) if s.event_id == event_id), 0)
        start = max(0, min(at - window // 2, len(line) - window))
        return line[start : start + window], len(line)

    def events_of(self, article_ids: list[str]) -> set[str]:
        """The stories of some articles (ids not in the store are left out)."""
        self.refresh()
        event_of = self._event_of
        return {event_of[a] for a in article_ids if a in event_of}

    def get(self, event_id: str) -> StoryRow | None:
        """One story by event id."""
        self.refresh()
        return self._by_id.get(event_id)

    def select(self, flt: StoryFilter, limit: int, offset: int) -> tuple[list[StoryRow], int]:
        """One page of stories passing ``flt`` and how many pass in all."""
        self.refresh()
        stories = self._stories
        if flt.order is not None:
            by_id = self._by_id
            stories = [by_id[e] for e in flt.order if e in by_id]
        if flt == StoryFilter():
            return stories[offset : offset + limit], len(stories)
        kept = [s for s in stories if flt.accepts(s)]
        return kept[offset : offset + limit], len(kept)


def _load(db: sqlite3.Connection) -> tuple[list[StoryRow], dict[str, StoryRow]]:
    by_id: dict[str, StoryRow] = {}
    db.execute("BEGIN")  # one snapshot for the whole pass
    try:
        for seq, row in enumerate(db.execute(STORY_ROWS_SQL)):
            event_id, storyline_id, title, outlet, language, published, dup, article_id = row
            story = by_id.get(event_id)
            if story is None:
                story = by_id[event_id] = StoryRow(
                    event_id=event_id, storyline_id=storyline_id, seq=seq
                )
            story.article_ids.append(article_id)
            if story.title is None and title and dup is None:
                story.title = title
            if outlet:
                story.outlets.add(outlet)
            if language:
                story.languages.add(language)
            if published:
                if story.first_seen is None or published < story.first_seen:
                    story.first_seen = published
                if story.last_seen is None or published > story.last_seen:
                    story.last_seen = published
                day = published[:10]
                story.per_day[day] = story.per_day.get(day, 0) + 1
    finally:
        db.execute("COMMIT")
    stories = list(by_id.values())
    # the store's order: newest last article first, then bigger, then earlier arrival
    stories.sort(key=lambda s: (len(s.article_ids) * -1, s.seq))
    stories.sort(key=lambda s: s.last_seen or s.first_seen or "", reverse=True)
    return stories, by_id


def sparkline(
    per_day: dict[str, int], width: int = 96, height: int = 20, max_days: int = 60
) -> str:
    """SVG polyline points for articles per day from a story's first to last day."""
    if not per_day:
        return ""
    days = sorted(per_day)
    try:
        start, end = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    except ValueError:
        return ""
    span = min((end - start).days, max_days - 1)
    counts = [per_day.get((start + timedelta(days=i)).isoformat(), 0) for i in range(span + 1)]
    if len(counts) == 1:
        counts = [0, counts[0], 0]  # a one-day story is a peak, not a flat line
    top = max(counts) or 1
    step = (width - 2) / (len(counts) - 1)
    points = (
        f"{1 + i * step:.1f},{height - 1 - (height - 2) * c / top:.1f}"
        for i, c in enumerate(counts)
    )
    return " ".join(points)
