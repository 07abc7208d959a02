"""Throughput of ingest → clean → dedup → embed → cluster (no NLP) on generated corpora.

    python benchmarks/bench_ingest.py [--sizes 10000 100000] [--workers 0] [--json OUT]

Prints articles/s, time per article and peak memory for each size, plus how the time per
article grows from the smallest to the largest size (it should stay flat), and clustering
and dedup quality against the generator's gold labels.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate
from benchmarks.metrics import b_cubed
from newsloom.config import Config, IngestOptions
from newsloom.pipeline import Pipeline
from newsloom.store import open_store


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def run_size(n: int, workers: int, folder: Path) -> dict[str, float]:
    """Generate ``n`` articles, ingest them into a fresh store, and measure."""
    corpus = folder / f"corpus-{n}.jsonl"
    gold: dict[str, tuple[str, str | None]] = {}
    with corpus.open("w") as out:
        for record in generate(n, seed=1):
            duplicate_of = record.get("gold_duplicate_of")
            gold[str(record["id"])] = (
                str(record["gold_event"]),
                None if duplicate_of is None else str(duplicate_of),
            )
            out.write(json.dumps(record) + "\n")
    db = folder / f"store-{n}.db"
    store = open_store(db)
    config = Config(ingest=IngestOptions(workers=workers, nlp=False))
    started = time.perf_counter()
    report = Pipeline(store, config).ingest([str(corpus)])
    elapsed = time.perf_counter() - started
    rows = store.articles()
    store.close()
    by_source = {r["source_id"]: r for r in rows}
    ids = [s for s in gold if s in by_source]
    pred = [str(by_source[s]["event_id"]) for s in ids]
    truth = [gold[s][0] for s in ids]
    _, _, event_f1 = b_cubed(pred, truth)
    copies = [s for s in ids if gold[s][1]]
    found = sum(1 for s in copies if by_source[s]["duplicate_of"] is not None)
    false_dups = sum(1 for s in ids if not gold[s][1] and by_source[s]["duplicate_of"])
    own, child = _peak_mib()
    return {
        "articles": n,
        "stored": report.new,
        "failed": report.failed,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(n / elapsed, 1),
        "ms_per_article": round(1000 * elapsed / n, 3),
        "peak_main_mib": round(own),
        "peak_worker_mib": round(child),
        "event_b3_f1": round(event_f1, 4),
        "wire_copies_found": round(found / max(1, len(copies)), 4),
        "false_duplicates": false_dups,
    }


def main() -> None:
    """Run the throughput benchmark and print one line per corpus size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            result = run_size(n, args.workers, Path(tmp))
            results.append(result)
            print(json.dumps(result), flush=True)
    if len(results) > 1:
        growth = results[-1]["ms_per_article"] / results[0]["ms_per_article"]
        print(f"time per article grows {growth:.2f}x from {args.sizes[0]} to {args.sizes[-1]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
