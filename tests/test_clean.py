"""Tests of the clean stage on the real seed articles and on synthetic edge cases."""

from __future__ import annotations

import hashlib
import pickle
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsloom.clean import (
    CleanOptions,
    LanguageDetector,
    RepeatedLines,
    clean_document,
    line_hash,
    normalise_language,
    parse_date,
    registered_domain,
    validate_author,
)
from newsloom.clean import text as text_module
from newsloom.clean.text import marks_as_spaces, normalise_key
from newsloom.errors import CleanError, ConfigError
from newsloom.models import Article, Document

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "clean"
NOW = datetime(2025, 7, 1, 12, 0)
OPTIONS = CleanOptions()


def make_document(text: str, **fields: Any) -> Document:
    """A Document as the read stage would give it, for a text and some metadata fields."""
    origin = fields.pop("origin", None) or "test.txt"
    return Document(
        raw_hash=hashlib.sha256(text.encode()).hexdigest(),
        origin=origin,
        source_id=Path(origin).stem,
        text=text,
        raw_length=len(text),
        **fields,
    )


def seed_document(prefix: str) -> Document:
    """A seed file read the way the read stage does: header date lines split off."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    published = None
    match = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", raw)
    if match:
        published, raw = match.group(1), raw[match.end() :]
    elif prefix == "004":
        published, _, raw = raw.partition("\n")
    return make_document(raw, origin=str(path), published=published)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.fixture(scope="module")
def seeds(detector: LanguageDetector) -> dict[str, Article]:
    return {
        p: clean_document(seed_document(p), OPTIONS, None, detector, now=NOW)
        for p in ("000", "001", "002", "003", "004")
    }


def lines_of(article: Article) -> list[str]:
    return [line for line in article.text.split("\n") if line]


# --- boilerplate on the seeds ---------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "boilerplate"),
    [
        ("000", "Also Read |"),
        ("000", "Iran's Supreme Leader Ayatollah Ali Khamenei's X post."),
        ("000", "Ayatollah Ali Khamenei meets with Pakistan's Prime Minister Shehbaz Sharif"),
        ("000", "(REUTERS)"),
        ("001", "Featured NewsForeign PolicyIFP Exclusive"),
        ("001", "By IFP Editorial Staff"),
        ("003", "(@khamenei_ir)"),
        ("004", "News ID"),
        ("004", "Your Comment"),
        ("004", "You are replying to"),
        ("004", "3266**4353"),
        ("004", "(left) meets Deputy Secretary General"),
    ],
)
def test_seed_boilerplate_is_removed(
    seeds: dict[str, Article], seed: str, boilerplate: str
) -> None:
    article = seeds[seed]
    assert boilerplate in article.raw_text
    assert boilerplate not in article.text


@pytest.mark.parametrize("line", ["T T", "0 Persons", "Tags"])
def test_seed_004_short_header_lines_are_removed(seeds: dict[str, Article], line: str) -> None:
    assert line in seeds["004"].raw_text.split("\n")
    assert line not in lines_of(seeds["004"])
    assert line in seeds["004"].removed_lines


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        (
            "000",
            "Iran's supreme leader, Ayatollah Ali Khamenei, on Monday urged Muslim unity and "
            "called for coordinated action between Iran and Pakistan in the face of what he "
            'described as the "Zionist regime\'s crimes" in Gaza.',
        ),
        ("000", "Sharif made the remarks in Tehran, where he arrived on the second leg"),
        ("000", "Pakistan PM Shehbaz Sharif in Tehran, talks about India"),
        ("001", "In a meeting with Pakistani Prime Minister Shehbaz Sharif"),
        ("001", "He noted, however, that current cooperation between the two countries"),
        ("002", "The Leader made the remarks in a meeting with Pakistani Prime Minister"),
        ("003", "TEHRAN – Iranian Supreme Leader Ayatollah Ali Khamenei hailed"),
        ("003", "Pakistan has never been influenced by those inducements."),
        ("004", "Tehran, IRNA – President Masoud Pezeshkian has called for unity"),
        ("004", "Mezher, for his part, thanked the Islamic Republic’s consistent"),
    ],
)
def test_seed_sentences_stay(seeds: dict[str, Article], seed: str, sentence: str) -> None:
    assert sentence in seeds[seed].text


def test_seed_000_first_paragraph_keeps_text_before_glued_caption(
    seeds: dict[str, Article],
) -> None:
    first = lines_of(seeds["000"])[0]
    assert first.startswith("Iran's supreme leader, Ayatollah Ali Khamenei, on Monday urged")
    assert first.endswith("in Gaza.")


def test_seed_002_loses_nothing(seeds: dict[str, Article]) -> None:
    assert seeds["002"].removed_lines == ()
    assert seeds["002"].text == seeds["002"].raw_text


def test_seed_titles(seeds: dict[str, Article]) -> None:
    assert seeds["001"].title == (
        "Ayatollah Khamenei calls for joint Iran–Pakistan efforts to halt Israeli crimes in Gaza"
    )
    assert seeds["004"].title == (
        "Pezeshkian urges Islamic unity to support Palestinians and counter Israel"
    )
    assert seeds["000"].title is None
    assert not seeds["001"].text.startswith("Ayatollah Khamenei calls for joint")


# --- metadata on the seeds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "published", "precision"),
    [
        ("000", "2025-05-27", "day"),
        ("001", "2025-05-26", "day"),
        ("002", "2025-05-26", "day"),
        ("003", "2025-05-27", "day"),
        ("004", "2025-06-11T19:16", "minute"),
    ],
)
def test_seed_dates(seeds: dict[str, Article], seed: str, published: str, precision: str) -> None:
    assert seeds[seed].published == published
    assert seeds[seed].published_precision == precision


def test_seed_outlets_and_wires(seeds: dict[str, Article]) -> None:
    assert (seeds["004"].outlet, seeds["004"].outlet_evidence) == ("IRNA", "dateline")
    assert (seeds["001"].outlet, seeds["001"].outlet_evidence) == ("IFP", "byline")
    assert seeds["001"].byline == "IFP Editorial Staff"
    assert seeds["000"].wire == "Reuters"
    assert seeds["000"].outlet is None  # a wire credit names the wire, not the outlet
    assert seeds["003"].outlet is None  # "TEHRAN –" is a place, not an outlet
    assert seeds["002"].outlet is None


def test_seed_language_and_ids(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert article.language == "en"
        assert article.id == article.raw_hash[:16]


def test_metadata_outlet_and_url_win_over_text() -> None:
    doc = seed_document("004")
    by_url = clean_document(
        make_document(doc.text, url="https://www.irna.ir/news/85859288/x"), OPTIONS, now=NOW
    )
    assert (by_url.outlet, by_url.outlet_evidence) == ("irna.ir", "url")
    by_meta = clean_document(
        make_document(doc.text, outlet="IRNA English", url="https://www.irna.ir/"),
        OPTIONS,
        now=NOW,
    )
    assert (by_meta.outlet, by_meta.outlet_evidence) == ("IRNA English", "metadata")


# --- a synthetic wire copy with every kind of boilerplate --------------------------------


def test_wire_copy_fixture() -> None:
    text = (DATA / "wire_copy.txt").read_text(encoding="utf-8")
    article = clean_document(make_document(text), OPTIONS, now=NOW)
    assert article.title == "Ports reopen after week-long strike as unions accept pay offer"
    assert article.byline == "Jane Doe and Omar Haddad"
    assert article.wire == "Reuters"
    assert article.outlet is None
    assert article.published is None
    assert article.updated == "2024-03-04T09:05"
    kept = lines_of(article)
    assert kept[0].startswith("ROTTERDAM (Reuters) - Europe's largest container port")
    assert kept[1].endswith("expected the backlog to clear within ten days.")
    assert kept[2].startswith("The union said members had voted")
    assert len(kept) == 3


def test_given_title_line_is_removed_and_kept_as_title() -> None:
    title = "Council approves transport budget"
    article = clean_document(make_document(f"{title}\n\n{BODY}", title=title), OPTIONS)
    assert article.title == title
    assert title not in article.text
    assert article.text == BODY.strip()


@pytest.mark.parametrize(
    "prose",
    [
        "In case you had any doubts whether or not Jane Roe (left) would start, the coach "
        "settled it on Friday.",
        "Weitz, an Academy Award (R) -nominated writer, has a proven track record.",
        "The spokesman said the photo was taken in the capital (Reuters) on a busy day and "
        "later confirmed by officials",
    ],
)
def test_prose_with_caption_like_marks_stays(prose: str) -> None:
    article = clean_document(make_document(f"{BODY}\n\n{prose}"), OPTIONS)
    assert prose in article.text


# --- the repeated-line mechanism ---------------------------------------------------------

FOOTER = "The views expressed in this piece are the writer's own and not those of Example Daily."


_TOPICS = ["budget", "schools", "housing", "transport", "parks", "libraries", "water", "police"]
_PLACES = ["north", "south", "east", "west", "harbour", "old town", "airport", "river"]


def outlet_article(number: int) -> str:
    topic, place = _TOPICS[number % 8], _PLACES[(number * 3 + 1) % 8]
    body = (
        f"The council debated {topic} in the {place} district at length before a vote, and "
        f"residents of the {place} said the {topic} plan left many questions open. "
    ) * 3
    return f"{body}\n\n{FOOTER}"


def test_repeated_footer_is_learned_per_outlet() -> None:
    repeated = RepeatedLines()
    fresh = make_document(outlet_article(99), outlet="Example Daily")
    assert FOOTER in clean_document(fresh, OPTIONS, repeated, now=NOW).text
    for number in range(6):
        doc = make_document(outlet_article(number), outlet="Example Daily")
        article = clean_document(doc, OPTIONS, repeated, now=NOW)
        repeated.observe(article.outlet, article.raw_text.splitlines())
    assert repeated.article_counts() == {"Example Daily": 6}
    learned = clean_document(fresh, OPTIONS, repeated, now=NOW)
    assert FOOTER not in learned.text
    assert FOOTER in learned.removed_lines
    assert "The council debated" in learned.text
    other = make_document(outlet_article(99), outlet="Other Times")
    assert FOOTER in clean_document(other, OPTIONS, repeated, now=NOW).text
    # The store round trip keeps what was learned.
    restored = RepeatedLines.from_rows(repeated.to_rows(), repeated.article_counts())
    assert FOOTER not in clean_document(fresh, OPTIONS, restored, now=NOW).text
    assert ("Example Daily", line_hash(FOOTER), 6) in repeated.to_rows()


def test_repeated_needs_enough_articles_and_share() -> None:
    repeated = RepeatedLines()
    for number in range(4):
        repeated.observe("Example Daily", outlet_article(number).splitlines())
    assert not repeated.is_repeated("Example Daily", FOOTER, OPTIONS)
    repeated.observe("Example Daily", outlet_article(4).splitlines())
    assert repeated.is_repeated("Example Daily", FOOTER, OPTIONS)
    for number in range(5, 30):
        repeated.observe("Example Daily", [f"Unrelated line {number}"])
    assert not repeated.is_repeated("Example Daily", FOOTER, OPTIONS)  # 5 of 30 < 0.3
    assert not repeated.is_repeated(None, FOOTER, OPTIONS)


def test_rare_lines_are_forgotten_and_boilerplate_kept(monkeypatch) -> None:
    monkeypatch.setattr(RepeatedLines, "PRUNE_EVERY", 20)
    repeated = RepeatedLines(prune_share=0.1)
    dropped: list[str] = []

    def unique(number: int) -> str:  # line_hash folds digits: spell the number in letters
        return "Unique line " + "".join(chr(97 + int(d)) for d in str(number))

    for number in range(60):
        lines = [FOOTER, unique(number)] + (["Every other"] if number % 2 else [])
        repeated.observe("Example Daily", lines)
        dropped += repeated.prune("Example Daily")
    kept = {digest for _, digest, _ in repeated.to_rows()}
    # each unique line is forgotten at the next check; lines in >= 10% of articles stay
    assert kept == {line_hash(FOOTER), line_hash("Every other")}
    assert len(dropped) == 60 and line_hash(unique(3)) in dropped
    assert repeated.is_repeated("Example Daily", FOOTER, OPTIONS)
    assert repeated.prune("Example Daily") == []  # not due again until 80 articles
    assert repeated.prune(None) == []
    assert ("Example Daily", line_hash(unique(59))) not in repeated.snapshot()._recurring


def test_repeated_lines_that_are_most_of_the_text_stay() -> None:
    repeated = RepeatedLines()
    text = outlet_article(1)
    for _ in range(6):
        repeated.observe("Example Daily", text.splitlines())
    article = clean_document(make_document(text, outlet="Example Daily"), OPTIONS, repeated)
    assert article.text == article.raw_text  # a repost of one article, left to dedup
    assert article.removed_lines == ()


def test_line_hash_folds_case_digits_and_spacing() -> None:
    assert line_hash("Comments (3)") == line_hash("comments  (12)")
    assert line_hash("Comments (3)") != line_hash("Shares (3)")


def _key_by_regex(line: str) -> str:
    """normalise_key's definition, as two regex substitutions."""
    return re.sub(r"[^\w]+", " ", re.sub(r"\d+", "0", line.casefold())).strip()


