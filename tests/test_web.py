"""The web app and JSON API over real stores: routes, sections, escaping, headers, writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import newsloom
from newsloom.config import Config, IngestOptions
from newsloom.errors import ConfigError
from newsloom.export import EXPORT_FIELDS
from newsloom.web import create_app
from newsloom.web.app import WebOptions, is_loopback
from newsloom.web.queries import STORY_ROWS_SQL, fts_query
from tests.conftest import SEEDS

SNAPSHOTS = Path(__file__).parent / "snapshots"
TOKEN = "test-token-0123456789abcdef"
EVIL = {
    "id": "evil-1",
    "url": "javascript:alert(3)",
    "title": "Evil <img src=x onerror=alert(2)> headline",
    "text": (
        "Officials met on Tuesday to discuss the harbour expansion and the budget for it.\n"
        "<script>alert(1)</script> was typed into the article by a careless editor.\n"
        'Click <a href="javascript:alert(4)">here</a> for javascript:alert(5) more.'
    ),
    "published": "2025-06-20",
    "outlet": "Evil <b>Outlet</b>",
    "language": "en",
}


def no_nlp(workers: int = 1) -> Config:
    """Per-article stages only, in this process: the story tables stay for the test to fill."""
    return Config(ingest=IngestOptions(workers=workers, nlp=False))


def fill_story_tables(db: sqlite3.Connection, story_id: str, storyline_id: str) -> dict[str, Any]:
    """Insert one row or more in every story-level table for ``story_id``; returns the ids."""
    ids = [
        r[0]
        for r in db.execute("SELECT id FROM articles WHERE event_id = ? ORDER BY seq", (story_id,))
    ]
    outlets = [
        r[0]
        for r in db.execute(
            "SELECT outlet FROM articles WHERE event_id = ? ORDER BY seq", (story_id,)
        )
    ]
    a, b = ids[0], ids[-1]
    named = [o for o in outlets if o] or ["Some Desk"]
    j = json.dumps
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
        (
            "en-test-1",
            "Test Leader <i>X</i>",
            "PERSON",
            j(["The Leader", "Leader X"]),
            "IRN",
            j(ids),
        ),
    )
    db.execute(
        "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "q-1",
            a,
            story_id,
            "st-1",
            "en-test-1",
            "he",
            "Test Leader",
            "said",
            "We will never be swayed by those offers",
            "direct",
            0,
            10,
        ),
    )
    renderings = [
        {
            "article_id": a,
            "text": "We will never be swayed by those offers",
            "kind": "direct",
            "diff": [],
            "flags": [],
        },
        {
            "article_id": b,
            "text": "We will never be moved by these offers",
            "kind": "direct",
            "diff": [
                ["equal", "We will never be"],
                ["changed", "swayed -> moved"],
                ["equal", "by"],
                ["changed", "those -> these"],
                ["equal", "offers"],
            ],
            "flags": ["wording <changed>"],
        },
    ]
    db.execute(
        "INSERT INTO statements VALUES (?, ?, ?, ?)",
        ("st-1", story_id, "en-test-1", j({"renderings": renderings})),
    )
    db.execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            "ce-1",
            story_id,
            storyline_id,
            "2025-05-26",
            "day",
            "Test Leader",
            "IRNGOV",
            "Visiting Premier",
            "PAKGOV",
            "CONSULT",
            "040",
            "Tehran",
            j(ids),
            j([[a, "The leader received the premier."]]),
        ),
    )
    db.execute(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)",
        (
            "f-1",
            story_id,
            "The two leaders met in the capital.",
            j(ids),
            j(sorted({o for o in outlets if o})),
            j([]),
        ),
    )
    db.execute(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)",
        (
            "f-2",
            story_id,
            "Only one outlet mentioned the offer of talks.",
            j([b]),
            j([outlets[-1]]),
            j([]),
        ),
    )
    comparison = {
        "unique_facts": [
            {
                "fact_id": "f-2",
                "text": "Only one outlet mentioned the offer of talks.",
                "article_ids": [b],
                "outlets": [outlets[-1]],
            }
        ],
        "omissions": [],
        "disagreements": [],
        "framing": [
            {
                "referent": "the other state",
                "names_by_outlet": {named[0]: {"regime <x>": 2}, "Other Desk": {"state": 1}},
            }
        ],
        "verbs": [],
    }
    db.execute("INSERT INTO comparisons VALUES (?, ?)", (story_id, j(comparison)))
    db.execute(
        "INSERT INTO summaries VALUES (?, ?)",
        (story_id, j([{"text": "The leaders met and praised each other.", "article_ids": [a, b]}])),
    )
    db.execute("COMMIT")
    return {"articles": ids, "entity": "en-test-1", "statement": "st-1", "quote": "q-1"}


def build_rich_store(path: Path) -> dict[str, Any]:
    """Seeds without NLP, one hostile article, and story tables filled for the biggest story."""
    store = newsloom.open_store(path)
    try:
        report = newsloom.ingest(store, [str(SEEDS)], config=no_nlp())
        assert report.failed == 0, report.failures
        hostile = newsloom.Pipeline(store, no_nlp()).ingest_raw(
            [
                newsloom.RawInput(
                    origin="evil.jsonl",
                    source_id="evil-1",
                    kind="record",
                    payload=json.dumps(EVIL).encode(),
                )
            ]
        )
        assert hostile.new == 1, hostile.failures
        biggest = max(store.stories(), key=lambda s: len(s.article_ids))
        ids = fill_story_tables(store.db, biggest.event_id, biggest.storyline_id)
        evil = next(r for r in store.articles() if r["source_id"] == "evil-1")
    finally:
        store.close()
    return {"path": path, "story": biggest, "evil": evil, **ids}


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A client with the token over the rich store."""
    built = build_rich_store(tmp_path_factory.mktemp("web") / "rich.db")
    app = create_app(str(built["path"]), token=TOKEN, options=WebOptions(config=no_nlp()))
    with TestClient(app) as client:
        yield {"client": client, **built}


