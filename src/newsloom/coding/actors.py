"""Actors from noun phrases of a dependency parse: name, country (or IGO) code, sector."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsloom.coding.dictionaries import Dictionaries, normalise_phrase
from newsloom.coding.gazetteer import Gazetteer
from newsloom.coding.groups import group_code
from newsloom.coding.lexicon import LANGUAGE_NOUNS, SECTOR_WORDS

__all__ = ["Actor", "ActorResolver"]

Token = Any  # spaCy Token; kept loose so this module imports without spaCy

_NAME_DEPS = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "nmod",
        "flat",
        "case",
        "det",
        "nummod",
        "appos",
        "punct",
        "cc",
        "conj",
        "quantmod",
        "advmod",
        "npadvmod",
    }
)
_DROP_WORDS = frozenset({"the", "a", "an", "'s", "’s"})
_NON_COUNTRY = frozenset({"IGO", "NGO", "IMG", "MNC", "UNO", "EUR", "AFR", "ASA", "MEA", "WST"})
# Region codes of the CAMEO actor dictionaries (a group active across a region).
_REGIONS = frozenset(
    "AFR ASA EUR MEA WST SAS SEA EAF WAF NAF SAF CAS LAM EEU WEU CFR CAU BLK".split()
)
# Head nouns of named bodies (committees, associations) that belong to no state.
_BODY_HEADS = frozenset(
    {"committee", "association", "federation", "society", "foundation", "institute"}
)
# Codes too vague to keep when the words name a country: regions, and "international".
_VAGUE_CODES = _REGIONS | {"INT"}
# Old CAMEO country codes still in the actor dictionaries -> ISO 3166 alpha-3.
_LEGACY_CODES = {
    "TMP": "TLS", "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "ANG": "AGO",
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A coded actor: the words naming it, its country or IGO code, and its sector."""

    name: str
    code: str
    sector: str | None
    inferred: bool = False  # country taken from the sentence's place, not from the words


