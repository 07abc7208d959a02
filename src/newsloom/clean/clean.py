"""The clean stage: a read Document becomes an Article with analysable text and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from newsloom.clean.dates import ParsedDate, is_date_line, parse_date
from newsloom.clean.language import LanguageDetector, normalise_language
from newsloom.clean.options import CleanOptions
from newsloom.clean.repeated import RepeatedLines
from newsloom.clean.rules import (
    boilerplate_reason,
    is_kicker,
    is_title_like,
    strip_embed_signature,
    strip_trailing_caption,
)
from newsloom.clean.sources import (
    parse_byline,
    parse_dateline,
    registered_domain,
    validate_author,
    wire_name,
)
from newsloom.clean.text import normalise_key, repair_text
from newsloom.errors import CleanError
from newsloom.models import Article, Document

__all__ = ["clean_document"]

_DATELINE_PARAGRAPHS = 3  # datelines open one of the first body paragraphs
_DATE_SEARCH_LINES = 3  # an undated input may carry its date in its first lines
_JUNK_BYLINE = re.compile(r"^by\s+(?:\S+\s+){0,6}\S+$(?<![.!?])", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"^\s*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)


@dataclass(slots=True)
class _Found:
    """What the line scan learned about the article, besides which lines stay."""

    title: str | None = None
    byline: str | None = None
    byline_outlet: str | None = None
    dateline_outlet: str | None = None
    wire: str | None = None
    credit_wire: str | None = None
    date_lines: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _scan_top(lines: list[str], doc: Document, options: CleanOptions, found: _Found) -> set[int]:
    """Indexes of top lines that are kickers, titles, bylines or header boilerplate."""
    drop: set[int] = set()
    title_key = normalise_key(repair_text(doc.title)) if doc.title else None
    seen = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > options.top_lines:
            break
        if boilerplate_reason(line) is not None:
            if is_date_line(line):
                found.date_lines.append(line)
            drop.add(index)
            continue
        byline = parse_byline(line)
        if byline is not None:
            found.byline = found.byline or byline.author
            found.byline_outlet = found.byline_outlet or byline.outlet
            found.wire = found.wire or byline.wire
            drop.add(index)
            continue
        if _JUNK_BYLINE.match(line):
            drop.add(index)  # a byline slot holding no name ("By Email the author")
            continue
        if is_kicker(line):
            drop.add(index)
            continue
        if found.title is None and title_key is not None and normalise_key(line) == title_key:
            found.title = line
            drop.add(index)
            continue
        if found.title is None and title_key is None and is_title_like(line):
            found.title = line
            drop.add(index)
            continue
        break  # the first body line ends the header block
    return drop


def _scan_body(lines: list[str], drop: set[int], found: _Found) -> list[str]:
    """The lines with boilerplate removed (blank lines kept as paragraph breaks)."""
    kept: list[str] = []
    body_paragraphs = 0
    for index, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        if index in drop:
            found.removed.append(line)
            continue
        if boilerplate_reason(line) is not None:
            found.removed.append(line)
            continue
        byline = parse_byline(line) if len(line.split()) <= 8 else None
        if byline is not None:
            found.byline = found.byline or byline.author
            found.byline_outlet = found.byline_outlet or byline.outlet
            found.wire = found.wire or byline.wire
            found.removed.append(line)
            continue
        signature = strip_embed_signature(line)
        if signature is not None:
            line = signature[0]
            found.removed.append(signature[1])
        cut = strip_trailing_caption(line)
        if cut is not None:
            found.removed.append(cut.removed)
            found.credit_wire = found.credit_wire or wire_name(cut.credit)
            line = cut.kept
        if not line:
            continue
        if body_paragraphs < _DATELINE_PARAGRAPHS:
            dateline = parse_dateline(line)
            if dateline is not None and found.dateline_outlet is None:
                found.dateline_outlet = dateline.outlet
                found.wire = found.wire or dateline.wire
        body_paragraphs += 1
        kept.append(line)
    return kept


def _drop_repeated(
    kept: list[str],
    outlet: str | None,
    options: CleanOptions,
    repeated: RepeatedLines | None,
    found: _Found,
) -> list[str]:
    """Remove lines the outlet repeats across its articles, unless they are most of the text."""
    if repeated is None or outlet is None:
        return kept
    hits = [bool(line) and repeated.is_repeated(outlet, line, options) for line in kept]
    if not any(hits):
        return kept
    total = sum(len(line) for line in kept)
    removed = sum(len(line) for line, hit in zip(kept, hits, strict=True) if hit)
    # An article made mostly of "repeated" lines is a repost of one already seen, not a
    # page of footers; dedup deals with it.
    if removed > options.repeated_max_removed_share * total:
        return kept
    found.removed.extend(line for line, hit in zip(kept, hits, strict=True) if hit)
    return [line for line, hit in zip(kept, hits, strict=True) if not hit]


def _join(kept: list[str]) -> str:
    out: list[str] = []
    for line in kept:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _outlet(doc: Document, found: _Found) -> tuple[str | None, str | None]:
    """(outlet, evidence): metadata first, then the URL, the dateline, the byline."""
    if doc.outlet and doc.outlet.strip():
        return doc.outlet.strip(), "metadata"
    domain = registered_domain(doc.url)
    if domain is not None:
        return domain, "url"
    if found.dateline_outlet is not None:
        return found.dateline_outlet, "dateline"
    if found.byline_outlet is not None:
        return found.byline_outlet, "byline"
    return None, None


def _dates(
    doc: Document, raw_lines: list[str], options: CleanOptions, now: datetime | None, found: _Found
) -> tuple[ParsedDate | None, ParsedDate | None]:
    """(published, updated): the input's fields first, then header and top date lines."""
    published = parse_date(doc.published, options, now)
    updated = parse_date(doc.updated, options, now)
    if published is not None and updated is not None:
        return published, updated
    top = [line for line in raw_lines if line][:_DATE_SEARCH_LINES]
    candidates = [*doc.headers, *top, *found.date_lines]
    for candidate in candidates:
        if not is_date_line(candidate):
            continue
        is_update = bool(_UPDATED_LABEL.match(candidate))
        if is_update and updated is None:
            updated = parse_date(candidate, options, now)
        elif not is_update and published is None:
            published = parse_date(candidate, options, now)
    return published, updated


