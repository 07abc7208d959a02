"""Options of the summarise stage."""

from __future__ import annotations

from dataclasses import dataclass

from newsloom.errors import ConfigError

__all__ = ["SummaryOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryOptions:
    """Options of the summarise stage (consensus search, ranking bonuses, length)."""

    max_sentences: int = 5  # at most this many sentences per summary
    # Word cap; the search picks its own length below it (NeuS train: ~60 words on
    # average, near the references' median of 55; the cap sits near their 80th pct).
    max_words: int = 90
    min_sentence_words: int = 6  # shorter lines (bylines, captions) are never picked
    consensus_beta: float = 2.0  # F-beta vs the consensus bag; > 1 favours covering it
    search_pool: int = 12  # best-bonus candidates searched exhaustively (C(12, <=5) subsets)
    centrality_weight: float = 0.1  # bonus for cross-article embedding centrality (0..1)
    corroboration_weight: float = 0.1  # bonus for the share of outlets aligned to the fact
    position_weight: float = 0.1  # bonus for being early in its article (leads carry news)
    quote_penalty: float = 0.1  # minus this x the share of quoted / first-person text
    max_redundancy: float = 0.85  # two sentences this close (cosine) never both enter

    def __post_init__(self) -> None:
        if self.max_sentences < 1 or self.max_words < 1:
            raise ConfigError("summarise: max_sentences and max_words must be >= 1")
        if self.search_pool < self.max_sentences:
            raise ConfigError(
                f"summarise: search_pool {self.search_pool} < max_sentences {self.max_sentences}"
            )
        if self.consensus_beta <= 0:
            raise ConfigError(f"summarise: consensus_beta {self.consensus_beta} must be > 0")
        weights = (self.centrality_weight, self.corroboration_weight, self.position_weight)
        if min(*weights, self.quote_penalty) < 0:
            raise ConfigError("summarise: ranking weights must be >= 0")
