"""Fetching one URL: stdlib urllib, a time limit, a size cap and no private addresses."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsloom.errors import FetchError
from newsloom.read.options import ReadOptions

__all__ = ["FetchedPage", "check_address", "fetch_url"]

_CHUNK = 1 << 16
_MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """A fetched body with the final URL and what its Content-Type said."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def check_address(host: str, port: int, allow_private: bool) -> list[tuple[Any, ...]]:
    """Resolve ``host`` and refuse it if any address is private, unless ``allow_private``.

    Returns getaddrinfo's entries so the caller connects to exactly what was checked
    (resolving twice would let a DNS answer change between check and connect).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(host, f"cannot resolve host {host!r}: {exc.strerror}") from exc
    if not allow_private:
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if not _is_public(address):
                raise FetchError(
                    host,
                    f"refused: {host} resolves to non-public address {address} "
                    "(loopback/private/link-local/reserved); "
                    "pass --allow-private (or set [read] allow_private = true) to fetch it",
                )
    return infos


def _guarded_connector(allow_private: bool) -> Callable[..., socket.socket]:
    """A ``socket.create_connection`` stand-in that checks each address it connects to."""

    def connect(
        address: tuple[str, int], timeout: float | None = None, source_address: Any = None
    ) -> socket.socket:
        host, port = address
        last_error: OSError | None = None
        for family, kind, proto, _, sockaddr in check_address(host, port, allow_private):
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not None:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                last_error = exc
        raise last_error or OSError(f"no address to connect to for {host}")

    return connect


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._connector = _guarded_connector(allow_private)

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(host, **kwargs)
        connection._create_connection = self._connector  # type: ignore[attr-defined]
        return connection

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._connector = _guarded_connector(allow_private)

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPSConnection:
        connection = http.client.HTTPSConnection(host, **kwargs)
        connection._create_connection = self._connector  # type: ignore[attr-defined]
        return connection

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = _MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(req.full_url, f"refused: redirect to a non-HTTP URL {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(allow_private: bool) -> urllib.request.OpenerDirector:
    # Built by hand rather than build_opener(): no proxies from the environment (a proxy
    # would hide the real address), no file:// or ftp:// handlers.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler({}),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
        _GuardedHTTPHandler(allow_private),
        _GuardedHTTPSHandler(allow_private),
    ):
        opener.add_handler(handler)
    return opener


def fetch_url(url: str, options: ReadOptions) -> FetchedPage:
    """Fetch ``url`` under the options' time limit, size cap and address policy."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL with a host")
    deadline = time.monotonic() + options.fetch_timeout
    cap = options.fetch_max_bytes
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent})
    try:
        opener = _opener(options.allow_private)
        with opener.open(request, timeout=options.fetch_timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > cap:
                size = int(declared)
                reason = f"body of {size:,} bytes is over the {cap:,}-byte fetch_max_bytes cap"
                raise FetchError(url, reason)
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    reason = f"body is over the {cap:,}-byte fetch_max_bytes cap; abandoned"
                    raise FetchError(url, reason)
                # A server that drips bytes would otherwise reset the socket timeout forever.
                if time.monotonic() > deadline:
                    reason = f"timed out after {options.fetch_timeout} s (body still arriving)"
                    raise FetchError(url, reason)
                chunks.append(chunk)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
            final_url = response.geturl()
    except FetchError as exc:
        raise FetchError(url, exc.reason) from exc
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the open response; leaving it to GC leaks the socket
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        cause = exc.reason
        if isinstance(cause, FetchError):
            raise FetchError(url, cause.reason) from exc
        if isinstance(cause, TimeoutError):
            raise FetchError(url, f"timed out after {options.fetch_timeout} s") from exc
        raise FetchError(url, f"cannot fetch: {cause}") from exc
    except TimeoutError as exc:
        raise FetchError(url, f"timed out after {options.fetch_timeout} s") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(url, f"cannot fetch: {exc}") from exc
    body = b"".join(chunks)
    return FetchedPage(url=final_url, content_type=content_type, charset=charset, body=body)
