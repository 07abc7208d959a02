"""Options of the summarise stage."""

from __future__ import annotations

from dataclasses import dataclass

from newsloom.errors import ConfigError

__all__ = ["SummaryOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryOptions:
    """Options of the summarise stage (ranking, redundancy, length)."""

    max_sentences: int = 5  # at most this many sentences per summary
    max_words: int = 60  # word budget; tuned on NeuS train (see benchmarks/bench_summaries.py)
    min_sentence_words: int = 6  # shorter lines (bylines, captions) are never picked
    centrality_weight: float = 1.0  # weight of cross-article embedding centrality
    corroboration_weight: float = 0.25  # weight of the share of outlets carrying the fact
    position_weight: float = 0.3  # weight of being early in its article (leads carry news)
    support_weight: float = 0.0  # weight of the share of its words other articles also use
    quote_penalty: float = 0.3  # subtracted x the share of quoted / first-person text
    mmr_lambda: float = 0.7  # MMR trade-off: relevance vs novelty against picked sentences
    max_redundancy: float = 0.85  # a candidate this close to a picked sentence is skipped

    def __post_init__(self) -> None:
        if self.max_sentences < 1 or self.max_words < 1:
            raise ConfigError("summarise: max_sentences and max_words must be >= 1")
        if not 0.0 <= self.mmr_lambda <= 1.0:
            raise ConfigError(f"summarise: mmr_lambda {self.mmr_lambda} not in [0, 1]")
        if min(self.centrality_weight, self.corroboration_weight, self.position_weight) < 0:
            raise ConfigError("summarise: ranking weights must be >= 0")
