"""Publication dates: from the many shapes inputs give them to ISO 8601 plus a precision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from newsloom.clean.options import CleanOptions

__all__ = ["ParsedDate", "is_date_line", "parse_date"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDate:
    """A parsed date: ISO 8601 text and how much of it the input gave."""

    iso: str
    precision: str  # year, month, day, minute or second


_ISO = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_RFC2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")
_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified|published|posted|created|date|dated)(?:\s+(?:on|at))?"
    r"|(?:first\s+)?published(?:\s+on)?)\s*[:\-–—|]?\s*",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+",
    re.IGNORECASE,
)
# Formats tried with strptime before dateparser: quick, unambiguous, English month names.
_FORMATS: tuple[tuple[str, str], ...] = (
    ("%b %d, %Y, %I:%M %p", "minute"),
    ("%b %d, %Y %I:%M %p", "minute"),
    ("%B %d, %Y, %I:%M %p", "minute"),
    ("%B %d, %Y %I:%M %p", "minute"),
    ("%b %d, %Y, %H:%M", "minute"),
    ("%B %d, %Y, %H:%M", "minute"),
    ("%b %d, %Y %H:%M", "minute"),
    ("%B %d, %Y %H:%M", "minute"),
    ("%d %B %Y %H:%M", "minute"),
    ("%d %b %Y %H:%M", "minute"),
    ("%d %B %Y, %H:%M", "minute"),
    ("%d %b %Y, %H:%M", "minute"),
    ("%B %d, %Y", "day"),
    ("%b %d, %Y", "day"),
    ("%B %d %Y", "day"),
    ("%b %d %Y", "day"),
    ("%d %B %Y", "day"),
    ("%d %b %Y", "day"),
    ("%d %B, %Y", "day"),
    ("%d %b, %Y", "day"),
    ("%Y/%m/%d", "day"),
    ("%Y.%m.%d", "day"),
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
_DATEISH_TOKEN = re.compile(
    rf"(?:{_MONTHS}|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|am|pm|a\.m|p\.m|utc|gmt|z|at|on|of|the|updated"
    r"|published|posted|modified|last|first|date|dated|created|\d{1,4}(?:st|nd|rd|th)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:am|pm)?|[+-]\d{2}:?\d{2}|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
    r"|\d{4}-\d{2}-\d{2}t[\d:.]+z?)\.?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")
_RELATIVE = re.compile(r"\b(?:ago|yesterday|today|tomorrow|last|next)\b", re.IGNORECASE)


def _clean_date_string(value: str) -> str:
    value = re.sub(r"[\s\u202f\u00a0]+", " ", value).strip()
    value = _LABEL.sub("", value)
    value = _WEEKDAY.sub("", value)
    value = re.sub(r"\b(Sept)\b\.?", "Sep", value)
    value = re.sub(r"\b([A-Z][a-z]{2})\.(?=\s)", r"\1", value)  # "Jun. 11" -> "Jun 11"
    value = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", value)
    value = re.sub(r"\b([ap])\.m\.?", lambda m: m.group(1).upper() + "M", value, flags=re.I)
    value = re.sub(r"(?<=\d)(am|pm)\b", r" \1", value, flags=re.I)
    return value.strip(" ,|")


def _fast_parse(value: str) -> tuple[datetime, str] | None:
    """Parse the common unambiguous shapes without dateparser."""
    if _ISO.fullmatch(value):
        if len(value) == 4:
            return datetime(int(value), 1, 1), "year"
        if len(value) == 7:
            return datetime(int(value[:4]), int(value[5:7]), 1), "month"
        try:
            parsed = datetime.fromisoformat(value.replace(" Z", "Z"))
        except ValueError:
            return None
        if len(value) == 10:
            return parsed, "day"
        return parsed, "second" if re.search(r"\d:\d{2}:\d{2}", value) else "minute"
    if _RFC2822.match(value):
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return parsed, "second" if re.search(r"\d:\d{2}:\d{2}", value) else "minute"
    for fmt, precision in _FORMATS:
        try:
            return datetime.strptime(value, fmt), precision
        except ValueError:
            continue
    return None


def _dateparser_parse(value: str, options: CleanOptions) -> tuple[datetime, str] | None:
    """Parse any other shape (other languages, odd orders) with dateparser."""
    # Imported here: dateparser takes half a second to import and most inputs never need it.
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        settings={
            "TIMEZONE": options.default_timezone,
            "TO_TIMEZONE": options.default_timezone,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
        }
    )
    data = parser.get_date_data(value)
    if data.date_obj is None:
        return None
    parts = set(getattr(data, "parts", None) or ())
    if "time" in parts:
        precision = "second" if re.search(r"\d:\d{2}:\d{2}", value) else "minute"
    elif "day" in parts:
        precision = "day"
    elif "month" in parts:
        precision = "month"
    else:
        precision = "year"
    return data.date_obj, precision


def _format(moment: datetime, precision: str) -> str:
    formats = {
        "year": "%Y",
        "month": "%Y-%m",
        "day": "%Y-%m-%d",
        "minute": "%Y-%m-%dT%H:%M",
        "second": "%Y-%m-%dT%H:%M:%S",
    }
    return moment.strftime(formats[precision])


def parse_date(
    value: str | None, options: CleanOptions, now: datetime | None = None
) -> ParsedDate | None:
    """Parse a date string; None when it is no date, relative, implausible or in the future."""
    if not value:
        return None
    text = _clean_date_string(value)
    if not text or not any(ch.isdigit() for ch in text) or _RELATIVE.search(text):
        return None
    zone = ZoneInfo(options.default_timezone)
    parsed = _fast_parse(text) or _dateparser_parse(text, options)
    if parsed is None:
        return None
    moment, precision = parsed
    if moment.tzinfo is not None:
        # Aware times are compared and stored in one zone; naive ones are read in it.
        moment = moment.astimezone(zone).replace(tzinfo=None)
    current = datetime.now(zone) if now is None else now
    if current.tzinfo is not None:
        current = current.astimezone(zone).replace(tzinfo=None)
    limit = current + timedelta(days=options.future_tolerance_days)
    if moment.year < 1900:
        return None
    if precision in {"year", "month", "day"}:
        if moment.date() > limit.date():
            return None
    elif moment > limit:
        return None
    return ParsedDate(iso=_format(moment, precision), precision=precision)


def is_date_line(line: str) -> bool:
    """Whether a line holds nothing but a date (and perhaps a label like "Updated:")."""
    if len(line) > 60 or not _YEAR.search(line):
        return False
    tokens = re.findall(r"[^\s,|/()\-–—]+", line.replace(":", ": ").replace(": ", " "))
    tokens = [t.strip(".") for t in tokens if t.strip(".")]
    return bool(tokens) and len(tokens) <= 10 and all(_DATEISH_TOKEN.fullmatch(t) for t in tokens)
