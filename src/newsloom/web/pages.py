"""The HTML pages: story list, story, entity, outlet, statement, article, API docs."""

from __future__ import annotations

import re
import sqlite3
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from newsloom.web import queries
from newsloom.web.app import WebState, state_of
from newsloom.web.charts import UNKNOWN_OUTLET, heatmap, timeline
from newsloom.web.stories import StoryFilter, StoryRow

__all__ = ["ListQuery", "router", "select_stories"]

router = APIRouter(include_in_schema=False)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _db(request: Request) -> Any:
    yield from state_of(request).connection()


Db = Annotated[sqlite3.Connection, Depends(_db)]


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered with the shared context."""
    web = state_of(request)
    html = web.templates.get_template(name).render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def cached(request: Request) -> tuple[tuple[object, str], HTMLResponse | None]:
    """The cache key of this page and its cached response, if any."""
    web = state_of(request)
    key = (web.index.version(), str(request.url.path) + "?" + str(request.url.query))
    page = web.pages.get(key)
    return key, None if page is None else HTMLResponse(page)


def remember(request: Request, key: tuple[object, str], response: HTMLResponse) -> HTMLResponse:
    """Cache a successful page under ``key``."""
    if response.status_code == 200:
        state_of(request).pages.put(key, bytes(response.body))
    return response


def not_found(request: Request, what: str) -> HTMLResponse:
    """The 404 page."""
    return render(request, "error.html", status=404, title="Not found", message=what)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address a link may point to, else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


class ListQuery:
    """The story list's query parameters, validated."""

    def __init__(
        self,
        q: str = "",
        date_from: str = "",
        date_to: str = "",
        outlet: str = "",
        entity: str = "",
        language: str = "",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> None:
        self.q = q.strip()[:200]
        self.date_from = date_from if _DAY.match(date_from) else ""
        self.date_to = date_to if _DAY.match(date_to) else ""
        self.outlet = outlet.strip()
        self.entity = entity.strip()
        self.language = language.strip()
        self.page = page

    def params(self, **changes: Any) -> str:
        """This query as a URL query string, with ``changes`` applied."""
        values = {
            "q": self.q,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "outlet": self.outlet,
            "entity": self.entity,
            "language": self.language,
            "page": self.page,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v and not (k == "page" and v == 1)})


