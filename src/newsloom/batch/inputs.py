"""Batch inputs: the files that sources name, each read into keyed RawInputs.

A key orders every input of a run the way ``newsloom ingest`` would meet them: file
number (sources in the order given, folders walked sorted by name) times 2**40 plus the
record's number in its file. Engines read files in parallel and sort by key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsloom.errors import InputError
from newsloom.models import Failure, RawInput
from newsloom.read import ReadOptions, read_sources

__all__ = ["FILE_STRIDE", "Keyed", "list_files", "read_file"]

FILE_STRIDE = 2**40  # records per file a key can count
Keyed = tuple[int, RawInput | Failure]
_PARQUET_FIELDS = ("id", "url", "title", "text", "html", "published", "outlet", "language")


def list_files(sources: Iterable[str]) -> list[Path | Failure]:
    """Files named by ``sources``: files as given, folders walked sorted, hidden skipped."""
    found: list[Path | Failure] = []
    for source in sources:
        if source == "-" or "://" in source:
            reason = "batch reads files and folders only (no URLs or standard input)"
            found.append(Failure(origin=source, stage="read", reason=reason))
            continue
        path = Path(source)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(folder, f) for f in sorted(files) if not f.startswith("."))
        elif path.exists():
            found.append(path)
        else:
            found.append(Failure(origin=source, stage="read", reason="no such file or folder"))
    return found


def read_file(number: int, path: Path | Failure, options: ReadOptions) -> Iterator[Keyed]:
    """Keyed inputs of one file (file ``number`` of the run); bad input gives Failures."""
    base = number * FILE_STRIDE
    if isinstance(path, Failure):
        yield base, path
        return
    items = _read_parquet(path) if path.suffix.lower() == ".parquet" else None
    if items is None:
        items = read_sources([str(path)], options)
    for offset, item in enumerate(items):
        yield base + offset, item


def _read_parquet(path: Path) -> Iterator[RawInput | Failure]:
    """One record per row of a Parquet file with the input fields (``text`` or ``html``)."""
    import pyarrow.parquet as pq  # only batch runs on Parquet pay for the import

    origin = str(path)
    try:
        table = pq.ParquetFile(path)
        names = set(table.schema_arrow.names)
        if not names & {"text", "html"}:
            raise InputError(origin, "Parquet input has neither a 'text' nor an 'html' column")
        columns = [c for c in (*_PARQUET_FIELDS, "story_key") if c in names]
        row_number = 0
        for chunk in table.iter_batches(columns=columns, batch_size=1024):
            for row in chunk.to_pylist():
                row_number += 1
                record = {k: _plain(v) for k, v in row.items() if v is not None}
                where = f"{origin}:{row_number}"
                source_id = str(record.get("id") or f"{path.stem}:{row_number}")
                payload = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
                yield RawInput(origin=where, source_id=source_id, kind="record", payload=payload)
    except InputError as exc:
        yield Failure(origin=exc.origin, stage="read", reason=exc.reason)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield Failure(origin=origin, stage="read", reason=f"unreadable Parquet: {exc}")


def _plain(value: object) -> object:
    """A Parquet cell as JSON: dates and times as ISO text."""
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else value
