"""Name keys: honorifics, person name keys, organisation keys, acronyms and role keys."""

from __future__ import annotations

import re

from newsloom.analyse.lexicon import ROLE_NOUNS
from newsloom.consolidate.countries import CountryTable, fold

__all__ = [
    "PRONOUNS",
    "RoleKey",
    "acronym_definitions",
    "acronym_of",
    "clean_surface",
    "is_acronym",
    "middle_initials",
    "org_key",
    "person_key",
    "role_key",
]

# Titles and honorifics that precede a personal name; stripped to reach the name itself
# (general forms of address across languages and traditions, not names).
_HONORIFICS: frozenset[str] = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    brother pope saint st king queen prince princess emir amir sultan sheikh shaikh sheik
    crown president vice prime minister premier chancellor general gen lt col colonel major
    maj capt captain adm admiral sgt sergeant sen senator rep representative gov governor
    mayor judge justice chief secretary ambassador deputy former late acting elect
    ayatollah grand hojatoleslam hojjatoleslam hujjat imam mullah maulana mawlana mufti
    haji hajji hajj seyyed seyed sayyid sayyed sayed syed sayid rabbi cardinal
    bishop archbishop patriarch metropolitan sheikha begum shri sri smt herr frau monsieur
    madame mme mlle senor senora don dona
    """.split()
)
_NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})
PRONOUNS: frozenset[str] = frozenset(
    """
    he she him her his hers himself herself they them their theirs themselves it its
    i me my we us our you your who whom whose this that these those
    """.split()
)
_DETERMINERS: frozenset[str] = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Words that stay lower case inside proper names and do not give an initial to acronyms.
_NAME_CONNECTORS: frozenset[str] = frozenset(
    {
        "of",
        "the",
        "for",
        "and",
        "on",
        "in",
        "at",
        "to",
        "de",
        "du",
        "des",
        "la",
        "le",
        "el",
        "al",
        "&",
    }
)
# British spellings reduced to one key with the US ones: (British ending, US ending).
_SPELLING: tuple[tuple[str, str], ...] = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ise", "ize"),
    ("ence", "ense"),
    ("tre", "ter"),
    ("mme", "m"),
    ("ogue", "og"),
    ("our", "or"),
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_TOKEN = re.compile(r"[^\W_][\w'\u2019.&-]*", re.UNICODE)


def clean_surface(text: str) -> str:
    """``text`` without surrounding space, a leading article or a trailing possessive."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    return _POSSESSIVE.sub("", text).strip(" ,.;:-\u2013\u2014")


def _words(text: str) -> list[str]:
    return [_POSSESSIVE.sub("", w).strip(".") for w in _TOKEN.findall(fold(text))]


def _name_words(name: str) -> list[str]:
    words = [w for w in _words(clean_surface(name)) if w]
    while words and words[0] in _HONORIFICS:
        words.pop(0)
    while words and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return words


def middle_initials(name: str) -> str:
    """Initials of the middle names of a personal name ("George H. W. Bush" -> "hw")."""
    words = _name_words(name)
    return "".join(w[0] for w in words[1:-1] for w in w.split(".") if w)


def person_key(name: str) -> tuple[str | None, str] | None:
    """``(first name, surname)`` of a personal name, honorifics and middle names dropped;
    ``(None, name)`` for a single name; ``None`` if nothing name-like is left."""
    words = _name_words(name)
    # A second honorific after a first one ("Grand Mufti Sheikh Ali ...") was popped above;
    # one inside the name ("Ali Sheikh Omar") is a middle name and ignored below.
    if not words or words[-1] in PRONOUNS:
        return None
    if len(words) == 1:
        return (None, words[0])
    return (words[0], words[-1])


def _us_spelling(word: str) -> str:
    if len(word) < 6:
        return word
    for british, american in _SPELLING:
        if word.endswith(british):
            return word[: len(word) - len(british)] + american
    return word


def org_key(name: str) -> str:
    """Spelling-neutral key of an organisation or place name ("Organisation" = "Organization")."""
    return " ".join(_us_spelling(w) for w in _words(clean_surface(name)) if w not in _DETERMINERS)


def is_acronym(text: str) -> bool:
    """True for a short all-capitals token such as ``NATO`` or ``UNHCR``."""
    text = text.strip()
    return 2 <= len(text) <= 8 and text.isupper() and text.replace("&", "").isalnum()


def acronym_of(name: str) -> str | None:
    """Initials of the capitalised words of ``name`` ("North Atlantic Treaty Organization" ->
    "NATO"), or None if it has fewer than two such words."""
    words = [w for w in re.split(r"[\s-]+", clean_surface(name)) if w]
    initials = [w[0] for w in words if w[0].isupper() and fold(w) not in _NAME_CONNECTORS]
    return "".join(initials).upper() if len(initials) >= 2 else None


# A role phrase reduced to what identifies it: (country code or None, role words, head noun).
RoleKey = tuple[str | None, str, str]


def role_key(phrase: str, countries: CountryTable) -> RoleKey | None:
    """Key of a role phrase such as "France's Prime Minister" -> ("FRA", "prime minister",
    "minister"); None if the phrase holds no role noun or abbreviation."""
    raw = [w for w in re.split(r"\s+", phrase.strip()) if w]
    country: str | None = None
    words: list[str] = []
    for w in raw:
        if countries.code(w) is not None and (country is None or not words):
            country = country or countries.code(w)
            continue
        key = _POSSESSIVE.sub("", fold(w)).strip(".,;:()")
        if key and key not in _DETERMINERS:
            words.append(key if not is_acronym(w) else w.upper())
    if not words:
        return None
    before_of = words[: words.index("of")] if "of" in words else words
    heads = [w for w in before_of if w in ROLE_NOUNS or is_acronym(w)]
    if not heads:
        return None
    return (country, " ".join(w.lower() for w in words), heads[-1].lower())


_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Z0-9&]{1,7})\)")
_LONG_IN_PARENS = re.compile(r"\b([A-Z][A-Z0-9&]{1,7})\s*\(([^()\n]{5,120})\)")


def acronym_definitions(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Spans of ``(long form, acronym)`` pairs the text defines, as in "World Health
    Organization (WHO)" or "WHO (World Health Organization)"."""
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for m in _ACRONYM_IN_PARENS.finditer(text):
        acronym = m.group(1)
        # Walk back over as many words as the acronym has letters, plus connectors.
        words = list(re.finditer(r"[^\s()]+", text[max(0, m.start() - 200) : m.start()]))
        base = max(0, m.start() - 200)
        for n in range(1, min(len(words), 3 * len(acronym)) + 1):
            first = words[-n]
            candidate = text[base + first.start() : base + words[-1].end()]
            if fold(first.group()) in _NAME_CONNECTORS:
                continue
            if acronym_of(candidate) == acronym.replace("&", ""):
                found.append(((base + first.start(), base + words[-1].end()), m.span(1)))
                break
    for m in _LONG_IN_PARENS.finditer(text):
        if acronym_of(m.group(2)) == m.group(1).replace("&", ""):
            found.append((m.span(2), m.span(1)))
    return found