def clean_document(
    doc: Document,
    options: CleanOptions,
    repeated: RepeatedLines | None = None,
    languages: LanguageDetector | None = None,
    *,
    now: datetime | None = None,
) -> Article:
    """Clean one Document into an Article; raises CleanError when too little text is left.

    Pure apart from reading ``repeated`` and the clock (pass ``now`` to fix it): the
    pipeline itself calls ``repeated.observe(article.outlet,
    article.raw_text.splitlines())`` after each article, so the repeated-line rule
    learns from every article, including the ones it cleans.
    """
    raw_text = repair_text(doc.text)
    lines = raw_text.split("\n")
    found = _Found()
    drop = _scan_top(lines, doc, options, found)
    kept = _scan_body(lines, drop, found)
    outlet, evidence = _outlet(doc, found)
    kept = _drop_repeated(kept, outlet, options, repeated, found)
    text = _join(kept)
    if len(text) < options.min_chars:
        raise CleanError(
            doc.origin,
            f"clean text is {len(text)} characters, under the minimum of {options.min_chars} "
            f"([clean] min_chars; {len(raw_text)} characters before cleaning, "
            f"{len(found.removed)} lines or captions removed as boilerplate)",
        )
    published, updated = _dates(doc, lines, options, now, found)
    language = normalise_language(doc.language)
    if language is None and options.detect_language and languages is not None:
        language = languages.detect(text)
    title = repair_text(doc.title).replace("\n", " ") if doc.title else found.title
    return Article(
        id=doc.raw_hash[:16],
        raw_hash=doc.raw_hash,
        source_id=doc.source_id,
        origin=doc.origin,
        text=text,
        raw_text=raw_text,
        url=doc.url,
        title=title or None,
        outlet=outlet,
        outlet_evidence=evidence,
        byline=validate_author(doc.author) or found.byline,
        wire=found.wire or found.credit_wire,
        published=published.iso if published else None,
        published_precision=published.precision if published else None,
        updated=updated.iso if updated else None,
        language=language,
        story_key=doc.story_key,
        removed_lines=tuple(found.removed),
    )
