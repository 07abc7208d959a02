"""Compare stage: which outlet carried which fact, and how each one framed the story."""

from newsloom.compare.coverage import (
    AlignedPair,
    Coverage,
    Disagreement,
    Fact,
    Omission,
    TextEmbedder,
    build_coverage,
    disagreements,
    omissions,
    unique_facts,
)
from newsloom.compare.framing import (
    Framing,
    LoadedWord,
    Substitution,
    VerbChoice,
    attribution_verbs,
    framing,
    loaded_words,
    substitutions,
)
from newsloom.compare.options import CompareOptions
from newsloom.compare.units import FactUnit, StoryArticle, split_fact_units, split_sentences

__all__ = [
    "AlignedPair",
    "CompareOptions",
    "Coverage",
    "Disagreement",
    "Fact",
    "FactUnit",
    "Framing",
    "LoadedWord",
    "Omission",
    "StoryArticle",
    "Substitution",
    "TextEmbedder",
    "VerbChoice",
    "attribution_verbs",
    "build_coverage",
    "disagreements",
    "framing",
    "loaded_words",
    "omissions",
    "split_fact_units",
    "split_sentences",
    "substitutions",
    "unique_facts",
]
