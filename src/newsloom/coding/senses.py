"""Verb senses chosen by the verb's object or complement.

Some verbs name different events by what they act on: blocking a road obstructs passage
(a protest), blocking a resolution rejects it; attacking a town is an assault, attacking
a policy is criticism; sending troops mobilises forces; raising the alert readies them
(CAMEO 15); holding people as shields coerces them; vowing to cooperate promises. The rules read the
parse only and name no actor, place or event of any corpus.
"""

from __future__ import annotations

from typing import Any

from newsloom.coding.lexicon import COMPOUND_CUES, NOUN_CUES, SECTOR_WORDS

__all__ = ["NO_EVENT", "relief_sense", "sense_by_object"]

Token = Any  # spaCy Token; typed loosely so importing needs no spaCy

# Things decided or proposed: blocking or attacking them is a political act, not a physical one.
_MEASURES = frozenset(
    "resolution proposal plan bill measure move law sale nomination appointment bid motion "
    "deal agreement accord treaty decision policy reform amendment initiative legislation "
    "vote budget request demand appeal draft".split()
)
# Words and stances: attacking them is criticism (CAMEO 111).
_STANCES = frozenset(
    "policy policies plan decision remark remarks statement comment comments stance position "
    "handling record speech proposal approach strategy idea claim claims view views "
    "rhetoric".split()
)
_BLOCKING = frozenset({"block", "obstruct", "stall"})
_VERBAL_ATTACKS = frozenset({"attack", "assail"})
# Verbs of sending forces somewhere (CAMEO 154, mobilize or increase armed forces).
_SENDING = frozenset({"send", "dispatch", "rush", "move", "station", "position", "redeploy"})
# Verbs of raising a posture, and the nouns of posture they raise (CAMEO 151-154).
_RAISING = frozenset(
    {"increase", "raise", "heighten", "boost", "bolster", "tighten", "step", "strengthen"}
)
# Verbs of adding to something: with armed forces as object they build them up (CAMEO 154).
_ADDING = _RAISING | {"expand", "double", "triple", "augment", "beef"}
# People sent to look into something: sending them is an inquiry (CAMEO 09), not troops.
_INSPECTORS = frozenset({"inspector", "investigator", "examiner", "auditor"})
# Foreign people a state lets in: admitting them allows international involvement (CAMEO
# 086, which PLOVER files under RETREAT).
_ADMITTING = frozenset({"receive", "admit", "accept", "allow", "let"})
_FOREIGN_PRESENCE = frozenset(
    {"observer", "monitor", "inspector", "peacekeeper", "peacekeeping", "mission"}
)
# Nouns of letting help through: allowing them is humanitarian access (CAMEO 086).
_ACCESS = frozenset({"delivery", "convoy", "corridor", "airlift"})
# People in need: evacuating them is humanitarian help (CAMEO 073), not a retreat.
_VICTIMS = frozenset(
    "wounded injured sick civilian refugee casualty survivor child patient victim".split()
)
# Goods of relief: handing them over is aid (CAMEO 073), whatever the verb of giving.
_RELIEF_GOODS = frozenset(
    "medicine medication drug vaccine food supply relief blanket tent grain flour rice "
    "wheat water medical aid".split()
)
_GIVING = frozenset(
    "hand give deliver donate send ship airlift fly truck distribute provide supply "
    "dispatch".split()
)
# Verbs of preventing: with a protest as object they repress it (CAMEO 175).
_PREVENTING = frozenset(
    {"prevent", "stop", "block", "halt", "ban", "forbid", "thwart", "foil", "break"}
)
# Verbs of stopping: with aid as object they withhold it (CAMEO 162).
_WITHHOLDING = frozenset({"prohibit", "ban", "halt", "suspend", "freeze", "block", "deny"})
# Verbs of shutting a border: restricting movement is CAMEO 191 (PLOVER FIGHT).
_SHUTTING = frozenset({"close", "seal", "shut"})
_POSTURES: dict[str, tuple[str, str]] = {
    "alert": ("MOBILIZE", "152"),
    "security": ("MOBILIZE", "150"),
    "patrol": ("MOBILIZE", "150"),
    "presence": ("MOBILIZE", "154"),
}
# Verbs of keeping people, and what "as" makes of the people kept (CAMEO 181, 184, 173).
_KEEPING = frozenset({"hold", "keep", "use"})
_KEPT_AS: dict[str, tuple[str, str]] = {
    "shield": ("COERCE", "184"),
    "hostage": ("COERCE", "181"),
    "captive": ("COERCE", "181"),
    "prisoner": ("COERCE", "173"),
}
# Information put out: releasing it frees nobody (CAMEO 0841 releases people).
_INFORMATION = frozenset(
    "statement report letter video footage tape data document documents email emails detail "
    "details figure figures result results list transcript record records poll survey "
    "study book album plan budget photo photos picture pictures image images audio "
    "recording recordings memo memoir film ad advertisement version text".split()
)
# Verbs whose event sense needs someone as object: recalling an envoy reduces relations,
# receiving a visitor hosts him; "recalled the visit", "received $5 million" are no events.
_PERSONAL = frozenset({"recall", "receive", "host"})
# No event: what sense_by_object returns when the object rules the event sense out.
NO_EVENT = ("", "")
# Verbs of conversation: with a partner ("talked with X", "spoke by phone") they consult.
_CONVERSING = frozenset({"talk", "speak", "chat"})
_PHONES = frozenset({"phone", "telephone"})
# Oaths: their complement says whether they promise or threaten.
_OATHS = frozenset({"vow", "swear"})


