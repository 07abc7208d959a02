"""Main text and metadata of an HTML page: trafilatura, htmldate, then a plain fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.settings import Document as TrafilaturaDocument

from newsloom.errors import CleanError
from newsloom.read.charset import decode_bytes, normalise_spaces

__all__ = ["HtmlFields", "decode_html_bytes", "extract_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Generic metadata conventions (Open Graph, schema.org, Dublin Core, common CMS names),
# read as given so a time of day the page states is not lost to date normalisation.
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
_UPDATED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_LANGUAGE_KEYS = ("content-language", "og:locale", "dc.language")


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlFields:
    """What one page gave: main text and the metadata found for it."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None


def decode_html_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a page: the transport's charset, else its ``<meta charset>``, else guess."""
    if declared is None:
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    return decode_bytes(data, declared).replace("\r\n", "\n")


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that still carries an XML encoding declaration.
    source = _XML_DECL.sub("", html, count=1)
    if not source.strip():
        return None
    try:
        return lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return None


def _meta_values(tree: lxml.html.HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for node in tree.iter("meta"):
        names = (node.get(attr) for attr in ("property", "name", "itemprop", "http-equiv"))
        key = next((name for name in names if name), None)
        content = node.get("content") or node.get("datetime")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), normalise_spaces(content))
    for node in tree.iter("time"):
        if (node.get("itemprop") or "").lower() == "datepublished" and node.get("datetime"):
            values.setdefault("datepublished", node.get("datetime", "").strip())
    return values


def _first(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((values[key] for key in keys if values.get(key)), None)


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Visible text of the page's paragraphs, or of its body when it has none."""
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    paragraphs = [normalise_spaces(p.text_content()) for p in tree.iter("p")]
    text = "\n".join(p for p in paragraphs if p)
    if text:
        return text
    body = tree.find("body")
    source = body if body is not None else tree
    lines = (normalise_spaces(line) for line in source.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _clean(value: object) -> str | None:
    return normalise_spaces(value) if isinstance(value, str) and value.strip() else None


def extract_html(html: str, origin: str, url: str | None = None) -> HtmlFields:
    """Main text and metadata of ``html``; CleanError when the page holds no text at all."""
    tree = _parse(html)
    if tree is None:
        raise CleanError(origin, f"no article text in HTML (empty page, {len(html)} characters)")
    result = trafilatura.bare_extraction(
        _XML_DECL.sub("", html, count=1),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    extracted = result if isinstance(result, TrafilaturaDocument) else None
    text = (extracted.text or "").strip() if extracted is not None else ""
    if not text:
        text = _fallback_text(tree)
    if not text:
        reason = f"no article text in HTML (no main or paragraph text in {len(html)} characters)"
        raise CleanError(origin, reason)
    meta = _meta_values(tree)
    published = _first(meta, _PUBLISHED_KEYS) or (_clean(extracted.date) if extracted else None)
    if published is None:
        # htmldate's wider search (URL, visible dates) for pages trafilatura found no date in.
        found = find_date(tree, url=url, original_date=True, extensive_search=True)
        published = found if isinstance(found, str) else None
    language = (_clean(extracted.language) if extracted else None) or _clean(tree.get("lang"))
    return HtmlFields(
        text=text,
        title=_clean(extracted.title) if extracted else None,
        url=(_clean(extracted.url) if extracted else None) or url,
        published=published,
        updated=_first(meta, _UPDATED_KEYS),
        outlet=_clean(extracted.sitename) if extracted else None,
        author=_clean(extracted.author) if extracted else None,
        language=language or _first(meta, _LANGUAGE_KEYS),
    )
