"""newsloom: turn coverage from many news outlets into stories you can trust.

The public API::

    import newsloom

    store = newsloom.open_store("newsloom.db")
    report = newsloom.ingest(store, ["articles/"])        # files, folders, URLs
    for story in newsloom.stories(store):
        print(story.first_seen, story.title, story.outlets)
    newsloom.export(store, "stories", "jsonl", Path("stories.jsonl"))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from newsloom.config import Config, load_config
from newsloom.errors import (
    CleanError,
    ConfigError,
    FetchError,
    InputError,
    ModelMissingError,
    NewsloomError,
    ReadError,
    StoreError,
)
from newsloom.export import export, export_rows
from newsloom.models import Article, Assignment, Document, Failure, RawInput, Story
from newsloom.pipeline import IngestReport, Pipeline, rebuild_store
from newsloom.store import SQLiteStore, open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Assignment",
    "CleanError",
    "Config",
    "ConfigError",
    "Document",
    "Failure",
    "FetchError",
    "IngestReport",
    "InputError",
    "ModelMissingError",
    "NewsloomError",
    "Pipeline",
    "RawInput",
    "ReadError",
    "SQLiteStore",
    "StoreError",
    "Story",
    "__version__",
    "export",
    "export_rows",
    "ingest",
    "load_config",
    "open_store",
    "rebuild_store",
    "stories",
]


def ingest(
    store: SQLiteStore,
    sources: Iterable[str],
    config: Config | None = None,
    stdin: BinaryIO | None = None,
) -> IngestReport:
    """Ingest files, folders, URLs (or ``-`` with ``stdin``) into ``store``."""
    return Pipeline(store, config).ingest(sources, stdin=stdin)


def stories(store: SQLiteStore, limit: int | None = None) -> list[Story]:
    """The store's stories (event clusters), newest first."""
    return store.stories(limit=limit)