def test_normalise_key_of_ascii_follows_its_regex_definition() -> None:
    # ASCII lines take a byte-table path; every pair of ASCII characters, around words,
    # digits and runs of zeros, must key as the regexes do
    chars = [chr(code) for code in range(128)]
    for first in chars:
        for second in chars:
            for line in (first + second, f"a{first}0{second}9", f"{first}00{second}x_1 "):
                assert normalise_key(line) == _key_by_regex(line), repr(line)
    for line in ("  Read MORE: 2,500 shares!! ", "x__y 007 -- 1.5", "", " \t ", "No. 10, 0100"):
        assert normalise_key(line) == _key_by_regex(line)
    assert normalise_key("Café Ⅻ ٣٤ Straße") == _key_by_regex("Café Ⅻ ٣٤ Straße")  # not ASCII


def test_typographic_marks_key_as_spaces() -> None:
    # the marks swapped for spaces before ASCII paths hold no word character, even folded
    for mark in text_module._MARKS:
        assert not re.search(r"\w", mark.casefold()), mark
        assert not re.search(r"\w", unicodedata.normalize("NFKC", mark).casefold()), mark
        assert marks_as_spaces(f"a{mark}b") == "a b"
    for line in ("“Quoted,” she said — twice… «fin» © 2026 • ‘x’–y", "— Café ’s", "x—1–2"):
        assert normalise_key(line) == _key_by_regex(line), line
    assert line_hash("Shares — 12") == line_hash("shares 3")


