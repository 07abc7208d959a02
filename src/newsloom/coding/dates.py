"""Event dates from a sentence's time expressions, relative to the article's publication.

Dates are ISO days; ``precision`` says how much of it the text gave: a ``week`` date is
that ISO week's Monday, a ``month`` date the month's first day, a ``year`` date 1 January.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = ["EventDate", "Precision", "parse_published", "resolve_event_date"]

Precision = Literal["day", "week", "month", "year", "unresolved"]

_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
}  # fmt: skip

_MONTH_RE = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>1[89]\d\d|20\d\d)"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDate:
    """When an event happened as far as the text says, with the words that said it."""

    date: str | None
    precision: Precision
    expression: str | None


def parse_published(published: str | None) -> date | None:
    """The calendar day of an ISO date or date-time string, or None when unreadable."""
    if not published:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return _MONTH_ABBR[name.lower()[:3]]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_past_year(month: int, day: int, pub: date) -> date | None:
    # A yearless date in news is nearly always past or today: take the latest such year.
    this_year = _safe_date(pub.year, month, day)
    if this_year is not None and this_year <= pub:
        return this_year
    return _safe_date(pub.year - 1, month, day)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# Each rule: a pattern and a function of (match, publication day or None) giving
# (date or None, precision). A None date means the text says when, but only
# relative to a publication date we do not have.
_Resolved = tuple[date | None, Precision]
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date | None], _Resolved]]


def _explicit_full(m: re.Match[str], pub: date | None) -> _Resolved:
    return _safe_date(int(m["year"]), _month_number(m["mon"]), int(m["day"])), "day"


def _explicit_yearless(m: re.Match[str], pub: date | None) -> _Resolved:
    if pub is None:
        return None, "day"
    return _nearest_past_year(_month_number(m["mon"]), int(m["day"]), pub), "day"


def _iso(m: re.Match[str], pub: date | None) -> _Resolved:
    return _safe_date(int(m["year"]), int(m["m"]), int(m["d"])), "day"


def _month_year(m: re.Match[str], pub: date | None) -> _Resolved:
    return date(int(m["year"]), _month_number(m["mon"]), 1), "month"


def _in_month(m: re.Match[str], pub: date | None) -> _Resolved:
    if pub is None:
        return None, "month"
    month = _month_number(m["mon"])
    which = (m["which"] or "").lower()
    year = pub.year if month <= pub.month else pub.year - 1
    if which == "last" and month >= pub.month:
        year = pub.year - 1
    if which == "next":
        year = pub.year if month > pub.month else pub.year + 1
    return date(year, month, 1), "month"


def _year(m: re.Match[str], pub: date | None) -> _Resolved:
    return date(int(m["year"]), 1, 1), "year"


def _offset_days(days: int) -> Callable[[re.Match[str], date | None], _Resolved]:
    def resolve(m: re.Match[str], pub: date | None) -> _Resolved:
        return (pub + timedelta(days=days) if pub else None), "day"

    return resolve


def _weekday(m: re.Match[str], pub: date | None) -> _Resolved:
    if pub is None:
        return None, "day"
    target = _WEEKDAYS.index(m["wd"].lower())
    which = (m["which"] or "").lower()
    back = (pub.weekday() - target) % 7
    if which == "next":
        ahead = (target - pub.weekday()) % 7 or 7
        return pub + timedelta(days=ahead), "day"
    if which == "last" and back == 0:
        back = 7  # "last Monday" written on a Monday is a week ago
    # Plain "on Monday": news reports the past, so the latest such day on or before.
    return pub - timedelta(days=back), "day"


def _week(m: re.Match[str], pub: date | None) -> _Resolved:
    if pub is None:
        return None, "week"
    shift = {"last": -1, "this": 0, "next": 1, "past": -1}[m["which"].lower()]
    return _monday(pub) + timedelta(weeks=shift), "week"


def _month(m: re.Match[str], pub: date | None) -> _Resolved:
    if pub is None:
        return None, "month"
    which = m["which"].lower()
    shift = -1 if which in ("last", "past") else 1 if which == "next" else 0
    return _shift_month(pub, shift), "month"


def _year_rel(m: re.Match[str], pub: date | None) -> _Resolved:
    if pub is None:
        return None, "year"
    which = m["which"].lower()
    shift = -1 if which in ("last", "past") else 1 if which == "next" else 0
    return date(pub.year + shift, 1, 1), "year"


def _ago(m: re.Match[str], pub: date | None) -> _Resolved:
    count = _NUMBERS.get(m["n"].lower()) or int(m["n"])
    unit = m["unit"].lower()
    if unit.startswith("day"):
        return (pub - timedelta(days=count) if pub else None), "day"
    if unit.startswith("week"):
        return (_monday(pub - timedelta(weeks=count)) if pub else None), "week"
    if unit.startswith("month"):
        return (_shift_month(pub, -count) if pub else None), "month"
    return (date(pub.year - count, 1, 1) if pub else None), "year"


_I = re.IGNORECASE
_RULES: tuple[_Rule, ...] = (
    (re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b"), _explicit_full),
    (re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE},?\s+{_YEAR_RE}\b"), _explicit_full),
    (re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _iso),
    (re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?!\s*(?:,\s*)?\d)"), _explicit_yearless),
    (re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE}(?!\s*,?\s*\d)"), _explicit_yearless),
    (re.compile(r"\bthe day before yesterday\b", _I), _offset_days(-2)),
    (re.compile(r"\b(?:yesterday|last night)\b", _I), _offset_days(-1)),
    (re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", _I), _offset_days(0)),
    (re.compile(r"\btomorrow\b", _I), _offset_days(1)),
    (
        re.compile(
            r"\b(?:(?P<which>last|next|this|on)\s+)?(?P<wd>Monday|Tuesday|Wednesday|"
            r"Thursday|Friday|Saturday|Sunday)\b"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|an?)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
            _I,
        ),
        _ago,
    ),
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next|past)\s+week\b", _I), _week),
    (re.compile(rf"\b(?:in|of|during|since)\s+{_MONTH_RE}\s*,?\s+{_YEAR_RE}\b"), _month_year),
    (
        re.compile(
            rf"\b(?:(?:in|during|since)\s+|(?P<which>last|next)\s+){_MONTH_RE}\b"
            r"(?!\s*\d)"
        ),
        _in_month,
    ),
    (
        re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next|past)\s+month\b", _I),
        _month,
    ),
    (
        re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next|past)\s+year\b", _I),
        _year_rel,
    ),
    (re.compile(rf"\b(?:in|during|since|of)\s+{_YEAR_RE}\b"), _year),
)


def resolve_event_date(sentence: str, published: str | None) -> EventDate:
    """The date a sentence gives its event, resolved against ``published`` (ISO).

    The most precise expression wins (a day beats a week, a month, a year), the first one
    among equals; without any expression the result is ``unresolved``. A relative
    expression ("on Monday") without a publication date keeps its precision and words
    but has no date.
    """
    pub = parse_published(published)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, date | None, Precision, str]] = []
    for pattern, resolve in _RULES:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue  # a longer, earlier rule already read these words
            when, precision = resolve(match, pub)
            taken.append(span)
            found.append((_RANK[precision], span[0], when, precision, match[0]))
    if not found:
        return EventDate(date=None, precision="unresolved", expression=None)
    resolved = [f for f in found if f[2] is not None] or found
    _, _, when, precision, words = min(resolved, key=lambda f: (f[0], f[1]))
    return EventDate(
        date=when.isoformat() if when else None, precision=precision, expression=words.strip()
    )
