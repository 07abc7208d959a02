"""Triggers: the cue verb, phrasal verb or light verb with cue noun that makes an event."""

from __future__ import annotations

from newsloom.coding.clauses import (
    ASPECTUAL,
    INTENDING,
    STANCE_ADJECTIVES,
    TRAVEL,
    Token,
    category_only,
    has_object,
    is_obliged,
    must_clause,
    that_clause,
)
from newsloom.coding.dictionaries import Dictionaries, normalise_phrase
from newsloom.coding.gazetteer import Gazetteer
from newsloom.coding.lexicon import (
    COMPLAINT_VERBS,
    COMPLEMENT_GOVERNORS,
    COMPOUND_CUES,
    LIGHT_VERBS,
    NOUN_CUES,
    OBJECT_VERBS,
    PHRASAL_CUES,
    PHRASAL_SYNONYMS,
    REDUCING_VERBS,
    REPORTING_VERBS,
    REVERSING_VERBS,
    SECTOR_WORDS,
    TRUCES,
    UNILATERAL_VERBS,
    VERB_CUES,
    plover_for_cameo,
)
from newsloom.coding.nominal import derived_noun_cue
from newsloom.coding.options import EventOptions
from newsloom.coding.senses import NO_EVENT, relief_sense, sense_by_object
from newsloom.coding.syntax import forms, lemma_of, own_phrase

# Nouns of amount or sequence whose "of" object is the real head ("a round of talks").
_PARTITIVE = frozenset(
    "day week month year hour round series wave spate number couple kind type string host "
    "lot dozen hundred thousand set part".split()
)
# Acts an order imposes on its addressee: ordering a paper to close restricts it (CAMEO 172).
_CEASING = frozenset(
    "suspend close stop halt cease leave vacate shut disband quit abandon evacuate".split()
)
# Verbs of sending whose purpose infinitive names the act ("sent experts to investigate").
_SENDING_FOR = frozenset({"send", "dispatch", "despatch"})
# Verbs that direct an act done by others: the act is the event ("ordered the arrest").
_DIRECTING = frozenset({"order", "authorize", "authorise", "approve"})
_ORDERED_ACTS = frozenset(
    {"COERCE", "MOBILIZE", "INVESTIGATE", "RETREAT", "SANCTION", "FIGHT", "ASSAULT"}
)
# Verbs of troops arriving: with peacekeepers they provide protection (CAMEO 0743).
_ARRIVING = frozenset({"arrive", "deploy", "land", "enter"})
# Verbs of an event happening: "clashes erupted", "fighting broke out", "talks took place".
_HAPPENING = frozenset({"erupt", "break", "flare", "occur", "rage", "intensify", "escalate"})
# Verbs that, with a demand as object, yield to it: "accepted demands from the rebels".
_YIELDING = frozenset(
    {"accept", "meet", "heed", "concede", "grant", "satisfy", "accede", "bow", "yield", "comply"}
)
# Nouns of punishment whose demand is a condemnation ("called for sanctions against X").
_PUNITIVE = frozenset({"SANCTION"})


class TriggerRules:
    """Finds the PLOVER/CAMEO cue of a token (a base of :class:`EventCoder`)."""

    # set by EventCoder.__init__; declared here for the rules that read them
    options: EventOptions
    dictionaries: Dictionaries | None
    gazetteer: Gazetteer

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
                if child.dep_ == "acomp" and child.lemma_.lower() in STANCE_ADJECTIVES:
                    return (*STANCE_ADJECTIVES[child.lemma_.lower()], None)
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
        if lemma in INTENDING and any(c.dep_ == "xcomp" for c in token.children):
            return None  # "sought to expand ties": an attempt; the act is the infinitive's
        if is_obliged(token):  # "said Libya must hand over": whatever the verb, a demand
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
        if lemma in ASPECTUAL or happening:  # "riots against X continued": the noun is the event
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
                        c.dep_ in ("acl", "ccomp") and that_clause(c) and must_clause(c)
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
        if lemma in VERB_CUES and (lemma not in OBJECT_VERBS or has_object(token)):
            return (*VERB_CUES[lemma], None)
        if is_obliged(token):
            return ("DEMAND", "100", None)
        for child in token.children:  # "made the remarks in a meeting with X"
            if child.dep_ == "prep" and (
                child.lower_ in ("in", "during", "at")
                or (child.lower_ == "for" and lemma in TRAVEL)  # "flew to Oslo for talks"
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
                and category_only(from_dictionary[1])
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
            or not category_only(cue[1])
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
