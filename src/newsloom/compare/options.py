"""Options of the compare stage."""

from __future__ import annotations

from dataclasses import dataclass

from newsloom.errors import ConfigError

__all__ = ["CompareOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """Options of the compare stage (fact units, alignment, facts, framing)."""

    long_sentence_words: int = 28  # sentences at least this long are cut into clauses
    min_clause_words: int = 6  # a clause cut must leave this many words on each side
    embedding_weight: float = 0.55  # weight of embedding cosine in the alignment score
    lexical_weight: float = 0.45  # weight of content-word Dice overlap in the score
    entity_bonus: float = 0.05  # added when both units name a shared entity
    entity_penalty: float = 0.05  # subtracted when both name entities but share none
    align_threshold: float = 0.5  # a unit pair at or above this score is aligned
    link_threshold: float = 0.42  # a fact's units must average this score across articles
    repeat_threshold: float = 0.7  # a unit this close to a fact re-told in its own article joins it
    min_unit_words: int = 4  # shorter units (datelines, captions) never align
    omission_share: float = 0.75  # a fact this share of outlets carries ...
    omission_min_outlets: int = 3  # ... and at least this many: others omit it
    disagreement_min_score: float = 0.55  # aligned pairs this close are checked for conflicts
    negation_min_overlap: float = 0.6  # negation conflicts only between near-verbatim units
    framing_pair_score: float = 0.35  # looser unit pairs also searched for naming slots
    max_name_tokens: int = 4  # longest word swap a framing substitution may hold
    spelling_ratio: float = 85.0  # names this similar (rapidfuzz ratio) are one spelling
    min_outlet_pairs: int = 2  # a half-anchored name slot links names when this many agree
    min_framing_evidence: int = 2  # single-word referents need this many aligned slots
    min_verb_count: int = 1  # attribution verbs seen fewer times are left out

    def __post_init__(self) -> None:
        if self.embedding_weight < 0 or self.lexical_weight < 0:
            raise ConfigError("compare: embedding_weight and lexical_weight must be >= 0")
        if not 0.0 < self.align_threshold <= 1.5:
            raise ConfigError(f"compare: align_threshold {self.align_threshold} not in (0, 1.5]")
        if not 0.0 < self.omission_share <= 1.0:
            raise ConfigError(f"compare: omission_share {self.omission_share} not in (0, 1]")
        if self.long_sentence_words < 1 or self.min_clause_words < 1 or self.min_unit_words < 0:
            raise ConfigError("compare: word counts must be positive")
