"""Shared fixtures: paths to the real corpora and a store built from the seed articles."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsloom
from newsloom.config import Config, IngestOptions

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SEEDS = CORPORA / "seeds"


def in_process() -> Config:
    """Defaults, but per-article stages in this process (no pool start-up in tests)."""
    return Config(ingest=IngestOptions(workers=1))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[newsloom.SQLiteStore]:
    """A store holding the five seed articles, ingested once for the session."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store = newsloom.open_store(path)
    report = newsloom.ingest(store, [str(SEEDS)], config=in_process())
    assert report.failed == 0, report.failures
    yield store
    store.close()


def seed_ids(store: newsloom.SQLiteStore) -> dict[str, dict[str, object]]:
    """Article rows keyed by the seed file's three-digit prefix."""
    return {str(row["source_id"])[:3]: row for row in store.articles()}


# -- a throwaway PostgreSQL server (scripts/pg-server.sh) ---------------------------------


def _postgres_binaries() -> bool:
    return any(Path(p).is_file() for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")) or (
        shutil.which("pg_ctl") is not None and shutil.which("initdb") is not None
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The admin URL of a PostgreSQL server started on loopback for this test session."""
    if not _postgres_binaries():
        if os.environ.get("CI") or os.environ.get("NEWSLOOM_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL server binaries missing: run scripts/install-postgres.sh")
        pytest.skip("no PostgreSQL server binaries (scripts/install-postgres.sh installs them)")
    # in /tmp, not pytest's private tmp: as root the server runs as another user
    folder = tempfile.mkdtemp(prefix="newsloom-pg-")
    script = ROOT / "scripts" / "pg-server.sh"
    started = subprocess.run(
        ["sh", str(script), "start", folder], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {started.stderr.strip()}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["sh", str(script), "stop", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store's location, once a SQLite file and once a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(scope="session")
def pg_seed_store(
    tmp_path_factory: pytest.TempPathFactory, pg_server: str
) -> Iterator[newsloom.SQLiteStore]:
    """The five seed articles ingested once into a PostgreSQL store."""
    import psycopg

    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute("CREATE DATABASE seeds")
    store = newsloom.open_store(pg_server.rsplit("/", 1)[0] + "/seeds")
    report = newsloom.ingest(store, [str(SEEDS)], config=in_process())
    assert report.failed == 0, report.failures
    yield store
    store.close()
