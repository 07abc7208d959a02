"""The clean stage: repair text, drop boilerplate, read outlet, dates and language.

``clean_document(doc, options, repeated, languages)`` turns a read ``Document`` into an
``Article``. Boilerplate goes by two mechanisms: general line rules (navigation, comment
boxes, tags, counters, IDs, date lines, captions and credits, kickers, bylines) and
``RepeatedLines``, which learns the lines each outlet repeats across its articles.
"""

from newsloom.clean.clean import clean_document
from newsloom.clean.dates import ParsedDate, parse_date
from newsloom.clean.language import DEFAULT_LANGUAGES, LanguageDetector, normalise_language
from newsloom.clean.options import CleanOptions
from newsloom.clean.repeated import RepeatedLines, line_hash
from newsloom.clean.sources import registered_domain, validate_author

__all__ = [
    "DEFAULT_LANGUAGES",
    "CleanOptions",
    "LanguageDetector",
    "ParsedDate",
    "RepeatedLines",
    "clean_document",
    "line_hash",
    "normalise_language",
    "parse_date",
    "registered_domain",
    "validate_author",
]
