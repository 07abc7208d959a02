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
    # measured: builtin exact 0.544, type 0.662, FP/record 0.124 (strict 0.264/record, share
    # 0.310); dictionaries exact 0.627, type 0.752, FP/record 0.174 (strict 0.304, share 0.311)
    assert builtin["exact_recall"] >= 0.52
    assert builtin["type_recall"] >= 0.64
    assert builtin["false_positives_per_record"] <= 0.14
    assert builtin["inexact_per_record"] <= 0.29
    assert cameo["exact_recall"] >= 0.60
    assert cameo["type_recall"] >= 0.73
    assert cameo["false_positives_per_record"] <= 0.19
    assert cameo["inexact_per_record"] <= 0.33
    assert cameo["inexact_share"] <= 0.34
