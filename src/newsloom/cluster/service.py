"""The online clusterer in a process of its own, so that ingest overlaps it with the rest.

Clustering is serial (each article depends on every earlier one) and is most of what the
ingesting process does without NLP; the rest (reading, dedup, store writes) does not depend
on it until a batch is written. A forked child takes over the clusterer's state as it is
and serves requests in order: restores (replays of stored assignments) and batches to
assign. The ingest sends batch N+1 before it finishes and writes batch N, so both run at
once, and the results are those of the same calls made in-process.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import weakref
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from newsloom.cluster.features import ArticleFeatures
from newsloom.cluster.online import OnlineClusterer
from newsloom.errors import NewsloomError

__all__ = ["ClusterProcess", "Placed", "Request", "assign_batch"]

# One article's result: (event_id, storyline_id, merges, moves) as assign, drain_merges
# and drain_moves give them.
Placed = tuple[str, str, list[tuple[str, str, str]], list[tuple[str, str, str]]]
# (article id, story key, features or their to_bytes(), which cost less to send)
Request = tuple[str, str | None, ArticleFeatures | bytes]
Restore = tuple[str, ArticleFeatures, str, str, str | None]  # restore()'s arguments

_RESTORES_PER_MESSAGE = 512


def assign_batch(clusterer: OnlineClusterer, requests: Sequence[Request]) -> list[Placed]:
    """Assign each article in order, with the merges and moves each one caused."""
    out: list[Placed] = []
    for article_id, story_key, features in requests:
        if isinstance(features, bytes):
            features = ArticleFeatures.from_bytes(features)
        event_id, storyline_id = clusterer.assign(article_id, features, story_key)
        out.append((event_id, storyline_id, clusterer.drain_merges(), clusterer.drain_moves()))
    return out


def _read_requests(conn: Connection, requests: queue.SimpleQueue[Any]) -> None:
    """Take every request off the pipe as it comes (None at the end)."""
    # Both ends write large messages (a batch one way, its results the other): if the
    # child read only between batches, a results message larger than the pipe's buffer
    # could wait on a parent that is itself waiting to send the next batch.
    try:
        while True:
            requests.put(conn.recv())
    except (EOFError, OSError):
        requests.put(None)


def _serve(conn: Connection, clusterer: OnlineClusterer) -> None:
    """Answer requests until the other end closes; errors travel back as replies."""
    requests: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_requests, args=(conn, requests), daemon=True).start()
    failed: BaseException | None = None  # a restore's error, told at the next reply
    try:
        while (request := requests.get()) is not None:
            kind, payload = request
            if kind == "restore":
                try:
                    for args in payload:
                        clusterer.restore(*args)
                except Exception as exc:
                    failed = failed or exc
                continue
            if failed is not None:
                conn.send(("error", failed))
                continue
            started = time.process_time()
            try:
                if kind == "assign":
                    result: Any = assign_batch(clusterer, payload)
                elif kind == "snapshot":
                    result = clusterer.snapshot()
                else:
                    result = len(clusterer)
            except Exception as exc:
                conn.send(("error", exc))
                continue
            conn.send(("ok", (result, time.process_time() - started)))
    finally:
        # leave at once: the parent's open files and store connections are not ours to close
        os._exit(0)


class ClusterProcess:
    """A clusterer served by a forked child: restore() and snapshot() as in-process, plus
    submit() / collect() to assign whole batches while the caller does other work."""

    def __init__(self, clusterer: OnlineClusterer, context: BaseContext) -> None:
        ours, theirs = context.Pipe()
        self._process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, clusterer), daemon=True, name="newsloom-cluster"
        )
        self._process.start()
        theirs.close()
        self._conn = ours
        self._restores: list[Restore] = []
        self._in_flight = 0
        self.cpu_seconds = 0.0  # the child's CPU time spent on requests
        self._closer = weakref.finalize(self, ours.close)

    def __len__(self) -> int:
        return int(self._ask("size", None))

    def restore(
        self,
        article_id: str,
        features: ArticleFeatures,
        event_id: str,
        storyline_id: str,
        story_key: str | None = None,
    ) -> None:
        """Replay a stored assignment (sent with the next request)."""
        self._restores.append((article_id, features, event_id, storyline_id, story_key))
        if len(self._restores) >= _RESTORES_PER_MESSAGE:
            self._flush()

    def snapshot(self) -> dict[str, object]:
        """The child's clustering state as plain data."""
        snapshot: dict[str, object] = self._ask("snapshot", None)
        return snapshot

    def submit(self, requests: Sequence[Request]) -> None:
        """Send a batch to assign; collect() returns the results, batches in order."""
        self._send("assign", list(requests))
        self._in_flight += 1

    def collect(self) -> list[Placed]:
        """The results of the oldest batch submitted and not yet collected."""
        if not self._in_flight:
            raise RuntimeError("collect() without a batch in flight")
        self._in_flight -= 1
        placed: list[Placed] = self._reply()
        return placed

    def close(self) -> None:
        """Let the child go (it ends when it reads the end of the pipe)."""
        self._closer()
        self._process.join(timeout=5)

    def _ask(self, kind: str, payload: object) -> Any:
        if self._in_flight:
            raise RuntimeError(f"{kind} while a batch is in flight")
        self._send(kind, payload)
        return self._reply()

    def _flush(self) -> None:
        if self._restores:
            restores, self._restores = self._restores, []
            self._send("restore", restores)

    def _send(self, kind: str, payload: object) -> None:
        if kind != "restore":
            self._flush()
        try:
            self._conn.send((kind, payload))
        except OSError as exc:
            raise self._died() from exc

    def _reply(self) -> Any:
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise self._died() from exc
        if status == "error":
            raise value
        result, seconds = value
        self.cpu_seconds += seconds
        return result

    def _died(self) -> NewsloomError:
        return NewsloomError(
            "the clustering process died (killed, or out of memory); the batches committed "
            "so far are kept: run the same ingest again to continue"
        )
