"""Load test of the web app: `/` and a story page under concurrent clients on 100k articles.

    python benchmarks/bench_web.py [--articles 100000] [--clients 50] [--seconds 30]
                                   [--json OUT]

Builds (once, cached under benchmarks/out/) a store of generated articles ingested without
NLP, starts ``newsloom serve`` on a free loopback port in a subprocess, and drives ``/``
and one story page with ``--clients`` concurrent connections for ``--seconds`` seconds
each. Uses ``wrk`` when installed (C, so the load generator does not steal the server's
CPU); otherwise an asyncio + httpx loop. Prints requests/s, p50/p99 latency and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def _no_nlp() -> dict[str, bool]:
    """``nlp=False`` where this version's IngestOptions has the switch."""
    from newsloom.config import IngestOptions

    return {"nlp": False} if "nlp" in IngestOptions.__dataclass_fields__ else {}


def build_store(n: int) -> Path:
    """A store of ``n`` generated articles (no NLP), built once and cached."""
    from benchmarks.generate import generate
    from newsloom.config import Config, IngestOptions
    from newsloom.pipeline import Pipeline
    from newsloom.store import open_store

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"web-{n}.db"
    if db.exists():
        with sqlite3.connect(db) as check:
            have = check.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        if have >= n * 0.95:  # a few generated records are wire copies dropped as repeats
            return db
        db.unlink()
    # a killed build resumes: inputs already stored are skipped by content hash
    partial = db.with_name(db.name + ".partial")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w") as out:
            for record in generate(n, seed=1):
                out.write(json.dumps(record) + "\n")
        store = open_store(partial)
        started = time.perf_counter()
        # the load test is about serving, not NLP: per-article stages only
        options = IngestOptions(workers=0, **_no_nlp())
        Pipeline(store, Config(ingest=options)).ingest([str(corpus)])
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        print(f"built {db.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    partial.rename(db)
    for side in ("-wal", "-shm"):
        Path(f"{partial}{side}").unlink(missing_ok=True)
    return db


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``serve`` in a subprocess; returns once it answers."""
    code = f"from newsloom.web import serve; serve({str(db)!r}, port={port})"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start")


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_wrk(url: str, clients: int, seconds: int) -> dict[str, float]:
    """Drive ``url`` with wrk; parse its latency distribution."""
    threads = min(clients, 2)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return {
        "requests": total,
        "rps": total / seconds,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": errors,
    }


async def _load_httpx(url: str, clients: int, seconds: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=10) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "errors": errors,
    }


def load(url: str, clients: int, seconds: int) -> dict[str, float]:
    """Drive ``url`` with ``clients`` concurrent connections for ``seconds`` seconds."""
    if shutil.which("wrk"):
        return {**load_wrk(url, clients, seconds), "tool": "wrk"}  # type: ignore[dict-item]
    return {**asyncio.run(_load_httpx(url, clients, seconds)), "tool": "httpx"}  # type: ignore[dict-item]


def biggest_story(db: Path) -> str:
    """The event id with the most articles."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT event_id FROM articles GROUP BY event_id ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()
    return str(row[0])


def main() -> None:
    """Build or reuse the store, serve it, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--db", type=Path, help="serve this existing store instead")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    db = args.db or build_store(args.articles)
    if args.build_only:
        return
    port = free_port()
    server = start_server(db, port)
    results: dict[str, dict[str, float]] = {}
    try:
        story = biggest_story(db)
        targets = {"/": "/", "story": f"/story/{story}", "search": "/?q=minister"}
        for name, path in targets.items():
            url = f"http://127.0.0.1:{port}{path}"
            urllib.request.urlopen(url, timeout=60).read()  # warm the caches once
            results[name] = load(url, args.clients, args.seconds)
            r = results[name]
            print(
                f"{name:7} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                f"p99 {r['p99_ms']:7.1f} ms  errors {int(r['errors'])}  "
                f"({int(r['requests'])} requests, {args.clients} clients, {args.seconds} s, "
                f"{r['tool']})"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        with sqlite3.connect(db) as conn:
            count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        args.json.write_text(json.dumps({"articles": count, **results}, indent=2))


if __name__ == "__main__":
    main()
