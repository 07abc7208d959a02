"""One record per real-world event: merge the same coded event from many sentences/articles.

Two coded events are the same event when their actor pair is the same (by code and name,
in either order for reciprocal types such as CONSULT and AGREE), their PLOVER types are
of one family, their dates lie within a day of each other (or one is unresolved), and
their places agree (or one has none). GDELT counts such an event once per article; here
it is one event with all its evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from newsloom.coding.coder import CodedEvent
from newsloom.coding.lexicon import PLOVER_ROOT

__all__ = ["Event", "consolidate_events", "to_gdelt_rows"]

# Types that describe one interaction whoever is named first ("A met B" = "B met A").
_RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE", "FIGHT"})
# Types one event may be reported as ("accused" / "criticised"; "asked" / "demanded").
_FAMILY = {"ACCUSE": "DISAPPROVE", "REQUEST": "DEMAND", "RETREAT": "CONCEDE"}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unresolved": 4}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A consolidated event with every article and sentence that reports it."""

    event_id: str
    date: str | None
    date_precision: str
    source_actor: str
    source_code: str
    target_actor: str | None
    target_code: str | None
    plover: str
    cameo: str
    location: str | None
    article_ids: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]


def _actor_key(name: str | None, code: str | None) -> tuple[str, str]:
    # The last word of a name ("Roe", "Doe") keys it: titles and first names vary.
    words = (name or "").replace("'s", "").split()
    return (code or "", words[-1].lower() if words else "")


def _pair(event: CodedEvent) -> tuple[tuple[str, str], ...]:
    source = _actor_key(event.source_actor, event.source_code)
    target = _actor_key(event.target_actor, event.target_code)
    if event.plover in _RECIPROCAL:
        return tuple(sorted((source, target)))
    return (source, target)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(slots=True)
class _Group:
    members: list[tuple[str, CodedEvent]]

    def accepts(self, event: CodedEvent) -> bool:
        first = self.members[0][1]
        if _FAMILY.get(first.plover, first.plover) != _FAMILY.get(event.plover, event.plover):
            return False
        if _pair(first) != _pair(event):
            return False
        new_day = _day(event.date) if event.date_precision == "day" else None
        for _, member in self.members:
            old_day = _day(member.date) if member.date_precision == "day" else None
            if new_day and old_day and abs((new_day - old_day).days) > 1:
                return False
            if event.location and member.location and event.location != member.location:
                return False
        return True


def consolidate_events(coded: Iterable[tuple[str, CodedEvent]]) -> list[Event]:
    """Merge (article id, coded event) pairs into events, each counted once."""
    groups: list[_Group] = []
    for article_id, event in coded:
        for group in groups:
            if group.accepts(event):
                group.members.append((article_id, event))
                break
        else:
            groups.append(_Group([(article_id, event)]))
    return [_to_event(group) for group in groups]


def _to_event(group: _Group) -> Event:
    members = [m for _, m in group.members]
    # The most precise date and most specific place stand for the event.
    best = min(members, key=lambda m: (_PRECISION_RANK.get(m.date_precision, 4), m.date or ""))
    located = next((m.location for m in members if m.location), None)
    source = max(members, key=lambda m: len(m.source_actor))
    target = max(members, key=lambda m: len(m.target_actor or ""))
    plovers = [m.plover for m in members]
    # ties go to the alphabetically first type: a set's order changes from run to run
    plover = min(set(plovers), key=lambda p: (-plovers.count(p), p))
    cameo = next(m.cameo for m in members if m.plover == plover)
    article_ids = tuple(dict.fromkeys(a for a, _ in group.members))
    evidence = tuple(dict.fromkeys((a, m.sentence) for a, m in group.members))
    key = "|".join([plover, *map(str, _pair(members[0])), best.date or "", located or ""])
    return Event(
        event_id="ev-" + hashlib.sha256(key.encode()).hexdigest()[:16],
        date=best.date,
        date_precision=best.date_precision,
        source_actor=source.source_actor,
        source_code=source.source_code,
        target_actor=target.target_actor,
        target_code=target.target_code,
        plover=plover,
        cameo=cameo,
        location=located,
        article_ids=article_ids,
        evidence=evidence,
    )


def to_gdelt_rows(
    events: Iterable[Event], urls: dict[str, str] | None = None
) -> list[dict[str, str | int]]:
    """GDELT-like rows (one per event) for a CSV export; ``urls`` maps article id to URL."""
    rows: list[dict[str, str | int]] = []
    for event in events:
        first = event.article_ids[0] if event.article_ids else ""
        rows.append(
            {
                "GLOBALEVENTID": event.event_id,
                "SQLDATE": (event.date or "").replace("-", ""),
                "DatePrecision": event.date_precision,
                "Actor1Name": event.source_actor,
                "Actor1CountryCode": event.source_code,
                "Actor2Name": event.target_actor or "",
                "Actor2CountryCode": event.target_code or "",
                "EventCode": event.cameo,
                "EventRootCode": event.cameo[:2] or PLOVER_ROOT.get(event.plover, ""),
                "PLOVER": event.plover,
                "ActionGeo_FullName": event.location or "",
                "NumSources": len(event.article_ids),
                "NumArticles": len(event.article_ids),
                "NumMentions": len(event.evidence),
                "SOURCEURL": (urls or {}).get(first, first),
            }
        )
    return rows
