"""Shared fixtures: paths to the real corpora and a store built from the seed articles."""

from __future__ import annotations

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
