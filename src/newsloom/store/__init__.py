"""Persistence: raw inputs verbatim and content-addressed, derived tables rebuildable."""

from __future__ import annotations

from pathlib import Path

from newsloom.errors import StoreError
from newsloom.store.sqlite import Batch, SQLiteStore, StoredArticle

__all__ = ["Batch", "SQLiteStore", "StoredArticle", "is_postgres_url", "open_store"]


def is_postgres_url(location: str | Path) -> bool:
    """Whether a store location names a PostgreSQL database."""
    return str(location).startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at a path, ``sqlite:///`` or
    ``postgresql://`` URL."""
    text = str(location)
    if is_postgres_url(text):
        try:
            from newsloom.store.postgres import PostgresStore
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise StoreError(
                "PostgreSQL stores need psycopg: pip install 'psycopg[binary]'"
            ) from None
        return PostgresStore(text)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise StoreError(f"{text}: unknown store URL scheme; give a file path")
    path = Path(text)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a store file path such as newsloom.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteStore(path)
