"""Event nouns derived from the cue verbs: "a warning", "its rejection", "the shelling".

News English names many acts by a noun made from the verb, after a light verb ("issued a
warning", "voiced its rejection of", "began negotiations"). Rather than listing each noun,
a noun counts as a cue when a productive nominal suffix, taken off, leaves a cue verb of
the lexicon; the noun then carries that verb's cue. A noun identical to its verb is
trusted only for a few verbs whose bare noun names the act itself ("a pledge", "a veto"):
most such nouns mean something else ("arms", "a release", "the mass", "a charge").
"""

from __future__ import annotations

import functools

from newsloom.coding.lexicon import VERB_CUES

__all__ = ["INTENT_NOUNS", "derived_noun_cue"]

# (suffix of the noun, what replaces it to give the verb), longest suffixes first per family.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("isation", "ise"),
    ("ization", "ize"),
    ("ation", "ate"),  # mediation, negotiation, collaboration
    ("ation", "e"),  # accusation
    ("ation", ""),  # condemnation, deportation
    ("ation", "y"),  # occupation
    ("ition", "ite"),  # extradition
    ("ition", "ize"),  # recognition
    ("cession", "cede"),  # concession
    ("ssion", "ss"),  # suppression, repression, discussion
    ("sion", "de"),  # invasion
    ("sion", "d"),  # suspension, extension
    ("tion", "t"),  # rejection, detention
    ("ion", "e"),  # prosecution
    ("ial", "y"),  # denial
    ("al", "e"),  # refusal
    ("al", ""),  # withdrawal
    ("ment", ""),  # commitment, imprisonment, endorsement
    ("ance", ""),  # acceptance, assistance
    ("iance", "y"),  # defiance
    ("ure", "e"),  # seizure
    ("ing", ""),  # warning, shelling, killing
    ("ing", "e"),  # sentencing, raging
)

# Cue verbs whose bare noun names the act itself ("made a pledge", "cast a veto").
_ZERO_DERIVED = frozenset(
    "pledge promise offer request veto boycott order appeal demand protest visit raid ambush "
    "massacre murder halt freeze purge rebuke censure reprimand snub".split()
)

# Nouns of intent whose infinitive says what the holder means to do ("its readiness to
# negotiate", "plans to withdraw"): CAMEO's "express intent to ..." (03) or a threat (13).
INTENT_NOUNS: frozenset[str] = frozenset(
    "willingness readiness intention intent plan desire determination resolve".split()
)


@functools.lru_cache(maxsize=4096)
def derived_noun_cue(lemma: str) -> tuple[str, str] | None:
    """The cue of the lexicon verb a noun is derived from ("rejection" -> reject), or None."""
    lemma = lemma.lower()
    if lemma in _ZERO_DERIVED and lemma in VERB_CUES:
        return VERB_CUES[lemma]
    for suffix, ending in _SUFFIXES:
        if not lemma.endswith(suffix) or len(lemma) - len(suffix) < 3:
            continue
        stem = lemma[: -len(suffix)]
        for verb in (stem + ending, _undoubled(stem) + ending if not ending else ""):
            if verb and verb in VERB_CUES:
                return VERB_CUES[verb]
    return None


def _undoubled(stem: str) -> str:
    """A stem without the consonant doubled before "-ing" ("stopp" -> "stop")."""
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        return stem[:-1]
    return stem
