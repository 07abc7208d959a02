"""Quality floors of event coding on the PLOVER gold-standard records (benchmarks/)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_events import run  # noqa: E402


def test_event_coding_floors() -> None:
    results = run()
    builtin, cameo = results["builtin"], results["cameo_dictionaries"]
    assert builtin["records"] == 322
    # measured: builtin exact 0.472, type 0.596, FP/record 0.16 (strict 0.32/record, share
    # 0.39); dictionaries exact 0.559, type 0.689, FP/record 0.26 (strict 0.40, share 0.40)
    assert builtin["exact_recall"] >= 0.45
    assert builtin["type_recall"] >= 0.57
    assert builtin["false_positives_per_record"] <= 0.19
    assert builtin["inexact_per_record"] <= 0.35
    assert cameo["exact_recall"] >= 0.53
    assert cameo["type_recall"] >= 0.66
    assert cameo["false_positives_per_record"] <= 0.29
    assert cameo["inexact_per_record"] <= 0.44
