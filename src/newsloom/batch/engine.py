"""The engine interface of batch runs and what every engine does the same way: outputs.

An engine runs the per-article stages (``stages``) where it likes (in this process, a
process pool, Spark's ``mapPartitions``) and the corpus-wide steps of ``plan``; it
writes the output folder:

- ``articles/`` Parquet, one row per article with everything the store keeps
  (``records.ARTICLE_SCHEMA``), among them ``duplicate_of``, ``event_id``, ``storyline_id``;
- ``duplicates.parquet`` (article_id, duplicate_of, similarity);
- ``assignments.parquet`` (article_id, duplicate_of, event_id, storyline_id), sorted;
- ``failures.parquet`` and ``lines.parquet`` (per-outlet line counts, for the store).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from newsloom.batch.options import BatchOptions
from newsloom.batch.plan import Duplicate
from newsloom.batch.records import DUPLICATE_SCHEMA, FAILURE_SCHEMA, LINE_SCHEMA
from newsloom.config import Config
from newsloom.errors import InputError

__all__ = ["BatchEngine", "BatchReport", "prepare_output", "write_tables"]

ASSIGNMENT_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("event_id", pa.string()),
        pa.field("storyline_id", pa.string()),
    ]
)


@dataclass(slots=True)
class BatchReport:
    """What one batch run did."""

    engine: str
    read: int = 0
    repeated: int = 0  # inputs whose content an earlier input already had
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    storylines: int = 0
    failed: int = 0
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step, in order

    def step(self, name: str, since: float) -> float:
        """Record that step ``name`` ran from ``since`` until now; returns now."""
        now = time.perf_counter()
        self.steps[name] = round(now - since, 2)
        return now


class BatchEngine(Protocol):
    """Runs a batch over files into an output folder."""

    name: str

    def run(
        self, sources: list[str], out: Path, config: Config, options: BatchOptions
    ) -> BatchReport:
        """Read, prepare, deduplicate and cluster everything ``sources`` name into ``out``."""
        ...


def prepare_output(out: Path) -> None:
    """Empty the output folder of an earlier run's tables (only those)."""
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "output exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("articles", "_tmp"):
        shutil.rmtree(out / name, ignore_errors=True)
    for name in ("duplicates", "assignments", "failures", "lines"):
        (out / f"{name}.parquet").unlink(missing_ok=True)


def write_tables(
    out: Path,
    ids: dict[int, str],
    duplicates: dict[int, Duplicate],
    placement: dict[str, tuple[str | None, str, str]],
    failures: Iterable[dict[str, Any]],
    lines: Iterable[tuple[str, str | None, int]],
) -> None:
    """The small tables, written by the driver: the same files whatever the engine."""
    dup_rows = [
        {"article_id": ids[k], "duplicate_of": ids[d.original], "similarity": d.similarity}
        for k, d in sorted(duplicates.items())
    ]
    pq.write_table(pa.Table.from_pylist(dup_rows, DUPLICATE_SCHEMA), out / "duplicates.parquet")
    assign_rows = [
        {"article_id": a, "duplicate_of": d, "event_id": e, "storyline_id": s}
        for a, (d, e, s) in sorted(placement.items())
    ]
    pq.write_table(
        pa.Table.from_pylist(assign_rows, ASSIGNMENT_SCHEMA), out / "assignments.parquet"
    )
    fail_rows = sorted(failures, key=lambda r: (r["key"], r["origin"]))
    pq.write_table(pa.Table.from_pylist(fail_rows, FAILURE_SCHEMA), out / "failures.parquet")
    line_rows = [
        {"outlet": o, "line_hash": h, "count": n}
        for o, h, n in sorted(lines, key=lambda r: (r[0], r[1] or ""))
    ]
    pq.write_table(pa.Table.from_pylist(line_rows, LINE_SCHEMA), out / "lines.parquet")
