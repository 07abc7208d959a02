"""Canonical entities across the corpus: one record per person, organisation or place,
with the spelling variants, short forms, titles and acronyms that name it."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from newsloom.analyse import Analysis, Quote
from newsloom.consolidate.countries import CountryTable, fold
from newsloom.consolidate.names import (
    PRONOUNS,
    RoleKey,
    acronym_definitions,
    acronym_of,
    clean_surface,
    is_acronym,
    middle_initials,
    org_key,
    person_key,
    role_key,
)
from newsloom.consolidate.roles import role_spans_around
from newsloom.errors import ConfigError, InputError

__all__ = ["Entity", "EntityOptions", "EntityRegistry", "MentionKey"]

# (article_id, start, end): a span of one article's clean text.
MentionKey = tuple[str, int, int]

_PLACE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityOptions:
    """How mentions are merged into canonical entities."""

    surname_min_ratio: float = 90.0  # rapidfuzz ratio two surnames need to be one person's
    first_name_min_ratio: float = 85.0  # ... and two first names ("Mohammad"/"Mohammed" = 88)
    match_initials: bool = True  # "A. Smith" may be "Alan Smith" (same surname required)
    id_prefix: str = "en-"  # entity ids are this prefix + a hash of the first key seen
    skip_labels: frozenset[str] = frozenset(
        {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
    )  # spaCy labels that name no entity


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One canonical person, organisation, place or group across the corpus."""

    entity_id: str
    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, ... (the majority label of its mentions)
    aliases: tuple[str, ...]  # every other surface form seen, names first, then roles
    country: str | None  # ISO 3166 alpha-3, where a name, demonym or title gives it
    article_ids: tuple[str, ...]


@dataclass(slots=True)
class _State:
    """An entity being built up (private to one registry)."""

    entity_id: str
    types: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    articles: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    first_names: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    middles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Article:
    """What one article has taught so far while it is being added."""

    article_id: str
    story: str
    text: str
    links: dict[MentionKey, str] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)
    role_spans: list[tuple[int, int, str]] = field(default_factory=list)
    roles: dict[RoleKey, Counter[str]] = field(default_factory=dict)


