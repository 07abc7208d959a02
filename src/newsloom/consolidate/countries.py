"""Country names and demonyms to ISO 3166 alpha-3 codes, built from pycountry."""

from __future__ import annotations

import re
import unicodedata

from newsloom.errors import ModelMissingError

__all__ = ["CountryTable", "fold"]

# Short forms in everyday news use that pycountry's names do not give (general knowledge).
_EXTRA_NAMES: dict[str, str] = {
    "us": "USA",
    "u.s.": "USA",
    "usa": "USA",
    "u.s.a.": "USA",
    "america": "USA",
    "uk": "GBR",
    "u.k.": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "scotland": "GBR",
    "wales": "GBR",
    "russia": "RUS",
    "turkey": "TUR",
    "turkiye": "TUR",
    "palestine": "PSE",
    "south korea": "KOR",
    "north korea": "PRK",
    "holland": "NLD",
    "ivory coast": "CIV",
    "czech republic": "CZE",
    "burma": "MMR",
    "micronesia": "FSM",
    "vatican": "VAT",
}

# Demonyms that no suffix rule derives from the country name (general knowledge).
_IRREGULAR_DEMONYMS: dict[str, str] = {
    "american": "USA",
    "british": "GBR",
    "english": "GBR",
    "scottish": "GBR",
    "welsh": "GBR",
    "briton": "GBR",
    "french": "FRA",
    "german": "DEU",
    "dutch": "NLD",
    "swiss": "CHE",
    "spanish": "ESP",
    "greek": "GRC",
    "turkish": "TUR",
    "thai": "THA",
    "filipino": "PHL",
    "danish": "DNK",
    "swedish": "SWE",
    "finnish": "FIN",
    "norwegian": "NOR",
    "polish": "POL",
    "irish": "IRL",
    "chinese": "CHN",
    "japanese": "JPN",
    "vietnamese": "VNM",
    "portuguese": "PRT",
    "lebanese": "LBN",
    "sudanese": "SDN",
    "senegalese": "SEN",
    "maltese": "MLT",
    "afghan": "AFG",
    "saudi": "SAU",
    "emirati": "ARE",
    "peruvian": "PER",
    "belgian": "BEL",
    "russian": "RUS",
    "israeli": "ISR",
    "palestinian": "PSE",
    "south korean": "KOR",
    "north korean": "PRK",
    "kiwi": "NZL",
    "czech": "CZE",
    "slovak": "SVK",
    "croat": "HRV",
    "croatian": "HRV",
    "serb": "SRB",
    "serbian": "SRB",
    "bosnian": "BIH",
    "kazakh": "KAZ",
    "uzbek": "UZB",
    "tajik": "TJK",
    "kyrgyz": "KGZ",
    "turkmen": "TKM",
    "azerbaijani": "AZE",
    "azeri": "AZE",
    "yemeni": "YEM",
    "omani": "OMN",
    "qatari": "QAT",
    "kuwaiti": "KWT",
    "bahraini": "BHR",
    "iraqi": "IRQ",
    "iranian": "IRN",
    "syrian": "SYR",
    "egyptian": "EGY",
    "libyan": "LBY",
    "moroccan": "MAR",
    "algerian": "DZA",
    "tunisian": "TUN",
    "jordanian": "JOR",
    "pakistani": "PAK",
    "indian": "IND",
    "bangladeshi": "BGD",
    "nepali": "NPL",
    "nepalese": "NPL",
    "sri lankan": "LKA",
    "indonesian": "IDN",
    "malaysian": "MYS",
    "ukrainian": "UKR",
    "venezuelan": "VEN",
    "bolivian": "BOL",
    "tanzanian": "TZA",
    "laotian": "LAO",
    "moldovan": "MDA",
    "syrian arab": "SYR",
}

# Suffixes that turn a country name into its demonym: (strip from the demonym, add back).
_DEMONYM_RULES: tuple[tuple[str, str], ...] = (
    ("ian", ""),  # Iran -> Iranian, Egypt -> Egyptian
    ("ian", "e"),  # Ukraine -> Ukrainian
    ("ian", "y"),  # Italy -> Italian
    ("ian", "a"),  # Canada -> Canadian
    ("n", ""),  # India -> Indian, Syria -> Syrian
    ("an", "o"),  # Mexico -> Mexican
    ("i", ""),  # Pakistan -> Pakistani, Iraq -> Iraqi
    ("ese", ""),  # Taiwan -> Taiwanese
    ("ese", "a"),  # China -> Chinese (listed too), Uganda -> Ugandese (harmless)
    ("ean", "e"),  # Chile -> Chilean
)

_PAREN = re.compile(r"\s*\(.*?\)\s*")


def fold(text: str) -> str:
    """Lower-case ASCII fold of ``text`` (accents dropped, curly apostrophes straightened)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


class CountryTable:
    """Maps country names, short forms and demonyms to alpha-3 codes."""

    __slots__ = ("_demonyms", "_names")

    def __init__(self, names: dict[str, str], demonyms: dict[str, str]) -> None:
        self._names = names
        self._demonyms = demonyms

    @classmethod
    def load(cls) -> CountryTable:
        """Build the table from the installed pycountry data (no network)."""
        try:
            import pycountry
        except ImportError as exc:
            raise ModelMissingError(
                f"consolidate: pycountry is not installed ({exc}); `pip install pycountry`"
            ) from exc
        names: dict[str, str] = {}
        ambiguous: set[str] = set()

        def put(name: str, code: str) -> None:
            key = fold(name)
            if not key:
                return
            if key in names and names[key] != code:
                ambiguous.add(key)
            names[key] = code

        for country in pycountry.countries:
            code = country.alpha_3
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if not value:
                    continue
                put(value, code)
                # "Iran, Islamic Republic of" and "Bolivia (Plurinational State of)" are
                # called "Iran" and "Bolivia" in the news.
                put(_PAREN.sub(" ", value.split(",")[0]), code)
        for key in ambiguous:  # "Korea" names two countries: it names neither
            names.pop(key, None)
        names.update(_EXTRA_NAMES)
        return cls(names, dict(_IRREGULAR_DEMONYMS))

    def code(self, text: str) -> str | None:
        """Alpha-3 code of a country name or demonym (``"Iran's"``, ``"Pakistani"``), if any."""
        key = fold(text)
        key = re.sub(r"^the\s+", "", key)
        key = re.sub(r"'s?$", "", key).strip(" .,;:")
        if not key:
            return None
        if key in self._names:
            return self._names[key]
        return self.demonym(key)

    def demonym(self, text: str) -> str | None:
        """Alpha-3 code when ``text`` is a demonym, by table or by suffix rule."""
        key = fold(text)
        if key.endswith("s") and key[:-1] in self._demonyms:  # "Iranians"
            key = key[:-1]
        if key in self._demonyms:
            return self._demonyms[key]
        stems = [
            key[: len(key) - len(strip)] + add
            for strip, add in _DEMONYM_RULES
            if key.endswith(strip) and len(key) - len(strip) >= 3
        ]
        # The longest stem wins: "Nigerian" is from Nigeria, not Niger.
        found = [s for s in stems if s in self._names]
        return self._names[max(found, key=len)] if found else None
