"""Who acted and on whom: the source and target actors of a trigger in its sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsloom.coding.actors import Actor, ActorResolver
from newsloom.coding.clauses import (
    STANCE_ADJECTIVES,
    SUBJECTS,
    TRAVEL,
    Token,
    issued_document,
    prep_objects,
    purpose_clause,
    stance_phrase,
    that_clause,
)
from newsloom.coding.lexicon import INTENT_WORDS, LANGUAGE_NOUNS, REPORTING_VERBS, SECTOR_WORDS
from newsloom.coding.nominal import INTENT_NOUNS
from newsloom.coding.syntax import lemma_of
from newsloom.coding.triggers import TriggerRules

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
# Verbs of complaint, and the prepositions of what they complain about (not to whom).
_COMPLAINING = frozenset({"complain", "protest", "object", "grumble"})
_GRIEVANCE_PREPS = frozenset({"over", "about", "against"})
# Verbs whose passive form states the subject's own stance: "is opposed to", "is committed to".
_STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "dedicate"})


@dataclass(slots=True)
class SentenceContext:
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


def _merged(heads: list[Token], ctx: SentenceContext) -> list[Actor]:
    """One actor of appositions naming one person ("Speaker of Ruritania, Dr Ana Vos")."""
    pieces = [a for h in heads for a in ctx.resolve(h)[:1]]
    if not pieces:
        return []
    best = next((a for a in pieces if not a.inferred), pieces[0])
    sector = best.sector or next((a.sector for a in pieces if a.sector), None)
    name = " ".join(a.name for a in pieces)
    return [Actor(name=name, code=best.code, sector=sector, inferred=best.inferred)]


def _inside(phrase: Token, ctx: SentenceContext) -> list[Token]:
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


class ParticipantRules(TriggerRules):
    """Resolves the sources and targets of a trigger (a base of :class:`EventCoder`)."""

    def _clause_subject(
        self, token: Token, ctx: SentenceContext | None = None
    ) -> tuple[Token | None, bool]:
        """The subject of the clause of ``token`` and whether the clause is passive."""
        current = token
        raised = False  # climbed out of an infinitive ("X was forced to withdraw")
        for _ in range(6):
            subjects = [c for c in current.children if c.dep_ in SUBJECTS]
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
                    if issued_document(current):  # "issued a statement which condemned"
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
            if current.dep_ == "acl" and issued_document(current):
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

    def _sources(self, token: Token, ctx: SentenceContext) -> tuple[list[Actor], Token | None]:
        subject, passive = self._clause_subject(token, ctx)
        if (
            not passive
            and token.dep_ == "conj"
            and not any(c.dep_ in SUBJECTS for c in token.children)
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
        ctx: SentenceContext,
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
            *(c for c in token.children if c.dep_ == "acomp" and c.lemma_ in STANCE_ADJECTIVES),
        ]
        if plover == "PROTEST":  # "blocked a road to show their anger at X": the purpose's X
            holders.extend(c for c in token.children if c.dep_ == "advcl" and purpose_clause(c))
        if cue_noun is not None and lemma_of(token) in TRAVEL:
            holders = [cue_noun]  # "flew to Oslo for talks with X": Oslo is only the venue
        for holder in holders:
            if holder is None:
                continue
            for child in holder.children:
                if child.dep_ == "dative" and child.pos_ == "ADP":  # "gave X to Y": Y
                    candidates.extend(prep_objects(child))
                elif child.dep_ in ("dobj", "dative", "iobj") and child is not cue_noun:
                    candidates.append(child)
                elif child.dep_ == "prep" and child.lower_ == "as":
                    # "denounced as a crime X's suppression of ...": a heavy object after the
                    # "as" phrase is parsed as its apposition, or as its object when owned
                    for obj in (o for o in child.children if o.dep_ == "pobj"):
                        candidates.extend(a for a in obj.children if a.dep_ == "appos")
                        if any(c.dep_ == "poss" for c in obj.children):
                            candidates.append(obj)
                elif child.dep_ == "prep" and child.lower_ == "in" and stance_phrase(child):
                    # "in defiance of X", "in protest at X": X is whom the act answers
                    grievances.extend(stance_phrase(child))
                elif child.dep_ == "prep" and complaint and child.lower_ in _GRIEVANCE_PREPS:
                    # "complained to the UN over Israeli raids": the grievance is the target,
                    # the addressee only hears it
                    grievances.extend(prep_objects(child))
                elif child.dep_ == "prep" and (
                    child.lower_ in _TARGET_PREPS
                    or (plover == "PROTEST" and child.lower_ in ("outside", "before"))
                ):  # a protest outside an embassy is aimed at the embassy's country
                    preps.extend(prep_objects(child))
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
                    or (plover in ("DEMAND", "REQUEST") and that_clause(child))
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
                        if subject.dep_ in SUBJECTS:
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

    def _attackers(self, token: Token, ctx: SentenceContext) -> list[Actor]:
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
    def _parties(token: Token, noun: Token, ctx: SentenceContext) -> list[Actor]:
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