class EntityRegistry:
    """Merges the mentions of articles, added one at a time, into canonical entities."""

    def __init__(self, options: EntityOptions, countries: CountryTable) -> None:
        if (
            not 0 <= options.first_name_min_ratio <= 100
            or not 0 <= options.surname_min_ratio <= 100
        ):
            raise ConfigError("entity options: name ratios must lie in [0, 100]")
        self.options = options
        self.countries = countries
        self._states: dict[str, _State] = {}
        self._redirect: dict[str, str] = {}
        self._by_surname: dict[str, list[str]] = {}
        self._surname_only: dict[tuple[str, str], str] = {}
        self._by_key: dict[str, str] = {}
        self._by_acronym: dict[str, str] = {}
        self._story_roles: dict[str, dict[RoleKey, Counter[str]]] = {}
        self._story_people: dict[str, dict[str, None]] = {}
        self._links: dict[MentionKey, str] = {}
        self._added: dict[str, list[MentionKey]] = {}
        # Role-phrase speakers no article of their story had explained yet, per story.
        self._pending: dict[str, list[tuple[str, tuple[int, int], RoleKey]]] = {}

    @classmethod
    def load(cls, options: EntityOptions | None = None) -> EntityRegistry:
        """An empty registry with the country table from the installed pycountry."""
        return cls(options or EntityOptions(), CountryTable.load())

    # -- public API -------------------------------------------------------------------

    def add(
        self, article_id: str, analysis: Analysis, text: str, *, story_id: str | None = None
    ) -> dict[MentionKey, str]:
        """Link the article's mentions, chain spans, role phrases and speakers to entities;
        ``story_id`` scopes short names and role phrases (default: the article alone).
        Adding the same article id again returns its links and changes nothing."""
        if article_id in self._added:  # adding an article again changes nothing
            return {key: self._resolve(self._links[key]) for key in self._added[article_id]}
        if analysis.article_id != article_id:
            raise InputError(article_id, f"analysis belongs to article {analysis.article_id!r}")
        for m in analysis.mentions:
            if text[m.start : m.end] != m.text:
                raise InputError(
                    article_id, f"mention {m.text!r} at {m.start} does not match the text"
                )
        art = _Article(article_id, story_id or article_id, text)
        self._add_people(art, analysis)
        self._add_roles(art)
        self._add_acronyms(art)
        self._add_other_mentions(art, analysis)
        self._add_speakers(art, analysis.quotes)
        self._links.update(art.links)
        self._added[article_id] = list(art.links)
        self._retry_pending(art.story)
        return {key: self._resolve(eid) for key, eid in art.links.items()}

    def entities(self) -> list[Entity]:
        """All canonical entities so far, in order of first appearance."""
        return [self._entity(s) for eid, s in self._states.items() if eid not in self._redirect]

    def links(self) -> dict[MentionKey, str]:
        """Every span linked so far, with entity ids as they stand after later merges."""
        return {key: self._resolve(eid) for key, eid in self._links.items()}

    def entity_at(self, article_id: str, start: int, end: int) -> str | None:
        """Entity id linked to exactly this span of the article, if any."""
        eid = self._links.get((article_id, start, end))
        return None if eid is None else self._resolve(eid)

    def speaker_entity(self, article_id: str, quote: Quote) -> str | None:
        """Entity id of a quote's speaker, if it was resolved."""
        if quote.speaker_start is None or quote.speaker_end is None:
            return None
        return self.entity_at(article_id, quote.speaker_start, quote.speaker_end)

    # -- entity bookkeeping -----------------------------------------------------------

    def _resolve(self, eid: str) -> str:
        while eid in self._redirect:
            eid = self._redirect[eid]
        return eid

    def _new(self, key: str) -> str:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        eid = f"{self.options.id_prefix}{digest}"
        n = 2
        while eid in self._states:  # an id is never reused, even for a rare hash clash
            eid = f"{self.options.id_prefix}{digest}-{n}"
            n += 1
        self._states[eid] = _State(eid)
        return eid

    def _note(
        self,
        art: _Article,
        eid: str,
        span: tuple[int, int],
        label: str,
        *,
        role: bool = False,
        alias: bool = True,
    ) -> str:
        """Link ``span`` to ``eid`` and record the surface form as a name or a role."""
        eid = self._resolve(eid)
        state = self._states[eid]
        surface = clean_surface(art.text[span[0] : span[1]])
        # "US" is a country, "us" a pronoun: only lower-case pronouns are not names.
        if alias and surface and not (surface.lower() in PRONOUNS and not surface.isupper()):
            (state.roles if role else state.names)[surface] += 1
        if label:
            state.types[label] += 1
        state.articles[art.article_id] = None
        art.links[(art.article_id, span[0], span[1])] = eid
        return eid

    def _merge(self, src: str, dst: str) -> None:
        src, dst = self._resolve(src), self._resolve(dst)
        if src == dst:
            return
        a, b = self._states[src], self._states[dst]
        b.types.update(a.types)
        b.names.update(a.names)
        b.roles.update(a.roles)
        b.countries.update(a.countries)
        b.articles.update(a.articles)
        b.first_names |= a.first_names
        b.surnames |= a.surnames
        b.middles |= a.middles
        self._redirect[src] = dst

    def _entity(self, s: _State) -> Entity:
        etype = s.types.most_common(1)[0][0] if s.types else "PERSON"
        forms = list(s.names) + [r for r in s.roles if r not in s.names]

        def rank(form: str) -> tuple[int, int, int]:
            # A full form beats an acronym or a bare surname; then frequency, then length.
            if etype == "PERSON":
                key = person_key(form)
                full = int(key is not None and key[0] is not None)
            else:
                full = int(not is_acronym(form))
            return (full, s.names.get(form, 0), len(form))

        name = max(s.names, key=rank) if s.names else (forms[0] if forms else s.entity_id)
        seen = {fold(name)}
        aliases: list[str] = []
        for form in sorted(s.names, key=rank, reverse=True) + [r for r, _ in s.roles.most_common()]:
            if fold(form) not in seen:
                seen.add(fold(form))
                aliases.append(form)
        country = s.countries.most_common(1)[0][0] if s.countries else None
        return Entity(
            entity_id=s.entity_id,
            name=name,
            type=etype,
            aliases=tuple(aliases),
            country=country,
            article_ids=tuple(s.articles),
        )

    # -- people -----------------------------------------------------------------------

    def _first_names_match(self, first: str, known: set[str]) -> bool:
        for other in known:
            if self.options.match_initials and (len(first) == 1 or len(other) == 1):
                if first[0] == other[0]:
                    return True
            elif fuzz.ratio(first, other) >= self.options.first_name_min_ratio:
                return True
        return False

    def _person(self, name: str, art: _Article) -> str | None:
        """The person entity a name refers to, creating it if none fits."""
        key = person_key(name)
        if key is None:
            return None
        first, last = key
        if first is None:
            return self._short_name(last, art)
        middle = middle_initials(name)
        best: tuple[float, str] | None = None
        surnames = process.extract(
            last,
            list(self._by_surname),
            scorer=fuzz.ratio,
            score_cutoff=self.options.surname_min_ratio,
            limit=None,
        )
        for surname, score, _ in surnames:
            for eid in self._by_surname[surname]:
                eid = self._resolve(eid)
                state = self._states[eid]
                fits = self._first_names_match(first, state.first_names) and (
                    not middle or not state.middles or middle in state.middles
                )  # George H. W. and George W. are two people
                if fits and (best is None or score > best[0]):
                    best = (score, eid)
        eid = best[1] if best else self._new(f"PERSON|{first} {last}")
        if best is None:
            self._by_surname.setdefault(last, []).append(eid)
        self._states[eid].first_names.add(first)
        self._states[eid].surnames.add(last)
        if middle:
            self._states[eid].middles.add(middle)
        pending = self._surname_only.pop((art.story, last), None)
        if pending is not None:  # "Smith" seen earlier in the story turns out to be Ann Smith
            self._merge(pending, eid)
        self._meet(art, eid)
        return self._resolve(eid)

    def _short_name(self, word: str, art: _Article) -> str:
        """A single name: the unique person with that surname (or first name) in the
        article, else in the story, else a story-scoped entity of its own."""
        for pool in (art.people, list(self._story_people.get(art.story, {}))):
            people = {self._resolve(e) for e in pool}
            same = [e for e in people if word in self._states[e].surnames]
            if len(same) != 1:
                same = [e for e in people if word in self._states[e].first_names]
            if len(same) == 1:
                self._meet(art, same[0])
                return same[0]
        eid = self._surname_only.get((art.story, word))
        if eid is None:
            eid = self._new(f"PERSON|{art.story}|{word}")
            self._surname_only[(art.story, word)] = eid
            self._states[eid].surnames.add(word)
        self._meet(art, eid)
        return self._resolve(eid)

    def _meet(self, art: _Article, eid: str) -> None:
        if eid not in art.people:
            art.people.append(eid)
        self._story_people.setdefault(art.story, {})[eid] = None

    def _add_people(self, art: _Article, analysis: Analysis) -> None:
        """Chains first (they carry the article's own coreference), then PERSON mentions."""
        for canonical, spans in analysis.chains:
            eid = self._person(canonical, art)
            if eid is None:
                continue
            canonical_words = set(fold(canonical).split())
            for start, end in spans:
                surface = art.text[start:end]
                words = set(fold(clean_surface(surface)).split())
                if words and words <= canonical_words | {"the"}:
                    self._note(art, eid, (start, end), "PERSON")
                    continue
                key = role_key(surface, self.countries)
                if key is not None:
                    self._note(art, eid, (start, end), "", role=True)
                    self._learn_role(art, key, eid, (start, end))
                elif fold(surface) in PRONOUNS:
                    self._note(art, eid, (start, end), "", alias=False)
                else:
                    # Another full name in the chain: the parse joined two people, so the
                    # name is resolved on its own; plural or generic nouns are not linked.
                    other = person_key(surface)
                    if surface[:1].isupper() and other is not None and other[0] is not None:
                        self._note(art, self._person(surface, art) or eid, (start, end), "PERSON")
        for m in analysis.mentions:
            if m.label != "PERSON" or (art.article_id, m.start, m.end) in art.links:
                continue
            eid = self._person(m.text, art)
            if eid is not None:
                self._note(art, eid, (m.start, m.end), "PERSON")

    # -- roles ------------------------------------------------------------------------

    def _learn_role(self, art: _Article, key: RoleKey, eid: str, span: tuple[int, int]) -> None:
        art.roles.setdefault(key, Counter())[eid] += 1
        self._story_roles.setdefault(art.story, {}).setdefault(key, Counter())[eid] += 1
        art.role_spans.append((span[0], span[1], eid))
        if key[0] is not None:
            self._states[self._resolve(eid)].countries[key[0]] += 1

    def _add_roles(self, art: _Article) -> None:
        """Titles and appositions beside each linked personal name teach role phrases."""
        for (_, start, end), eid in list(art.links.items()):
            if self._states[self._resolve(eid)].types["PERSON"] == 0:
                continue
            if person_key(art.text[start:end]) is None:
                continue
            for rs, re_, key in role_spans_around(art.text, start, end, self.countries):
                if (art.article_id, rs, re_) not in art.links:
                    self._note(art, eid, (rs, re_), "", role=True)
                    self._learn_role(art, key, eid, (rs, re_))

    def _role_entity(self, art: _Article, key: RoleKey) -> str | None:
        """The one person a role phrase stands for in this article, else in this story."""
        country, words, head = key
        tests: list[Callable[[RoleKey], bool]]
        if country is not None:  # "French Prime Minister": that country's first
            tests = [
                lambda k: k[1] == words and k[0] == country,
                lambda k: k[2] == head and k[0] == country,
                lambda k: k[1] == words and k[0] is None,
            ]
        else:  # "the President": whoever holds that role here
            tests = [lambda k: k[1] == words, lambda k: k[2] == head]
        for table in (art.roles, self._story_roles.get(art.story, {})):
            for match in tests:
                found = {self._resolve(e) for k, votes in table.items() if match(k) for e in votes}
                if len(found) == 1:
                    return found.pop()
                if found:
                    return None  # two people share that role here: leave it unresolved
        return None

    def _retry_pending(self, story: str) -> None:
        """Link earlier role-phrase speakers that the story's newest article explains."""
        waiting = self._pending.get(story, [])
        still: list[tuple[str, tuple[int, int], RoleKey]] = []
        for article_id, span, key in waiting:
            eid = self._role_entity(_Article(article_id, story, ""), key)
            if eid is None:
                still.append((article_id, span, key))
                continue
            self._links[(article_id, *span)] = eid
            self._states[eid].articles[article_id] = None
        if waiting:
            self._pending[story] = still

    # -- organisations, places and the rest ----------------------------------------------

    def _keyed(
        self, key: str, art: _Article, span: tuple[int, int], label: str, country: str | None
    ) -> str:
        eid = self._by_key.get(key)
        if eid is None:
            eid = self._by_key[key] = self._new(key)
        eid = self._note(art, eid, span, label)
        if country is not None:
            self._states[eid].countries[country] += 1
        return eid

    def _org(self, art: _Article, span: tuple[int, int], label: str) -> str:
        surface = art.text[span[0] : span[1]]
        if is_acronym(clean_surface(surface)):
            acronym = clean_surface(surface)
            known = self._by_acronym.get(acronym)
            if known is not None:
                return self._note(art, known, span, label)
            eid = self._keyed(f"{label}|{acronym.lower()}", art, span, label, None)
            self._by_acronym[acronym] = eid
            return eid
        first_word = clean_surface(surface).split()[0] if clean_surface(surface) else ""
        country = self.countries.code(first_word) if first_word else None
        eid = self._keyed(f"{label}|{org_key(surface)}", art, span, label, country)
        initials = acronym_of(surface)
        if initials is not None:
            other = self._resolve(self._by_acronym.setdefault(initials, eid))
            if other != eid and self._states[other].names.keys() <= {initials}:
                self._merge(other, eid)  # a bare acronym seen before its expansion
                self._by_acronym[initials] = eid
        return eid

    def _add_acronyms(self, art: _Article) -> None:
        for long_span, short_span in acronym_definitions(art.text):
            eid = self._org(art, long_span, "ORG")
            acronym = art.text[short_span[0] : short_span[1]]
            known = self._by_acronym.get(acronym)
            if known is not None and self._resolve(known) != eid:
                self._merge(known, eid)
            self._by_acronym[acronym] = eid
            self._note(art, eid, short_span, "ORG")

    def _without_person_tail(self, art: _Article, span: tuple[int, int]) -> tuple[int, int] | None:
        """``span`` without a trailing personal name already linked in this article."""
        surface = art.text[span[0] : span[1]]
        for (_, start, end), eid in art.links.items():
            if (
                span[0] < start
                and end == span[1]
                and self._states[self._resolve(eid)].types["PERSON"]
            ):
                head = surface[: start - span[0]].rstrip()
                if head:
                    return span[0], span[0] + len(head)
        for eid in art.people:
            for name in self._states[self._resolve(eid)].names:
                if len(name.split()) >= 2 and surface.endswith(" " + name):
                    head = surface[: -len(name)].rstrip()
                    return span[0], span[0] + len(head)
        return None

    def _inside_role(self, art: _Article, start: int, end: int) -> str | None:
        for rs, re_, eid in art.role_spans:
            if rs <= start and end <= re_:
                return eid
        return None

    def _add_other_mentions(self, art: _Article, analysis: Analysis) -> None:
        for m in analysis.mentions:
            span = (m.start, m.end)
            if m.label in self.options.skip_labels or (art.article_id, *span) in art.links:
                continue
            surface = clean_surface(m.text)
            if not surface or m.label == "PERSON":
                continue
            code = self.countries.code(surface)
            holder = self._inside_role(art, *span)
            if holder is not None and m.label not in _PLACE_LABELS | {"NORP"} and code is None:
                # spaCy tags the title in "Chief Justice Ann ..." as an ORG: it is the person
                self._note(art, holder, span, "", alias=False)
                continue
            trimmed = self._without_person_tail(art, span)
            if trimmed is not None:  # "the Union for ... Ann Lee": the group and a person
                span, surface = trimmed, clean_surface(art.text[trimmed[0] : trimmed[1]])
            key = role_key(surface, self.countries)
            holder = self._role_entity(art, key) if key is not None and m.label != "GPE" else None
            if holder is not None:
                self._note(art, holder, span, "", role=True)
            elif m.label in _PLACE_LABELS:
                self._keyed(f"PLACE|{code or org_key(surface)}", art, span, m.label, code)
            elif m.label == "NORP":
                norp = fold(surface)
                if code is not None and self.countries.demonym(norp[:-1]) == code:
                    norp = norp[:-1]  # "Palestinians" is the group "Palestinian"
                self._keyed(f"NORP|{norp}", art, span, m.label, code)
            else:
                self._org(art, span, m.label)

    def _add_speakers(self, art: _Article, quotes: tuple[Quote, ...]) -> None:
        for q in quotes:
            if q.speaker_start is None or q.speaker_end is None or not q.speaker_text:
                continue
            span = (q.speaker_start, q.speaker_end)
            if (art.article_id, *span) in art.links:
                continue
            eid: str | None = None
            if q.speaker_name:
                eid = self._person(q.speaker_name, art)
            if eid is None:
                key = role_key(q.speaker_text, self.countries)
                if key is not None:
                    eid = self._role_entity(art, key)
                    if eid is None:  # a later article of the story may name the role holder
                        self._pending.setdefault(art.story, []).append((art.article_id, span, key))
            if eid is not None:
                role = role_key(q.speaker_text, self.countries) is not None
                name = person_key(q.speaker_text)
                state = self._states[self._resolve(eid)]
                # The analyser may resolve "officials" or "the team" to a person: only the
                # person's own names and roles become aliases.
                named = name is not None and name[1] in state.surnames | state.first_names
                self._note(
                    art, eid, span, "PERSON" if named else "", role=role, alias=role or named
                )