def _objects(token: Token) -> list[Token]:
    """The verb's direct objects, conjuncts included."""
    found = [c for c in token.children if c.dep_ == "dobj"]
    return found + [j for o in found for j in o.conjuncts]


def _someone(noun: Token) -> bool:
    """Whether a noun may name a person, a group or a state: a name, a people or an office."""
    return (
        noun.pos_ in ("PROPN", "PRON")
        or noun.ent_type_ in ("PERSON", "NORP", "GPE", "ORG")
        or noun.lemma_.lower() in SECTOR_WORDS
        or any(c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE") for c in noun.children)
    )


def _military(noun: Token) -> bool:
    """Whether a noun names armed forces ("troops", "warships", "battalions of troops").

    The head decides: "military and civilian personnel" are no armed force.
    """
    return SECTOR_WORDS.get(noun.lemma_.lower()) == "MIL" or any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(SECTOR_WORDS.get(o.lemma_.lower()) == "MIL" for o in c.children)
        for c in noun.children
    )


def _of_objects(nouns: list[Token]) -> list[Token]:
    """The nouns and the "of" objects of measures among them ("700 kg of medicine")."""
    found = list(nouns)
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                found.extend(o for o in child.children if o.dep_ == "pobj")
    return found


def _relief(noun: Token) -> bool:
    """Whether a noun names relief goods ("medicine", "food supplies", "medical aid")."""
    return noun.lemma_.lower() in _RELIEF_GOODS or (
        noun.lemma_.lower() in ("supply", "supplies", "good", "goods", "equipment")
        and any(c.lemma_.lower() in _RELIEF_GOODS for c in noun.children)
    )


def _access(noun: Token) -> bool:
    """Whether a noun lets help through ("the delivery of", "humanitarian access")."""
    lemma = noun.lemma_.lower()
    if lemma == "access":
        return any(c.lemma_.lower() in ("humanitarian", "aid", "relief") for c in noun.children)
    return lemma in _ACCESS


def relief_sense(lemma: str, token: Token) -> tuple[str, str] | None:
    """AID when a verb of giving has relief goods as object ("handed over medicine")."""
    if lemma in _GIVING and any(_relief(o) for o in _of_objects(_objects(token))):
        return ("AID", "073")
    return None


def _protest_noun(noun: Token) -> bool:
    """Whether a noun names a protest ("the demonstration"; no "air strike")."""
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if (child.lemma_.lower(), lemma) in COMPOUND_CUES:
            return COMPOUND_CUES[(child.lemma_.lower(), lemma)][0] == "PROTEST"
    return NOUN_CUES.get(lemma, ("", ""))[0] == "PROTEST"


