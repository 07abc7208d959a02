"""Accent folding for PostgreSQL search, to match SQLite FTS5's ``remove_diacritics``.

FTS5's unicode61 tokenizer finds "Zurich" in "Zürich" and "ÉCOLE" in "école"; PostgreSQL's
'simple' text search does neither (and under the C locale it lower-cases ASCII only). The
search column and every query go through one table: each letter that Unicode decomposes
into a base letter and combining marks becomes that base letter.
"""

from __future__ import annotations

import unicodedata

__all__ = ["FOLD_FROM", "FOLD_TO", "fold"]

# Below U+2000 (Latin, Greek, Cyrillic and Latin Extended Additional): letters whose
# decompositions have been fixed for decades, so a store's index and a newer Python's
# queries fold alike.
_LAST = 0x2000


def _pairs() -> tuple[str, str]:
    source, target = [], []
    for code in range(0x80, _LAST):
        char = chr(code)
        parts = unicodedata.normalize("NFD", char)
        base = parts[0]
        if (
            len(parts) > 1
            and base.isalpha()
            and ord(base) < _LAST
            and all(unicodedata.combining(mark) for mark in parts[1:])
        ):
            source.append(char)
            target.append(base)
    return "".join(source), "".join(target)


FOLD_FROM, FOLD_TO = _pairs()  # for PostgreSQL's translate(text, from, to)
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """``text`` with accented letters replaced by their base letters."""
    return text.translate(_TABLE)
