"""decode: text header lines, HTML extraction, record fields, and bad input as errors."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.errors import CleanError, InputError, ReadError
from newsloom.models import RawInput, RawKind
from newsloom.read import ReadOptions, decode, read_sources
from newsloom.read.headers import is_date_line, split_text_headers

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"
DATA = ROOT / "tests" / "data" / "read"
DEFAULTS = ReadOptions()


def make(kind: RawKind, payload: bytes, **meta: str) -> RawInput:
    return RawInput(origin="test-input", source_id="t", kind=kind, payload=payload, meta=meta)


def seed(prefix: str) -> RawInput:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    (item,) = read_sources([str(path)], DEFAULTS)
    assert isinstance(item, RawInput)
    return item


# --- the seed articles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "published"),
    [("000", "2025-05-27"), ("001", "2025-05-26"), ("002", "2025-05-26"), ("003", "2025-05-27")],
)
def test_seed_date_prefix_is_read_and_text_kept_whole(prefix: str, published: str) -> None:
    item = seed(prefix)
    document = decode(item, DEFAULTS)
    assert document.published == published
    assert document.headers == (f"date {published}",)
    raw_text = item.payload.decode("utf-8")
    # The article text is the file minus the "date ..." prefix, byte for byte.
    assert document.text == raw_text.lstrip()[len(f"date {published} ") :].strip("\n")
    assert document.raw_length == len(raw_text)
    assert document.raw_hash == item.content_hash
    assert document.source_id == item.source_id


def test_seed_000_text_starts_on_the_header_line() -> None:
    document = decode(seed("000"), DEFAULTS)
    assert document.text.startswith("Iran's supreme leader, Ayatollah Ali Khamenei, on Monday")
    assert "\n\nIn a series of posts shared on X" in document.text  # paragraphs kept


def test_seed_004_date_time_line_and_news_id_header() -> None:
    document = decode(seed("004"), DEFAULTS)
    assert document.published == "Jun 11, 2025, 7:16 PM"
    assert document.headers == ("Jun 11, 2025, 7:16 PM", "News ID: 85859288")
    # Everything below the headers stays for the clean stage, boilerplate included.
    assert document.text.startswith("T T\n0 Persons\n\nTags\n\nPezeshkian urges Islamic unity")
    assert "Tehran, IRNA – President Masoud Pezeshkian has called for unity" in document.text


# --- text headers ----------------------------------------------------------------------


def test_key_value_headers_map_onto_fields() -> None:
    text = (
        "Title: Harbour deal signed\nSource: Coastline Herald\nDate: May 26, 2025\n"
        "Author: Mara Lind\nURL: https://herald.example.org/deal\n\nThe deal was signed."
    )
    headers = split_text_headers(text)
    assert headers.fields == {
        "title": "Harbour deal signed",
        "outlet": "Coastline Herald",
        "published": "May 26, 2025",
        "author": "Mara Lind",
        "url": "https://herald.example.org/deal",
    }
    assert len(headers.lines) == 5
    assert headers.body == "The deal was signed."


def test_only_generic_keys_at_the_top_are_headers() -> None:
    text = "Note: this is the article\nDate: 2025-01-01\nBody."
    headers = split_text_headers(text)
    assert headers.fields == {}
    assert headers.body == text
    later = split_text_headers("2025-05-27\nFirst paragraph.\nSource: not a header here")
    assert later.fields == {"published": "2025-05-27"}
    assert later.body == "First paragraph.\nSource: not a header here"


def test_second_date_line_is_the_update() -> None:
    headers = split_text_headers("May 26, 2025\n27 May 2025 10:15\nText.")
    assert headers.fields == {"published": "May 26, 2025", "updated": "27 May 2025 10:15"}


@pytest.mark.parametrize(
    "line",
    [
        "Jun 11, 2025, 7:16 PM",
        "Jun 11, 2025, 7:16\u202fPM",
        "2025-05-27",
        "2025-05-27T10:15:00Z",
        "May 26, 2025",
        "Monday, May 26, 2025",
        "26 May 2025 14:05 GMT",
        "26/05/2025",
        "7:16 PM, June 11, 2025",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line", ["T T", "0 Persons", "Tags", "2025 was a long year", "May the best win", "3266**4353"]
)
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_date_prefix_alone_on_its_line() -> None:
    document = decode(make("text", b"date 2025-03-01\n\nFirst line.\nSecond line.\n"), DEFAULTS)
    assert (document.published, document.text) == ("2025-03-01", "First line.\nSecond line.")


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        (
            "Caf\xe9 owners \x93welcome\x94 the plan.".encode("latin-1"),
            "Café owners “welcome” the plan.",
        ),
        (codecs.BOM_UTF8 + "Zoë’s report.".encode(), "Zoë’s report."),
        ("Zoë’s report.".encode("utf-16"), "Zoë’s report."),
        (b"line one\r\nline two", "line one\nline two"),
    ],
)
def test_text_encodings(payload: bytes, text: str) -> None:
    assert decode(make("text", payload), DEFAULTS).text == text


def test_charset_from_meta_wins() -> None:
    payload = "Привет, мир.".encode("koi8-r")
    assert decode(make("text", payload, charset="koi8-r"), DEFAULTS).text == "Привет, мир."


# --- HTML ------------------------------------------------------------------------------


def test_html_page_text_and_metadata() -> None:
    payload = (DATA / "article.html").read_bytes()
    document = decode(make("html", payload, url="https://mirror.example.com/x"), DEFAULTS)
    assert document.title == "Harbour authority approves new ferry route"
    assert document.outlet == "Coastline Herald"
    assert document.published == "2024-03-14T09:30:00+01:00"
    assert document.updated == "2024-03-15T08:00:00+01:00"
    assert document.author == "Mara Lind"
    assert document.language == "en"
    assert document.url == "https://herald.example.org/2024/03/14/ferry-route"  # canonical
    assert "ending a two-year dispute over subsidies" in document.text
    assert "hospital appointments" in document.text
    assert "All rights reserved" not in document.text
    assert "Sport" not in document.text
    assert document.raw_length == len(payload.decode())


def test_html_meta_url_when_page_has_no_canonical() -> None:
    page = (
        b"<html><body><article><p>"
        + b"Enough words for a page. " * 20
        + b"</p></article></body></html>"
    )
    document = decode(make("html", page, url="https://site.example/story"), DEFAULTS)
    assert document.url == "https://site.example/story"


def test_truncated_html_gives_what_it_can() -> None:
    document = decode(make("html", (DATA / "truncated.html").read_bytes()), DEFAULTS)
    assert document.text.startswith("The council met late into the night")


@pytest.mark.parametrize("payload", [(DATA / "hollow.html").read_bytes(), b"<html></html>", b"  "])
def test_html_without_text_is_a_clean_error(payload: bytes) -> None:
    with pytest.raises(CleanError, match="no article text in HTML"):
        decode(make("html", payload), DEFAULTS)


def test_html_in_cp1252_with_meta_charset() -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body><p>'
        + "The \x93caf\xe9\x94 reopened after the floods, its owner said on Tuesday. " * 5
        + "</p></body></html>"
    ).encode("latin-1")
    assert "“café” reopened" in decode(make("html", page), DEFAULTS).text


# --- records ---------------------------------------------------------------------------


def test_record_fields() -> None:
    line = (DATA / "records.jsonl").read_bytes().split(b"\n")[0]
    document = decode(make("record", line), DEFAULTS)
    assert document.title == "Port strike ends"
    assert document.url == "https://wire.example.com/a1"
    assert document.published == "2024-02-09"
    assert document.outlet == "Wire Example"
    assert document.language == "en"
    assert document.story_key == "port-strike"
    assert document.text.startswith("Dock workers returned to work on Friday")


def test_record_field_map_renames_columns() -> None:
    options = ReadOptions(field_map={"body": "text", "headline": "title", "text": "teaser"})
    payload = json.dumps({"headline": "H", "body": "The body.", "text": "A teaser."}).encode()
    document = decode(make("record", payload), options)
    assert (document.title, document.text) == ("H", "The body.")


def test_record_html_is_extracted_and_record_fields_win() -> None:
    html = (DATA / "article.html").read_text()
    payload = json.dumps({"html": html, "title": "Given title", "published": "2024-03-13"})
    document = decode(make("record", payload.encode()), DEFAULTS)
    assert document.title == "Given title"
    assert document.published == "2024-03-13"
    assert document.outlet == "Coastline Herald"  # from the page, the record had none
    assert "ferry route" in document.text
    assert document.raw_length == len(html)


@pytest.mark.parametrize(
    ("payload", "error", "message"),
    [
        (b"[1, 2]", CleanError, "record is a JSON list, not an object"),
        (
            b'{"id": "x", "title": "T"}',
            CleanError,
            r"no non-empty 'text' or 'html' field \(fields: id, title\)",
        ),
        (b'{"text": "   "}', CleanError, "no non-empty 'text'"),
        (b'{"text": "cut', ReadError, "malformed JSON record"),
    ],
)
def test_bad_records(payload: bytes, error: type[InputError], message: str) -> None:
    with pytest.raises(error, match=message) as caught:
        decode(make("record", payload), DEFAULTS)
    assert caught.value.origin == "test-input"


def test_binary_and_empty_text_are_errors() -> None:
    with pytest.raises(ReadError, match="NUL byte"):
        decode(make("text", b"abc\x00def"), DEFAULTS)
    with pytest.raises(CleanError, match="empty text"):
        decode(make("text", b" \n "), DEFAULTS)
    with pytest.raises(CleanError, match="no article text below the 1 header lines"):
        decode(make("text", b"Jun 11, 2025, 7:16 PM\n\n"), DEFAULTS)


# --- invariants ------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(payload=st.binary(max_size=300), kind=st.sampled_from(["text", "record"]))
def test_decode_never_crashes(payload: bytes, kind: RawKind) -> None:
    try:
        document = decode(make(kind, payload), DEFAULTS)
    except InputError:
        return
    assert document.text.strip()


_BODY_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=":") | st.just(
    "\n"
)


@settings(max_examples=100, deadline=None)
@given(rest=st.text(alphabet=_BODY_CHARS, max_size=200))
def test_text_below_headers_survives_decode(rest: str) -> None:
    """Whatever follows the header lines comes back as the text, unchanged."""
    body = "x" + rest  # starts with a word, so it is no header line itself
    document = decode(make("text", f"date 2025-05-27\n{body}".encode()), DEFAULTS)
    assert document.text == body.strip("\n")
    assert document.published == "2025-05-27"
