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
    # measured: builtin exact 0.584, type 0.708, FP/record 0.118 (strict 0.264/record, share
    # 0.296); dictionaries exact 0.658, type 0.786, FP/record 0.165 (strict 0.298, share 0.297)
    assert builtin["exact_recall"] >= 0.57
    assert builtin["type_recall"] >= 0.69
    assert builtin["false_positives_per_record"] <= 0.13
    assert builtin["inexact_per_record"] <= 0.28
    assert cameo["exact_recall"] >= 0.64
    assert cameo["type_recall"] >= 0.77
    assert cameo["false_positives_per_record"] <= 0.18
    assert cameo["inexact_per_record"] <= 0.31
    assert cameo["inexact_share"] <= 0.31
