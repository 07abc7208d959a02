"""Language codes: normalising given codes and detecting the language of a text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lingua import IsoCode639_1, IsoCode639_3, Language, LanguageDetectorBuilder

from newsloom.errors import ConfigError

__all__ = ["DEFAULT_LANGUAGES", "LanguageDetector", "normalise_language"]

# The languages most news on the open web is written in; a short list keeps lingua's
# models small and its answers fast.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "en", "ar", "de", "es", "fa", "fr", "hi", "id", "it", "ja",
    "ko", "nl", "pl", "pt", "ru", "sv", "tr", "uk", "ur", "zh",
)  # fmt: skip


def _language_of(code: str) -> Language | None:
    """The lingua Language a code or English name stands for, or None."""
    value = code.strip()
    primary = re.split(r"[-_\s]", value, maxsplit=1)[0].casefold()
    try:
        if len(primary) == 2:
            return Language.from_iso_code_639_1(IsoCode639_1.from_str(primary))
        if len(primary) == 3:
            return Language.from_iso_code_639_3(IsoCode639_3.from_str(primary))
        return Language.from_str(value)
    except ValueError:
        return None


def normalise_language(code: str | None) -> str | None:
    """An ISO 639-1 code for a given code ("en-US", "eng", "English"), or None if unknown."""
    if not code or not code.strip():
        return None
    language = _language_of(code)
    if language is not None:
        return language.iso_code_639_1.name.lower()
    primary = re.split(r"[-_\s]", code.strip(), maxsplit=1)[0].casefold()
    # A well-formed two-letter code lingua does not model is still a valid answer.
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None


class LanguageDetector:
    """Detects the language of a text with lingua; build once and pass it in."""

    def __init__(
        self,
        languages: Iterable[str] = DEFAULT_LANGUAGES,
        *,
        low_accuracy: bool = True,
        sample_chars: int = 200,
    ) -> None:
        codes = tuple(languages)
        resolved: list[Language] = []
        for code in codes:
            language = _language_of(code)
            if language is None:
                raise ConfigError(f"[clean] unknown language code {code!r} for the detector")
            resolved.append(language)
        if len(set(resolved)) < 2:
            raise ConfigError("[clean] the language detector needs at least two languages")
        self.codes = codes
        self.low_accuracy = low_accuracy
        # Detection cost grows with the text (about 2 µs a character); 200 characters of
        # news prose are 30-odd words, plenty for trigram models.
        self.sample_chars = sample_chars
        builder = LanguageDetectorBuilder.from_languages(*resolved)
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        self._detector = builder.build()

    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of the text's language, or None when it cannot tell."""
        sample = text[: self.sample_chars]
        if len(text) > self.sample_chars:
            # Cut at a word boundary so no half word skews the n-gram counts.
            sample = sample.rsplit(None, 1)[0]
        if not any(ch.isalpha() for ch in sample):
            return None
        language = self._detector.detect_language_of(sample)
        return None if language is None else language.iso_code_639_1.name.lower()

    # lingua's detector cannot be pickled; process pools and Spark rebuild it from codes.
    def __getstate__(self) -> dict[str, object]:
        return {
            "codes": self.codes,
            "low_accuracy": self.low_accuracy,
            "sample_chars": self.sample_chars,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        codes = state["codes"]
        sample_chars = state["sample_chars"]
        assert isinstance(codes, tuple) and isinstance(sample_chars, int)
        self.__init__(  # type: ignore[misc]
            codes, low_accuracy=bool(state["low_accuracy"]), sample_chars=sample_chars
        )
