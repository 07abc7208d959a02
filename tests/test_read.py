"""read_sources: every input format, bad input as Failures, fetching from a local server."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from newsloom.errors import FetchError
from newsloom.models import Failure, RawInput
from newsloom.read import ReadOptions, decode, read_sources
from newsloom.read.fetch import check_address

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"
DATA = ROOT / "tests" / "data" / "read"
DEFAULTS = ReadOptions()
CSV_MAP = {"uid": "id", "headline": "title", "body": "text", "link": "url", "date": "published"}


def read_all(sources: list[str], options: ReadOptions = DEFAULTS) -> list[RawInput | Failure]:
    return list(read_sources(sources, options))


def by_origin(items: list[RawInput | Failure]) -> dict[str, RawInput | Failure]:
    return {item.origin: item for item in items}


def failure(item: RawInput | Failure) -> Failure:
    assert isinstance(item, Failure), item
    return item


def raw(item: RawInput | Failure) -> RawInput:
    assert isinstance(item, RawInput), item
    return item


# --- files and folders -------------------------------------------------------------


def test_seed_folder_gives_one_text_input_per_file_sorted() -> None:
    items = read_all([str(SEEDS)])
    assert [raw(item).source_id for item in items] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert {raw(item).kind for item in items} == {"text"}
    first = raw(items[0])
    assert first.payload == (SEEDS / f"{first.source_id}.txt").read_bytes()


def test_folder_recursion_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second article text.")
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / "c.txt").write_text("Third article text.")
    (tmp_path / ".hidden.txt").write_text("Not an article.")
    (tmp_path / ".git" / "config.txt").write_text("Not an article either.")
    items = read_all([str(tmp_path)])
    assert [raw(item).source_id for item in items] == ["a", "two", "c"]  # path order


def test_html_file_is_an_html_input() -> None:
    item = raw(read_all([str(DATA / "article.html")])[0])
    assert item.kind == "html"
    assert item.source_id == "article"
    assert item.payload == (DATA / "article.html").read_bytes()


def test_unknown_extension_is_sniffed_from_content(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_bytes(b"<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    (tmp_path / "note.md").write_bytes(b"Just some plain article text.")
    (tmp_path / "rows.data").write_bytes(b'{"id": "x", "text": "A record."}\n')
    kinds = {raw(item).source_id: raw(item).kind for item in read_all([str(tmp_path)])}
    assert kinds == {"note": "text", "page": "html", "x": "record"}


def test_jsonl_malformed_line_fails_alone() -> None:
    path = DATA / "records.jsonl"
    items = by_origin(read_all([str(path)]))
    lines = path.read_bytes().split(b"\n")
    first = raw(items[f"{path}:1"])
    assert (first.kind, first.source_id, first.payload) == ("record", "r1", lines[0])
    broken = failure(items[f"{path}:2"])
    assert broken.stage == "read"
    assert "line 2" in broken.reason and "Unterminated string" in broken.reason
    assert raw(items[f"{path}:3"]).source_id == "records:3"  # no id: stem and line number
    assert f"{path}:4" not in items  # a blank line is no record
    assert raw(items[f"{path}:5"]).source_id == "r4"  # no text: decode's problem, not read's
    assert "JSON array, not an object" in failure(items[f"{path}:6"]).reason


def test_jsonl_gz_is_streamed_the_same(tmp_path: Path) -> None:
    plain = DATA / "records.jsonl"
    packed = tmp_path / "records.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    expected = [(type(i).__name__, getattr(i, "payload", None)) for i in read_all([str(plain)])]
    got = [(type(i).__name__, getattr(i, "payload", None)) for i in read_all([str(packed)])]
    assert got == expected
    assert raw(read_all([str(packed)])[0]).origin == f"{packed}:1"


def test_jsonl_line_over_record_cap_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_line = json.dumps({"id": "long", "text": "x" * 5000})
    path.write_text(long_line + "\n" + json.dumps({"id": "short", "text": "ok"}) + "\n")
    items = read_all([str(path)], ReadOptions(max_record_bytes=1000))
    assert "over the 1,000-byte max_record_bytes cap" in failure(items[0]).reason
    assert raw(items[1]).source_id == "short"


def test_csv_rows_with_field_map() -> None:
    options = ReadOptions(field_map=CSV_MAP)
    path = DATA / "mapped.csv"
    items = [raw(item) for item in read_all([str(path)], options)]
    assert [(item.source_id, item.origin) for item in items] == [
        ("c1", f"{path}:2"),
        ("c2", f"{path}:5"),  # the first row's body spans lines 2-4
    ]
    row = json.loads(items[0].payload)
    assert row["headline"] == "Council approves budget"
    assert row["body"].endswith("Spending on roads rises by a tenth.")
    assert decode(items[0], options).title == "Council approves budget"


def test_tsv_rows() -> None:
    items = read_all([str(DATA / "mapped.tsv")], ReadOptions(field_map=CSV_MAP))
    assert json.loads(raw(items[0]).payload)["body"] == "A record read from a tab-separated file."


def test_rss_feed_gives_one_record_per_entry() -> None:
    items = [raw(item) for item in read_all([str(DATA / "feed.rss")])]
    assert [item.source_id for item in items] == [
        "gazette-1001",
        "https://gazette.example.net/library-hours",  # no guid: its link
    ]
    record = json.loads(items[0].payload)
    assert record["outlet"] == "Valley Gazette"
    assert record["url"] == "https://gazette.example.net/bridge-reopens"
    assert record["published"] == "Mon, 04 Mar 2024 10:00:00 GMT"
    assert "eight months of repairs" in record["html"]


def test_atom_feed_entry_fields() -> None:
    item = raw(read_all([str(DATA / "feed.atom")])[0])
    record = json.loads(item.payload)
    assert item.source_id == "urn:example:hct:42"
    assert record["published"] == "2024-06-01T07:15:00Z"
    assert record["updated"] == "2024-06-02T11:00:00Z"
    assert record["author"] == "Ines Duarte"
    assert record["outlet"] == "Hill Country Times"
    assert "contained the wildfire" in record["html"]


def warc_response(
    uri: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    """One gzip member holding one WARC/1.0 response record, written by hand."""
    http = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>\r\n"
        "WARC-Date: 2024-05-01T12:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def test_warc_gz_gives_html_responses_only(tmp_path: Path) -> None:
    page = (DATA / "article.html").read_bytes()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        warc_response("https://herald.example.org/a", page)
        + warc_response("https://herald.example.org/logo.png", b"\x89PNG\r\n", "image/png")
        + warc_response(
            "https://herald.example.org/gone", b"<html>gone</html>", status="404 Not Found"
        )
        + warc_response("https://herald.example.org/b", b"<html><body><p>Two.</p></body></html>")
    )
    items = [raw(item) for item in read_all([str(path)])]
    assert [item.meta["url"] for item in items] == [
        "https://herald.example.org/a",
        "https://herald.example.org/b",
    ]
    assert items[0].kind == "html"
    assert items[0].payload == page
    assert items[0].meta["warc_date"] == "2024-05-01T12:00:00Z"
    assert decode(items[0], DEFAULTS).outlet == "Coastline Herald"


def test_warc_record_over_cap_and_broken_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        warc_response("https://x.example/big", b"<html>" + b"a" * 5000 + b"</html>")
        + warc_response("https://x.example/small", b"<html><p>Small.</p></html>")
    )
    items = read_all([str(path)], ReadOptions(max_record_bytes=1000))
    assert "over the 1,000-byte max_record_bytes cap" in failure(items[0]).reason
    assert raw(items[1]).meta["url"] == "https://x.example/small"
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is not a WARC file at all\n" * 3)
    assert "not a readable WARC stream" in failure(read_all([str(broken)])[0]).reason


# --- standard input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kinds"),
    [
        (b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n', ["record", "record"]),
        (b"<!doctype html><html><body><p>A page.</p></body></html>", ["html"]),
        (b" date 2025-01-02 Plain article text.", ["text"]),
        (gzip.compress(b'{"id": "z", "text": "Zipped."}\n'), ["record"]),
        # a piped table: its header row names a text column
        (b'id,title,text\nc1,A title,"One, two."\nc2,B,Three.\n', ["record", "record"]),
        (b"\xef\xbb\xbfid\ttext\r\nt1\tTabbed.\r\n", ["record"]),
        (gzip.compress(b"text,outlet\nZipped row.,Herald\n"), ["record"]),
        # prose with commas, even one saying "text", stays one article
        (b"Officials said the text, a draft, was leaked.\nMore.", ["text"]),
        (b"Text, images and video of the flood were shared widely.\n", ["text"]),
    ],
)
def test_stdin_format_is_sniffed(data: bytes, kinds: list[str]) -> None:
    items = list(read_sources(["-"], DEFAULTS, stdin=io.BytesIO(data)))
    assert [raw(item).kind for item in items] == kinds
    assert raw(items[0]).origin.startswith("<stdin>")


def test_stdin_table_is_found_by_its_mapped_text_column() -> None:
    data = b"headline,body\nFirst,The first body.\nSecond,The second body.\n"
    options = ReadOptions(field_map={"body": "text", "headline": "title"})
    items = [raw(item) for item in read_sources(["-"], options, stdin=io.BytesIO(data))]
    assert [item.kind for item in items] == ["record", "record"]
    assert json.loads(items[1].payload)["body"] == "The second body."
    # without the mapping nothing names a text column: one plain-text article
    plain = [raw(item) for item in read_sources(["-"], DEFAULTS, stdin=io.BytesIO(data))]
    assert [item.kind for item in plain] == ["text"]


def test_stdin_warc_is_read_although_a_pipe_cannot_seek() -> None:
    page = (DATA / "article.html").read_bytes()
    data = warc_response("https://herald.example.org/a", page) + warc_response(
        "https://herald.example.org/b", b"<html><body><p>Two.</p></body></html>"
    )
    items = [raw(item) for item in read_sources(["-"], DEFAULTS, stdin=io.BytesIO(data))]
    assert [item.meta["url"] for item in items] == [
        "https://herald.example.org/a",
        "https://herald.example.org/b",
    ]
    assert items[0].payload == page


def test_stdin_jsonl_source_ids_and_cap() -> None:
    data = b'{"text": "no id"}\n' + b'{"text": "' + b"y" * 3000 + b'"}\n'
    items = list(read_sources(["-"], ReadOptions(max_record_bytes=1000), stdin=io.BytesIO(data)))
    assert raw(items[0]).source_id == "stdin:1"
    assert failure(items[1]).origin == "<stdin>:2"


def test_stdin_jsonl_is_streamed() -> None:
    line = json.dumps({"text": "z" * 1000}).encode() + b"\n"
    stream = io.BytesIO(line * 20_000)  # 20 MB
    items = read_sources(["-"], DEFAULTS, stdin=stream)
    assert raw(next(items)).source_id == "stdin:1"
    assert stream.tell() < 100_000  # one record needs only the first buffer or so


def test_broken_gzip_inputs(tmp_path: Path) -> None:
    packed = gzip.compress(b'{"id": "a", "text": "x"}\n' * 5000)
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    text = gzip.compress(b"Some text. " * 5000)
    (tmp_path / "cut.txt.gz").write_bytes(text[: len(text) // 2])
    items = read_all([str(tmp_path)])
    *records, broken_jsonl, broken_text = items
    assert records and all(raw(item).kind == "record" for item in records)
    assert f"stream breaks after {len(records)} lines" in failure(broken_jsonl).reason
    assert "broken gzip stream" in failure(broken_text).reason


def test_stdin_over_file_cap() -> None:
    items = list(
        read_sources(["-"], ReadOptions(max_file_bytes=100), stdin=io.BytesIO(b"w " * 200))
    )
    assert "standard input is over the 100-byte max_file_bytes cap" in failure(items[0]).reason


# --- bad input: one Failure each, the rest of the batch goes on -------------------------


def test_bad_inputs_fail_one_by_one(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("date 2025-01-01 A perfectly good article.")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_bytes(b"  \n\n\t\n")
    (tmp_path / "d_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    (tmp_path / "e_controls.html").write_bytes(bytes(range(1, 32)) * 20)
    (tmp_path / "f_latin.txt").write_bytes(
        "Caf\xe9 owners \x93welcome\x94 the plan.".encode("latin-1")
    )
    with (tmp_path / "g_huge.txt").open("wb") as big:
        big.write(b"word " * 10_485_760)  # 50 MiB on one line
    (tmp_path / "h_truncated.html").write_bytes((DATA / "truncated.html").read_bytes())
    (tmp_path / "i_feed.rss").write_bytes(b"<rss><channel><title>Broken")
    (tmp_path / "j_empty.csv").write_bytes(b"\n\n")
    missing = str(tmp_path / "nope.txt")
    started = time.monotonic()
    items = by_origin(read_all([str(tmp_path), missing, str(DATA / "article.html")]))
    assert time.monotonic() - started < 2.0  # the huge file was refused, not read
    path = str(tmp_path)
    assert raw(items[f"{path}/a_good.txt"]).kind == "text"
    assert failure(items[f"{path}/b_empty.txt"]).reason == "empty file (0 bytes)"
    assert failure(items[f"{path}/c_blank.txt"]).reason == "empty file (only whitespace)"
    assert "NUL byte at offset 8" in failure(items[f"{path}/d_binary.txt"]).reason
    assert "control characters" in failure(items[f"{path}/e_controls.html"]).reason
    assert raw(items[f"{path}/f_latin.txt"]).kind == "text"  # decode handles cp1252
    huge = failure(items[f"{path}/g_huge.txt"])
    assert huge.reason == (
        "file is 52,428,800 bytes, over the 20,000,000-byte max_file_bytes cap; not read"
    )
    assert raw(items[f"{path}/h_truncated.html"]).kind == "html"
    assert "not a readable RSS/Atom feed" in failure(items[f"{path}/i_feed.rss"]).reason
    assert "no header row" in failure(items[f"{path}/j_empty.csv"]).reason
    assert failure(items[missing]).reason == "no such file or folder"
    assert raw(items[str(DATA / "article.html")]).kind == "html"
    assert {item.stage for item in items.values() if isinstance(item, Failure)} == {"read"}


# --- fetching, only from a server of our own on 127.0.0.1 -----------------------------


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no request log on stderr."""

    def _send(self, status: int, body: bytes, content_type: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up (timeout, size cap): that is the point of the test.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        html = "text/html; charset=utf-8"
        if self.path == "/article":
            self._send(200, (DATA / "article.html").read_bytes(), html)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"<p>" + b"a" * 5000 + b"</p>", html)
        elif self.path == "/stream":
            self._send(200, b"<p>" + b"a" * 5000 + b"</p>", html, length=False)
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, b"<p>late</p>", html)
        elif self.path == "/feed":
            self._send(200, (DATA / "feed.rss").read_bytes(), "application/rss+xml")
        elif self.path == "/text":
            self._send(200, "Caf\xe9 news.".encode("cp1252"), "text/plain; charset=cp1252")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = ReadOptions(allow_private=True, fetch_timeout=5.0)


