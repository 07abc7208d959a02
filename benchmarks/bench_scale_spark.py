"""Batch throughput: ``newsloom batch --engine spark --master local[2]`` against ``--engine local``.

Run: ``python benchmarks/bench_scale_spark.py --sizes 1000 10000 [--workers 2] [--nlp]``.

For each size it writes a generated corpus (``generate.py``, seed 1), runs both engines
as a user would (a fresh ``newsloom`` process each: the Spark figure includes starting
Spark and its Python workers), checks that both wrote the same tables, and prints
articles per second with event B3 F1 against the generator's gold events.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate
from benchmarks.metrics import b_cubed


def _run_engine(corpus: Path, out: Path, engine: str, workers: int, nlp: bool) -> float:
    """Seconds one ``newsloom batch`` process takes, start to end."""
    args = [sys.executable, "-m", "newsloom", "batch", str(corpus), "--out", str(out)]
    args += ["--engine", engine, "--nlp" if nlp else "--no-nlp"]
    if engine == "spark":
        args += ["--master", f"local[{workers}]", "--partitions", str(4 * workers)]
    else:
        args += ["--workers", str(workers)]
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
    return seconds


def _same_tables(a: Path, b: Path) -> bool:
    left = pq.read_table(a / "articles").sort_by("id")
    right = pq.read_table(b / "articles").sort_by("id")
    if not left.equals(right):
        return False
    names = ("duplicates", "assignments", "failures", "lines")
    return all(
        pq.read_table(a / f"{n}.parquet").equals(pq.read_table(b / f"{n}.parquet")) for n in names
    )


def _event_f1(out: Path, gold: dict[str, str]) -> tuple[float, int, int]:
    rows = pq.read_table(out / "articles", columns=["source_id", "event_id", "duplicate_of"])
    got = rows.to_pylist()
    _, _, f1 = b_cubed([r["event_id"] for r in got], [gold[r["source_id"]] for r in got])
    events = len({r["event_id"] for r in got})
    return f1, events, sum(r["duplicate_of"] is not None for r in got)


def main() -> None:
    """Print one table row per size and engine."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=2, help="local[N] / local processes")
    parser.add_argument("--nlp", action="store_true", help="also parse (spaCy): much slower")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    print(
        f"{'articles':>8}  {'engine':<12}  {'seconds':>8}  {'art/s':>7}  {'events':>6}  "
        f"{'dups':>5}  {'event B3':>8}  same tables"
    )
    with tempfile.TemporaryDirectory(prefix="newsloom-scale-") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            corpus = folder / f"corpus-{n}.jsonl"
            gold: dict[str, str] = {}
            with corpus.open("w") as out:
                for record in generate(n, seed=1):
                    gold[str(record["id"])] = str(record["gold_event"])
                    out.write(json.dumps(record) + "\n")
            outs: dict[str, Path] = {}
            for engine in ("local", "spark"):
                outs[engine] = folder / f"out-{engine}-{n}"
                seconds = _run_engine(corpus, outs[engine], engine, args.workers, args.nlp)
                f1, events, dups = _event_f1(outs[engine], gold)
                same = _same_tables(outs["local"], outs[engine]) if engine == "spark" else None
                label = (
                    f"{engine}[{args.workers}]"
                    if engine == "spark"
                    else f"{engine} x{args.workers}"
                )
                row = {
                    "articles": n,
                    "engine": label,
                    "seconds": round(seconds, 1),
                    "articles_per_s": round(n / seconds, 1),
                    "events": events,
                    "duplicates": dups,
                    "event_b3_f1": round(f1, 4),
                    "same_tables_as_local": same,
                }
                rows.append(row)
                print(
                    f"{n:>8}  {label:<12}  {seconds:>8.1f}  {n / seconds:>7.1f}  {events:>6}  "
                    f"{dups:>5}  {f1:>8.4f}  {'' if same is None else same}",
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
