"""Summarise stage: extractive multi-document summaries with article citations."""

from newsloom.summarise.options import SummaryOptions
from newsloom.summarise.summary import (
    Candidate,
    Summary,
    SummarySentence,
    rank_candidates,
    select_sentences,
    summarise_story,
    summarise_storyline,
)

__all__ = [
    "Candidate",
    "Summary",
    "SummaryOptions",
    "SummarySentence",
    "rank_candidates",
    "select_sentences",
    "summarise_story",
    "summarise_storyline",
]
