"""Clause tests and word sets the trigger, participant and coding rules share."""

from __future__ import annotations

from typing import Any

from newsloom.coding.lexicon import INTENT_WORDS, REPORTING_VERBS
from newsloom.coding.syntax import lemma_of

Token = Any  # spaCy Token / Span; typed loosely so importing needs no spaCy

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Documents that speak for whoever issues them.
_DOCUMENTS = frozenset(
    "statement declaration letter resolution communique communiqué report message note "
    "appeal petition decree memorandum ultimatum bulletin release".split()
)
# People named by number alone: victims of the place where they were attacked.
_ANONYMOUS = frozenset({"people", "person", "civilian", "passer-by", "bystander"})
# Nouns after "in" that say whom an act answers: "in defiance of", "in protest at".
_ANSWERING_NOUNS = frozenset({"defiance", "protest", "retaliation", "reprisal", "opposition"})
# Verbs of travel and gathering: "returned to Geneva for talks" is a meeting.
TRAVEL = frozenset(
    "return go come travel fly head gather sit convene reconvene assemble leave converge "
    "march flock stream pour".split()
)
# Verbs whose infinitive states what the subject means to do: intent (CAMEO 03 or 13).
INTENDING = frozenset({"plan", "intend", "prepare", "hope", "want", "aim", "wish", "seek"})
# Aspectual verbs whose subject may be the event noun itself: "riots are continuing".
ASPECTUAL = frozenset({"continue", "begin", "start", "resume"})
# Adjectives of stance after "be": "X is critical of Y", "X was supportive of Y".
STANCE_ADJECTIVES: dict[str, tuple[str, str]] = {
    "critical": ("DISAPPROVE", "111"),
    "supportive": ("SUPPORT", "051"),
    "hostile": ("DISAPPROVE", "111"),
}


def obliging_clause(token: Token) -> Token | None:
    """The reported clause that states an obligation of ``token`` ("said Sudan must return").

    Climbs out of an intent adjective: in "said the US must be ready to mediate" the
    obligation is on "be"; mediating is what is demanded.
    """
    clause = token
    ready = token.head.dep_ == "acomp" and token.head.lemma_.lower() in INTENT_WORDS
    if token.dep_ == "xcomp" and ready:
        clause = token.head.head
    if (
        clause.dep_ in ("ccomp", "xcomp")
        and clause.head.lemma_.lower() in REPORTING_VERBS
        and any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children)
    ):
        return clause
    return None


def is_obliged(token: Token) -> bool:
    """Whether a complement clause states an obligation ("said Sudan must return")."""
    return obliging_clause(token) is not None


def category_only(cameo: str) -> bool:
    """Whether a CAMEO code names a whole category ("050"), not an act in it ("051")."""
    return len(cameo) == 3 and cameo.endswith("0")


def has_object(token: Token) -> bool:
    """Whether a verb has a direct object, or is passive (its subject is the object)."""
    return any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in token.children)


def names_the_place(token: Token, prep: Token) -> bool:
    """Whether a word of a locative phrase names its place ("in the town of X, Y")."""
    current = token
    while current.i != prep.i:
        if not (
            current.dep_ in ("pobj", "appos", "compound", "flat")
            or (current.dep_ == "prep" and current.lower_ == "of")
        ):
            return False  # "in a meeting with X's envoy": X is no place
        current = current.head
    return True


def anonymous_victims(token: Token) -> Token | None:
    """The object of a killing when it names people of no nationality ("23 people")."""
    for child in token.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in _ANONYMOUS:
            named = any(c.dep_ in ("amod", "compound", "poss") for c in child.children)
            return None if named else child
    return None


def is_prepared(token: Token) -> bool:
    """Whether a verb is what its subject prepares to do ("prepared to (resume) shelling")."""
    current = token
    if current.dep_ == "xcomp" and lemma_of(current.head) in ASPECTUAL:
        current = current.head
    return current.dep_ == "xcomp" and lemma_of(current.head) == "prepare"


def stance_phrase(prep: Token) -> list[Token]:
    """The objects of "in defiance of", "in protest at", "in retaliation for": whom it answers."""
    found: list[Token] = []
    for noun in prep.children:
        if noun.dep_ == "pobj" and noun.lemma_.lower() in _ANSWERING_NOUNS:
            for inner in noun.children:
                if inner.dep_ == "prep" and inner.lower_ in ("of", "at", "against", "for", "over"):
                    found.extend(prep_objects(inner))
    return found


def prep_objects(prep: Token) -> list[Token]:
    """The objects of a preposition; for one left without any by the parser, the noun after it.

    "granted asylum to five Panamanian officers holed up in X": the parser makes the
    officers the subject of "holed" and leaves "to" bare; the noun phrase that starts right
    after the preposition is still its object.
    """
    objects = [o for o in prep.children if o.dep_ == "pobj"]
    if objects or prep.i + 1 >= len(prep.doc):
        return objects
    noun = prep.doc[prep.i + 1]
    while noun.head.i != noun.i and noun.head.i > prep.i and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    return [noun] if noun.pos_ in ("NOUN", "PROPN") and noun.left_edge.i == prep.i + 1 else []


def token_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token offsets of the runs of consecutive tokens in a sorted list."""
    runs: list[tuple[int, int]] = []
    for t in tokens:
        if runs and runs[-1][1] == t.i and t.ent_iob_ != "B":
            runs[-1] = (runs[-1][0], t.i + 1)
        else:
            runs.append((t.i, t.i + 1))
    return runs


def purpose_clause(clause: Token) -> bool:
    """Whether a clause is an infinitive of purpose ("to protest", "to show their anger")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def must_clause(clause: Token) -> bool:
    """Whether a clause states an obligation with "must" or "should"."""
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children)


def that_clause(clause: Token) -> bool:
    """Whether a clause is a finite complement ("that X ease", "X must")."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) or any(
        c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children
    )


def issued_document(clause: Token) -> bool:
    """Whether a clause modifies a document its governing verb's subject put out.

    "X issued a declaration demanding ...", "sent a letter which urged ...": the document
    speaks for X.
    """
    noun = clause.head
    return (
        noun.lemma_.lower() in _DOCUMENTS
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.pos_ in ("VERB", "AUX")
        and clause.i > noun.i
    )
