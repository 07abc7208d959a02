"""Quality floors for quotes and speakers on 30 PolNeAR dev articles (see benchmarks/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsloom.analyse import AnalyseOptions, Analyser

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear-dev"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_quotes", ROOT / "benchmarks" / "bench_quotes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_quotes"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, float]]:
    if not CORPUS.is_dir():
        pytest.skip("PolNeAR corpus not present")
    bench = _bench()
    rows = bench.load_split("dev", 30)
    analyses = Analyser.load(AnalyseOptions()).analyse([(a, t) for a, t, _ in rows])
    return bench.score(
        [
            (bench.read_gold(text, ann), bench.predicted(text, a.quotes))
            for (_, text, ann), a in zip(rows, analyses, strict=True)
        ]
    )


# Measured on these 30 articles (2026-11-22): verbatim overlap F1 0.927, exact 0.832,
# speaker 0.911; direct (any quote mark, doubled apostrophes included) overlap F1 0.871,
# speaker 0.922; indirect overlap F1 0.410, speaker 0.926.
FLOORS = {
    ("verbatim", "overlap_f1"): 0.90,
    ("verbatim", "exact_f1"): 0.80,
    ("verbatim", "speaker_acc"): 0.88,
    ("direct", "overlap_f1"): 0.85,
    ("direct", "speaker_acc"): 0.90,
    ("indirect", "overlap_f1"): 0.39,
    ("indirect", "speaker_acc"): 0.90,
}


@pytest.mark.parametrize(("category", "metric"), list(FLOORS))
def test_quality_floor(scores: dict[str, dict[str, float]], category: str, metric: str) -> None:
    assert scores[category][metric] >= FLOORS[category, metric], scores[category]
