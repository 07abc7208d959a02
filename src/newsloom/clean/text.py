"""Unicode repair, whitespace normalisation and a light sentence splitter."""

from __future__ import annotations

import re
import unicodedata

import ftfy

__all__ = ["marks_as_spaces", "normalise_key", "repair_text", "split_sentences", "word_set"]


def word_set(words: str) -> frozenset[str]:
    """The set of the space-separated words in a string (for compact word lists)."""
    return frozenset(words.split())


# Curly quotes are kept: the quote stage tells opening from closing marks by them.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False)

# ftfy costs about 0.35 ms per KB, mostly its mojibake search. Mojibake of UTF-8 read as
# Latin-1, cp1252 or MacRoman always holds a character in U+0080..U+00FF other than the
# no-break space; its other fixes need HTML entities, escapes, ligatures, full-width
# forms, surrogates or control characters. Text with none of these has nothing to fix.
_NEEDS_FTFY = re.compile(
    "[\u0080-\u009f\u00a1-\u00ff\u001b\ufb00-\ufb06\uff01-\uff5e\ud800-\udfff]"
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\u0000-\u001f\u007f]")
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[^\w]+")

_ABBREVIATIONS = word_set(
    "mr mrs ms dr gen col lt sgt gov sen rep prof st jr sr no vol vs etc inc ltd co "
    "corp jan feb mar apr jun jul aug sep sept oct nov dec maj capt cmdr adm"
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def repair_text(text: str) -> str:
    """Repair mojibake and odd code points, normalise whitespace, keep paragraph breaks."""
    if not text.isascii():
        if _NEEDS_FTFY.search(text) or ("&" in text and _ENTITY.search(text)):
            text = ftfy.fix_text(text, _FTFY_CONFIG)
        text = unicodedata.normalize("NFC", text)
    elif "&" in text and _ENTITY.search(text):
        text = ftfy.fix_text(text, _FTFY_CONFIG)
    out: list[str] = []
    # splitlines knows every line break (CR, LF, U+2028, …); split() every kind of space.
    for raw_line in text.splitlines():
        line = " ".join(raw_line.split())
        if not line.isprintable():
            line = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", line)).split())
        # One blank line marks a paragraph break; runs of them say nothing more.
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def normalise_key(line: str) -> str:
    """A line reduced to what identifies it across articles: case, digits and spacing folded."""
    if not line.isascii():
        line = marks_as_spaces(line)  # each would become a space below anyway
        if not line.isascii():
            folded = _DIGITS.sub("0", line.casefold())
            return _NON_WORD.sub(" ", folded).strip()
    return _ascii_key(line)


_MARKS = "“”‘’—–…«»©•"


def marks_as_spaces(text: str) -> str:
    """``text`` with typographic marks (curly quotes, dashes, …) replaced by spaces.

    They are most of news text's non-ASCII characters and hold no word character, not even
    case-folded or NFKC-normalised (a test checks), so word splitters give the same words
    with them as spaces, and often the text is ASCII then: cheap paths open.
    """
    for mark in _MARKS:
        if mark in text:
            text = text.replace(mark, " ")
    return text


# The two regex substitutions cost about 8 us for a 200-character line (every space is a
# match), and every line of every article is keyed. On ASCII, one byte table does the same
# in C: it lower-cases, turns each digit into "0" and every other non-word byte into a
# space; split/join then collapses runs of spaces, and a (rare) regex runs of "0"s.
def _key_byte(code: int) -> int:
    char = chr(code)
    if char.isdigit():
        return ord("0")
    if char.isalpha() or char == "_":
        return ord(char.lower())
    return ord(" ")


_KEY_BYTES = bytes(map(_key_byte, range(128))) + bytes(range(128, 256))  # only ASCII comes
_ZEROS = re.compile(b"00+")


def _ascii_key(line: str) -> str:
    """``normalise_key`` of an ASCII line."""
    key = b" ".join(line.encode().translate(_KEY_BYTES).split())
    return (_ZEROS.sub(b"0", key) if b"00" in key else key).decode()


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences at end marks, not after short abbreviations."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start : match.start()].rsplit(None, 1)
        last_word = before[-1] if before else ""
        bare = last_word.strip('"“‘(').casefold()
        # "U.S." or "Mr." end no sentence; a one-letter initial ("J.") neither.
        if len(bare) <= 1 or "." in bare or bare in _ABBREVIATIONS:
            continue
        sentences.append(paragraph[start : match.end()].rstrip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
