"""Word lists the quote and coreference rules use: cue verbs, role nouns, pronouns."""

from __future__ import annotations

__all__ = [
    "CONTENT_NOUNS",
    "CUE_VERBS",
    "INFINITIVE_CUES",
    "PERSON_PRONOUNS",
    "PREP_CUES",
    "QUOTE_CLOSERS",
    "QUOTE_OPENERS",
    "ROLE_NOUNS",
    "STANCE_NOUNS",
]

# Lemmas of verbs that report speech, writing or stance and take the reported content as
# a clause; the broad list follows PolNeAR's and PARC's cue inventories.
CUE_VERBS: frozenset[str] = frozenset(
    """
    say tell state add note stress emphasize emphasise underline underscore write tweet post
    declare announce claim argue insist warn explain suggest acknowledge admit deny confirm
    report reveal believe think reply respond recall predict promise vow pledge assert
    maintain contend observe remark mention hope fear agree complain concede caution
    indicate show find estimate testify allege affirm reiterate highlight point ask
    wonder question conclude speculate urge demand recommend propose charge counter
    boast lament know feel expect worry doubt guess hint imply inform assure remind
    proclaim blog joke quip shout yell chant tout predict signal
    """.split()
)
# Verbs whose reported content is an infinitive ("vowed to continue").
INFINITIVE_CUES: frozenset[str] = frozenset(
    "vow pledge promise threaten refuse urge call ask plan want intend agree decline".split()
)
# Verb + preposition cues whose object is the content ("called for unity").
PREP_CUES: frozenset[tuple[str, str]] = frozenset(
    {("call", "for"), ("call", "on"), ("warn", "against"), ("warn", "of"), ("point", "to")}
)
# Nouns that, as the object of a cue verb, are themselves the content ("stressed the need for").
CONTENT_NOUNS: frozenset[str] = frozenset(
    "need importance necessity significance urgency".split()
)
# Nouns that carry a that-clause as content ("expressed hope that ...").
STANCE_NOUNS: frozenset[str] = frozenset(
    """
    hope concern regret optimism confidence belief view opinion fear satisfaction
    willingness readiness desire wish doubt conviction
    """.split()
)
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she"})
# Nouns that name a person by role ("the president", "the Leader", "Tehran's top cleric").
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    leader president minister premier chancellor king queen prince emir sheikh cleric
    ayatollah official spokesman spokeswoman spokesperson secretary chairman chairwoman
    chair director chief commander general envoy ambassador diplomat governor mayor
    senator lawmaker congressman congresswoman representative candidate nominee
    ceo founder head pope imam archbishop bishop judge attorney prosecutor lawyer
    economist analyst expert professor researcher scientist doctor officer adviser
    advisor aide negotiator politician activist author writer journalist reporter
    """.split()
)
QUOTE_OPENERS = "“„«"
QUOTE_CLOSERS = "”»"