def test_fetch_html_page(server: str) -> None:
    item = raw(read_all([f"{server}/article"], LOCAL)[0])
    assert item.kind == "html"
    assert item.meta["url"] == f"{server}/article"
    assert decode(item, LOCAL).title == "Harbour authority approves new ferry route"


def test_fetch_follows_redirect_to_final_url(server: str) -> None:
    item = raw(read_all([f"{server}/moved"], LOCAL)[0])
    assert item.meta["url"] == f"{server}/article"


def test_fetch_feed_and_text_by_content_type(server: str) -> None:
    feed = read_all([f"{server}/feed"], LOCAL)
    assert [raw(item).kind for item in feed] == ["record", "record"]
    text = raw(read_all([f"{server}/text"], LOCAL)[0])
    assert text.kind == "text"
    assert decode(text, LOCAL).text == "Café news."


@pytest.mark.parametrize("path", ["/big", "/stream"])
def test_fetch_size_cap(server: str, path: str) -> None:
    options = ReadOptions(allow_private=True, fetch_max_bytes=1000)
    item = failure(read_all([f"{server}{path}"], options)[0])
    assert item.stage == "fetch"
    assert "over the 1,000-byte fetch_max_bytes cap" in item.reason


def test_fetch_timeout_and_http_error_then_batch_goes_on(server: str) -> None:
    options = ReadOptions(allow_private=True, fetch_timeout=0.3)
    started = time.monotonic()
    items = read_all([f"{server}/slow", f"{server}/missing", f"{server}/article"], options)
    assert time.monotonic() - started < 1.0
    assert "timed out after 0.3 s" in failure(items[0]).reason
    assert failure(items[1]).reason == "HTTP 404 Not Found"
    assert raw(items[2]).kind == "html"


def test_fetch_refuses_loopback_without_allow_private(server: str) -> None:
    before = len(_Handler.hits)
    items = read_all([f"{server}/article", "http://localhost:9/x", "ftp://127.0.0.1/x"])
    refused = failure(items[0])
    assert refused.stage == "fetch"
    assert "refused: 127.0.0.1 resolves to non-public address 127.0.0.1" in refused.reason
    assert "--allow-private" in refused.reason  # the way out, as the command line spells it
    assert "refused" in failure(items[1]).reason
    assert "unsupported URL scheme 'ftp'" in failure(items[2]).reason
    assert len(_Handler.hits) == before  # nothing reached the server


@pytest.mark.parametrize(
    "host", ["10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "::ffff:127.0.0.1", "0.0.0.0"]
)
def test_check_address_refuses_non_public_literals(host: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        check_address(host, 80, allow_private=False)
    assert check_address(host, 80, allow_private=True)


def test_check_address_accepts_public_literal() -> None:
    # A numeric host: getaddrinfo answers locally, nothing is sent anywhere.
    assert check_address("93.184.216.34", 80, allow_private=False)