# --- bylines, dates, languages, domains ---------------------------------------------------

BODY = (
    "The city council approved the new transport budget on Tuesday after a long debate, "
    "and officials said work on the two new tram lines would start early next spring. "
) * 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Email the author", None),
        ("3 hours ago", None),
        ("By Jane Doe | 3 hours ago", "Jane Doe"),
        ("Staff", "Staff"),
        ("Follow on Twitter", None),
        ("jane@example.com", None),
        ("Ahmed bin Salem and Ana de la Cruz", "Ahmed bin Salem and Ana de la Cruz"),
        ("the latest news from the region", None),
    ],
)
def test_validate_author(value: str, expected: str | None) -> None:
    assert validate_author(value) == expected


def test_junk_byline_line_is_dropped_without_a_byline() -> None:
    article = clean_document(make_document(f"By Email the author\n\n{BODY}"), OPTIONS)
    assert article.byline is None
    assert "Email the author" not in article.text
    meta = clean_document(make_document(BODY, author="2 minutes ago"), OPTIONS)
    assert meta.byline is None


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2025-05-27", "2025-05-27", "day"),
        ("2025-05-27T10:15:30Z", "2025-05-27T10:15:30", "second"),
        ("2025-05-27T10:15+04:30", "2025-05-27T05:45", "minute"),
        ("Tue, 27 May 2025 08:30:00 +0430", "2025-05-27T04:00:00", "second"),
        ("Jun 11, 2025, 7:16\u202fPM", "2025-06-11T19:16", "minute"),
        ("Monday, May 26, 2025", "2025-05-26", "day"),
        ("Published: 26 May 2025 14:05", "2025-05-26T14:05", "minute"),
        ("27 mai 2025", "2025-05-27", "day"),
        ("2025-05", "2025-05", "month"),
    ],
)
def test_parse_date(value: str, iso: str, precision: str) -> None:
    parsed = parse_date(value, OPTIONS, NOW)
    assert parsed is not None
    assert (parsed.iso, parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    "value",
    ["2025-07-04", "2025-07-03T13:00", "2031-01-01", "3 hours ago", "Tags", "", "1066-10-14"],
)
def test_future_relative_and_junk_dates_are_refused(value: str) -> None:
    assert parse_date(value, OPTIONS, NOW) is None