class ActorResolver:
    """Codes noun phrases as actors with the gazetteer and, when loaded, the dictionaries."""

    def __init__(self, gazetteer: Gazetteer, dictionaries: Dictionaries | None = None) -> None:
        self.gazetteer = gazetteer
        self.dictionaries = dictionaries

    # -------------------------------------------------------------- phrase pieces

    def _core(self, head: Token, exclude: frozenset[int] = frozenset()) -> list[Token]:
        """The head and the words that name it (modifiers, titles, appositions, 'of')."""
        keep: dict[int, Token] = {head.i: head}
        stack = [head]
        while stack:
            current = stack.pop()
            for child in current.children:
                if current is head and child.dep_ in ("conj", "cc"):
                    continue  # conjuncts are actors of their own
                if child.i in exclude or child.lemma_.lower() in LANGUAGE_NOUNS:
                    # words the coder moved out of this phrase (a hung subject); a language
                    # ("the use of the Russian language") names nobody
                    continue
                # "of" phrases name ("King of Morocco"); inside proper names so do others
                # ("Popular Front for the Liberation of Palestine").
                name_prep = child.dep_ == "prep" and (
                    child.lower_ == "of"
                    or (
                        child.lower_ == "for"
                        and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in child.children)
                    )
                )
                if (
                    child.dep_ in _NAME_DEPS
                    or name_prep
                    or (child.dep_ == "pobj" and current.lower_ in ("of", "for"))
                ):
                    keep[child.i] = child
                    stack.append(child)
        return sorted(keep.values(), key=lambda t: t.i)

    def _in_phrase_countries(self, head: Token) -> list[str]:
        """Countries named in 'in'/'from' phrases of the head ("rebels in the Ivory Coast")."""
        codes: list[str] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "from"):
                codes.extend(self._countries([t for t in child.subtree if t.dep_ != "prep"]))
        return codes

    def countries_in(self, tokens: list[Token]) -> list[str]:
        """Distinct country codes (not IGOs) named in a token sequence, in text order."""
        return [c for c in self._countries(tokens) if len(c) == 3 and c not in _NON_COUNTRY]

    def _countries(self, tokens: list[Token]) -> list[str]:
        """Distinct country or IGO codes named in a token sequence, longest names first."""
        words = [t.text for t in tokens]
        found: list[str] = []
        i = 0
        firsts = self.gazetteer.first_words
        while i < len(words):
            if _stance_prefixed(tokens[i]):
                i += 1  # "pro-Iranian Hizbollah", "an anti-Syria journalist": no nationality
                continue
            country = _may_start_country(tokens[i].lower_, firsts)
            if not country and tokens[i].pos_ != "PROPN":
                i += 1  # no country name, demonym or capital starts with this word
                continue
            longest = country
            if tokens[i].pos_ == "PROPN" or tokens[i].lower_ == "the":
                longest = self.gazetteer.max_words
            sizes = range(min(longest + 1, len(words) - i), 0, -1)
            if tokens[i].ent_type_ == "PERSON" and tokens[i].pos_ == "PROPN":
                # A surname is no country ("Chad Rivera", "Ana Georgia"); but the tagger also
                # takes lone country names for people ("Lanka", "Benin"): a name that is the
                # whole "person" is read as a country.
                whole = _entity_length(tokens[i])
                if (
                    not whole
                    or whole > len(words) - i
                    or any(tokens[i + k].i != tokens[i].i + k for k in range(whole))
                ):
                    i += 1
                    continue
                sizes = range(whole, whole - 1, -1)
            for size in sizes:
                if any(_stance_prefixed(t) for t in tokens[i : i + size]):
                    continue  # "the Israeli-occupied ...": the occupier is no nationality
                phrase = " ".join(words[i : i + size]).replace(" '", "'").replace(" ’", "’")
                code = self.gazetteer.country_of(phrase) if country else None
                if code is None and tokens[i].pos_ == "PROPN":
                    code = self.gazetteer.igo_code(phrase) or group_code(phrase)
                if code is None and _region_named(tokens, i, size):
                    code = self.gazetteer.region_of(phrase)
                if code:
                    if code not in found:
                        found.append(code)
                    i += size
                    break
            else:
                i += 1
        return found

    def _dictionary_code(self, tokens: list[Token], day: date | None) -> tuple[str | None, bool]:
        """The longest dictionary actor in the words, and whether only a person's name matched.

        Possessives are tried attached first ("People's Republic"), then dropped ("Israel's").
        """
        if self.dictionaries is None:
            return None, False
        kept = [t for t in tokens if t.lower_ not in ("the", "a", "an") and not _stance_prefixed(t)]
        attached: list[tuple[str, int]] = []  # (word, 0 / 1 a person's name / 2 its surname)
        for t in kept:
            if t.lower_ in ("'s", "’s") and attached:
                attached[-1] = (attached[-1][0] + "'S", attached[-1][1])
            else:
                attached.append((normalise_phrase(t.text), _person_part(t)))
        # the dictionaries spell possessives without the apostrophe ("PEOPLES_REPUBLIC")
        joined = [(w.replace("'S", "S"), person) for w, person in attached]
        dropped = [
            (normalise_phrase(t.text), _person_part(t)) for t in kept if t.lower_ not in _DROP_WORDS
        ]
        longest = min(self.dictionaries.max_actor_words, len(attached))
        for size in range(longest, 0, -1):  # the longest name in any spelling wins
            for words in (attached, joined, dropped):
                for i in range(len(words) - size + 1):
                    piece = words[i : i + size]
                    by_person = all(person for _, person in piece)
                    if by_person and not any(person == 2 for _, person in piece):
                        continue  # "Omar Hassan Bashir" is not whoever "Hassan" is
                    code = self.dictionaries.actor_code(" ".join(w for w, _ in piece), day)
                    if code:
                        return code, by_person
        return None, False

    def _sector(self, head: Token, core: list[Token]) -> str | None:
        if head.lemma_.lower() in SECTOR_WORDS:
            return SECTOR_WORDS[head.lemma_.lower()]
        if self.dictionaries is not None:
            for size in (3, 2, 1):
                for i in range(len(core) - size + 1):
                    phrase = normalise_phrase(" ".join(t.text for t in core[i : i + size]))
                    if phrase in self.dictionaries.agents:
                        return self.dictionaries.agents[phrase][:3]
        for token in reversed(core):
            if token.lemma_.lower() in SECTOR_WORDS:
                return SECTOR_WORDS[token.lemma_.lower()]
        return None

    # -------------------------------------------------------------- public

    def resolve(
        self,
        head: Token,
        *,
        day: date | None = None,
        aliases: Mapping[str, str] | None = None,
        fallback_country: str | None = None,
        place_country: str | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> list[Actor]:
        """Actors named by the noun phrase headed by ``head`` and its conjuncts.

        ``exclude``: token indices that belong to another phrase than the parse says.
        """
        if head.i in exclude:
            exclude = frozenset()  # resolving the moved phrase itself
        heads = [
            head,
            *(
                t
                for t in head.subtree
                if t.dep_ == "conj"
                and t.head.i in {h.i for h in (head, *head.conjuncts)}
                and t.i not in exclude
            ),
        ]
        actors: list[Actor] = []
        first: list[Actor] = []
        for current in dict.fromkeys(heads):
            found = self._resolve_one(
                current, day, aliases, fallback_country, place_country, exclude
            )
            if current is head:
                first = found
            elif first and _shares_modifier(head, current) and all(a.inferred for a in found):
                # "Ruritanian helicopters and tanks": the nationality covers both nouns
                name = " ".join(t.text for t in self._core(current, exclude) if not t.is_punct)
                sector = self._sector(current, [current])
                found = [Actor(name=name, code=a.code, sector=sector) for a in first[:1]]
            actors.extend(found)
        unique: dict[tuple[str, str], Actor] = {}
        for actor in actors:
            unique.setdefault((actor.code, actor.name), actor)
        return list(unique.values())

    def _resolve_one(
        self,
        head: Token,
        day: date | None,
        aliases: Mapping[str, str] | None,
        fallback_country: str | None,
        place_country: str | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> list[Actor]:
        if head.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ", "NUM", "X"):
            return []
        if head.lemma_.lower() in LANGUAGE_NOUNS:
            return []  # "the Russian language" names a language, not Russians
        core = self._core(head, exclude)
        words = [t for t in core if t.lower_ not in _DROP_WORDS and not t.is_punct]
        name = " ".join(t.text for t in words).strip()
        if not name or head.pos_ == "PRON":
            return []
        alias = _alias_for(name, aliases)
        sector = self._sector(head, core)
        code, by_person = self._dictionary_code([t for t in core if not t.is_punct], day)
        if alias is not None:
            name = alias
            alias_tokens = alias.split()
            code = code or (self._lookup_words(alias_tokens, day))
        countries = self._countries(core)
        head_country = self._country_named_by_head(head)
        paired = self._coordinated_countries(head, core)
        if head_country and not code:
            countries = [head_country]  # "Ruritania, a key Molvanian ally" is Ruritania
        elif len(paired) > 1:
            countries = paired  # "the Ruritanian and Molvanian sides of the island of X"
        if code and by_person and countries and countries[0] != code[:3]:
            # "U.N. mediator Diego Cordovez": the affiliation the sentence states wins over
            # the person's entry, which may be a past or other office
            code = None
        if any(t.lower_ == "ethnic" for t in core) and (place_country or code):
            # CAMEO codes an ethnic group by where it lives: "ethnic Albanians in Serbia"
            inside = self._in_phrase_countries(head) or [place_country or (code or "")[:3]]
            return [Actor(name=name, code=inside[0], sector=sector)]
        if code and head_country and code[:3] in _NON_COUNTRY and not by_person:
            code = head_country  # "NATO-member Ruritania" is Ruritania, not the alliance
        elif code and code[:3] in _VAGUE_CODES:
            # a region (or "international") code is the dictionary's best guess; a named
            # nationality, or a country the group is "in", is better
            named = [c for c in countries or self._in_phrase_countries(head)]
            if named and named[0] not in _NON_COUNTRY:
                code = named[0] + code[3:]
        if code and code[:3] not in _NON_COUNTRY and not by_person:
            # "Kenzo Oshima, the United Nations relief coordinator": the body an
            # apposition names is the affiliation the sentence states
            body = self._appositive_body(head, exclude)
            if body:
                code = body
        if code and code[:3] == "NGO" and self.gazetteer.igo_code(name) == "IGO":
            # the built-in list codes this body as international (IGO): one actor, one code
            # whether or not the dictionaries are loaded
            code = "IGO" + code[3:]
        if code:
            code = _LEGACY_CODES.get(code[:3], code[:3]) + code[3:]
            country, dict_sector = code[:3], code[3:6] or None
            if len(paired) > 1:
                # "Ruritanian and Molvanian envoys": one actor per coordinated nationality
                return [Actor(name=name, code=c, sector=sector or dict_sector) for c in paired]
            return [Actor(name=name, code=country, sector=sector or dict_sector)]
        if not countries:
            countries = self._in_phrase_countries(head)
        if not countries and head.pos_ == "PROPN" and head.ent_type_ in ("GPE", "LOC"):
            # a city stands for its country (CAMEO codes its people as civilians)
            place = self.gazetteer.place(" ".join(t.text for t in words))
            if place is not None and place.country and "," in place.name:
                return [Actor(name=name, code=place.country, sector=sector or "CVL")]
        if not countries and head.pos_ == "PROPN" and head.lemma_.lower() in _BODY_HEADS:
            # "the Ceasefire Violations Committee": a named body of no state is an NGO
            return [Actor(name=name, code="NGO", sector=sector)]
        if not countries and fallback_country and (sector or head.ent_type_ == "PERSON"):
            return [Actor(name=name, code=fallback_country, sector=sector, inferred=True)]
        return [Actor(name=name, code=c, sector=sector) for c in countries]

    def _appositive_body(self, head: Token, exclude: frozenset[int]) -> str | None:
        """IGO or NGO when an apposition of a person's name names an international body."""
        if head.pos_ != "PROPN" or head.ent_type_ not in ("PERSON", "GPE"):
            return None  # the tagger takes some surnames for places ("Oshima")
        if self.gazetteer.country_of(head.text):
            return None  # a country: "Liberia, the World Food Program said" is misparsed
        for child in head.children:
            if child.dep_ == "appos" and child.i not in exclude:
                codes = self._countries(self._core(child, exclude))
                if codes and codes[0] in ("IGO", "NGO"):
                    return codes[0]
        return None

    def _country_named_by_head(self, head: Token) -> str | None:
        """The country a proper-noun head names with its compounds ("North Korea")."""
        if head.pos_ != "PROPN" or head.ent_type_ in ("NORP", "PERSON"):
            return None
        start = head.i
        doc = head.doc
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
        return self.gazetteer.country_of(doc[start : head.i + 1].text)

    def _coordinated_countries(self, head: Token, core: list[Token]) -> list[str]:
        """Countries of coordinated modifiers of the head ("Ruritanian and Molvanian envoys")."""
        coordinated = next(
            (
                [t, *t.conjuncts]
                for t in core
                if t is not head and t.dep_ != "conj" and any(c.dep_ == "conj" for c in t.children)
            ),
            [],
        )
        return [c for c in self._countries(coordinated) if c not in _NON_COUNTRY]

    def _lookup_words(self, words: list[str], day: date | None) -> str | None:
        if self.dictionaries is None:
            return None
        upper = [normalise_phrase(w) for w in words]
        for size in range(min(len(upper), self.dictionaries.max_actor_words), 0, -1):
            for i in range(len(upper) - size + 1):
                code = self.dictionaries.actor_code(" ".join(upper[i : i + size]), day)
                if code:
                    return code
        return None


def _alias_for(name: str, aliases: Mapping[str, str] | None) -> str | None:
    if not aliases:
        return None
    key = name.lower().removeprefix("the ").strip()
    for phrase, full in aliases.items():
        if phrase.lower().removeprefix("the ").strip() == key:
            return full
    return None


def _person_part(token: Token) -> int:
    """0: not in a person's name; 1: in one; 2: its last word (the surname)."""
    if token.ent_type_ != "PERSON":
        return 0
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return 1 if following is not None and following.ent_iob_ == "I" else 2


_STANCE_PREFIXES = frozenset({"pro", "anti"})
_OCCUPYING = frozenset({"occupied", "controlled", "administered", "annexed"})


def _stance_prefixed(token: Token) -> bool:
    """Whether a word names a side taken or an occupier, not the phrase's nationality.

    "pro-Iranian Hizbollah", "an anti-Syria journalist", "the Israeli-occupied West Bank".
    """
    doc, i = token.doc, token.i
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in _STANCE_PREFIXES:
        return True
    if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in _OCCUPYING:
        return True
    return token.lower_.split("-")[0] in _STANCE_PREFIXES and "-" in token.text


def _may_start_country(word: str, firsts: dict[str, int]) -> int:
    """How many words a name the gazetteer knows may have when it starts with ``word``.

    0: none starts with it (its plural or possessive forms counted).
    """
    word = word.replace("’", "'")
    if word == "the":
        return 1  # the caller tries every length after "the"
    return max(firsts.get(word, 0), firsts.get(word[:-1], 0), firsts.get(word[:-2], 0))


def _shares_modifier(head: Token, conjunct: Token) -> bool:
    """Whether a bare conjunct shares the first noun's nationality ("Ruritanian X and Y")."""
    return (
        conjunct.pos_ == "NOUN"
        and head.pos_ == "NOUN"
        and not any(c.dep_ in ("det", "poss", "amod", "compound") for c in conjunct.children)
        and any(c.dep_ in ("amod", "compound") and c.i < head.i for c in head.children)
    )


_REGION_NOUNS = frozenset(
    "province state region territory governorate district prefecture oblast republic".split()
)


def _region_named(tokens: list[Token], i: int, size: int) -> bool:
    """Whether words read as a region's name: a place entity, or "X province" / "state of X".

    Province names are often ordinary words ("Coast", "Central"): only a place the tagger
    recognises, or one a region noun announces, stands for its country.
    """
    words = tokens[i : i + size]
    if any(t.pos_ != "PROPN" for t in words):
        return False
    end = i + size
    whole = end >= len(tokens) or tokens[end].ent_iob_ != "I"
    if whole and words[0].ent_iob_ == "B" and all(t.ent_type_ in ("GPE", "LOC") for t in words):
        return True  # the whole entity
    after = tokens[end] if end < len(tokens) else None
    before = tokens[i - 2] if i >= 2 and tokens[i - 1].lower_ == "of" else None
    return any(t is not None and t.lemma_.lower() in _REGION_NOUNS for t in (after, before))


def _entity_length(token: Token) -> int:
    """Tokens of the named entity that starts at ``token`` (0 if it starts before it)."""
    if token.ent_iob_ != "B":
        return 0
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end - token.i
