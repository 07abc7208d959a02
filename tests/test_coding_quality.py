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
    # measured (2026-11-22): builtin exact 0.665, type 0.764, FP/record 0.118 (strict 0.227 a
    # record, share 0.238); dictionaries exact 0.708, type 0.814, FP/record 0.152 (strict
    # 0.267, share 0.258). Issue 4's ceiling on false positives is 0.15 a record.
    assert builtin["exact_recall"] >= 0.65
    assert builtin["type_recall"] >= 0.75
    assert builtin["false_positives_per_record"] <= 0.13
    assert builtin["inexact_per_record"] <= 0.24
    assert cameo["exact_recall"] >= 0.69
    assert cameo["type_recall"] >= 0.80
    assert cameo["false_positives_per_record"] <= 0.16
    assert cameo["inexact_per_record"] <= 0.28
    assert cameo["inexact_share"] <= 0.27
    # rules were tuned looking at the even records' misses only; the odd half is the check
    # that they generalise (measured: builtin 0.789 / 0.540, dictionaries 0.814 / 0.602)
    assert results["builtin[odd]"]["exact_recall"] >= 0.53
    assert results["cameo_dictionaries[odd]"]["exact_recall"] >= 0.59
