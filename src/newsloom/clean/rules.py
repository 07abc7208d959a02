"""General rules that recognise boilerplate lines: navigation, comments, captions, counters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.clean.dates import is_date_line
from newsloom.clean.sources import wire_name
from newsloom.clean.text import split_sentences, word_set

__all__ = [
    "CaptionCut",
    "boilerplate_reason",
    "is_caption",
    "is_kicker",
    "is_title_like",
    "strip_embed_signature",
    "strip_trailing_caption",
]

_I = re.IGNORECASE

# "Also Read | headline", "Related: headline", "Watch » headline": a short label naming a
# link, a separator, then the linked headline.
_LINK_LABEL = (
    r"(?:also\s+|must\s+|further\s+|recommended\s+)?"
    r"(?:read(?:\s+(?:more|also|next|this|on))?|see(?:\s+also)?|watch(?:\s+(?:more|now|video))?"
    r"|listen|related(?:\s+(?:news|stories|articles?|coverage|content|posts?))?|more(?:\s+(?:news|stories|on\s+this))?"
    r"|recommended|trending(?:\s+now)?|latest(?:\s+news)?|explore(?:\s+more)?|don['’]?t\s+miss"
    r"|check\s+out|click\s+here|top\s+stories|suggested(?:\s+reading)?|editor['’]?s\s+picks?"
    r"|you\s+may\s+(?:also\s+)?like|you\s+might\s+(?:also\s+)?like|in\s+(?:pictures|photos|video)"
    r"|live(?:\s+updates?)?|also\s+on\s+\w+|more\s+from\s+\w+)"
)
_NAVIGATION = re.compile(rf"^{_LINK_LABEL}\s*(?:[|:»›>]+|[–—-]{{1,2}})\s*\S", _I)
_LINK_ONLY = re.compile(rf"^{_LINK_LABEL}\s*[.:!»›>]*$", _I)
_BREADCRUMB = re.compile(r"^[^|»›>]{1,30}(?:\s*[|»›>]\s*[^|»›>]{1,30}){2,}$")
_COMMENTS = re.compile(
    r"^(?:your\s+(?:comment|name|email|reply)|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment"
    r"|add\s+(?:a\s+)?comment|write\s+a\s+comment|submit\s+(?:a\s+)?comment|comments?(?:\s*\(\d+\))?"
    r"|\d+\s+comments?|you\s+are\s+replying\s+to\b.*|reply(?:\s+to\s+comment)?|cancel\s+reply"
    r"|join\s+the\s+(?:conversation|discussion)|(?:show|view|load|hide|read)\s+(?:all\s+)?comments?"
    r"|comments?\s+(?:are\s+)?(?:closed|disabled)|be\s+the\s+first\s+to\s+comment"
    r"|sort\s+by\s+\w+|login\s+to\s+comment|log\s+in\s+to\s+comment|send)[\s.:!]*$",
    _I,
)
_TAGS = re.compile(
    r"^(?:tags?|topics?|keywords?|filed\s+under|categories|category|labels?)\s*"
    r"(?:[:|]\s*[^.!?]{0,200})?$",
    _I,
)
_COUNTER = re.compile(
    r"^\d[\d,.]*\s*[kKmM]?\s+(?:persons?|people|comments?|shares?|views?|likes?|reads?|visits?"
    r"|min(?:ute)?s?(?:\s+read)?|reactions?|votes?|retweets?|reposts?|followers?|replies|reply"
    r"|times\s+read|hits?)$",
    _I,
)
_NAME_WORDS = word_set("of the and de da van von der al el bin ibn la le du")
_LETTER = re.compile(r"[^\W\d_]")
_SOCIAL_WORDS = word_set(
    "share shares sharing tweet email e-mail print facebook twitter x whatsapp "
    "telegram linkedin reddit pinterest copy link comment comments save follow us on "
    "this article story page via messenger viber vk google news flipboard bookmark"
)
_ID_LINE = re.compile(
    r"^(?:news|story|article|post|content|doc(?:ument)?|item|report|code)\s*"
    r"(?:id|no\.?|number|code|#)\s*[:#.]?\s*[\w-]+$",
    _I,
)
_PROMO = re.compile(
    r"^(?:advertisement|advertising|sponsored(?:\s+content)?|ad|promoted|story\s+continues\s+below.*"
    r"|continue\s+reading.*|scroll\s+(?:down\s+)?to\s+continue.*"
    r"|(?:sign\s+up|subscribe|register)\b.{0,80}|(?:follow|join)\s+us\s+on\b.{0,60}"
    r"|download\s+(?:the|our)\s+\w*\s*app\b.{0,60}|click\s+here\b.{0,80}"
    r"|(?:get|receive)\s+(?:the\s+)?latest\s+news\b.{0,80}|newsletter\b.{0,60})$",
    _I,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)|all\s+rights\s+reserved", _I)
_CREDIT_LINE = re.compile(
    r"^\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|edited|written|translated"
    r"|produced)\s+by\b.{0,200}$|^sources?\s*:\s*.{1,60}$",
    _I,
)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$|^pic\.twitter\.com/\S+$", _I)

# Captions: a label opening the line, a credit, a position marker, or "X's post." endings.
_CAPTION_OPENING = re.compile(
    r"^(?:(?:file\s+)?photos?|images?|pictures?|photograph|caption|credits?|image\s+(?:source|credit)"
    r"|photo\s+(?:credit|courtesy)|representational\s+(?:image|photo)|representative\s+(?:image|photo)"
    r"|screenshot|screengrab|graphic|illustration|video)\s*(?:[:|/–—]|by\b)",
    _I,
)
_CAPTION_WHOLE = re.compile(
    r"^(?:file\s+photo|file\s+image|representational\s+(?:image|photo)"
    r"|representative\s+(?:image|photo)|handout\s+photo|photo\s+for\s+representation)\b.{0,80}$",
    _I,
)
_CAPTION_CREDIT = re.compile(r"\b(?:photo|image|picture)s?\s*(?:credit|courtesy)?\s*:\s*\S", _I)
_POSITION = re.compile(
    r"\((?:(?:far\s+)?(?:left|right)|centre|center|l\s*(?:-|to)\s*r|r\s*(?:-|to)\s*l"
    r"|(?:\d(?:st|nd|rd|th)|second|third|fourth)\s*(?:from\s*)?(?:left|right|l|r))\)",
    _I,
)
_MEDIA_NOUN_END = re.compile(
    r"['’]s?\s+(?:[\w@#.-]+\s+){0,3}(?:posts?|tweets?|photos?|photographs?|pictures?|images?"
    r"|videos?|screenshots?|screengrabs?|handout)\.?$",
    _I,
)
_PHOTO_WORDS = re.compile(
    r"\b(?:photos?|images?|file|credit|courtesy|handout|getty|shutterstock|epa"
    r"|screenshot|screengrab)\b",
    _I,
)
_TRAILING_PAREN = re.compile(r"\(([^()]{1,80})\)\s*\.?\s*$")
_EMBED_SIGNATURE = re.compile(
    r"(?:\s*pic\.twitter\.com/\S+)?\s*[—–-]{1,2}\s*[^()\n—–]{1,60}\(@\w{1,30}\)\s*[A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4}\s*$"
)


def _is_counter_like(line: str, words: int) -> bool:
    if not _LETTER.search(line):
        return True  # only digits and symbols: "1234**5678", "* * *"
    if words > 8:
        return False
    if words <= 3 and all(len(t) <= 2 for t in line.split()):
        return True  # font-size toggles and icon labels: "T T", "A- A+"
    if _COUNTER.match(line):
        return True
    tokens = re.findall(r"[\w-]+", line.casefold())
    return bool(tokens) and all(t in _SOCIAL_WORDS for t in tokens)


def _is_position_caption(line: str, words: int) -> bool:
    """ "Name Name (left) meets …": a position marker right after the names it points at."""
    match = _POSITION.search(line) if words <= 40 else None
    if match is None:
        return False
    prefix = line[: match.start()].split()
    # In prose the marker follows a clause ("whether or not Thomas (left) would"); in a
    # caption only names, titles and perhaps one verb ("Roe meets Doe (right)").
    lower = [w for w in prefix if w[0].islower() and w not in _NAME_WORDS]
    return bool(prefix) and len(prefix) <= 14 and len(lower) <= 1


def _is_caption_line(line: str, words: int) -> bool:
    if words <= 40 and (_CAPTION_OPENING.match(line) or _CAPTION_WHOLE.match(line)):
        return True
    # (the credit needs a colon: looking for one first skips a slow case-blind scan)
    if words <= 40 and ":" in line and _CAPTION_CREDIT.search(line):
        return True
    if _is_position_caption(line, words):
        return True
    return words <= 20 and _MEDIA_NOUN_END.search(line) is not None


def boilerplate_reason(line: str) -> str | None:
    """Why a whole line is boilerplate ("navigation", "caption", …), or None if it is text."""
    words = line.count(" ") + 1
    if _is_counter_like(line, words):
        return "counter"
    if words > 60:
        return None  # long prose: no rule below applies to it
    if words <= 30 and (_NAVIGATION.match(line) or _LINK_ONLY.match(line)):
        return "navigation"
    if words <= 30 and _BREADCRUMB.match(line) and not re.search(r"[.!?]$", line):
        return "navigation"
    if words <= 12 and _COMMENTS.match(line):
        return "comments"
    if words <= 40 and _TAGS.match(line):
        return "tags"
    if words <= 8 and _ID_LINE.match(line):
        return "id"
    if is_date_line(line):
        return "date"
    if words == 1 and _URL_LINE.match(line):
        return "link"
    if words <= 25 and (_PROMO.match(line) or _COPYRIGHT.search(line)):
        return "promo"
    if words <= 40 and _CREDIT_LINE.match(line):
        return "credit"
    if _is_caption_line(line, words):
        return "caption"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptionCut:
    """A paragraph with a trailing photo caption cut off: what stays, what went, the credit."""

    kept: str
    removed: str
    credit: str


def strip_trailing_caption(paragraph: str) -> CaptionCut | None:
    """Cut a final caption sentence that ends with a photo or wire credit like "(REUTERS)"."""
    match = _TRAILING_PAREN.search(paragraph)
    if match is None:
        return None
    credit = match.group(1).strip()
    body = paragraph[: match.start()].rstrip()
    after_sentence_end = bool(re.search(r"[.!?][\"”’]?$", body))
    if wire_name(credit) is None and not _PHOTO_WORDS.search(credit):
        return None
    # Inside a sentence, "(AP)" is an acronym; as a credit it follows the caption's full stop.
    if not after_sentence_end and not _PHOTO_WORDS.search(credit):
        return None
    sentences = split_sentences(body)
    if len(sentences) <= 1:
        if len(paragraph.split()) > 60:
            return None
        return CaptionCut(kept="", removed=paragraph, credit=credit)
    caption = sentences[-1]
    cut = paragraph.rfind(caption, 0, match.start())
    if cut <= 0 or len(caption.split()) > 60:
        return None
    return CaptionCut(kept=paragraph[:cut].rstrip(), removed=paragraph[cut:], credit=credit)


def is_caption(line: str) -> bool:
    """Whether a removed line is a photo caption (which may still say who met whom, and when)."""
    return boilerplate_reason(line) == "caption" or strip_trailing_caption(line) is not None


def strip_embed_signature(paragraph: str) -> tuple[str, str] | None:
    """Cut an embedded post's signature ("— Name (@handle) May 26, 2025"): (kept, removed)."""
    match = _EMBED_SIGNATURE.search(paragraph) if "(@" in paragraph else None
    if match is None:
        return None
    kept = paragraph[: match.start()].rstrip()
    return kept, paragraph[len(kept) :].strip()


def is_kicker(line: str) -> bool:
    """Whether a top line is run-together section names ("World NewsPoliticsOpinion")."""
    if len(line.split()) > 12 or re.search(r"[.!?,;:\"“”]", line):
        return False
    return len(re.findall(r"[a-z]{2}[A-Z]", line)) >= 2


def is_title_like(line: str) -> bool:
    """Whether a line looks like a headline: a few capitalised words, no final full stop."""
    words = line.split()
    if not 3 <= len(words) <= 25 or not line[0].isupper():
        return False
    if re.search(r"[.!?:;,]$", line) or re.search(r"[.!?]\s+[A-Z]", line):
        return False
    if re.search(r"[.!?:;,]$", line.rstrip("\"'”’)]")):
        # A final stop inside quotes ends headlines quoting someone ("Trump: 'I Will.'")
        # in Title Case, but ends sentences otherwise.
        capitalised = sum(1 for w in words if w.lstrip("\"'“‘(")[:1].isupper())
        if capitalised < 0.6 * len(words):
            return False
    return boilerplate_reason(line) is None
