"""Who published an article: outlets from URLs, datelines and bylines; wire credits."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsloom.clean.text import word_set

__all__ = [
    "Byline",
    "Dateline",
    "parse_byline",
    "parse_dateline",
    "registered_domain",
    "validate_author",
    "wire_name",
]

# News agencies whose copy other outlets republish, keyed by the lower-case ways a credit
# writes them. Short acronyms must be written in capitals to count (see wire_name).
_WIRES: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "xinhua": "Xinhua",
    "ani": "ANI",
    "pti": "PTI",
    "ians": "IANS",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "upi": "UPI",
    "bloomberg": "Bloomberg",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "wam": "WAM",
    "spa": "SPA",
    "mena": "MENA",
    "wafa": "WAFA",
    "bernama": "Bernama",
    "aap": "AAP",
    "pa": "PA",
    "press association": "PA",
    "canadian press": "CP",
    "the canadian press": "CP",
    "isna": "ISNA",
    "mehr": "Mehr",
    "tasnim": "Tasnim",
    "fars": "Fars",
    "sputnik": "Sputnik",
    "interfax": "Interfax",
    "ukrinform": "Ukrinform",
    "apa": "APA",
    "antara": "Antara",
    "pna": "PNA",
    "ptv": "PTV",
}
_WIRE_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted(map(re.escape, _WIRES), key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

# Second-level labels under which sites register (bbc.co.uk, dawn.com.pk, abc.net.au).
_SECOND_LEVEL = word_set("co com net org gov gob ac edu ne or go nic mil ltd plc gv info")
_HOST_PREFIXES = re.compile(r"^(?:www\d*|m|amp|mobile|en|english|edition)\.")


def wire_name(text: str) -> str | None:
    """The canonical name of the first news agency a credit names, or None."""
    for match in _WIRE_RE.finditer(text):
        word = match.group(1)
        # "ap", "pa", "spa" in lower case are words, not agencies.
        if len(word) <= 4 and not word.isupper() and word.casefold() not in {"efe", "dpa"}:
            continue
        return _WIRES[word.casefold()]
    return None


def registered_domain(url: str | None) -> str | None:
    """The registered domain of a URL ("https://www.bbc.co.uk/x" -> "bbc.co.uk"), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    host = host.rstrip(".")
    while _HOST_PREFIXES.match(host) and host.count(".") > 1:
        host = _HOST_PREFIXES.sub("", host, count=1)
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """The dateline opening a paragraph: place, naming agency and wire, and its length."""

    city: str
    outlet: str | None
    wire: str | None
    end: int


_CITY = r"[A-Z][A-Za-z'’.]+(?:[ -][A-Z][A-Za-z'’.]+){0,2}"
_DATELINE = re.compile(
    rf"(?P<city>{_CITY})"
    r"(?:\s*,\s*(?P<agency>[A-Z][A-Za-z&]+(?: [A-Z][A-Za-z&]+){0,2}))?"
    r"(?:\s*,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"(?:\s*\((?P<paren>[^()]{2,40})\))?"
    r"\s*[–—-]{1,2}\s+(?=\S)"
)


def _agency(text: str | None) -> tuple[str | None, str | None]:
    """(outlet, wire) named by the agency slot of a dateline."""
    if not text:
        return None, None
    wire = wire_name(text)
    if wire is not None:
        return wire, wire
    # An unknown agency counts only as an acronym ("WAFA"), never as a word ("Iran").
    if re.fullmatch(r"[A-Z]{3,10}", text):
        return text, None
    return None, None


def parse_dateline(paragraph: str) -> Dateline | None:
    """Read a dateline like "TEHRAN –", "Cairo, MENA –" or "LONDON (Reuters) -"."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    city = match.group("city")
    outlet, wire = _agency(match.group("agency"))
    if match.group("agency") and outlet is None:
        return None
    paren = match.group("paren")
    if paren:
        paren_wire = wire_name(paren)
        if paren_wire is None:
            return None
        wire = wire or paren_wire
    # A bare "Name –" opens many sentences; only capitals or a named agency make a dateline.
    if outlet is None and wire is None and not city.replace(" ", "").replace("-", "").isupper():
        return None
    return Dateline(city=city, outlet=outlet, wire=wire, end=match.end())


_JUNK_AUTHOR_WORDS = word_set(
    "email e-mail mail author authors ago hour hours minute minutes min mins sec day "
    "days week weeks updated update published posted read more follow share subscribe "
    "click here comments comment view profile image photo photos video contact "
    "twitter facebook linkedin instagram bio"
)
_NAME_CONNECTORS = word_set(
    "and & of the de da das do dos van von der den al el bin bint ibn la le du y di"
)
_DESK = re.compile(
    r"^(?P<org>.+?)\s+(?:editorial\s+|news\s+|web\s+|online\s+|digital\s+)?"
    r"(?:staff|desk|team|newsroom|bureau|reporters?|correspondents?)$",
    re.IGNORECASE,
)
_NOT_ORGS = word_set("our the a an staff web news online editorial special digital")


def validate_author(value: str | None) -> str | None:
    """A plausible author credit (names, or "Staff"-like), or None for junk."""
    if not value:
        return None
    text = re.sub(r"^\s*by\s+", "", value.strip(), flags=re.IGNORECASE)
    text = re.split(r"\s*[|•·]\s*|\s+[–—-]\s+", text)[0].strip(" ,;:.")
    if not text or len(text) > 80 or re.search(r"\d|@|https?:|www\.", text):
        return None
    tokens = re.findall(r"[^\s,]+", text)
    if not tokens or len(tokens) > 10:
        return None
    if any(token.casefold().strip(".") in _JUNK_AUTHOR_WORDS for token in tokens):
        return None
    for token in tokens:
        if token.casefold() in _NAME_CONNECTORS:
            continue
        if not token[0].isupper():
            return None
    if not tokens[0][0].isupper():
        return None
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class Byline:
    """A byline line: its author credit, and the outlet or wire it names if any."""

    author: str
    outlet: str | None
    wire: str | None


def _organisation(author: str) -> str | None:
    match = _DESK.match(author)
    if match is None:
        return None
    org = match.group("org").strip()
    words = org.split()
    if not 1 <= len(words) <= 4 or any(w.casefold() in _NOT_ORGS for w in words):
        return None
    return org if all(w[0].isupper() for w in words) else None


def parse_byline(line: str) -> Byline | None:
    """Read a byline line ("By Jane Doe", "By Post Editorial Staff", "By A and B, Reuters")."""
    match = re.match(r"^by\s+(\S.*)$", line.strip(), flags=re.IGNORECASE)
    if match is None or len(line.split()) > 14:
        return None
    rest = match.group(1)
    wire = None
    head, _, tail = rest.partition(",")
    if tail and (tail_wire := wire_name(tail)) is not None:
        wire, rest = tail_wire, head
    author = validate_author(rest)
    if author is None:
        return None
    return Byline(author=author, outlet=_organisation(author), wire=wire)