def test_dates_within_tolerance_are_kept_and_future_published_is_dropped() -> None:
    assert parse_date("2025-07-03", OPTIONS, NOW) is not None
    article = clean_document(make_document(BODY, published="2025-08-01"), OPTIONS, now=NOW)
    assert article.published is None and article.published_precision is None


def test_date_from_header_and_top_lines_when_published_missing() -> None:
    from_headers = clean_document(
        make_document(BODY, headers=("date 2025-05-27",)), OPTIONS, now=NOW
    )
    assert from_headers.published == "2025-05-27"
    from_text = clean_document(make_document(f"May 26, 2025\n{BODY}"), OPTIONS, now=NOW)
    assert (from_text.published, from_text.published_precision) == ("2025-05-26", "day")
    assert "May 26, 2025" not in from_text.text


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("EN-us", "en"),
        ("eng", "en"),
        ("English", "en"),
        ("fa_IR", "fa"),
        ("xx-1", "xx"),
        ("", None),
        ("klingonese", None),
    ],
)
def test_normalise_language(code: str, expected: str | None) -> None:
    assert normalise_language(code) == expected


def test_language_detection_and_given_language(detector: LanguageDetector) -> None:
    french = (
        "Le conseil municipal a approuvé mardi le nouveau budget des transports après un long "
        "débat, et les responsables ont déclaré que les travaux des deux nouvelles lignes de "
        "tramway commenceraient au début du printemps prochain."
    )
    assert clean_document(make_document(french), OPTIONS, None, detector).language == "fr"
    given = clean_document(make_document(french, language="fr-FR"), OPTIONS, None, detector)
    assert given.language == "fr"
    off = CleanOptions(detect_language=False)
    assert clean_document(make_document(french), off, None, detector).language is None
    assert detector.detect("12345 ---") is None


