"""Geometry for the server-rendered SVG charts: coverage heat map and storyline timeline.

Functions return numbers and labels; the templates draw them (and escape every label).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = ["HeatCell", "Heatmap", "Timeline", "TimelineMark", "heatmap", "timeline"]


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One fact × outlet cell: how many of the outlet's articles carry the fact."""

    count: int
    level: int  # 0..4, the colour step
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Rows of facts against columns of outlets."""

    outlets: list[str]
    rows: list[tuple[dict[str, Any], list[HeatCell]]]


UNKNOWN_OUTLET = "(unknown outlet)"  # the column of articles no outlet is known for: no page


def heatmap(facts: list[dict[str, Any]], articles: list[dict[str, Any]]) -> Heatmap:
    """The coverage matrix of a story: which outlets carry which facts, how often."""
    outlet_of = {a["id"]: a["outlet"] or UNKNOWN_OUTLET for a in articles}
    outlets = sorted(set(outlet_of.values()))
    per_outlet = {o: sum(1 for v in outlet_of.values() if v == o) for o in outlets}
    rows: list[tuple[dict[str, Any], list[HeatCell]]] = []
    for fact in facts:
        carrying: dict[str, list[str]] = {}
        for article_id in fact.get("article_ids", []):
            outlet = outlet_of.get(article_id)
            if outlet is not None:
                carrying.setdefault(outlet, []).append(article_id)
        for outlet in fact.get("outlets", []):  # facts may name outlets of unlisted articles
            carrying.setdefault(outlet, [])
        cells = []
        for outlet in outlets:
            ids = carrying.get(outlet)
            if ids is None:
                cells.append(HeatCell(0, 0, ()))
                continue
            share = len(ids) / per_outlet[outlet] if per_outlet[outlet] else 1.0
            cells.append(HeatCell(len(ids), max(1, min(4, round(share * 4))), tuple(ids)))
        rows.append((fact, cells))
    return Heatmap(outlets=outlets, rows=rows)


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """A story (bar) or coded event (dot) placed on the timeline."""

    x: float
    width: float
    lane: int
    label: str
    href: str
    current: bool
    kind: str  # "story" or "event"


@dataclass(frozen=True, slots=True)
class Timeline:
    """Marks, axis ticks and the drawing's size."""

    width: int
    height: int
    marks: list[TimelineMark]
    ticks: list[tuple[float, str]]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timeline(
    stories: list[dict[str, Any]],
    events: list[dict[str, Any]],
    current: str,
    width: int = 760,
) -> Timeline | None:
    """A storyline's stories as bars and its coded events as dots on one date axis."""
    spans = [(s, _day(s.get("first_seen")), _day(s.get("last_seen"))) for s in stories]
    dated = [d for _, a, b in spans for d in (a, b) if d is not None]
    event_days = [d for e in events if (d := _day(e.get("date"))) is not None]
    if dated:
        # events dated far from the storyline (a war decades ago, mentioned in passing)
        # would squash the stories into a sliver: keep those near the stories only
        pad = max(timedelta(days=7), max(dated) - min(dated))
        low, high = min(dated) - pad, max(dated) + pad
        events = [e for e in events if (d := _day(e.get("date"))) and low <= d <= high]
        dated += [d for d in event_days if low <= d <= high]
    else:
        dated = event_days
    if not dated:
        return None
    start, end = min(dated), max(dated)
    total = max((end - start).days, 1)
    left, right = 10.0, width - 10.0

    def x_of(day: date) -> float:
        return left + (right - left) * (day - start).days / total

    marks: list[TimelineMark] = []
    for lane, (story, first, last) in enumerate(spans):
        if first is None:
            continue
        x0, x1 = x_of(first), x_of(last or first)
        x0 = min(x0, right - 6.0)  # a one-day story at the axis' end stays visible
        label = f"{story.get('title') or story['event_id']} ({story.get('articles', 0)})"
        marks.append(
            TimelineMark(
                x0,
                max(x1 - x0, 6.0),
                lane,
                label,
                f"/story/{story['event_id']}",
                story["event_id"] == current,
                "story",
            )
        )
    lanes = max((m.lane for m in marks), default=-1) + 1
    for event in events:
        day = _day(event.get("date"))
        if day is None:
            continue
        label = " ".join(
            str(p)
            for p in (
                event.get("date"),
                event.get("source_actor"),
                event.get("plover"),
                event.get("target_actor"),
            )
            if p
        )
        marks.append(
            TimelineMark(
                x_of(day),
                0.0,
                lanes,
                label,
                f"/story/{event['story_id']}",
                event.get("story_id") == current,
                "event",
            )
        )
    ticks = [(x_of(start), start.isoformat())]
    if end != start:
        ticks.append((x_of(end), end.isoformat()))
    height = 24 * (lanes + (1 if events else 0)) + 30
    return Timeline(width=width, height=height, marks=marks, ticks=ticks)