@pytest.fixture(scope="module")
def plain_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested without NLP, checkpointed: a file write tests copy."""
    path = tmp_path_factory.mktemp("web-plain") / "plain.db"
    store = newsloom.open_store(path)
    newsloom.ingest(store, [str(SEEDS)], config=no_nlp())
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def writable(plain_db: Path, tmp_path: Path) -> TestClient:
    """A client with the token over a private copy of the plain seed store."""
    path = tmp_path / "copy.db"
    shutil.copyfile(plain_db, path)
    return TestClient(create_app(str(path), token=TOKEN, options=WebOptions(config=no_nlp())))


def html_of(client: TestClient, url: str) -> str:
    """GET a page; assert 200 and HTML."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


# -- every route on the real seed store (with NLP) -----------------------------------


def test_every_page_and_api_route_answers_on_the_seed_store(
    seed_store: newsloom.SQLiteStore,
) -> None:
    client = TestClient(create_app(seed_store.path))
    stories = client.get("/api/stories").json()["stories"]
    assert len(stories) == 2
    pages = ["/", "/docs", "/?q=Pakistan", "/?page=1&language=en"]
    for story in stories:
        pages.append(f"/story/{story['event_id']}")
        pages += [f"/article/{i}" for i in story["article_ids"]]
        pages += [f"/outlet/{o}" for o in story["outlets"]]
    entities = client.get("/api/entities").json()
    pages += [f"/entity/{e['entity_id']}" for e in entities[:5]]
    pages += [
        f"/statement/{s}"
        for s in {q["statement_id"] for q in client.get("/api/quotes").json()}
        if s
    ][:5]
    for url in pages:
        html_of(client, url)
    first = stories[0]["event_id"]
    for url in [
        "/api/health",
        "/api/stories",
        f"/api/stories/{first}",
        "/api/articles",
        f"/api/articles?event_id={first}",
        "/api/entities",
        "/api/quotes",
        "/api/events",
        "/api/coverage",
        "/api/summaries",
        "/openapi.json",
        f"/api/quotes?story_id={first}",
        f"/api/coverage?story_id={first}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert response.headers["content-type"] == "application/json"
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_seed_story_page_shows_articles_by_outlet_and_summary(
    seed_store: newsloom.SQLiteStore,
) -> None:
    client = TestClient(create_app(seed_store.path))
    biggest = max(seed_store.stories(), key=lambda s: len(s.article_ids))
    html = html_of(client, f"/story/{biggest.event_id}")
    for article_id in biggest.article_ids:
        assert f'href="/article/{article_id}"' in html
    assert 'id="articles"' in html
    if client.get(f"/api/summaries?story_id={biggest.event_id}").json():
        assert 'id="summary"' in html


def test_every_outlet_link_of_a_story_page_answers(seed_store: newsloom.SQLiteStore) -> None:
    client = TestClient(create_app(seed_store.path))
    biggest = max(seed_store.stories(), key=lambda s: len(s.article_ids))
    page = html_of(client, f"/story/{biggest.event_id}")
    assert "(unknown outlet)" in page  # seed articles without an outlet get a column...
    links = set(re.findall(r'href="(/outlet/[^"]*)"', page))
    assert links
    for link in links:  # ...but no link to an outlet page that cannot exist
        assert client.get(link).status_code == 200, link


# -- story-level sections, from rows the test inserts ----------------------------------


def test_story_page_renders_every_section_with_links(rich: dict[str, Any]) -> None:
    story = rich["story"]
    html = html_of(rich["client"], f"/story/{story.event_id}")
    for section in (
        "summary",
        "articles",
        "coverage",
        "comparison",
        "statements",
        "framing",
        "events",
        "entities",
        "timeline",
    ):
        assert f'id="{section}"' in html, section
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert "The leaders met and praised each other." in summary
    assert summary.count('class="cite"') == 2
    assert f'href="/article/{rich["articles"][0]}"' in summary
    coverage = html.split('id="coverage"')[1].split("</section>")[0]
    assert "The two leaders met in the capital." in coverage
    assert re.search(r'class="cell heat-[1-4]"', coverage)
    assert 'class="cell heat-0"' in coverage or len(story.outlets) == 1
    statements = html.split('id="statements"')[1].split("</section>")[0]
    assert "<del>swayed</del> <ins>moved</ins>" in statements
    assert 'href="/statement/st-1"' in statements
    assert "wording &lt;changed&gt;" in statements
    assert "regime &lt;x&gt; ×2" in html.split('id="framing"')[1]
    events = html.split('id="events"')[1].split("</section>")[0]
    assert "CONSULT" in events and "Tehran" in events and "2025-05-26" in events
    assert 'href="/entity/en-test-1"' in html and "Test Leader &lt;i&gt;X&lt;/i&gt;" in html
    assert '<svg class="timeline"' in html


def test_sections_without_rows_are_left_out(rich: dict[str, Any]) -> None:
    evil = rich["evil"]
    html = html_of(rich["client"], f"/story/{evil['event_id']}")
    assert 'id="articles"' in html
    for section in ("summary", "coverage", "statements", "framing", "events", "entities"):
        assert f'id="{section}"' not in html, section


def test_entity_statement_outlet_and_article_pages_link_to_each_other(
    rich: dict[str, Any],
) -> None:
    client, story = rich["client"], rich["story"]
    entity = html_of(client, "/entity/en-test-1")
    assert "The Leader" in entity and "Leader X" in entity
    assert f'href="/story/{story.event_id}"' in entity
    assert 'href="/statement/st-1"' in entity
    assert "We will never be swayed by those offers" in entity
    statement = html_of(client, "/statement/st-1")
    assert "<del>those</del> <ins>these</ins>" in statement
    assert 'href="/entity/en-test-1"' in statement
    assert f'href="/story/{story.event_id}"' in statement
    outlet = story.outlets[0]
    page = html_of(client, f"/outlet/{outlet}")
    assert f'href="/story/{story.event_id}"' in page
    article = html_of(client, f"/article/{rich['articles'][0]}")
    assert 'href="/entity/en-test-1"' in article and 'href="/statement/st-1"' in article
    assert f'href="/story/{story.event_id}"' in article


def test_missing_things_are_404_pages(rich: dict[str, Any]) -> None:
    client = rich["client"]
    for url in (
        "/story/ev-nope",
        "/entity/nope",
        "/statement/nope",
        "/article/nope",
        "/outlet/nope",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Not found" in response.text
    assert client.get("/api/stories/ev-nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


# -- escaping and headers ----------------------------------------------------------------


def test_article_text_title_url_and_outlet_are_escaped(rich: dict[str, Any]) -> None:
    client, evil = rich["client"], rich["evil"]
    pages = [
        f"/article/{evil['id']}",
        f"/story/{evil['event_id']}",
        "/",
        "/?q=typed",
        f"/outlet/{EVIL['outlet']}",
    ]
    for url in pages:
        html = html_of(client, url)
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "<b>Outlet</b>" not in html, url
        assert not re.search(r"href=\"\s*javascript:", html, re.IGNORECASE), url
        assert "onerror=alert" not in html or "&lt;img src=x onerror=alert(2)&gt;" in html, url
    article = html_of(client, f"/article/{evil['id']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "javascript:alert(5)" in article  # shown as text, never a link
    assert "source: javascript:alert(3)" in article
    assert "Evil &lt;img src=x onerror=alert(2)&gt; headline" in article


def test_security_headers_on_pages_api_and_static(rich: dict[str, Any]) -> None:
    client = rich["client"]
    for url in (
        "/",
        f"/story/{rich['story'].event_id}",
        "/api/stories",
        "/static/app.js",
        "/story/ev-nope",
        "/docs",
    ):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_scripts_or_styles_and_nothing_remote(rich: dict[str, Any]) -> None:
    client = rich["client"]
    for url in (
        "/",
        f"/story/{rich['story'].event_id}",
        "/docs",
        "/entity/en-test-1",
        "/statement/st-1",
        f"/article/{rich['articles'][0]}",
    ):
        html = html_of(client, url)
        assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", html) == [], url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"(src|href)=\"(https?:)?//", html), url


def test_docs_page_is_local_and_lists_the_api(rich: dict[str, Any]) -> None:
    html = html_of(rich["client"], "/docs")
    for path in (
        "/api/stories",
        "/api/stories/{event_id}",
        "/api/articles",
        "/api/entities",
        "/api/quotes",
        "/api/events",
        "/api/coverage",
        "/api/summaries",
        "/api/ingest",
        "/api/rebuild",
    ):
        assert f"<code>{path}</code>" in html, path
    assert "cdn" not in html.lower()


# -- search and filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "AND",
        "a OR",
        "NOT",
        "*",
        "NEAR(a b",
        "title:x",
        "-x",
        "^x",
        "(((",
        "a AND (b",
        "'; DROP TABLE articles; --",
        "\x00",
        "🙂",
        "a" * 500,
    ],
)
def test_fts_syntax_never_fails_a_page(rich: dict[str, Any], query: str) -> None:
    client = rich["client"]
    html_of(client, "/?" + urllib.parse.urlencode({"q": query}))
    assert client.get("/api/stories", params={"q": query}).status_code == 200


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_search_text_makes_a_valid_fts_query(text: str) -> None:
    query = fts_query(text)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE s USING fts5(t)")
    if query is not None:
        db.execute("SELECT * FROM s WHERE s MATCH ?", (query,)).fetchall()


def test_search_finds_stories_and_reports_none(rich: dict[str, Any]) -> None:
    client, story = rich["client"], rich["story"]
    word = re.findall(r"[A-Za-z]{5,}", story.title or "")[0]
    found = client.get("/api/stories", params={"q": word}).json()
    assert story.event_id in [s["event_id"] for s in found["stories"]]
    html = html_of(client, "/?q=zzqqxxnothing")
    assert "No stories match." in html
    assert (
        client.get("/api/stories", params={"q": "typed"}).json()["stories"][0]["event_id"]
        == rich["evil"]["event_id"]
    )
    prefix = client.get("/api/stories", params={"q": word[:4] + "*"}).json()
    assert story.event_id in [s["event_id"] for s in prefix["stories"]]


def test_filters_narrow_the_list(rich: dict[str, Any]) -> None:
    client, evil = rich["client"], rich["evil"]
    everything = client.get("/api/stories").json()["total"]
    assert everything >= 3
    by_outlet = client.get("/api/stories", params={"outlet": EVIL["outlet"]}).json()
    assert [s["event_id"] for s in by_outlet["stories"]] == [evil["event_id"]]
    late = client.get("/api/stories", params={"date_from": "2025-06-15"}).json()
    assert [s["event_id"] for s in late["stories"]] == [evil["event_id"]]
    early = client.get("/api/stories", params={"date_to": "2025-05-31"}).json()
    assert evil["event_id"] not in [s["event_id"] for s in early["stories"]]
    assert early["total"] >= 1
    by_entity = client.get("/api/stories", params={"entity": "en-test-1"}).json()
    assert [s["event_id"] for s in by_entity["stories"]] == [rich["story"].event_id]
    assert client.get("/api/stories", params={"language": "xx"}).json()["total"] == 0
    html = html_of(client, "/?entity=en-test-1")
    assert "Stories mentioning" in html


def test_pages_of_the_list(rich: dict[str, Any]) -> None:
    app = create_app(str(rich["path"]), options=WebOptions(page_size=1))
    client = TestClient(app)
    first, second = html_of(client, "/"), html_of(client, "/?page=2")
    assert 'rel="next" href="/?page=2"' in first
    assert 'rel="prev" href="/"' in second
    ids = [re.findall(r'href="/story/([^"]+)"', h) for h in (first, second)]
    assert ids[0] and ids[1] and ids[0] != ids[1]
    assert client.get("/?page=0").status_code == 422


def test_story_list_is_newest_first_like_the_store(rich: dict[str, Any]) -> None:
    listed = [s["event_id"] for s in rich["client"].get("/api/stories").json()["stories"]]
    store = newsloom.open_store(rich["path"])
    try:
        dated = [s.event_id for s in store.stories() if s.last_seen]
    finally:
        store.close()
    assert [e for e in listed if e in dated] == dated


def test_story_rows_fragment_snapshot(plain_db: Path) -> None:
    html = html_of(TestClient(create_app(str(plain_db))), "/")
    fragment = re.search(r'<table class="stories".*?</table>', html, re.DOTALL)
    assert fragment is not None
    path = SNAPSHOTS / "web_story_rows.html"
    if os.environ.get("NEWSLOOM_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.write_text(fragment.group(0) + "\n", encoding="utf-8")
    assert fragment.group(0) + "\n" == path.read_text(encoding="utf-8")


# -- API contracts -----------------------------------------------------------------------


def test_api_records_follow_the_export_contracts(rich: dict[str, Any]) -> None:
    client, story = rich["client"], rich["story"]
    for record in client.get("/api/stories").json()["stories"]:
        assert tuple(record) == EXPORT_FIELDS["stories"]
    for record in client.get("/api/articles", params={"limit": 3}).json():
        assert set(EXPORT_FIELDS["articles"][:10]) <= set(record)
    entity = client.get("/api/entities").json()[0]
    assert {"entity_id", "name", "type", "aliases", "article_ids"} <= set(entity)
    assert entity["aliases"] == ["The Leader", "Leader X"]
    quote = client.get("/api/quotes", params={"story_id": story.event_id}).json()[0]
    assert {
        "quote_id",
        "article_id",
        "statement_id",
        "speaker_entity_id",
        "speaker_text",
        "cue",
        "text",
        "kind",
        "start",
        "end",
    } <= set(quote)
    event = client.get("/api/events", params={"story_id": story.event_id}).json()[0]
    assert {
        "event_id",
        "date",
        "date_precision",
        "source_actor",
        "source_code",
        "target_actor",
        "target_code",
        "plover",
        "cameo",
        "location",
        "article_ids",
        "evidence",
    } <= set(event)
    assert event["evidence"][0][1] == "The leader received the premier."
    coverage = client.get("/api/coverage", params={"story_id": story.event_id}).json()
    assert tuple(coverage[0]) == ("story_id", "fact_id", "fact", "article_ids", "outlets")
    assert coverage[0]["fact_id"] == "f-1"  # most widely carried first
    summary = client.get("/api/summaries", params={"story_id": story.event_id}).json()
    assert summary[0]["sentences"][0]["article_ids"] == [rich["articles"][0], rich["articles"][-1]]
    detail = client.get(f"/api/stories/{story.event_id}").json()
    assert detail["event_id"] == story.event_id and len(detail["articles"]) == len(
        story.article_ids
    )
    assert detail["statements"][0]["renderings"][1]["flags"] == ["wording <changed>"]
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422
    assert client.get("/api/articles", params={"limit": 501}).status_code == 422


# -- writes --------------------------------------------------------------------------------


def test_ingest_needs_the_token_and_a_json_body(plain_db: Path, tmp_path: Path) -> None:
    client = writable(plain_db, tmp_path)
    record = {
        "id": "new-1",
        "title": "Harbour workers strike over pay in Rotterdam port",
        "text": "Harbour workers in Rotterdam went on strike on Friday over pay. " * 5,
        "published": "2025-07-01",
        "outlet": "Port Times",
        "language": "en",
    }
    body = json.dumps(record) + "\n"
    ndjson = {"content-type": "application/x-ndjson"}
    assert client.post("/api/ingest", content=body, headers=ndjson).status_code == 401
    wrong = {**ndjson, "authorization": "Bearer not-the-token-at-all"}
    assert client.post("/api/ingest", content=body, headers=wrong).status_code == 401
    auth = {"authorization": f"Bearer {TOKEN}"}
    plain = {**auth, "content-type": "text/plain"}
    refused = client.post("/api/ingest", content=body, headers=plain)
    assert refused.status_code == 415
    assert "Content-Type: application/json" in refused.json()["detail"]
    foreign = {**auth, **ndjson, "origin": "http://evil.example"}
    assert client.post("/api/ingest", content=body, headers=foreign).status_code == 403
    assert client.post("/api/ingest", content="", headers={**auth, **ndjson}).status_code == 400
    assert "Harbour workers strike" not in html_of(client, "/")  # now cached
    response = client.post("/api/ingest", content=body, headers={**auth, **ndjson})
    assert response.status_code == 200, response.text
    assert response.json()["new"] == 1 and response.json()["failed"] == 0
    assert "Harbour workers strike" in html_of(client, "/")  # the list sees the new story
    again = client.post("/api/ingest", content=body, headers={**auth, **ndjson}).json()
    assert again["new"] == 0 and again["already_stored"] == 1
    bad = client.post("/api/ingest", content="{not json\n", headers={**auth, **ndjson}).json()
    assert bad["failed"] == 1 and bad["failures"][0]["reason"]


def test_writes_without_a_token_only_from_this_machine(rich: dict[str, Any]) -> None:
    app = create_app(str(rich["path"]))
    remote = TestClient(app, client=("203.0.113.9", 5000))
    headers = {"content-type": "application/json"}
    assert remote.post("/api/rebuild", headers=headers).status_code == 403
    assert remote.post("/api/ingest", content="{}", headers=headers).status_code == 403
    local = TestClient(app, client=("127.0.0.1", 5000))
    assert local.post("/api/ingest", content="", headers=headers).status_code == 400  # let in


def test_rebuild_rederives_and_pages_follow_the_new_file(
    rich: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "rebuild.db"
    shutil.copyfile(rich["path"], path)
    for side in ("-wal",):
        if Path(f"{rich['path']}{side}").exists():
            shutil.copyfile(f"{rich['path']}{side}", f"{path}{side}")
    client = TestClient(create_app(str(path), token=TOKEN, options=WebOptions(config=no_nlp())))
    assert client.get("/api/entities").json() != []
    before = client.get("/api/stories").json()["total"]
    headers = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    response = client.post("/api/rebuild", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["failed"] == 0
    assert client.get("/api/stories").json()["total"] == before
    assert client.get("/api/entities").json() == []  # derived rows went with the rebuild
    html_of(client, "/")


def test_short_tokens_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least 16"):
        create_app(str(tmp_path / "x.db"), token="short")


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("example.org")


def test_loopback_server_refuses_foreign_host_headers(rich: dict[str, Any]) -> None:
    app = create_app(str(rich["path"]), options=WebOptions(allowed_hosts=("127.0.0.1",)))
    assert TestClient(app, base_url="http://127.0.0.1").get("/").status_code == 200
    assert TestClient(app, base_url="http://rebound.example").get("/").status_code == 400


# -- query plans ----------------------------------------------------------------------------


def test_queries_use_the_indexes(rich: dict[str, Any]) -> None:
    db = sqlite3.connect(rich["path"])
    plan = lambda sql, *p: " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", p))  # noqa: E731
    story = plan("SELECT id FROM articles WHERE event_id = ? ORDER BY seq", "x")
    assert "USING INDEX articles_event" in story
    search = plan(
        "SELECT a.id FROM (SELECT rowid AS r FROM article_search WHERE article_search "
        "MATCH ? ORDER BY rowid DESC LIMIT 10) s JOIN articles a ON a.seq = s.r",
        '"x"',
    )
    assert "VIRTUAL TABLE INDEX" in search and "articles_seq" in search
    assert "SCAN articles" in plan(STORY_ROWS_SQL) or "articles_seq" in plan(STORY_ROWS_SQL)
    db.close()
