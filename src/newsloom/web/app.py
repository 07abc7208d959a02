"""The web app: create_app() wires pages, the JSON API, security headers and the store."""

from __future__ import annotations

import ipaddress
import secrets
import sqlite3
import sys
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsloom.config import Config
from newsloom.errors import ConfigError
from newsloom.store import is_postgres_url, open_store
from newsloom.web.charts import UNKNOWN_OUTLET
from newsloom.web.stories import ReadPool, StoryIndex, sparkline

__all__ = ["WebOptions", "WebState", "create_app", "is_loopback", "serve"]

HERE = Path(__file__).resolve().parent

# Everything from our own origin only; inline SVG is markup, not script, so it still draws.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class WebOptions:
    """How the web app serves a store."""

    page_size: int = 30  # stories per page of the list
    max_page_size: int = 500  # the most rows one API call returns
    search_limit: int = 1000  # newest matching articles a search considers
    timeline_stories: int = 24  # stories of the storyline drawn around the current one
    pool_size: int = 8  # idle read connections kept open
    page_cache: int = 256  # rendered list and story pages kept until the store changes
    max_body: int = 64 * 1024 * 1024  # bytes one POST /api/ingest may send
    allowed_hosts: tuple[str, ...] | None = None  # Host headers accepted; None = any
    config: Config = field(default_factory=Config)  # pipeline options for ingest and rebuild


@dataclass(slots=True)
class WebState:
    """What every request reaches through ``request.app.state.web``."""

    db_path: str
    options: WebOptions
    token: str | None
    pool: ReadPool
    index: StoryIndex
    templates: Environment
    write_lock: threading.Lock
    pages: PageCache

    def connection(self) -> Iterator[sqlite3.Connection]:
        """A read connection for one request (a FastAPI dependency)."""
        with self.pool.connection() as db:
            yield db


class PageCache:
    """Rendered pages by (store version, URL): a page only changes when the store does."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[object, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, str]) -> bytes | None:
        """A cached page, or None."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[object, str], page: bytes) -> None:
        """Keep a page, dropping the least recently used beyond ``size``."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def state_of(request: Request) -> WebState:
    """The app's shared state."""
    web: WebState = request.app.state.web
    return web


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_write(request: Request) -> None:
    """Refuse a write without the token (or, with no token set, from another machine).

    Cross-site pages can POST to a loopback server from the user's browser, so a write
    must also carry a JSON or NDJSON content type (which a plain form cannot send) and
    no foreign Origin.
    """
    web = state_of(request)
    given = request.headers.get("authorization", "")
    if web.token is not None:
        expected = f"Bearer {web.token}"
        if not secrets.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(401, "writes need the header 'Authorization: Bearer <token>'")
    elif request.client is None or not is_loopback(request.client.host):
        raise HTTPException(403, "writes from other machines need the server started with a token")
    origin = request.headers.get("origin")
    if origin is not None and origin.split("://", 1)[-1] != request.headers.get("host", ""):
        raise HTTPException(403, f"cross-origin write refused (Origin {origin})")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/json", "application/x-ndjson", "application/jsonl"):
        raise HTTPException(
            415,
            "writes need the header 'Content-Type: application/json' (or application/x-ndjson "
            "for a JSONL body), which a cross-site form cannot send; POST /api/rebuild too",
        )


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["sparkline"] = sparkline
    env.globals["unknown_outlet"] = UNKNOWN_OUTLET
    env.filters["day"] = lambda value: (value or "")[:10] or "undated"
    return env


def create_app(
    db_path: str, *, token: str | None = None, options: WebOptions | None = None
) -> FastAPI:
    """The ASGI app serving the store at ``db_path`` (writes need ``token`` when set)."""
    from newsloom.web.api import router as api_router
    from newsloom.web.pages import router as page_router

    opts = options or WebOptions()
    if token is not None and len(token) < 16:
        raise ConfigError("the web token must be at least 16 characters")
    open_store(db_path).close()  # create or migrate the store before serving it
    web = WebState(
        db_path=str(db_path),
        options=opts,
        token=token,
        pool=ReadPool(str(db_path), opts.pool_size),
        index=StoryIndex(str(db_path)),
        templates=_templates(),
        write_lock=threading.Lock(),
        pages=PageCache(opts.page_cache),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        web.pool.close()
        web.index.close()

    app = FastAPI(
        title="newsloom",
        summary="Stories, articles, entities, quotes, events, coverage and summaries.",
        version="0.1.0",
        docs_url=None,  # FastAPI's own pages load Swagger UI from a CDN; /docs is ours
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = web

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    if opts.allowed_hosts is not None:
        # a loopback server must not answer pages fetched through a rebinding DNS name
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(opts.allowed_hosts))

    async def busy(request: Request, exc: Exception) -> Response:
        message = f"the store could not answer: {exc}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=503)
        return HTMLResponse(message, status_code=503)

    app.add_exception_handler(sqlite3.OperationalError, busy)
    if is_postgres_url(db_path):
        import psycopg

        app.add_exception_handler(psycopg.OperationalError, busy)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router)
    app.include_router(page_router)
    return app


def serve(
    db_path: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None
) -> None:
    """Serve the store with uvicorn; a non-loopback ``host`` needs a token for writes."""
    import uvicorn

    loopback = is_loopback(host)
    allowed = ("127.0.0.1", "localhost", "[::1]", "::1") if loopback else None
    if not loopback and token is None:
        # exposing the server without a token would leave ingest and rebuild open to
        # anyone who can reach it; a fresh random token keeps them closed
        token = secrets.token_urlsafe(24)
        print(f"newsloom: writes need 'Authorization: Bearer {token}'", file=sys.stderr)
    app = create_app(db_path, token=token, options=WebOptions(allowed_hosts=allowed))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
