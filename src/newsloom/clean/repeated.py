"""Lines an outlet repeats across its articles (footers, promos), learned as they arrive."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

from newsloom.clean.options import CleanOptions
from newsloom.clean.text import normalise_key

__all__ = ["RepeatedLines", "line_hash"]


# The hashes of the lines seen last, per process: ingest hashes a line when cleaning (to
# look it up) and again when counting it, and outlets repeat their footers. Cleared when full.
_RECENT: dict[str, str] = {}
_RECENT_SIZE = 4096


def line_hash(line: str) -> str:
    """A stable 16-hex-digit hash of a line's normalised form (case, digits, spacing folded)."""
    digest = _RECENT.get(line)
    if digest is None:
        if len(_RECENT) >= _RECENT_SIZE:
            _RECENT.clear()
        key = normalise_key(line).encode()
        digest = _RECENT[line] = hashlib.blake2b(key, digest_size=8).hexdigest()
    return digest


class RepeatedLines:
    """Per-outlet counts of normalised line hashes, learned as articles arrive.

    ``clean_document`` only reads it. The pipeline calls
    ``observe(article.outlet, article.raw_text.splitlines())`` after cleaning each
    article, so that raw lines (also those already removed) keep being counted.
    """

    # Every PRUNE_EVERY articles of an outlet, its lines seen in under prune_share of them
    # are forgotten: most lines are seen once, and an outlet's boilerplate is in a large
    # share of its articles, so memory (and the store's table) stays bounded by the lines
    # that recur, not by the corpus.
    PRUNE_EVERY = 1000

    def __init__(self, prune_share: float = 0.05) -> None:
        self.prune_share = prune_share
        self._lines: dict[str, Counter[str]] = {}
        self._articles: Counter[str] = Counter()
        # (outlet, hash) pairs seen at least twice: the only ones a snapshot must carry
        self._recurring: set[tuple[str, str]] = set()

    def observe(self, outlet: str | None, lines: Iterable[str]) -> None:
        """Count one article's distinct lines under its outlet; unknown outlets are skipped."""
        self.observe_hashes(outlet, {line_hash(line) for line in lines if line.strip()})

    def observe_hashes(self, outlet: str | None, hashes: Iterable[str]) -> None:
        """Count one article's distinct line hashes (from ``line_hash``) under its outlet."""
        if not outlet:
            # Lines shared by articles of unknown, different outlets are wire copy, not
            # one site's template.
            return
        self._articles[outlet] += 1
        counts = self._lines.setdefault(outlet, Counter())
        for digest in set(hashes):
            counts[digest] += 1
            if counts[digest] == 2:
                self._recurring.add((outlet, digest))

    def prune(self, outlet: str | None) -> list[str]:
        """Forget the outlet's rare lines when its article count is due; the digests dropped."""
        if not outlet:
            return []
        seen = self._articles[outlet]
        if not seen or seen % self.PRUNE_EVERY:
            return []
        floor = max(2.0, self.prune_share * seen)
        counts = self._lines[outlet]
        dropped = [digest for digest, count in counts.items() if count < floor]
        for digest in dropped:
            del counts[digest]
            self._recurring.discard((outlet, digest))
        return dropped

    def snapshot(self) -> RepeatedLines:
        """A copy holding only lines seen more than once: small enough to send to workers."""
        copy = RepeatedLines(self.prune_share)
        for outlet, digest in self._recurring:
            copy._lines.setdefault(outlet, Counter())[digest] = self._lines[outlet][digest]
        copy._articles = Counter(self._articles)
        return copy

    def is_repeated(self, outlet: str | None, line: str, options: CleanOptions) -> bool:
        """Whether the line recurs in enough of the outlet's articles to be boilerplate."""
        if not outlet or outlet not in self._lines:
            return False
        seen = self._lines[outlet].get(line_hash(line), 0)
        total = self._articles[outlet]
        return seen >= options.repeated_min_articles and seen >= options.repeated_min_share * total

    def to_rows(self) -> list[tuple[str, str, int]]:
        """(outlet, line_hash, count) rows for the store, sorted."""
        return sorted(
            (outlet, digest, count)
            for outlet, counts in self._lines.items()
            for digest, count in counts.items()
        )

    def article_counts(self) -> dict[str, int]:
        """Articles observed per outlet."""
        return dict(self._articles)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str, int]],
        article_counts: Mapping[str, int],
        prune_share: float = 0.05,
    ) -> RepeatedLines:
        """Rebuild from the rows of ``to_rows`` and the counts of ``article_counts``."""
        repeated = cls(prune_share)
        for outlet, digest, count in rows:
            counts = repeated._lines.setdefault(outlet, Counter())
            counts[digest] += count
            if counts[digest] >= 2:
                repeated._recurring.add((outlet, digest))
        repeated._articles.update(dict(article_counts))
        return repeated