def select_stories(
    web: WebState, db: sqlite3.Connection, query: ListQuery, limit: int, offset: int
) -> tuple[list[StoryRow], int, str | None]:
    """A page of stories for a list query, the total, and a message if the search failed."""
    event_ids: set[str] | None = None
    message = None
    if query.q:
        fts = queries.fts_query(query.q)
        if fts is None:
            message = "Nothing to search for: type some words."
        else:
            try:
                found = queries.article_ids_for_search(db, fts, web.options.search_limit)
            except sqlite3.OperationalError as exc:
                found, message = [], f"The search could not run ({exc})."
            event_ids = web.index.events_of(found)
    if query.entity:
        mentioned = queries.event_ids_for_entity(db, query.entity)
        event_ids = mentioned if event_ids is None else event_ids & mentioned
    flt = StoryFilter(
        date_from=query.date_from or None,
        date_to=query.date_to or None,
        outlet=query.outlet or None,
        language=query.language or None,
        event_ids=None if event_ids is None else frozenset(event_ids),
    )
    rows, total = web.index.select(flt, limit, offset)
    return rows, total, message


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, db: Db, query: Annotated[ListQuery, Depends()]) -> HTMLResponse:
    """Stories newest first, with search, filters and pages."""
    key, hit = cached(request)
    if hit is not None:
        return hit
    web = state_of(request)
    size = web.options.page_size
    rows, total, message = select_stories(web, db, query, size, (query.page - 1) * size)
    entity = queries.entity(db, query.entity) if query.entity else None
    pages = max(1, -(-total // size))
    page = render(
        request,
        "index.html",
        title="Stories",
        stories=rows,
        total=total,
        query=query,
        message=message,
        entity=entity,
        page=query.page,
        pages=pages,
        outlets=web.index.outlets,
        languages=web.index.languages,
    )
    return remember(request, key, page)


@router.get("/story/{event_id}", response_class=HTMLResponse)
def story_page(request: Request, db: Db, event_id: str) -> HTMLResponse:
    """One story: summary, articles by outlet, coverage, statements, framing, events."""
    key, hit = cached(request)
    if hit is not None:
        return hit
    web = state_of(request)
    story = web.index.get(event_id)
    if story is None:
        return not_found(request, f"No story {event_id!r} in this store.")
    articles = queries.articles(db, event_id=event_id, limit=web.options.max_page_size)
    by_id = {a["id"]: a for a in articles}
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for art in articles:
        by_outlet.setdefault(art["outlet"] or UNKNOWN_OUTLET, []).append(art)
    facts = queries.coverage(db, story_id=event_id)
    comparison = queries.comparison(db, event_id)
    events = queries.events(db, storyline_id=story.storyline_id, limit=200)
    # storylines can hold hundreds of stories: draw the ones nearest this story
    nearby, storyline_size = web.index.storyline(event_id, web.options.timeline_stories)
    storyline = [
        {
            "event_id": s.event_id,
            "title": s.title,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "articles": len(s.article_ids),
        }
        for s in nearby
    ]
    page = render(
        request,
        "story.html",
        title=story.title or event_id,
        story=story,
        articles=articles,
        by_id=by_id,
        number={a["id"]: i for i, a in enumerate(articles, 1)},  # citation numbers
        by_outlet=sorted(by_outlet.items()),
        summary=queries.summary(db, event_id),
        facts=facts,
        heat=heatmap(facts, articles) if facts else None,
        comparison=comparison,
        statements=queries.statements(db, event_id),
        events=[e for e in events if e["story_id"] == event_id],
        entities=queries.entities(db, story_id=event_id, limit=60),
        storyline=storyline,
        storyline_size=storyline_size,
        timeline=timeline(storyline, events, event_id),
    )
    return remember(request, key, page)


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, db: Db, entity_id: str) -> HTMLResponse:
    """One entity: names, the stories and articles that mention it, its quotes."""
    web = state_of(request)
    entity = queries.entity(db, entity_id)
    if entity is None:
        return not_found(request, f"No entity {entity_id!r} in this store.")
    ids = entity["article_ids"][: web.options.max_page_size]
    articles = [a for i in ids if (a := queries.article(db, str(i))) is not None]
    story_ids = list(dict.fromkeys(a["event_id"] for a in articles))
    stories = [s for e in story_ids if (s := web.index.get(e)) is not None]
    return render(
        request,
        "entity.html",
        title=entity["name"],
        entity=entity,
        articles=articles,
        stories=stories,
        quotes=queries.entity_quotes(db, entity_id, 100),
    )


@router.get("/outlet/{name:path}", response_class=HTMLResponse)
def outlet_page(request: Request, db: Db, name: str) -> HTMLResponse:
    """One outlet: its latest articles and the stories it covered."""
    web = state_of(request)
    articles = queries.outlet_articles(db, name, 100)
    if not articles:
        return not_found(request, f"No articles from outlet {name!r} in this store.")
    stories, total = web.index.select(StoryFilter(outlet=name), web.options.page_size, 0)
    return render(
        request,
        "outlet.html",
        title=name,
        outlet=name,
        articles=articles,
        stories=stories,
        total=total,
    )


@router.get("/statement/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, db: Db, statement_id: str) -> HTMLResponse:
    """One statement: its renderings aligned, differences marked, and its quotes."""
    statement = queries.statement(db, statement_id)
    if statement is None:
        return not_found(request, f"No statement {statement_id!r} in this store.")
    quotes = queries.statement_quotes(db, statement_id)
    ids = {str(r.get("article_id")) for r in statement["renderings"]}
    by_id = {i: a for i in ids if (a := queries.article(db, i)) is not None}
    story = state_of(request).index.get(statement["story_id"])
    return render(
        request,
        "statement.html",
        title=f"Statement {statement_id}",
        statement=statement,
        quotes=quotes,
        by_id=by_id,
        story=story,
    )


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, db: Db, article_id: str) -> HTMLResponse:
    """One article: metadata, clean text (escaped), its quotes and entities."""
    art = queries.article(db, article_id)
    if art is None:
        return not_found(request, f"No article {article_id!r} in this store.")
    story = state_of(request).index.get(art["event_id"])
    return render(
        request,
        "article.html",
        title=art["title"] or article_id,
        article=art,
        link=safe_url(art["url"]),
        paragraphs=[p for p in art["text"].split("\n") if p.strip()],
        quotes=queries.quotes(db, article_id=article_id),
        entities=queries.article_entities(db, article_id),
        story=story,
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> RedirectResponse:
    """Browsers ask for /favicon.ico whatever the page says."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The JSON API's routes and parameters, from the OpenAPI schema, served locally."""
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            params = [
                (
                    p["name"],
                    p.get("in", ""),
                    p.get("schema", {}).get("type", ""),
                    p.get("required", False),
                )
                for p in spec.get("parameters", [])
            ]
            routes.append(
                (method.upper(), path, spec.get("summary", ""), spec.get("description", ""), params)
            )
    return render(request, "docs.html", title="API", routes=routes)
