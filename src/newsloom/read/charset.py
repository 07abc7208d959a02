"""Bytes to text without crashing: declared charset, BOM, utf-8, then cp1252."""

from __future__ import annotations

import codecs
import re

__all__ = ["binary_reason", "decode_bytes", "normalise_spaces"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Unicode spaces (no-break, narrow no-break, thin, ...) that should read as one space.
_SPACES = re.compile(r"[^\S\n]+")


def _has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode bytes: BOM, then a declared charset, then utf-8, cp1252 and latin-1."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError:
                break
    candidates = [declared] if declared else []
    # cp1252 before latin-1: Windows-1252 is what "latin-1" pages almost always are, and
    # its curly quotes live in 0x80-0x9f where latin-1 has only control characters.
    candidates += ["utf-8", "cp1252"]
    for codec in candidates:
        try:
            return data.decode(codec).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1").lstrip("\ufeff")


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text (NUL bytes, many control characters), or None if it is."""
    if _has_bom(data):
        return None  # UTF-16/32 text is full of NUL bytes by design
    nul = data.find(b"\0")
    if nul >= 0:
        return f"binary content (NUL byte at offset {nul}), not text"
    sample = decode_bytes(data[:65536])
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > 0.01:
        return (
            f"binary content ({controls} control characters in the first {len(sample)}), not text"
        )
    return None


def normalise_spaces(value: str) -> str:
    """Collapse runs of any Unicode space to one ASCII space and strip the ends."""
    return _SPACES.sub(" ", value).strip()