def test_language_detector_pickles(detector: LanguageDetector) -> None:
    clone = pickle.loads(pickle.dumps(detector))
    assert clone.detect(BODY) == "en"


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.tehrantimes.com/news/512/x", "tehrantimes.com"),
        ("http://news.bbc.co.uk/2/hi", "bbc.co.uk"),
        ("https://m.dawn.com/news/1", "dawn.com"),
        ("tribune.com.pk/story/1", "tribune.com.pk"),
        ("http://127.0.0.1:8000/a", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_registered_domain(url: str | None, domain: str | None) -> None:
    assert registered_domain(url) == domain


# --- repair, errors, options ----------------------------------------------------------------


def test_mojibake_is_repaired_and_curly_quotes_kept() -> None:
    broken = "Iranâ€™s leader said â€œunity mattersâ€\x9d on Monday.\n\n" + BODY
    article = clean_document(make_document(broken), OPTIONS)
    assert "Iran’s leader said “unity matters” on Monday." in article.text
    assert "â€" not in article.raw_text


def test_whitespace_is_normalised_and_paragraphs_kept() -> None:
    messy = (
        "First  para\u00a0line.\r\nSecond line of it.\r\n\r\n\r\n\tNext paragraph.\u200b\n" + BODY
    )
    article = clean_document(make_document(messy), CleanOptions(min_chars=0))
    assert article.raw_text.startswith("First para line.\nSecond line of it.\n\nNext paragraph.\n")


def test_too_short_text_raises_clean_error() -> None:
    doc = make_document("Tags\n\nYour Comment\n\nA short note.", origin="feed.xml:7")
    with pytest.raises(CleanError) as info:
        clean_document(doc, OPTIONS)
    assert info.value.origin == "feed.xml:7"
    assert "under the minimum of 200" in info.value.reason
    assert clean_document(doc, CleanOptions(min_chars=5)).text == "A short note."


@pytest.mark.parametrize(
    "fields",
    [
        {"min_chars": -1},
        {"repeated_min_share": 0.0},
        {"repeated_min_articles": 0},
        {"default_timezone": "Mars/Olympus"},
    ],
)
def test_bad_options_raise_config_error(fields: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        CleanOptions(**fields)  # type: ignore[arg-type]


def test_pathological_long_line_is_quick() -> None:
    line = "By " + "x" * 50_000 + " (" + "y" * 70 + ". " + "—" * 5_000
    article = clean_document(make_document(line + "\n\n" + BODY), CleanOptions(min_chars=0))
    assert BODY.strip() in article.text


# --- invariants -----------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Also Read | Something else happened",
        "Your Comment",
        "T T",
        "0 Persons",
        "3266**4353",
        "Tags: a, b",
        "News ID: 42",
        "By Jane Doe",
        "By 3 hours ago",
        "Featured NewsWorld NewsOpinion",
        "Officials met in the capital. A minister speaks at the podium.(REUTERS)",
        "The minister's X post.",
        "TEHRAN – The talks went on late into the night, officials said.",
        "Jun 11, 2025, 7:16 PM",
        BODY,
        "",
    ]
)
_LINES = st.lists(st.one_of(_PIECES, st.text(max_size=80)), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_LINES, title=st.one_of(st.none(), st.text(max_size=30)))
def test_cleaning_only_removes(lines: list[str], title: str | None) -> None:
    doc = make_document("\n".join(lines), title=title, published="2025-05-27")
    try:
        article = clean_document(doc, CleanOptions(min_chars=0), None, None, now=NOW)
    except CleanError:
        return
    for line in article.text.split("\n"):
        assert line in article.raw_text
    assert len(article.text) <= len(article.raw_text)


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=400))
def test_arbitrary_text_raises_only_clean_error(text: str) -> None:
    try:
        clean_document(make_document(text), OPTIONS, None, None, now=NOW)
    except CleanError as exc:
        assert "under the minimum" in exc.reason
