"""Event-coding scores on the PLOVER gold-standard records (CAMEO-manual sentences).

    python benchmarks/bench_events.py [--limit N] [--half even|odd] [--misses] [--json OUT]

Each record's ``text`` is coded; its gold event is (source codes, target codes, type).
Exact: some coded event has a source code among the gold sources, a target code among
the gold targets (none, or one of the gold sources for reciprocal records without
targets) and the gold type. Type-only: some coded event has the gold type. A false
positive is a coded event that matches the gold on neither count (reported per record
and as a share of coded events). The gold is PLOVER 0.5, which files accusations under
DISAPPROVE and requests under DEMAND; the coder's finer ACCUSE and REQUEST are folded.
Run twice: built-in rules only, then with the PETRARCH/CAMEO dictionaries loaded. Each
run is also scored on the even- and odd-numbered records separately: rules were tuned
looking at the misses of the even half only, so the odd half shows how much generalises.
``--misses`` lists the records without an exact match, with what was coded instead;
``--half even|odd`` scores (and lists the misses of) that half only, so that rules can be
designed on the even half's misses without reading the odd half's; ``--speed N`` times
the coder alone on N PolNeAR articles (parsed beforehand).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
GSR = CORPORA / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
DICTIONARIES = CORPORA / "petrarch2" / "dictionaries"
FOLD = {"ACCUSE": "DISAPPROVE", "REQUEST": "DEMAND"}
# The gold keeps a few pre-ISO CAMEO country codes (those of the old CAMEO/TABARI actor
# files); the Phoenix actor dictionaries and pycountry use the ISO alpha-3 code instead.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UK": "GBR"}


def read_gold(path: Path = GSR) -> list[dict[str, Any]]:
    """The coded records of the gold file (the DOCUMENT record left out)."""
    raw = path.read_text(encoding="utf-8")
    records = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def _codes(record: dict[str, Any], key: str) -> set[str]:
    value = record.get(key)
    if not isinstance(value, list):
        return set()
    codes = {str(a.get("code")) for a in value if isinstance(a, dict) and a.get("code")}
    return {LEGACY_CODES.get(c, c) for c in codes}


def _matches(event: Any, sources: set[str], targets: set[str], kind: str) -> bool:
    if FOLD.get(event.plover, event.plover) != kind or event.source_code not in sources:
        return False
    if targets:
        return event.target_code in targets
    return event.target_code is None or event.target_code in sources


def score(
    coder: Any, records: list[dict[str, Any]], misses: list[str] | None = None
) -> dict[str, float]:
    """Exact and type-only recall, false positives per record and share, for one coder."""
    exact = loose = coded = false_pos = strict_false_pos = 0
    start = time.perf_counter()
    for record in records:
        text = re.sub(r"^\{|\}$", "", record["text"].strip())
        events = coder.code_sentence(text, None)
        sources, targets, kind = _codes(record, "source"), _codes(record, "target"), record["event"]
        if misses is not None and not any(_matches(e, sources, targets, kind) for e in events):
            misses.append(_describe(record, events, sources, targets, kind))
        coded += len(events)
        hit = [_matches(e, sources, targets, kind) for e in events]
        exact += any(hit)
        loose += any(FOLD.get(e.plover, e.plover) == kind for e in events)
        strict_false_pos += hit.count(False)
        false_pos += sum(
            1
            for e, h in zip(events, hit, strict=True)
            if not h and FOLD.get(e.plover, e.plover) != kind
        )
    n = max(1, len(records))  # an empty half (``--limit 1``) scores zero, not an error
    return {
        "records": len(records),
        "exact_recall": round(exact / n, 4),
        "type_recall": round(loose / n, 4),
        "coded_events": coded,
        "false_positives_per_record": round(false_pos / n, 4),
        "false_positive_share": round(false_pos / coded, 4) if coded else 0.0,
        "inexact_per_record": round(strict_false_pos / n, 4),
        "inexact_share": round(strict_false_pos / coded, 4) if coded else 0.0,
        "seconds": round(time.perf_counter() - start, 2),
    }


def _describe(
    record: dict[str, Any], events: list[Any], sources: set[str], targets: set[str], kind: str
) -> str:
    """A missed record and what was coded from it, for reading misses by category."""
    lines = [f"{record['id']}  gold {kind} {sorted(sources)} -> {sorted(targets)}"]
    markup = record.get("textInfo")
    shown = markup.get("markup") if isinstance(markup, dict) else None
    lines.append("    " + str(shown if shown is not None else record["text"]))
    for e in events:
        lines.append(
            f"    coded {e.plover}/{e.cameo} {e.source_actor} [{e.source_code}] -> "
            f"{e.target_actor} [{e.target_code}] (trigger {e.trigger!r})"
        )
    return "\n".join(lines)


def half_of(records: list[dict[str, Any]], half: str | None) -> list[dict[str, Any]]:
    """The even- (0th, 2nd, ...) or odd-numbered records of the gold file, or all of them."""
    if half is None:
        return records
    if half not in ("even", "odd"):
        raise ValueError(f"half must be 'even' or 'odd', not {half!r}")
    return records[0::2] if half == "even" else records[1::2]


def run(
    limit: int | None = None,
    misses: dict[str, list[str]] | None = None,
    half: str | None = None,
) -> dict[str, dict[str, float]]:
    """Scores without and with the CAMEO dictionaries, overall and per half of the records.

    With ``half``, only that half is scored (and only its misses listed).
    """
    from newsloom.coding.coder import EventCoder, EventOptions
    from newsloom.coding.dictionaries import load_dictionaries

    records = read_gold()[:limit]
    builtin = EventCoder(EventOptions())
    with_dicts = EventCoder(EventOptions(), dictionaries=load_dictionaries(DICTIONARIES))
    results: dict[str, dict[str, float]] = {}
    for name, coder in (("builtin", builtin), ("cameo_dictionaries", with_dicts)):
        if coder is with_dicts:
            with_dicts._nlp = builtin._nlp  # one parser for both runs
        missed = None if misses is None else misses.setdefault(name, [])
        if half is not None:
            results[f"{name}[{half}]"] = score(coder, half_of(records, half), missed)
            continue
        results[name] = score(coder, records, missed)
        results[f"{name}[even]"] = score(coder, half_of(records, "even"))
        results[f"{name}[odd]"] = score(coder, half_of(records, "odd"))
    return results


def speed(articles: int) -> dict[str, float]:
    """Milliseconds a sentence of the coder alone on PolNeAR articles, parsed beforehand."""
    from newsloom.coding.coder import EventCoder, EventOptions

    paths = sorted((CORPORA / "polnear-dev" / "train" / "text").glob("*.txt"))[:articles]
    coder = EventCoder(EventOptions())
    coder.code_sentence("Warm up.", None)
    docs = list(coder._nlp.pipe(p.read_text(encoding="utf-8") for p in paths))
    sentences = [s for doc in docs for s in doc.sents]
    start = time.perf_counter()
    events = sum(len(coder.code_sentence(s, "2016-10-01")) for s in sentences)
    elapsed = time.perf_counter() - start
    return {
        "articles": len(paths),
        "sentences": len(sentences),
        "events": events,
        "ms_per_sentence": round(1000 * elapsed / max(1, len(sentences)), 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the scores; optionally write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list the records missed")
    parser.add_argument(
        "--half", choices=("even", "odd"), default=None, help="score one half of the records only"
    )
    parser.add_argument(
        "--speed", type=int, default=0, metavar="N", help="also time the coder on N articles"
    )
    args = parser.parse_args(argv)
    misses: dict[str, list[str]] | None = {} if args.misses else None
    results = run(args.limit, misses, args.half)
    for name, missed in (misses or {}).items():
        print(f"== {name}: {len(missed)} records without an exact match")
        print("\n".join(missed))
    for name, figures in results.items():
        print(f"{name:26s} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    if args.speed:
        results["speed"] = speed(args.speed)
        print("speed " + "  ".join(f"{k}={v}" for k, v in results["speed"].items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
