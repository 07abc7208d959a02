"""Header lines at the top of a plain-text article: dates and a few ``Key: value`` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsloom.read.charset import normalise_spaces

__all__ = ["TextHeaders", "is_date_line", "split_text_headers"]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"
_ORD = r"(?:st|nd|rd|th)?"
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}"
_DATE = (
    rf"(?:{_ISO_DATE}|\d{{4}}/\d{{1,2}}/\d{{1,2}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}|\d{{1,2}}{_ORD}\s+{_MONTH},?\s+\d{{4}})"
)
_ZONE = r"(?:\s*(?:Z|[A-Z]{2,5}|(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?))?"
_TIME = rf"\d{{1,2}}[:.]\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?{_ZONE}"
_SEP = r"(?:\s*[,|@-]\s*|\s+|T)(?:at\s+)?"
_DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY})?(?:{_DATE}(?:{_SEP}{_TIME})?|{_TIME}{_SEP}(?:{_WEEKDAY})?{_DATE})$",
    re.IGNORECASE,
)
_ISO_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_ISO_STAMP = rf"{_ISO_DATE}(?:[T ]{_ISO_TIME})?"
# "date 2025-05-27 The article starts here" - a date prefix with the text on the same line.
_DATE_PREFIX = re.compile(rf"^date\s*:?\s*({_ISO_STAMP})(?=\s|$)\s*(.*)$", re.I | re.S)
# Generic header keys only; anything else at the top is article text (or the clean
# stage's boilerplate), never guessed at here.
_KEYS: dict[str, str | None] = {
    "news id": None,
    "id": None,
    "date": "published",
    "published": "published",
    "updated": "updated",
    "source": "outlet",
    "outlet": "outlet",
    "title": "title",
    "url": "url",
    "author": "author",
    "by": "author",
    "language": "language",
}
_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,15}?)\s*:\s*(\S.*)$")
_MAX_HEADER_LINES = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class TextHeaders:
    """What the header lines of a text file said, and the article text below them."""

    fields: dict[str, str] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    body: str = ""


def is_date_line(line: str) -> bool:
    """True when a whole line is one date or date-time (``Jun 11, 2025, 7:16 PM``)."""
    candidate = normalise_spaces(line)
    return len(candidate) <= 48 and _DATE_LINE.match(candidate) is not None


def _set_date(fields: dict[str, str], value: str) -> None:
    # The first date given is the publication date; a second one is an update.
    fields.setdefault("published" if "published" not in fields else "updated", value)


def _header(line: str, fields: dict[str, str]) -> tuple[str, str] | None:
    """(the header as read, text left over on its line) when ``line`` is a header, else None."""
    stripped = line.strip()
    prefixed = _DATE_PREFIX.match(stripped)
    if prefixed:
        _set_date(fields, prefixed.group(1))
        return normalise_spaces(stripped[: prefixed.start(2)]), prefixed.group(2)
    flat = normalise_spaces(line)
    if is_date_line(flat):
        _set_date(fields, flat)
        return flat, ""
    keyed = _KEY_LINE.match(flat)
    key = keyed.group(1).strip().lower() if keyed else ""
    if keyed is None or key not in _KEYS:
        return None
    target = _KEYS[key]
    if target is not None:
        fields.setdefault(target, keyed.group(2).strip())
    return flat, ""


def split_text_headers(text: str) -> TextHeaders:
    """Read header lines off the top of ``text``; the rest, line breaks kept, is the body."""
    lines = text.split("\n")
    fields: dict[str, str] = {}
    header_lines: list[str] = []
    index = 0
    while index < len(lines) and len(header_lines) < _MAX_HEADER_LINES:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        header = _header(line, fields)
        if header is None:
            break
        header_lines.append(header[0])
        if header[1]:
            # The article text begins on the header's own line: keep it as the first line.
            lines[index] = header[1]
            break
        index += 1
    body = "\n".join(lines[index:]).strip("\n")
    return TextHeaders(fields=fields, lines=tuple(header_lines), body=body)
