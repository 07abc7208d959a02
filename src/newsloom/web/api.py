"""The JSON API under /api/: DESIGN.md's export contracts, plus ingest and rebuild."""

from __future__ import annotations

import io
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from newsloom.errors import NewsloomError
from newsloom.pipeline import IngestReport, Pipeline, rebuild_store
from newsloom.store import open_store
from newsloom.web import queries
from newsloom.web.app import check_write, state_of
from newsloom.web.pages import ListQuery, select_stories

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])


def _db(request: Request) -> Any:
    yield from state_of(request).connection()


Db = Annotated[sqlite3.Connection, Depends(_db)]
Limit = Annotated[int, Query(ge=1, le=500, description="rows to return (at most 500)")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]


@router.get("/health", summary="Liveness and store counts")
def health(request: Request) -> dict[str, Any]:
    """Whether the server answers, and how many stories it lists."""
    web = state_of(request)
    return {"ok": True, "stories": web.index.count()}


@router.get("/stories", summary="Stories, newest first (filters as on the list page)")
def stories(
    request: Request,
    db: Db,
    query: Annotated[ListQuery, Depends()],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The ``stories`` export: event_id, storyline_id, title, first/last seen, articles, outlets."""
    rows, total, message = select_stories(state_of(request), db, query, limit, offset)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "message": message,
        "stories": [s.export() for s in rows],
    }


@router.get("/stories/{event_id}", summary="One story with everything derived for it")
def story(request: Request, db: Db, event_id: str) -> dict[str, Any]:
    """A story record with its articles, summary, coverage, comparison, statements, events."""
    web = state_of(request)
    row = web.index.get(event_id)
    if row is None:
        raise HTTPException(404, f"no story {event_id!r}")
    return {
        **row.export(),
        "articles": queries.articles(db, event_id=event_id, limit=web.options.max_page_size),
        "summary": queries.summary(db, event_id),
        "coverage": queries.coverage(db, story_id=event_id),
        "comparison": queries.comparison(db, event_id),
        "statements": queries.statements(db, event_id),
        "quotes": queries.quotes(db, story_id=event_id, limit=web.options.max_page_size),
        "events": [
            e
            for e in queries.events(db, storyline_id=row.storyline_id, limit=500)
            if e["story_id"] == event_id
        ],
    }


@router.get("/articles", summary="Article metadata (the articles export)")
def articles(
    db: Db, event_id: str | None = None, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    """Articles in order of arrival, optionally one story's."""
    return queries.articles(db, event_id=event_id, limit=limit, offset=offset)


@router.get("/articles/{article_id}", summary="One article with its clean text")
def article(db: Db, article_id: str) -> dict[str, Any]:
    """One article's metadata and clean text."""
    found = queries.article(db, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return found


@router.get("/entities", summary="Canonical entities (the entities export)")
def entities(
    db: Db, story_id: str | None = None, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    """Entities, most-mentioned first; optionally those of one story."""
    return queries.entities(db, story_id=story_id, limit=limit, offset=offset)


@router.get("/quotes", summary="Quotes (the quotes export)")
def quotes(
    db: Db,
    story_id: str | None = None,
    article_id: str | None = None,
    statement_id: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Quotes with speaker, cue, kind and character offsets."""
    return queries.quotes(
        db,
        story_id=story_id,
        article_id=article_id,
        statement_id=statement_id,
        limit=limit,
        offset=offset,
    )


@router.get("/events", summary="Coded events (the events export)")
def events(
    db: Db,
    story_id: str | None = None,
    storyline_id: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Coded events with actors, codes, location, articles and evidence."""
    return queries.events(
        db, story_id=story_id, storyline_id=storyline_id, limit=limit, offset=offset
    )


@router.get("/coverage", summary="Facts and who carries them (the coverage export)")
def coverage(
    db: Db, story_id: str | None = None, limit: Limit = 500, offset: Offset = 0
) -> list[dict[str, Any]]:
    """story_id, fact_id, fact, article_ids, outlets."""
    return queries.coverage(db, story_id=story_id, limit=limit, offset=offset)


@router.get("/summaries", summary="Cited summaries (the summaries export)")
def summaries(
    db: Db, story_id: str | None = None, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    """story_id and sentences, each with its text and article_ids."""
    return queries.summaries(db, story_id=story_id, limit=limit, offset=offset)


def _report(report: IngestReport) -> dict[str, Any]:
    return {
        "read": report.read,
        "new": report.new,
        "already_stored": report.already_stored,
        "duplicates": report.duplicates,
        "failed": report.failed,
        "failures": [
            {"origin": f.origin, "stage": f.stage, "reason": f.reason} for f in report.failures
        ],
    }


@router.post("/ingest", summary="Ingest a JSONL body of input records (needs the token)")
async def ingest(request: Request) -> dict[str, Any]:
    """Read, clean, deduplicate and cluster the posted JSONL records into the store."""
    check_write(request)
    web = state_of(request)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > web.options.max_body:
            raise HTTPException(413, f"body over {web.options.max_body} bytes")
    if not body.strip():
        raise HTTPException(400, "empty body: send one JSON record per line")

    def run() -> IngestReport:
        with web.write_lock:  # one writer at a time; readers go on (WAL)
            store = open_store(web.db_path)
            try:
                pipeline = Pipeline(store, web.options.config)
                return pipeline.ingest(["-"], stdin=io.BytesIO(bytes(body)))
            finally:
                store.close()

    try:
        report = await run_in_threadpool(run)
    except NewsloomError as exc:
        raise HTTPException(400, str(exc)) from None
    return _report(report)


@router.post("/rebuild", summary="Re-derive every table from the stored raw input (token)")
async def rebuild(request: Request) -> dict[str, Any]:
    """Rebuild the store from its raw inputs with the server's pipeline options."""
    check_write(request)
    web = state_of(request)

    def run() -> IngestReport:
        with web.write_lock:
            return rebuild_store(web.db_path, web.options.config)

    try:
        report = await run_in_threadpool(run)
    except NewsloomError as exc:
        raise HTTPException(400, str(exc)) from None
    return _report(report)
