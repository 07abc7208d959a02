"""`make bench`: run every benchmark in one process tree and print their figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ["calibrate.py"],  # the machine's speed at the start: throughput depends on it
    ["bench_cluster.py"],
    ["bench_ingest.py", "--sizes", "10000", "100000"],
    ["bench_prepare.py"],
    ["bench_nlp_pipeline.py"],
    ["bench_quotes.py"],
    ["bench_events.py"],
    ["bench_summaries.py"],
    ["bench_summaries.py", "--pipeline"],
    ["bench_web.py"],
]


def main() -> int:
    """Run each benchmark script that exists; return non-zero if one failed."""
    status = 0
    for script, *args in BENCHMARKS:
        path = HERE / script
        if not path.exists():
            continue
        print(f"== {script} {' '.join(args)}", flush=True)
        done = subprocess.run([sys.executable, str(path), *args], cwd=HERE.parent)
        status = status or done.returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())
