"""Text that breaks parsers never stops an ingest with NLP on (issue: who said what)."""

from __future__ import annotations

import json
from pathlib import Path

import newsloom
from tests.conftest import in_process

BODY = "The council met on Tuesday to discuss the budget and the new harbour plans. "

NASTY = {
    "no-sentence-ends": " ".join(["the council met and talked and argued"] * 400),
    "unbalanced-quotes": BODY * 3 + '"The mayor said the plan "was a disaster and ' + BODY * 3,
    "ten-thousand-marks": BODY * 3 + '"' * 10_000 + BODY * 3,
    "right-to-left": BODY * 2 + "قال رئيس البلدية إن الخطة ناجحة " * 30 + "אמר ראש העיר " * 20,
    "control-characters": BODY * 3 + "\u202e\u200f\x0b\x0c" * 50 + BODY * 3,
}


def test_nasty_texts_are_ingested_with_nlp(tmp_path: Path) -> None:
    corpus = tmp_path / "nasty.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": name, "title": f"Council {name}", "text": text}) + "\n"
            for name, text in NASTY.items()
        ),
        encoding="utf-8",
    )
    store = newsloom.open_store(tmp_path / "nasty.db")
    report = newsloom.ingest(store, [str(corpus)], config=in_process())
    assert report.failed == 0, report.failures
    assert report.new == len(NASTY)
    analysed = store.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    assert analysed == len(NASTY), "every article was analysed, if only partly"
    store.close()
