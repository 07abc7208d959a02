"""Rule-based within-article coreference for people: names, pronouns and role nouns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsloom.analyse.lexicon import PERSON_PRONOUNS, ROLE_NOUNS

__all__ = ["PersonIndex", "build_person_index", "np_bounds"]

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NP_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "flat", "nummod", "case"})
_DEFINITE = frozenset({"the", "this", "that"})


@dataclass(slots=True)
class _Person:
    """One person being built up while the article is read (local to one build)."""

    name: str
    keys: set[str]
    titles: set[str] = field(default_factory=set)
    gender: str | None = None  # "m" or "f" once an honorific, role noun or pronoun shows it
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class _Seen:
    """A mention already resolved, kept as a candidate antecedent."""

    person: int
    sent: int
    token: int
    subject: bool


@dataclass(frozen=True, slots=True)
class PersonIndex:
    """People named in one article and which token refers to whom."""

    names: tuple[str, ...]
    chains: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]
    token_person: dict[int, int]  # token index -> index into names

    def name_of(self, token: Token) -> str | None:
        """The canonical name ``token`` refers to, if it is part of a resolved mention."""
        person = self.token_person.get(token.i)
        return None if person is None else self.names[person]


def np_bounds(token: Token) -> tuple[int, int]:
    """Token range [first, last] of the short noun phrase headed by ``token``."""
    first = last = token.i
    for child in token.children:
        if child.dep_ in _NP_DEPS:
            first = min(first, child.left_edge.i)
            if child.i > token.i:
                last = max(last, child.right_edge.i)
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        ent = _entity_of(token)
        if ent is not None:
            first, last = min(first, ent.start), max(last, ent.end - 1)
    # A phrase never runs across a line break (headlines and bylines sit on their own lines).
    doc = token.doc
    for i in range(token.i - 1, first - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            first = i + 1
            break
    for i in range(token.i, last):
        if "\n" in doc[i].whitespace_ or "\n" in doc[i + 1].text:
            last = i
            break
    return first, last


def _entity_of(token: Token) -> Span | None:
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _key_words(words: list[str]) -> set[str]:
    return {w for w in words if w not in ROLE_NOUNS}


def build_person_index(
    doc: Doc, in_quote: list[bool], sent_of: list[int], window: int
) -> PersonIndex:
    """Resolve PERSON names, he/she and role nouns outside quotes to the people named."""
    people: list[_Person] = []
    seen: list[_Seen] = []
    token_person: dict[int, int] = {}

    def record(person: int, first: int, last: int, head: Token) -> None:
        people[person].spans.append((doc[first].idx, doc[last].idx + len(doc[last])))
        for i in range(first, last + 1):
            token_person[i] = person
        subject = head.dep_ in _SUBJECT_DEPS or (
            head.dep_ == "appos" and head.head.dep_ in _SUBJECT_DEPS
        )
        seen.append(_Seen(person=person, sent=sent_of[head.i], token=head.i, subject=subject))

    def titles_near(ent: Span) -> set[str]:
        words: set[str] = set()
        root = ent.root
        for tok in doc[root.left_edge.i : ent.start]:
            if tok.is_alpha:
                words.add(tok.lemma_.lower())
        others: list[Token] = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            others.append(root.head)
        elif root.dep_ == "pobj" and root.head.lower_ == "of" and _is_role_noun(root.head.head):
            others.append(root.head.head)  # "Leader of the Revolution Ayatollah X"
        for other in others:
            if other.ent_type_ == "PERSON":
                continue
            first, last = np_bounds(other)
            words.update(t.lemma_.lower() for t in doc[first : last + 1] if t.is_alpha)
            token_person[other.i] = -1  # placeholder: the head noun names this person too
        return words

    def add_name(ent: Span) -> None:
        words = [t.lower_ for t in ent if t.is_alpha]
        keys = _key_words(words)
        if not keys:
            return
        match = None
        for idx in range(len(people) - 1, -1, -1):
            other = people[idx].keys
            if keys <= other or other <= keys or max(keys, key=len) in other:
                match = idx
                break
        clean = " ".join(t.text for t in ent if t.is_alpha or t.text == "-" or t.is_digit)
        clean = " ".join(w for w in clean.split() if w.lower() not in {"’s", "'s"})
        if match is None:
            people.append(_Person(name=clean, keys=set(keys)))
            match = len(people) - 1
        elif len(keys) > len(people[match].keys):
            people[match].name = clean
            people[match].keys |= keys
        people[match].titles |= titles_near(ent) | {w for w in words if w in ROLE_NOUNS}
        if people[match].gender is None:
            before = doc[ent.start - 1].lower_.rstrip(".") if ent.start else ""
            people[match].gender = _gender_of_words(people[match].titles | set(words) | {before})
        for i, person in list(token_person.items()):
            if person == -1:
                token_person[i] = match
        record(match, ent.start, ent.end - 1, ent.root)

    def antecedent(token: Token, titles: str | None) -> int | None:
        cur = sent_of[token.i]
        if titles is not None:
            for cand in reversed(seen):
                if titles in people[cand.person].titles:
                    return cand.person
        gender = _PRONOUN_GENDER.get(token.lower_)
        best: _Seen | None = None
        rivals: set[int] = set()
        for cand in reversed(seen):
            if cand.sent < cur - window:
                break
            if gender is not None and people[cand.person].gender not in (None, gender):
                continue  # "she" never refers back to a man known as such
            if best is not None and cand.sent != best.sent:
                break
            rivals.add(cand.person)
            if best is None or (cand.subject and not best.subject):
                best = cand
        if best is None:
            return None
        if gender is not None and len(rivals) == 1 and people[best.person].gender is None:
            # The only candidate in reach: the pronoun tells this person's gender.
            people[best.person].gender = gender
        return best.person

    ents = {ent.start: ent for ent in doc.ents if ent.label_ == "PERSON"}
    i = 0
    while i < len(doc):
        token = doc[i]
        if in_quote[i]:
            i += 1
            continue
        ent = ents.get(i)
        if ent is not None:
            words = [t.lemma_.lower() for t in ent if t.is_alpha]
            if words and not _key_words(words):
                _resolve_role(token=ent.root, words=words, antecedent=antecedent, record=record)
            else:
                add_name(ent)
            i = ent.end
            continue
        if token.is_title and token.ent_type_ != "PERSON":
            # A surname the NER missed here but tagged elsewhere ("Okafor", "Lindqvist").
            person = next(
                (n for n in range(len(people) - 1, -1, -1) if token.lower_ in people[n].keys), None
            )
            if person is not None:
                record(person, i, i, token)
                i += 1
                continue
        if token.lower_ in PERSON_PRONOUNS:
            person = antecedent(token, None)
            if person is not None:
                record(person, i, i, token)
        elif _is_role_head(token):
            person = token_person.get(i)
            if person is None or person < 0:
                appos = [c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
                if not appos:
                    person = antecedent(token, token.lemma_.lower())
            if person is not None and person >= 0:
                first, last = np_bounds(token)
                record(person, first, last, token)
        i += 1
    token_person = {k: v for k, v in token_person.items() if v >= 0}
    chains = tuple((p.name, tuple(p.spans)) for p in people)
    return PersonIndex(
        names=tuple(p.name for p in people), chains=chains, token_person=token_person
    )


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_MALE_WORDS = frozenset(
    {
        "mr",
        "mr.",
        "sir",
        "king",
        "prince",
        "spokesman",
        "chairman",
        "congressman",
        "father",
        "son",
        "brother",
        "husband",
        "lord",
        "emir",
        "sheikh",
        "pope",
        "imam",
        "ayatollah",
    }
)
_FEMALE_WORDS = frozenset(
    {
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "madam",
        "dame",
        "lady",
        "queen",
        "princess",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "assemblywoman",
        "businesswoman",
        "mother",
        "daughter",
        "sister",
        "wife",
        "first lady",
    }
)


def _gender_of_words(words: set[str]) -> str | None:
    """ "m" or "f" when an honorific or a gendered role among ``words`` says so."""
    male, female = bool(words & _MALE_WORDS), bool(words & _FEMALE_WORDS)
    return "m" if male and not female else "f" if female and not male else None


def _is_role_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in ROLE_NOUNS


def _is_role_head(token: Token) -> bool:
    """A noun naming a person by role, used as a definite description ("the president")."""
    if not _is_role_noun(token):
        return False
    if token.dep_ in ("compound", "flat", "amod") or token.ent_type_ in ("ORG", "GPE", "NORP"):
        return False
    for child in token.children:
        if child.dep_ == "poss" or (child.dep_ == "det" and child.lower_ in _DEFINITE):
            return True
    return token.is_title and token.dep_ in _SUBJECT_DEPS


def _resolve_role(
    *,
    token: Token,
    words: list[str],
    antecedent: Callable[[Token, str | None], int | None],
    record: Callable[[int, int, int, Token], None],
) -> None:
    """Resolve a PERSON-tagged span made only of role words ("the Leader") like a role noun."""
    person = antecedent(token, words[-1])
    if person is not None:
        first, last = np_bounds(token)
        record(person, first, last, token)
