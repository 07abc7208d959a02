"""Terminal renderings of stories, quotes, entities and timelines (rich tables)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from newsloom.models import Story
from newsloom.store import SQLiteStore

__all__ = ["entities_table", "quotes_table", "story_view", "timeline_table"]


def _table(*columns: str) -> Table:
    return Table(*columns, box=None, pad_edge=False, show_edge=False)


def _short(ids: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(i, i) for i in ids)


def story_view(store: SQLiteStore, story: Story) -> RenderableType:
    """Everything known of one story: summary, articles, coverage, framing, quotes, events."""
    db = store.db
    articles = store.articles(event_id=story.event_id)
    labels = {str(a["id"]): str(a["outlet"] or a["source_id"]) for a in articles}
    parts: list[RenderableType] = [
        Text(story.title or "(untitled)", style="bold"),
        Text(f"story {story.event_id} · storyline {story.storyline_id}"),
        Text(f"{story.first_seen or '?'} … {story.last_seen or '?'}"),
        Text(f"outlets: {', '.join(story.outlets) or '-'}"),
    ]
    summary = db.execute(
        "SELECT sentences FROM summaries WHERE story_id = ?", (story.event_id,)
    ).fetchone()
    if summary:
        parts.append(Text("\nSummary", style="bold"))
        for s in json.loads(summary[0]):
            parts.append(
                Text(f"• {' '.join(s['text'].split())} [{_short(s['article_ids'], labels)}]")
            )
    table = _table("article", "published", "outlet", "title", "copy of")
    for a in articles:
        table.add_row(
            a["id"],
            a["published"] or "-",
            a["outlet"] or "-",
            a["title"] or a["source_id"],
            a["duplicate_of"] or "",
        )
    parts += [Text("\nArticles", style="bold"), table]
    parts += _coverage(store, story.event_id, labels)
    parts += _framing(store, story.event_id)
    parts += _statements(store, story.event_id, labels)
    parts += _events(store, story.event_id, labels)
    return Group(*parts)


def _coverage(store: SQLiteStore, story_id: str, labels: dict[str, str]) -> list[RenderableType]:
    facts = [
        (row[0], " ".join(row[1].split()), json.loads(row[2]))
        for row in store.db.execute(
            "SELECT fact_id, text, article_ids FROM facts WHERE story_id = ?", (story_id,)
        )
    ]
    if not facts:
        return []
    columns = sorted({a for _, _, ids in facts for a in ids}, key=lambda a: labels.get(a, a))
    table = _table("fact", *(labels.get(a, a)[:12] for a in columns))
    for _, text, ids in sorted(facts, key=lambda f: (-len(f[2]), f[0]))[:15]:
        table.add_row(text[:70], *("■" if a in ids else "·" for a in columns))
    out: list[RenderableType] = [Text("\nCoverage (facts × articles)", style="bold"), table]
    comparison = store.db.execute(
        "SELECT data FROM comparisons WHERE story_id = ?", (story_id,)
    ).fetchone()
    if comparison:
        data = json.loads(comparison[0])
        unique = set(data.get("unique_facts", []))
        if unique:
            out.append(Text("\nCarried by one outlet only", style="bold"))
            for fact_id, text, ids in facts:
                if fact_id in unique:
                    out.append(Text(f"• {text[:110]} [{_short(ids, labels)}]"))
    return out


def _framing(store: SQLiteStore, story_id: str) -> list[RenderableType]:
    row = store.db.execute(
        "SELECT data FROM comparisons WHERE story_id = ?", (story_id,)
    ).fetchone()
    if not row:
        return []
    data: dict[str, Any] = json.loads(row[0])
    framings = data.get("framing", [])
    if not framings:
        return []
    table = _table("referent", "how each outlet names it")
    for f in framings[:10]:
        names = "; ".join(
            f"{outlet[:14]}: " + ", ".join(f"{n} ×{c}" for n, c in counts.items())
            for outlet, counts in f["names_by_outlet"].items()
        )
        table.add_row(f["referent"], names)
    return [Text("\nFraming", style="bold"), table]


def _statements(store: SQLiteStore, story_id: str, labels: dict[str, str]) -> list[RenderableType]:
    rows = store.db.execute(
        "SELECT s.statement_id, COALESCE(e.name, '?'), s.data FROM statements s "
        "LEFT JOIN entities e ON e.entity_id = s.speaker_entity_id WHERE s.story_id = ?",
        (story_id,),
    ).fetchall()
    shared = [r for r in rows if len({x["article_id"] for x in json.loads(r[2])["renderings"]}) > 1]
    if not shared:
        return []
    out: list[RenderableType] = [Text("\nStatements rendered by several articles", style="bold")]
    for statement_id, speaker, data in shared[:8]:
        out.append(Text(f"{statement_id} · {speaker}"))
        for r in json.loads(data)["renderings"]:
            flags = f"  ⚠ {', '.join(r['flags'])}" if r.get("flags") else ""
            who = labels.get(r["article_id"], r["article_id"])
            out.append(
                Text(f"   {who[:14]:14} {r['kind']:8} {' '.join(r['text'].split())[:90]}{flags}")
            )
    return out


def _as_precise(date: str | None, precision: str | None) -> str:
    """A date shown only as far as it is known: '1999' for a year, '1999-05' for a month."""
    if not date:
        return "?"
    return {"year": date[:4], "month": date[:7]}.get(precision or "", date)


def _events(store: SQLiteStore, story_id: str, labels: dict[str, str]) -> list[RenderableType]:
    rows = store.db.execute(
        "SELECT date, source_actor, source_code, plover, target_actor, target_code, location, "
        "article_ids, date_precision FROM events WHERE story_id = ? "
        "ORDER BY COALESCE(date, '9999')",
        (story_id,),
    ).fetchall()
    if not rows:
        return []
    table = _table("date", "source", "event", "target", "where", "articles")
    for r in sorted(rows, key=lambda r: -len(json.loads(r[7])))[:12]:
        table.add_row(
            _as_precise(r[0], r[8]),
            f"{r[1]} ({r[2]})",
            r[3],
            f"{r[4] or '-'} ({r[5] or '-'})",
            r[6] or "-",
            _short(json.loads(r[7]), labels),
        )
    return [Text("\nCoded events", style="bold"), table]


def quotes_table(store: SQLiteStore, story_id: str) -> Table:
    """Who said what in one story: each quote with its speaker, cue, kind and statement."""
    table = _table("article", "speaker", "cue", "kind", "statement", "quote")
    for r in store.db.execute(
        "SELECT q.article_id, COALESCE(e.name, q.speaker_name, q.speaker_text, '?'), q.cue, "
        "q.kind, q.statement_id, q.text FROM quotes q LEFT JOIN entities e "
        "ON e.entity_id = q.speaker_entity_id JOIN articles a ON a.id = q.article_id "
        "WHERE q.story_id = ? ORDER BY a.seq, q.start",
        (story_id,),
    ):
        table.add_row(r[0], r[1], r[2] or "-", r[3], r[4] or "-", " ".join(r[5].split())[:80])
    return table


def entities_table(store: SQLiteStore, limit: int) -> Table:
    """Canonical entities, most widely reported first."""
    table = _table("entity", "name", "type", "country", "articles", "aliases")
    rows = store.db.execute(
        "SELECT entity_id, name, type, country, article_ids, aliases FROM entities"
    ).fetchall()
    rows.sort(key=lambda r: (-len(json.loads(r[4])), r[1]))
    for r in rows[:limit]:
        aliases = ", ".join(json.loads(r[5]))
        table.add_row(r[0], r[1], r[2], r[3] or "-", str(len(json.loads(r[4]))), aliases[:70])
    return table


def timeline_table(store: SQLiteStore, storyline_id: str) -> Table:
    """A storyline's stories and coded events in date order."""
    table = _table("date", "what", "detail")
    items: list[tuple[str, str, str]] = []
    for story in store.stories():
        if story.storyline_id == storyline_id:
            items.append((story.first_seen or "?", f"story {story.event_id}", story.title or ""))
    for r in store.db.execute(
        "SELECT date, date_precision, source_actor, plover, target_actor, location, article_ids "
        "FROM events WHERE storyline_id = ? AND date IS NOT NULL",
        (storyline_id,),
    ):
        if len(json.loads(r[6])) < 1:
            continue
        detail = f"{r[2]} {r[3]} {r[4] or ''} ({r[5] or '?'}; {len(json.loads(r[6]))} articles)"
        items.append((f"{r[0]} ({r[1]})", "event", " ".join(detail.split())))
    for date, what, detail in sorted(items):
        table.add_row(date, what, detail)
    return table
