"""CPU time of the per-article stages of ingest without NLP (``Workbench.prepare``).

    python benchmarks/bench_prepare.py [--articles 2000] [--rounds 3] [--seed 1]

One process, one worker's share of the work: generated articles in chunks of 32 (as the
pool sends them), after a warm-up chunk, with the lines each chunk teaches the repeated-line
rule fed back as the pipeline does. Prints milliseconds of CPU per article, in all and per
stage (the stage clock reads ``time.process_time`` here). To compare two versions of the
code on a noisy machine, alternate runs of this script from both trees.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import types
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate
from newsloom import pipeline
from newsloom.clean import RepeatedLines
from newsloom.config import Config, IngestOptions
from newsloom.models import RawInput
from newsloom.pipeline import CHUNK, Prepared, Workbench


def run_once(bench: Workbench, raws: list[RawInput]) -> tuple[float, dict[str, float]]:
    """CPU seconds of preparing ``raws`` (after a warm-up chunk) and seconds per stage."""
    repeated = RepeatedLines()
    chunks = [raws[i : i + CHUNK] for i in range(0, len(raws), CHUNK)]
    bench.prepare(chunks[0], repeated)  # warm-up: caches and lazy imports
    bench.timings.clear()
    started = time.process_time()
    for chunk in chunks:
        for item in bench.prepare(chunk, repeated):
            if isinstance(item, Prepared):
                repeated.observe_hashes(item.article.outlet, item.line_hashes)
    return time.process_time() - started, dict(bench.timings)


def main() -> None:
    """Time Workbench.prepare on generated articles and print ms of CPU per article."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # one process: CPU time per stage is the stage clock's difference of process_time
    pipeline.time = types.SimpleNamespace(perf_counter=time.process_time)  # type: ignore[assignment]
    raws = [
        RawInput(
            origin=f"generated:{n}",
            source_id=str(record["id"]),
            kind="record",
            payload=json.dumps(record).encode(),
        )
        for n, record in enumerate(generate(args.articles, seed=args.seed))
    ]
    bench = Workbench(Config(ingest=IngestOptions(workers=1, nlp=False)))
    for round_ in range(args.rounds):
        total, stages = run_once(bench, raws)
        per_stage = "  ".join(
            f"{stage} {1000 * seconds / len(raws):.3f}" for stage, seconds in stages.items()
        )
        print(
            f"round {round_}: {1000 * total / len(raws):.3f} ms/article CPU ({per_stage})",
            flush=True,
        )


if __name__ == "__main__":
    main()
