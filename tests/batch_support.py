"""Shared helpers of the batch tests: corpora with awkward inputs, table comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.generate import generate

TABLES = ("duplicates", "assignments", "failures", "lines")


def make_corpus(folder: Path, n: int = 240, seed: int = 3) -> list[str]:
    """Sources of a batch test: generated JSONL in two files, one as Parquet, bad input.

    The first file is named twice (its inputs are then repeated inputs), the second
    holds a malformed line and a record with no text, and an empty file fails.
    """
    records = list(generate(n, seed=seed))
    half = n // 2
    first, second = folder / "a.jsonl", folder / "b.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records[:half]))
    with second.open("w") as out:
        for number, record in enumerate(records[half:]):
            out.write(json.dumps(record) + "\n")
            if number == 5:
                out.write('{"id": "broken", "text": \n')
                out.write(json.dumps({"id": "empty", "text": " "}) + "\n")
    table = pa.Table.from_pylist(
        [{k: v for k, v in r.items() if not k.startswith("gold")} for r in records[:40]]
    )
    pq.write_table(table, folder / "c.parquet")
    (folder / "d.jsonl").write_text("")
    return [str(first), str(second), str(folder / "c.parquet"), str(folder / "d.jsonl"), str(first)]


def read_articles(out: Path) -> list[dict[str, Any]]:
    """The articles table of a batch output, by article id."""
    rows: list[dict[str, Any]] = pq.read_table(out / "articles").sort_by("id").to_pylist()
    return rows


def assert_same_output(a: Path, b: Path) -> None:
    """Two batch outputs hold the same tables, cell for cell."""
    left, right = read_articles(a), read_articles(b)
    assert [r["id"] for r in left] == [r["id"] for r in right]
    for x, y in zip(left, right, strict=True):
        differ = sorted(k for k in x if x[k] != y[k])
        assert not differ, (x["id"], differ)
    for name in TABLES:
        assert pq.read_table(a / f"{name}.parquet").equals(pq.read_table(b / f"{name}.parquet")), (
            name
        )