def sense_by_object(
    lemma: str, token: Token, complement_cue: tuple[str, str] | None = None
) -> tuple[str, str] | None:
    """The cue a verb takes from its object or complement, or None when no rule applies.

    ``complement_cue``: the cue of the verb's infinitive complement, for oaths.
    """
    objects = _objects(token)
    heads = {o.lemma_.lower() for o in objects}
    if lemma == "call":
        clauses = [c for c in token.children if c.dep_ in ("advcl", "ccomp", "xcomp")]
        if any(m.dep_ == "mark" and m.lower_ == "for" for c in clauses for m in c.children):
            return ("DEMAND", "100")  # "calling for the US to take a stronger role"
        if clauses or any(c.dep_ == "oprd" for c in token.children):
            return NO_EVENT  # "called the system rotten", "calling Trump a fascist": naming
    if lemma == "ask" and not any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in token.children
    ):
        return NO_EVENT  # "asked if", "when asked about": a question; a request asks X to do
    if lemma in ("release", "issue") and heads and heads <= _INFORMATION:
        return NO_EVENT  # "released a statement"
    if lemma in _ADMITTING and any(
        o.lemma_.lower() in _FOREIGN_PRESENCE or _relief(o) or _access(o)
        for o in _of_objects(objects)
    ):
        # "received a mission of observers", "allowed the delivery of grain", "allowed
        # humanitarian access": international involvement let in
        return ("RETREAT", "086")
    if lemma in _PERSONAL and not any(_someone(o) for o in objects):
        return NO_EVENT  # "recalled that", "received $5 million"
    if lemma in _BLOCKING and heads & _MEASURES:
        return ("REJECT", "120")  # "blocked the resolution": no roadblock
    if lemma in _VERBAL_ATTACKS and heads and heads <= _STANCES:
        return ("DISAPPROVE", "111")  # "attacked the government's policy"
    if lemma in _SENDING and any(o.lemma_.lower() in _INSPECTORS for o in objects):
        return ("INVESTIGATE", "090")  # "dispatched inspectors to the plant"
    if lemma == "evacuate" and any(
        o.lemma_.lower() in _VICTIMS or o.lower_ in _VICTIMS for o in objects
    ):
        return ("AID", "073")  # "evacuated the wounded"
    broken_up = lemma != "break" or any(
        c.dep_ == "prt" and c.lower_ == "up" for c in token.children
    )
    if lemma in _PREVENTING and broken_up and any(_protest_noun(o) for o in objects):
        return ("COERCE", "175")  # "prevented the demonstration", "broke up the rally"
    if lemma in _SHUTTING and heads & {"border", "frontier", "crossing", "airspace"}:
        return ("FIGHT", "191")  # "closed its borders with X": movement restricted
    if lemma in _WITHHOLDING and any(
        NOUN_CUES.get(o.lemma_.lower(), ("", ""))[0] == "AID" for o in objects
    ):
        return ("SANCTION", "162")  # "prohibited all aid to X": help withheld
    if lemma in _ADDING and any(_military(o) for o in objects):
        return ("MOBILIZE", "154")  # "strengthened its forces in X"
    purpose = any(c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" for c in token.children)
    if lemma in _SENDING and not purpose and any(_military(o) for o in objects):
        # "sent troops to investigate": the purpose is the act, coded on its own
        if any(t.lower_.startswith("peacekeep") for o in objects for t in o.subtree):
            return ("AID", "0743")  # peacekeepers sent: protection given (as when they arrive)
        return ("MOBILIZE", "154")
    if lemma in _RAISING:
        if lemma == "step" and not any(
            c.dep_ == "prt" and c.lower_ == "up" for c in token.children
        ):
            return None
        for noun in objects:
            if noun.lemma_.lower() in _POSTURES:
                return _POSTURES[noun.lemma_.lower()]
    if lemma in _KEEPING and objects:  # "held the villagers as human shields"
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                for noun in prep.children:
                    if noun.dep_ == "pobj" and noun.lemma_.lower() in _KEPT_AS:
                        return _KEPT_AS[noun.lemma_.lower()]
    if lemma in _CONVERSING:  # "spoke by telephone with X", "talked with X" (no "one voice")
        for prep in (c for c in token.children if c.dep_ == "prep"):
            nouns = [o for o in prep.children if o.dep_ == "pobj"]
            if prep.lower_ in ("by", "over") and any(o.lemma_.lower() in _PHONES for o in nouns):
                return ("CONSULT", "041")
            if prep.lower_ == "with" and any(_someone(o) for o in nouns):
                return ("CONSULT", "040")
    if lemma in _OATHS and complement_cue is not None:
        cooperative = complement_cue[0] in ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID")
        cooperative = cooperative or complement_cue[0] in ("CONCEDE", "RETREAT")
        return ("AGREE", "030") if cooperative else None
    return None
