"""Persistence: raw inputs verbatim and content-addressed, derived tables rebuildable."""

from __future__ import annotations

from pathlib import Path

from newsloom.errors import StoreError
from newsloom.store.sqlite import Batch, SQLiteStore, StoredArticle

__all__ = ["Batch", "SQLiteStore", "StoredArticle", "open_store"]


def open_store(location: str | Path) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at a path or ``sqlite:///`` URL."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            f"{text.split('@')[-1]}: PostgreSQL stores are not supported in this version; "
            "use a SQLite file path"
        )
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise StoreError(f"{text}: unknown store URL scheme; give a file path")
    path = Path(text)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a store file path such as newsloom.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteStore(path)
