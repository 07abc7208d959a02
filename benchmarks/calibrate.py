"""How fast this machine runs Python of newsloom's kind right now: a fixed workload, timed.

The shared 2-core machines change speed by a fifth or more over a day, so two throughput
figures taken hours apart say little about the code. Each throughput run records this
figure beside its own: runs whose calibrations differ ran on a different machine, in
effect. The workload is fixed and independent of newsloom's code (dict and string work,
a regex, float sums, as the pipeline does), so it means the same from one version to the
next. Lower is faster.

    python benchmarks/calibrate.py
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

_WORD = re.compile(r"[A-Za-z][a-z]+")


def _workload(seed: int = 7) -> float:
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 9)))
                  for _ in range(5000)]  # fmt: skip
    texts = [" ".join(rng.choice(vocabulary).capitalize() if rng.random() < 0.1
                      else rng.choice(vocabulary) for _ in range(400))
             for _ in range(60)]  # fmt: skip
    df: dict[str, int] = {}
    total = 0.0
    for text in texts:
        counts: dict[str, int] = {}
        for word in _WORD.findall(text):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
        for word in counts:
            df[word] = df.get(word, 0) + 1
        weights = {w: c / (1 + df[w]) for w, c in counts.items()}
        for other in texts[:20]:
            total += sum(weights.get(w, 0.0) for w in other.split()[:200])
    return total


def calibrate(rounds: int = 5) -> dict[str, float]:
    """Best-of-``rounds`` CPU milliseconds of the fixed workload, and the load average."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        _workload()
        best = min(best, time.process_time() - started)
    load = (
        float(Path("/proc/loadavg").read_text().split()[0])
        if os.path.exists("/proc/loadavg")
        else -1.0
    )
    return {"calibration_ms": round(1000 * best, 1), "load_1min": load}


if __name__ == "__main__":
    print(json.dumps(calibrate()))
